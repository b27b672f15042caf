import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProvisionalNote, WindowBadge } from "~/components/cycle-facts";
import { FormMessage } from "~/components/field";
import { localDateOf } from "~/domain/calendar";
import { generateYearSchema } from "~/schemas/cycles";
import { generateYear } from "~/services/cycles.server";
import { scheduleOfYear } from "~/services/schedule.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { cycleView } from "~/utils/cycle-view";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { YEAR_RANGE } from "~/utils/params";
import { intQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "期次管理 · 直通车" }];

function yearParam(request: Request, fallback: number): number {
  return intQuery(new URL(request.url).searchParams, "year", YEAR_RANGE) ?? fallback;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const at = now();
  const year = yearParam(request, Number(localDateOf(at).slice(0, 4)));
  const s = await scheduleOfYear(getDb(), year, env().FIRST_CYCLE_MONTH);
  return {
    year,
    generated: s.generated,
    yearConfirmed: s.yearConfirmed,
    missing: s.generated ? 12 - s.cycles.length : s.cycles.length,
    cycles: s.cycles.map((c) => cycleView(c, at)),
    provisionalYears: [...new Set(s.cycles.flatMap((c) => c.provisionalYears))],
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireArea(request, "office");
  const submission = parseWithZod(await request.formData(), { schema: generateYearSchema });
  if (submission.status !== "success") return Response.json({ error: "年份无效", ok: null }, { status: 400 });
  const created = await generateYear(getDb(), {
    year: submission.value.year,
    firstCycleMonth: env().FIRST_CYCLE_MONTH,
    actorId: user.id,
    now: now(),
  });
  return Response.json({
    ok: created
      ? `已生成 ${submission.value.year} 年的 ${created} 个期次。`
      : `${submission.value.year} 年的期次均已存在,未重复生成。`,
    error: null,
  });
}

export default function AdminCycles() {
  const { year, cycles, generated, missing, provisionalYears, yearConfirmed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>期次管理</h1>
      <nav className="inline-form" aria-label="选择年份">
        <Link to={`?year=${year - 1}`}>← {year - 1}年</Link>
        <strong>{year}年</strong>
        <Link to={`?year=${year + 1}`}>{year + 1}年 →</Link>
        <Link to={`/admin/calendar/${year}`}>
          {year}年工作日历{yearConfirmed ? "" : "(未确认)"}
        </Link>
        <Link to="/admin/roster">轮值名单</Link>
      </nav>
      <FormMessage ok={result?.ok} error={result?.error} />
      <ProvisionalNote years={provisionalYears} />
      {!generated || missing > 0 ? (
        <div className="card">
          <p>
            {generated
              ? `${year}年还有 ${missing} 个月份没有期次。`
              : `${year}年的期次尚未生成,以下为按规则计算的默认日程。`}
            生成后可逐期调整现场活动日并指定出席人员。
          </p>
          <Form method="post">
            <input type="hidden" name="year" value={year} />
            <button type="submit" className="button" disabled={busy}>
              {busy ? "正在生成…" : `生成${year}年期次`}
            </button>
          </Form>
        </div>
      ) : null}
      {cycles.length === 0 ? (
        <p className="card muted">该年没有期次(早于平台第1期)。</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="muted" style={{ textAlign: "left" }}>
              {year}年期次({cycles.length}期)
            </caption>
            <thead>
              <tr>
                <th scope="col">期次</th>
                <th scope="col">现场活动日</th>
                <th scope="col">企业预约</th>
                <th scope="col">目录报送截止</th>
                <th scope="col">议程审定截止</th>
                <th scope="col">承诺公布截止</th>
                <th scope="col">出席市领导</th>
                <th scope="col">轮值秘书长</th>
              </tr>
            </thead>
            <tbody>
              {cycles.map((c) => (
                <tr key={c.month}>
                  <td>
                    {c.id ? <Link to={`/admin/cycles/${c.number}`}>第{c.number}期</Link> : `第${c.number}期`}
                    <div className="hint">{c.month}</div>
                  </td>
                  <td>
                    {c.onsite}
                    {c.onsiteMoved ? <span className="badge badge--warn">已调整</span> : null}
                    {c.provisional ? <span className="badge badge--warn">暂定</span> : null}
                  </td>
                  <td>
                    {c.opens} 至 {c.closes} <WindowBadge state={c.window} />
                  </td>
                  <td>{c.catalogDue}</td>
                  <td>{c.agendaDue}</td>
                  <td>{c.commitmentsDue}</td>
                  <td>{c.leader ?? "待定"}</td>
                  <td>{c.secretaryGeneral ?? "待定"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
