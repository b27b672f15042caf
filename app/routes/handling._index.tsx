import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ColumnTable, type Column } from "~/components/column-table";
import { EmptyListCard, listHref, ListSearch, ListTabs } from "~/components/list-controls";
import { Pagination } from "~/components/pagination";
import type { InboxView } from "~/models/handling.server";
import { ErrorPage } from "~/root";
import { inboxPage } from "~/services/views/inbox-page.server";
import { requireRole } from "~/utils/auth.server";
import { queryPage } from "~/utils/params";
import { parseQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "我的待办 · 直通车" }];

const VIEWS: { view: InboxView; label: string }[] = [
  { view: "todo", label: "待办" },
  { view: "due_soon", label: "即将到期" },
  { view: "late", label: "已逾期" },
  { view: "done", label: "已办结" },
  { view: "all", label: "全部" },
];

/** The address bar's filter: an odd page number is refused (400), anything else unreadable is ignored. */
const inboxFilterSchema = z.object({
  view: z.enum(["todo", "due_soon", "late", "done", "all"]).catch("todo").default("todo"),
  q: z
    .string()
    .trim()
    .max(60)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  page: queryPage(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["department", "county"]);
  return inboxPage(user, parseQuery(inboxFilterSchema, new URL(request.url).searchParams));
}

const EMPTY: Record<InboxView, string> = {
  todo: "目前没有待办的诉求。",
  due_soon: "没有即将到期的诉求。",
  late: "没有逾期的诉求。",
  done: "还没有已办结的诉求。",
  all: "还没有交办给本单位的诉求。",
};

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

const COLUMNS: Column<Row>[] = [
  {
    header: "受理编号",
    cell: (r) => (
      <>
        <Link to={`/handling/${r.trackingNumber}`}>{r.trackingNumber}</Link>
        <div className="hint">
          第{r.cycleNumber}期 · {r.assigned} 交办
        </div>
      </>
    ),
  },
  {
    header: "诉求",
    cell: (r) => (
      <>
        <div>{r.title}</div>
        <div className="hint">
          {r.enterpriseName} · {r.category}
        </div>
      </>
    ),
  },
  { header: "职责", cell: (r) => r.role },
  { header: "当前环节", cell: (r) => r.step },
  {
    header: "办理期限",
    cell: (r) =>
      r.due ? (
        <>
          <span title={r.dueFull ?? undefined}>{r.due}</span>{" "}
          {r.dueState === "late" ? (
            <span className="badge badge--red">已逾期 {r.lateBy}</span>
          ) : r.dueState === "due_soon" ? (
            <span className="badge badge--warn">即将到期</span>
          ) : null}
        </>
      ) : (
        <span className="muted">—</span>
      ),
  },
];

export default function HandlingInbox() {
  const data = useLoaderData<typeof loader>();
  const { filter, counts, rows } = data;
  const href = listHref<InboxView>("/handling", "todo", filter);
  const countOf: Partial<Record<InboxView, number>> = {
    todo: counts.open,
    due_soon: counts.dueSoon,
    late: counts.late,
  };
  const current = VIEWS.find((v) => v.view === filter.view)!;
  return (
    <>
      <h1>我的待办</h1>
      <p className="muted">
        {data.organisation}
        承办的诉求。接收或提出异议须在交办后24个工作小时内完成,答复和协办意见须在接收后10个工作日内提出;
        期限将到时请及时办理,确有困难的可在期限前申请延期。
      </p>

      <ListTabs
        label="待办分类"
        views={VIEWS}
        current={filter.view}
        href={(view) => href({ view, page: 1 })}
        count={(view) => {
          const n = countOf[view];
          if (n === undefined) return undefined;
          return { n, tone: n > 0 && view === "late" ? "red" : n > 0 && view === "due_soon" ? "warn" : undefined };
        }}
      />
      <ListSearch
        action="/handling"
        inputId="inbox-q"
        view={filter.view}
        defaultView="todo"
        q={filter.q}
        clearHref={href({ q: "", page: 1 })}
      />

      {rows.length === 0 ? (
        <EmptyListCard>{filter.q ? `没有符合“${filter.q}”的诉求。` : EMPTY[filter.view]}</EmptyListCard>
      ) : (
        <>
          <p className="muted" role="status" data-testid="inbox-summary">
            {current.label}:共 {data.total} 件{filter.q ? `(查找“${filter.q}”)` : ""}
            {filter.view === "todo" || filter.view === "due_soon" || filter.view === "late" ? ",最紧急的在前" : ""}
            {data.pageCount > 1 ? `;第 ${data.page} / ${data.pageCount} 页` : ""}
          </p>
          <ColumnTable
            label={`${current.label}的诉求`}
            layout="cards"
            columns={COLUMNS}
            rows={rows}
            rowKey={(r) => r.assignmentId}
            rowTestId="inbox-row"
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
