import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { dueState, type DueState } from "~/domain/appeal";
import { endOfDay, formatDateZh, formatInstant, formatInstantZh } from "~/domain/calendar";
import { formatDurationZh } from "~/domain/clocks";
import { RATING_LABEL, TASK_STATE_LABEL } from "~/domain/tasks";
import { TASKS_PAGE_SIZE, taskCountsOf, tasksOfOrganisation } from "~/models/task.server";
import { Pagination } from "~/components/pagination";
import { ErrorPage } from "~/root";
import { taskListFilterSchema, type TaskView } from "~/schemas/tasks";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { parseQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "交办任务 · 直通车" }];

const VIEWS: { view: TaskView; label: string }[] = [
  { view: "all", label: "全部" },
  { view: "open", label: "待公布承诺" },
  { view: "committed", label: "办理中" },
  { view: "completed", label: "待企业评价" },
  { view: "reopened", label: "企业不满意" },
  { view: "closed", label: "已完结" },
];

const EMPTY: Record<TaskView, string> = {
  all: "还没有交办给本单位的任务。市领导审定现场处理意见后,任务会出现在这里。",
  open: "没有待公布承诺的任务。",
  committed: "没有办理中的任务。",
  completed: "没有待企业评价的任务。",
  reopened: "没有企业不满意、待沟通的任务。",
  closed: "还没有已完结的任务。",
};

/** "11月25日 24:00", with the year when it is not this year's; the full date is in the title. */
function shortInstant(d: Date, clock: Date): string {
  const s = formatInstant(d);
  const time = s.slice(11, 19) === "23:59:59" ? "24:00" : s.slice(11, 16);
  const year = s.slice(0, 4) === formatInstant(clock).slice(0, 4) ? "" : `${s.slice(0, 4)}年`;
  return `${year}${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${time}`;
}

interface Due {
  text: string;
  full: string;
  state: DueState;
  lateBy: string | null;
}

function due(at: Date, clock: Date): Due {
  const state = dueState(at, clock);
  return {
    text: shortInstant(at, clock),
    full: formatInstantZh(at),
    state,
    lateBy: state === "late" ? formatDurationZh(clock.getTime() - at.getTime()) : null,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["department"]);
  const filter = parseQuery(taskListFilterSchema, new URL(request.url).searchParams);
  const db = getDb();
  const at = now();
  const [list, counts] = await Promise.all([
    tasksOfOrganisation(db, {
      organisationId: user.organisationId,
      state: filter.view === "all" ? undefined : filter.view,
      q: filter.q,
      page: filter.page,
    }),
    taskCountsOf(db, user.organisationId),
  ]);
  return {
    organisation: user.organisationName,
    filter: { view: filter.view, q: filter.q ?? "" },
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(list.total / TASKS_PAGE_SIZE)),
    total: list.total,
    counts,
    rows: list.rows.map((r) => {
      const working = r.state === "committed" || r.state === "reopened";
      return {
        id: r.id,
        state: r.state,
        stateLabel: r.state === "closed" && r.rating ? `已完结(${RATING_LABEL[r.rating]})` : TASK_STATE_LABEL[r.state],
        trackingNumber: r.trackingNumber,
        title: r.title,
        enterpriseName: r.enterpriseName,
        cycleNumber: r.cycleNumber,
        // The commitment's publication: a clock while open, then how it went.
        commitment: r.state === "open" ? due(r.commitmentDueAt, at) : null,
        commitmentDue: shortInstant(r.commitmentDueAt, at),
        committedLate:
          r.committedAt && r.commitmentOnTime === false ? formatDurationZh(Number(r.commitmentLateMs ?? 0)) : null,
        completion: r.committedDeadline && working ? due(endOfDay(r.committedDeadline), at) : null,
        committedDeadline: r.committedDeadline ? formatDateZh(r.committedDeadline) : null,
        ratingDue: r.state === "completed" && r.ratingDueAt ? shortInstant(r.ratingDueAt, at) : null,
      };
    }),
  };
}

function DueBadge({ d }: { d: Due }) {
  if (d.state === "late") return <span className="badge badge--red">已逾期 {d.lateBy}</span>;
  if (d.state === "due_soon") return <span className="badge badge--warn">即将到期</span>;
  return null;
}

const STATE_BADGE: Record<string, string> = {
  open: "badge--warn",
  committed: "badge--ok",
  completed: "badge--grey",
  reopened: "badge--red",
  closed: "badge--grey",
};

