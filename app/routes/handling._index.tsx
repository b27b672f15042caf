import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import type { AppealStatus, AssignmentState } from "~/domain/appeal";
import { formatInstant, formatInstantZh } from "~/domain/calendar";
import { CLOCK_LABEL, clockState, formatDurationZh } from "~/domain/clocks";
import { ASSIGNMENT_ROLE_LABEL, assignmentStateLabel, type AssignmentRole } from "~/domain/labels";
import { INBOX_PAGE_SIZE, inboxCounts, inboxOf, type InboxView } from "~/models/handling.server";
import { Pagination } from "~/components/pagination";
import { ErrorPage } from "~/root";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
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

/** "11月25日 24:00": the year is the list's own; the full date is in the title. */
function shortInstant(d: Date): string {
  const s = formatInstant(d);
  const time = s.slice(11, 19) === "23:59:59" ? "24:00" : s.slice(11, 16);
  return `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${time}`;
}

/** Where an assignment without an open clock stands, in words: one still with the platform says so. */
function settledLabel(role: AssignmentRole, state: AssignmentState, appealStatus: AppealStatus): string {
  const withPlatform =
    (state === "assigned" || state === "accepted") && !(role === "county" && appealStatus === "escalation_review");
  return withPlatform ? "待平台处理" : assignmentStateLabel(role, state, appealStatus);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["department", "county"]);
  const filter = parseQuery(inboxFilterSchema, new URL(request.url).searchParams);
  const db = getDb();
  const at = now();
  const [list, counts] = await Promise.all([
    inboxOf(db, { organisationId: user.organisationId, view: filter.view, q: filter.q, page: filter.page, now: at }),
    inboxCounts(db, user.organisationId, at),
  ]);
  return {
    organisation: user.organisationName,
    filter: { view: filter.view, q: filter.q ?? "" },
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(list.total / INBOX_PAGE_SIZE)),
    total: list.total,
    counts,
    rows: list.rows.map((r) => {
      const state =
        r.clockId && r.dueAt && r.remindAt
          ? clockState({ dueAt: r.dueAt, remindAt: r.remindAt, finishedAt: null }, at)
          : null;
      return {
        assignmentId: r.assignmentId,
        trackingNumber: r.trackingNumber,
        title: r.title,
        enterpriseName: r.enterpriseName,
        category: r.categoryName,
        cycleNumber: r.cycleNumber,
        role: ASSIGNMENT_ROLE_LABEL[r.role],
        assigned: shortInstant(r.assignedAt),
        step: r.clockKind ? CLOCK_LABEL[r.clockKind] : settledLabel(r.role, r.state, r.appealStatus),
        open: Boolean(r.clockId),
        due: r.dueAt ? shortInstant(r.dueAt) : null,
        dueFull: r.dueAt ? formatInstantZh(r.dueAt) : null,
        dueState: state,
        lateBy: state === "late" && r.dueAt ? formatDurationZh(at.getTime() - r.dueAt.getTime()) : null,
      };
    }),
  };
}

const EMPTY: Record<InboxView, string> = {
  todo: "目前没有待办的诉求。",
  due_soon: "没有即将到期的诉求。",
  late: "没有逾期的诉求。",
  done: "还没有已办结的诉求。",
  all: "还没有交办给本单位的诉求。",
};

export default function HandlingInbox() {
  const data = useLoaderData<typeof loader>();
  const { filter, counts, rows } = data;
  const href = (over: { view?: InboxView; q?: string; page?: number }) => {
    const sp = new URLSearchParams();
    const view = over.view ?? filter.view;
    const q = over.q ?? filter.q;
    if (view !== "todo") sp.set("view", view);
    if (q) sp.set("q", q);
    if (over.page && over.page > 1) sp.set("page", String(over.page));
    const s = sp.toString();
    return s ? `/handling?${s}` : "/handling";
  };
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

      <nav className="tabs" aria-label="待办分类">
        {VIEWS.map((v) => {
          const n = countOf[v.view];
          return (
            <Link
              key={v.view}
              to={href({ view: v.view, page: 1 })}
              aria-current={v.view === filter.view ? "page" : undefined}
              data-testid={`tab-${v.view}`}
            >
              {v.label}
              {n !== undefined ? (
                <span
                  className={`tabs__count${n > 0 && v.view === "late" ? " tabs__count--red" : ""}${n > 0 && v.view === "due_soon" ? " tabs__count--warn" : ""}`}
                >
                  {n}
                </span>
              ) : null}
            </Link>
          );
        })}
      </nav>

      <Form method="get" action="/handling" className="inline-form" role="search" style={{ marginBottom: "1rem" }}>
        {filter.view !== "todo" ? <input type="hidden" name="view" value={filter.view} /> : null}
        <div className="field" style={{ flex: "1 1 16rem" }}>
          <label htmlFor="inbox-q">查找</label>
          <input
            id="inbox-q"
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
          <p style={{ margin: 0 }}>{filter.q ? `没有符合“${filter.q}”的诉求。` : EMPTY[filter.view]}</p>
        </div>
      ) : (
        <>
          <p className="muted" role="status" data-testid="inbox-summary">
            {current.label}:共 {data.total} 件{filter.q ? `(查找“${filter.q}”)` : ""}
            {filter.view === "todo" || filter.view === "due_soon" || filter.view === "late" ? ",最紧急的在前" : ""}
            {data.pageCount > 1 ? `;第 ${data.page} / ${data.pageCount} 页` : ""}
          </p>
          <div className="table-wrap">
            <table className="table table--cards" aria-label={`${current.label}的诉求`}>
              <thead>
                <tr>
                  <th scope="col">受理编号</th>
                  <th scope="col">诉求</th>
                  <th scope="col">职责</th>
                  <th scope="col">当前环节</th>
                  <th scope="col">办理期限</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.assignmentId} data-testid="inbox-row">
                    <td data-label="受理编号">
                      <Link to={`/handling/${r.trackingNumber}`}>{r.trackingNumber}</Link>
                      <div className="hint">
                        第{r.cycleNumber}期 · {r.assigned} 交办
                      </div>
                    </td>
                    <td data-label="诉求">
                      <div>{r.title}</div>
                      <div className="hint">
                        {r.enterpriseName} · {r.category}
                      </div>
                    </td>
                    <td data-label="职责">{r.role}</td>
                    <td data-label="当前环节">{r.step}</td>
                    <td data-label="办理期限">
                      {r.due ? (
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
