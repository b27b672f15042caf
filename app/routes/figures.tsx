import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  computeFigures,
  FIGURE_LABEL,
  formatRate,
  formatScore,
  rankByScore,
  roundScore,
  SCORE_WEIGHTS,
} from "~/domain/figures";
import { formatInstant } from "~/domain/calendar";
import { cyclesWithAppeals, figuresFacts } from "~/models/figures.server";
import { ErrorPage } from "~/root";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { queryInt, queryMonth } from "~/utils/params";
import { parseQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "办理情况统计 · 直通车" }];

const filterSchema = z.object({
  cycle: queryInt(),
  month: queryMonth(),
});

/**
 * Figures per department and county (SPEC §5) for a cycle or a month: received, on-time acceptance and
 * reply, completion, resolution and satisfaction rates, and the ranking on the three-rate score.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin", "supervisor", "government_office", "leader"]);
  const db = getDb();
  const f = parseQuery(filterSchema, new URL(request.url).searchParams);
  const cycles = await cyclesWithAppeals(db);
  // A month when asked for one; else the cycle asked for, or the latest with appeals.
  const cycleId = f.month ? undefined : (f.cycle ?? cycles[0]?.id);
  const organisations = await figuresFacts(db, { cycleId, month: f.month }, now());
  const rows = rankByScore(
    organisations
      .map((o) => ({ id: o.id, name: o.name, kind: o.kind, figures: computeFigures(o.facts) }))
      .sort((a, b) => Number(a.kind === "county") - Number(b.kind === "county") || a.id - b.id),
  );
  return {
    filter: { cycleId: cycleId ?? null, month: f.month ?? null },
    // The report of the month asked for, else of the current month.
    reportMonth: f.month ?? formatInstant(now()).slice(0, 7),
    cycles,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      rank: r.rank,
      received: r.figures.received,
      acceptedOnTime: formatRate(r.figures.acceptedOnTimeRate),
      repliedOnTime: formatRate(r.figures.repliedOnTimeRate),
      completion: formatRate(r.figures.completionRate),
      resolution: formatRate(r.figures.resolutionRate),
      satisfaction: formatRate(r.figures.satisfactionRate),
      score: formatScore(r.figures.score),
      scoreWidth: r.figures.score === null ? 0 : roundScore(r.figures.score),
      provisional: r.figures.scoreProvisional,
    })),
  };
}

export default function Figures() {
  const data = useLoaderData<typeof loader>();
  const title = data.filter.month
    ? `${data.filter.month.replace("-", "年")}月`
    : `第${data.cycles.find((c) => c.id === data.filter.cycleId)?.number ?? "—"}期`;
  return (
    <>
      <h1>办理情况统计</h1>
      <p className="hint">
        三率得分 = 响应率(按时签收率)×{SCORE_WEIGHTS.response} + 满意率×{SCORE_WEIGHTS.satisfaction} + 解决率×
        {SCORE_WEIGHTS.resolution}。分母为零的比率显示“—”;已受理但某一比率尚无分母的,该项暂按0计,得分标“暂计”。
      </p>
      <Form method="get" className="inline-form" role="search" aria-label="统计范围">
        <div className="field">
          <label htmlFor="f-cycle">期次</label>
          <select id="f-cycle" name="cycle" defaultValue={data.filter.month ? "" : (data.filter.cycleId ?? "")}>
            <option value="">—</option>
            {data.cycles.map((c) => (
              <option key={c.id} value={c.id}>
                第{c.number}期({c.month})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-month">或按月份</label>
          <input id="f-month" name="month" type="month" defaultValue={data.filter.month ?? ""} />
        </div>
        <button type="submit" className="button button--secondary">
          统计
        </button>
        <a href={`/documents/monthly/${data.reportMonth}`} download className="button button--secondary">
          打印{data.reportMonth.replace("-", "年")}月工作月报(PDF)
        </a>
      </Form>

      <section className="card" aria-labelledby="figures-title">
        <h2 id="figures-title" style={{ marginTop: 0 }}>
          {title}各单位办理情况
        </h2>
        {data.rows.length === 0 ? (
          <p className="muted" role="status">
            该范围内没有交办的诉求。
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table table--cards" aria-label="各单位办理情况">
              <thead>
                <tr>
                  <th scope="col">{FIGURE_LABEL.rank}</th>
                  <th scope="col">单位</th>
                  <th scope="col">{FIGURE_LABEL.received}</th>
                  <th scope="col">{FIGURE_LABEL.acceptedOnTimeRate}</th>
                  <th scope="col">{FIGURE_LABEL.repliedOnTimeRate}</th>
                  <th scope="col">{FIGURE_LABEL.completionRate}</th>
                  <th scope="col">{FIGURE_LABEL.resolutionRate}</th>
                  <th scope="col">{FIGURE_LABEL.satisfactionRate}</th>
                  <th scope="col">{FIGURE_LABEL.score}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.id} data-testid="figures-row">
                    <td data-label={FIGURE_LABEL.rank}>{r.rank ?? "—"}</td>
                    <td data-label="单位">{r.name}</td>
                    <td data-label={FIGURE_LABEL.received}>{r.received}</td>
                    <td data-label={FIGURE_LABEL.acceptedOnTimeRate}>{r.acceptedOnTime}</td>
                    <td data-label={FIGURE_LABEL.repliedOnTimeRate}>{r.repliedOnTime}</td>
                    <td data-label={FIGURE_LABEL.completionRate}>{r.completion}</td>
                    <td data-label={FIGURE_LABEL.resolutionRate}>{r.resolution}</td>
                    <td data-label={FIGURE_LABEL.satisfactionRate}>{r.satisfaction}</td>
                    <td data-label={FIGURE_LABEL.score}>
                      <span className="score-bar" aria-hidden="true">
                        <span style={{ width: `${r.scoreWidth}%` }} />
                      </span>{" "}
                      {r.score}
                      {r.provisional ? <span className="badge badge--grey">暂计</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
