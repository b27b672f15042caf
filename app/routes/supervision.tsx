import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { cycleOptions, FilterSelect, nameOptions } from "~/components/filter-select";
import { FormMessage } from "~/components/field";
import { formatInstantZh } from "~/domain/calendar";
import { TASK_STATE_LABEL, TRACKED_LABEL, type TaskState } from "~/domain/tasks";
import { URGE_LABEL, URGING_LEVEL_LABEL } from "~/domain/urging";
import { loadWorkCalendar } from "~/models/calendar.server";
import { openClocksByOrganisation, openClocksOverview } from "~/models/handling.server";
import { CLOCK_LABEL } from "~/domain/clocks";
import { cyclesWithTasks, departmentChoices, supervisionBoard, type BoardView } from "~/models/supervision.server";
import { ErrorPage } from "~/root";
import { urgeTask } from "~/services/supervision.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { INT4_MAX, queryInt } from "~/utils/params";
import { parseQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "督查督办 · 直通车" }];

const ROLES = ["supervisor", "platform_admin"] as const;

const VIEW_LABEL: Record<BoardView, string> = { late: "已逾期", due_soon: "即将到期", all: "全部未办结" };

const filterSchema = z.object({
  view: z.enum(["late", "due_soon", "all"]).catch("late"),
  cycle: queryInt(),
  org: queryInt(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const db = getDb();
  const params = new URL(request.url).searchParams;
  const f = parseQuery(filterSchema, params);
  const [cycles, departments] = await Promise.all([cyclesWithTasks(db), departmentChoices(db)]);
  const at = now();
  const board = await supervisionBoard(
    db,
    { view: f.view, cycleId: f.cycle, organisationId: f.org },
    at,
    await loadWorkCalendar(db),
  );
  const [clocks, lateClocks] = await Promise.all([
    openClocksByOrganisation(db, at),
    openClocksOverview(db, at, { view: "late", page: 1 }),
  ]);
  return {
    clocks,
    lateClocks: {
      total: lateClocks.matching,
      rows: lateClocks.rows.map((c) => ({
        id: c.id,
        trackingNumber: c.trackingNumber,
        title: c.title,
        organisationName: c.organisationName,
        kind: CLOCK_LABEL[c.kind],
        due: formatInstantZh(c.dueAt),
      })),
    },
    mayUrge: user.role === "supervisor",
    filter: f,
    cycles,
    departments,
    total: board.total,
    summary: board.summary,
    rows: board.rows.slice(0, 200).map((r) => ({
      ...r,
      due: formatInstantZh(r.dueAt),
      trackedLabel: TRACKED_LABEL[r.tracked],
      stateLabel: TASK_STATE_LABEL[r.state as TaskState],
      levelLabel: URGING_LEVEL_LABEL[r.level],
      sentLabels: r.sent.map((s) => URGE_LABEL[s]),
      owedLabel: r.owed ? URGE_LABEL[r.owed] : null,
    })),
    more: Math.max(0, board.rows.length - 200),
  };
}

const urgeSchema = z.object({
  taskId: z.coerce.number().int().positive().max(INT4_MAX),
  note: z.string().trim().max(500, "督办意见不超过500字").default(""),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supervisor"]);
  const parsed = urgeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return Response.json(
      { ok: null, error: parsed.error.issues[0]?.message ?? "表单已失效,请刷新页面" },
      { status: 400 },
    );
  const out = await urgeTask(getDb(), { ...parsed.data, userId: user.id, now: now() });
  return out.ok
    ? Response.json({ ok: out.message, error: null })
    : Response.json({ ok: null, error: out.error }, { status: 409 });
}

const LEVEL_BADGE: Record<string, string> = {
  none: "badge--grey",
  reminder: "badge--warn",
  yellow: "badge--warn",
  red: "badge--red",
};

export default function Supervision() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { ok: string | null; error: string | null } | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const ledgerHref = `/supervision/ledger.xlsx${data.filter.cycle ? `?cycle=${data.filter.cycle}` : ""}`;
  return (
    <>
      <h1>督查督办</h1>
      <p className="hint">
        跟踪市领导交办任务的承诺公布和办结期限:期限前1个工作日起可发到期提醒;逾期即黄牌督办;逾期超过3个工作日红牌督办,并通知单位主要负责人。每级督办对同一期限只发一次。
      </p>
      <FormMessage ok={actionData?.ok} error={actionData?.error} />
      <Form method="get" className="inline-form" role="search" aria-label="筛选">
        <div className="field">
          <label htmlFor="f-view">范围</label>
          <select id="f-view" name="view" defaultValue={data.filter.view}>
            {(Object.keys(VIEW_LABEL) as BoardView[]).map((v) => (
              <option key={v} value={v}>
                {VIEW_LABEL[v]}
              </option>
            ))}
          </select>
        </div>
        <FilterSelect
          id="f-cycle"
          name="cycle"
          label="期次"
          all="全部期次"
          defaultValue={data.filter.cycle}
          options={cycleOptions(data.cycles)}
        />
        <FilterSelect
          id="f-org"
          name="org"
          label="牵头部门"
          all="全部部门"
          defaultValue={data.filter.org}
          options={nameOptions(data.departments)}
        />
        <button type="submit" className="button button--secondary">
          查看
        </button>
        <a href={ledgerHref} download className="button button--secondary">
          导出台账(Excel)
        </a>
        <a href={ledgerHref.replace(".xlsx", ".pdf")} download className="button button--secondary">
          打印台账(PDF)
        </a>
      </Form>

      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title" style={{ marginTop: 0 }}>
          各部门情况(未办结 {data.total} 项)
        </h2>
        {data.summary.length === 0 ? (
          <p className="muted">没有未办结的交办任务。</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--cards" aria-label="各部门情况">
              <thead>
                <tr>
                  <th scope="col">牵头部门</th>
                  <th scope="col">未办结</th>
                  <th scope="col">即将到期</th>
                  <th scope="col">已逾期</th>
                </tr>
              </thead>
              <tbody>
                {data.summary.map((s) => (
                  <tr key={s.id} data-testid="summary-row">
                    <td data-label="牵头部门">
                      <Link
                        to={`?${new URLSearchParams({ ...Object.fromEntries(params), org: String(s.id), view: "all" })}`}
                      >
                        {s.name}
                      </Link>
                    </td>
                    <td data-label="未办结">{s.open}</td>
                    <td data-label="即将到期">{s.dueSoon}</td>
                    <td data-label="已逾期">{s.late ? <span className="badge badge--red">{s.late}</span> : 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="clocks-title">
        <h2 id="clocks-title" style={{ marginTop: 0 }}>
          各单位办理时钟(签收、答复)
        </h2>
        <p className="hint">甄别交办后各部门、县区的签收和答复期限(不分期次)。</p>
        {data.clocks.length === 0 ? (
          <p className="muted">没有未完成的办理时钟。</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--cards" aria-label="各单位办理时钟">
              <thead>
                <tr>
                  <th scope="col">单位</th>
                  <th scope="col">未完成</th>
                  <th scope="col">即将到期</th>
                  <th scope="col">已逾期</th>
                </tr>
              </thead>
              <tbody>
                {data.clocks.map((c) => (
                  <tr key={c.id} data-testid="clock-row">
                    <td data-label="单位">{c.name}</td>
                    <td data-label="未完成">{c.open}</td>
                    <td data-label="即将到期">{c.dueSoon}</td>
                    <td data-label="已逾期">{c.late ? <span className="badge badge--red">{c.late}</span> : 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data.lateClocks.rows.length ? (
          <>
            <h3>
              逾期未完成({data.lateClocks.total} 项,按期限先后列出前 {data.lateClocks.rows.length} 项)
            </h3>
            <ul className="stack-list" aria-label="逾期的办理时钟">
              {data.lateClocks.rows.map((c) => (
                <li key={c.id} data-testid="late-clock">
                  {c.organisationName} · {c.kind} · 期限 {c.due} · {c.trackingNumber} {c.title}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="rows-title">
        <h2 id="rows-title" style={{ marginTop: 0 }}>
          {VIEW_LABEL[data.filter.view]}({data.rows.length + data.more} 项)
        </h2>
        {data.rows.length === 0 ? (
          <p className="muted" role="status">
            {data.filter.view === "late" ? "没有逾期的任务。" : "没有符合条件的任务。"}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table table--cards" aria-label="督办任务">
              <thead>
                <tr>
                  <th scope="col">诉求</th>
                  <th scope="col">牵头部门</th>
                  <th scope="col">跟踪事项</th>
                  <th scope="col">期限</th>
                  <th scope="col">状态</th>
                  <th scope="col">已督办</th>
                  <th scope="col">督办</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.taskId} data-testid="board-row">
                    <td data-label="诉求">
                      第{r.cycleNumber}期 · {r.trackingNumber}
                      <div className="hint">{r.title}</div>
                    </td>
                    <td data-label="牵头部门">{r.organisationName}</td>
                    <td data-label="跟踪事项">{r.trackedLabel}</td>
                    <td data-label="期限">
                      {r.due} <span className={`badge ${LEVEL_BADGE[r.level]}`}>{r.levelLabel}</span>
                    </td>
                    <td data-label="状态">{r.stateLabel}</td>
                    <td data-label="已督办">{r.sentLabels.length ? r.sentLabels.join("、") : "—"}</td>
                    <td data-label="督办">
                      {data.mayUrge && r.owedLabel ? (
                        <Form method="post" className="stack" aria-label={`督办${r.trackingNumber}`}>
                          <input type="hidden" name="taskId" value={r.taskId} />
                          <input
                            name="note"
                            aria-label={`督办意见(${r.trackingNumber})`}
                            placeholder="督办意见(可选)"
                            maxLength={500}
                          />
                          <button type="submit" className="button" disabled={busy}>
                            发出{r.owedLabel}
                          </button>
                        </Form>
                      ) : (
                        <span className="muted">{r.owedLabel ? "—" : "无需督办"}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data.more ? <p className="hint">另有 {data.more} 项未显示,请按期次或部门筛选。</p> : null}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