export default function TaskList() {
  const data = useLoaderData<typeof loader>();
  const { filter, counts, rows } = data;
  const href = (over: { view?: TaskView; q?: string; page?: number }) => {
    const sp = new URLSearchParams();
    const view = over.view ?? filter.view;
    const q = over.q ?? filter.q;
    if (view !== "all") sp.set("view", view);
    if (q) sp.set("q", q);
    if (over.page && over.page > 1) sp.set("page", String(over.page));
    const s = sp.toString();
    return s ? `/tasks?${s}` : "/tasks";
  };
  const current = VIEWS.find((v) => v.view === filter.view)!;
  return (
    <>
      <h1>交办任务</h1>
      <p className="muted">
        市领导审定的现场处理意见交由{data.organisation}
        牵头办理的任务。请在现场活动日后3个工作日内公布办理承诺(责任领导、责任人、完成时限和工作措施),
        按承诺办理并报告办结;企业不满意的,须与企业沟通并作出最终处理意见。
      </p>
      <p>
        <Link to="/tasks/off-agenda">未列入现场议题的问题答复 →</Link>
      </p>

      <nav className="tabs" aria-label="任务分类">
        {VIEWS.map((v) => {
          const n = counts[v.view];
          const alert = n > 0 && (v.view === "open" || v.view === "reopened");
          return (
            <Link
              key={v.view}
              to={href({ view: v.view, page: 1 })}
              aria-current={v.view === filter.view ? "page" : undefined}
              data-testid={`tab-${v.view}`}
            >
              {v.label}
              <span
                className={`tabs__count${alert ? (v.view === "reopened" ? " tabs__count--red" : " tabs__count--warn") : ""}`}
              >
                {n}
              </span>
            </Link>
          );
        })}
      </nav>

      <Form
        // Remounted when the address changes, so the search field shows the search in force.
        key={`${filter.view}:${filter.q}`}
        method="get"
        action="/tasks"
        className="inline-form"
        role="search"
        style={{ marginBottom: "1rem" }}
      >
        {filter.view !== "all" ? <input type="hidden" name="view" value={filter.view} /> : null}
        <div className="field" style={{ flex: "1 1 16rem" }}>
          <label htmlFor="tasks-q">查找</label>
          <input
            id="tasks-q"
            name="q"
            type="search"
            defaultValue={filter.q}
            placeholder="受理编号、诉求标题或企业名称"
          />
        </div>
        <button type="submit" className="button">
          查找
        </button>
        {filter.q ? <Link to={href({ q: "", page: 1 })}>清除</Link> : null}
      </Form>

      {rows.length === 0 ? (
        <div className="card" role="status">
          <p style={{ margin: 0 }}>{filter.q ? `没有符合“${filter.q}”的任务。` : EMPTY[filter.view]}</p>
        </div>
      ) : (
        <>
          <p className="muted" role="status" data-testid="tasks-summary">
            {current.label}:共 {data.total} 项{filter.q ? `(查找“${filter.q}”)` : ""},最紧急的在前
            {data.pageCount > 1 ? `;第 ${data.page} / ${data.pageCount} 页` : ""}
          </p>
          <div className="table-wrap">
            <table className="table table--cards" aria-label={`${current.label}的任务`}>
              <thead>
                <tr>
                  <th scope="col">受理编号</th>
                  <th scope="col">诉求</th>
                  <th scope="col">状态</th>
                  <th scope="col">承诺公布期限</th>
                  <th scope="col">承诺完成时限</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid="task-row">
                    <td data-label="受理编号">
                      <Link to={`/tasks/${r.id}`}>{r.trackingNumber}</Link>
                      <div className="hint">第{r.cycleNumber}期</div>
                    </td>
                    <td data-label="诉求">
                      <div>{r.title}</div>
                      <div className="hint">{r.enterpriseName}</div>
                    </td>
                    <td data-label="状态">
                      <span className={`badge ${STATE_BADGE[r.state]}`}>{r.stateLabel}</span>
                      {r.ratingDue ? <div className="hint">评价期限 {r.ratingDue}</div> : null}
                    </td>
                    <td data-label="承诺公布期限">
                      {r.commitment ? (
                        <>
                          <span title={r.commitment.full}>{r.commitment.text}</span> <DueBadge d={r.commitment} />
                        </>
                      ) : (
                        <>
                          <span className="muted">{r.commitmentDue}</span>{" "}
                          {r.committedLate ? (
                            <span className="badge badge--red">逾期 {r.committedLate} 公布</span>
                          ) : (
                            <span className="badge badge--ok">已公布</span>
                          )}
                        </>
                      )}
                    </td>
                    <td data-label="承诺完成时限">
                      {r.completion ? (
                        <>
                          <span title={r.completion.full}>{r.committedDeadline}</span> <DueBadge d={r.completion} />
                        </>
                      ) : r.committedDeadline ? (
                        <span className="muted">{r.committedDeadline}</span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={data.page} pageCount={data.pageCount} href={(page) => href({ page })} />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
