import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ColumnTable, type Column } from "~/components/column-table";
import { EmptyListCard, listHref, ListSearch, ListTabs } from "~/components/list-controls";
import { Pagination } from "~/components/pagination";
import { DueBadge, TASK_STATE_BADGE } from "~/components/task-facts";
import { ErrorPage } from "~/root";
import { taskListFilterSchema, type TaskView } from "~/schemas/tasks";
import { taskListPage } from "~/services/views/task-list-page.server";
import { requireRole } from "~/utils/auth.server";
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

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["department"]);
  return taskListPage(user, parseQuery(taskListFilterSchema, new URL(request.url).searchParams));
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

const COLUMNS: Column<Row>[] = [
  {
    header: "受理编号",
    cell: (r) => (
      <>
        <Link to={`/tasks/${r.id}`}>{r.trackingNumber}</Link>
        <div className="hint">第{r.cycleNumber}期</div>
      </>
    ),
  },
  {
    header: "诉求",
    cell: (r) => (
      <>
        <div>{r.title}</div>
        <div className="hint">{r.enterpriseName}</div>
      </>
    ),
  },
  {
    header: "状态",
    cell: (r) => (
      <>
        <span className={`badge ${TASK_STATE_BADGE[r.state]}`}>{r.stateLabel}</span>
        {r.ratingDue ? <div className="hint">评价期限 {r.ratingDue}</div> : null}
      </>
    ),
  },
  {
    header: "承诺公布期限",
    cell: (r) =>
      r.commitment ? (
        <>
          <span title={r.commitment.full}>{r.commitment.text}</span>{" "}
          <DueBadge state={r.commitment.state} lateBy={r.commitment.lateBy} />
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
      ),
  },
  {
    header: "承诺完成时限",
    cell: (r) =>
      r.completion ? (
        <>
          <span title={r.completion.full}>{r.committedDeadline}</span>{" "}
          <DueBadge state={r.completion.state} lateBy={r.completion.lateBy} />
        </>
      ) : r.committedDeadline ? (
        <span className="muted">{r.committedDeadline}</span>
      ) : (
        <span className="muted">—</span>
      ),
  },
];

export default function TaskList() {
  const data = useLoaderData<typeof loader>();
  const { filter, counts, rows } = data;
  const href = listHref<TaskView>("/tasks", "all", filter);
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

      <ListTabs
        label="任务分类"
        views={VIEWS}
        current={filter.view}
        href={(view) => href({ view, page: 1 })}
        count={(view) => {
          const n = counts[view];
          const alert = n > 0 && (view === "open" || view === "reopened");
          return { n, tone: alert ? (view === "reopened" ? "red" : "warn") : undefined };
        }}
      />
      <ListSearch
        action="/tasks"
        inputId="tasks-q"
        view={filter.view}
        defaultView="all"
        q={filter.q}
        clearHref={href({ q: "", page: 1 })}
        remount
      />

      {rows.length === 0 ? (
        <EmptyListCard>{filter.q ? `没有符合“${filter.q}”的任务。` : EMPTY[filter.view]}</EmptyListCard>
      ) : (
        <>
          <p className="muted" role="status" data-testid="tasks-summary">
            {current.label}:共 {data.total} 项{filter.q ? `(查找“${filter.q}”)` : ""},最紧急的在前
            {data.pageCount > 1 ? `;第 ${data.page} / ${data.pageCount} 页` : ""}
          </p>
          <ColumnTable
            label={`${current.label}的任务`}
            layout="cards"
            columns={COLUMNS}
            rows={rows}
            rowKey={(r) => r.id}
            rowTestId="task-row"
          />
          <Pagination page={data.page} pageCount={data.pageCount} href={(page) => href({ page })} />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
