import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { ColumnTable, type Column } from "~/components/column-table";
import { Pagination } from "~/components/pagination";
import { CLOCK_STATE_LABEL, type ClockState } from "~/domain/clocks";
import type { OverviewView } from "~/models/handling.server";
import { overviewFilterSchema } from "~/schemas/handling";
import { officeHandlingPage } from "~/services/views/office-handling.server";
import { requireRole } from "~/utils/auth.server";
import { parseQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "办理协调 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin"]);
  return officeHandlingPage(parseQuery(overviewFilterSchema, new URL(request.url).searchParams));
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

const VIEWS: { view: OverviewView; label: string; empty: string }[] = [
  { view: "late", label: "已逾期", empty: "没有逾期的办理时限。" },
  { view: "due_soon", label: "即将到期", empty: "没有即将到期的办理时限。" },
  { view: "open", label: "全部办理中", empty: "目前没有正在计时的办理时限。" },
];

const STATE_BADGE: Record<ClockState, string> = {
  ok: "badge--grey",
  due_soon: "badge--warn",
  late: "badge--red",
  done_on_time: "badge--ok",
  done_late: "badge--red",
};

/** A row's appeal, linked to what the office decides there, or to its handling facts. */
function AppealCell(props: { trackingNumber: string; title: string; anchor?: "decide" | "handling" }) {
  const { trackingNumber, title } = props;
  return (
    <>
      <Link to={`/admin/appeals/${trackingNumber}#${props.anchor ?? "decide"}`}>{trackingNumber}</Link>
      <div className="hint">{title}</div>
    </>
  );
}

function When({ at }: { at: { short: string; full: string } | null }) {
  return at ? <span title={at.full}>{at.short}</span> : <span className="muted">—</span>;
}

/** One of the office's queues: its count beside the heading, its rows or a line saying there are none. */
function Queue<T extends { id: number }>(props: {
  id: string;
  title: string;
  empty: string;
  rows: T[];
  columns: Column<T>[];
}) {
  return (
    <section className="card" id={props.id} aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`} style={{ marginTop: 0 }}>
        {props.title} <span className="count-pill">{props.rows.length}</span>
      </h2>
      {props.rows.length === 0 ? (
        <p className="muted" role="status">
          {props.empty}
        </p>
      ) : (
        <ColumnTable
          label={props.title}
          layout="stack"
          columns={props.columns}
          rows={props.rows}
          rowKey={(r) => r.id}
        />
      )}
    </section>
  );
}

const withHint = (main: ReactNode, hint: ReactNode) => (
  <>
    {main}
    <div className="hint">{hint}</div>
  </>
);

const DISPUTE_COLUMNS: Column<Page["disputes"][number]>[] = [
  { header: "诉求", cell: (d) => <AppealCell trackingNumber={d.trackingNumber} title={d.title} /> },
  { header: "提出异议的单位", label: "单位", cell: (d) => withHint(d.organisation, d.role) },
  { header: "提出时间", cell: (d) => <When at={d.disputed} /> },
  { header: "异议理由", className: "cell-text", cell: (d) => d.reason },
  { header: "建议承办单位", label: "建议承办", cell: (d) => d.proposed ?? <span className="muted">未提出</span> },
];

const EXTENSION_COLUMNS: Column<Page["extensions"][number]>[] = [
  { header: "诉求", cell: (x) => <AppealCell trackingNumber={x.trackingNumber} title={x.title} /> },
  {
    header: "申请单位",
    cell: (x) =>
      withHint(
        x.organisation,
        <>
          <When at={x.requested} /> 申请
        </>,
      ),
  },
  { header: "办理环节", cell: (x) => x.clock },
  {
    header: "现期限",
    cell: (x) => (
      <>
        <When at={x.due} />
        {x.late ? (
          <div>
            <span className="badge badge--red">已逾期</span>
          </div>
        ) : null}
      </>
    ),
  },
  { header: "申请延至", cell: (x) => x.requestedDate ?? <span className="muted">未写明</span> },
  { header: "理由", className: "cell-text", cell: (x) => x.reason },
];

const ESCALATION_COLUMNS: Column<Page["escalations"][number]>[] = [
  { header: "诉求", cell: (e) => <AppealCell trackingNumber={e.trackingNumber} title={e.title} /> },
  { header: "申请县区", cell: (e) => e.county ?? <span className="muted">—</span> },
  { header: "申请时间", cell: (e) => <When at={e.requested} /> },
];

const CLOCK_COLUMNS: Column<Page["clocks"][number]>[] = [
  {
    header: "诉求",
    cell: (c) => <AppealCell trackingNumber={c.trackingNumber} title={c.title} anchor="handling" />,
  },
  { header: "承办单位", cell: (c) => withHint(c.organisation, c.role) },
  {
    header: "办理环节",
    cell: (c) =>
      withHint(
        c.step,
        <>
          <When at={c.started} /> 起
        </>,
      ),
  },
  {
    header: "期限",
    cell: (c) => (
      <>
        <When at={c.due} />
        {c.originalDue ? <div className="hint">已延期,原期限 {c.originalDue}</div> : null}
      </>
    ),
  },
  {
    header: "状态",
    cell: (c) => (
      <>
        <span className={`badge ${STATE_BADGE[c.state]}`}>{CLOCK_STATE_LABEL[c.state]}</span>
        {c.lateBy ? <div className="hint">已超 {c.lateBy}</div> : null}
      </>
    ),
  },
];

export default function OfficeHandling() {
  const data = useLoaderData<typeof loader>();
  const { counts, disputes, extensions, escalations, clocks } = data;
  const href = (view: OverviewView, page = 1) => {
    const sp = new URLSearchParams();
    if (view !== "late") sp.set("view", view);
    if (page > 1) sp.set("page", String(page));
    const s = sp.toString();
    return `/admin/handling${s ? `?${s}` : ""}#clocks`;
  };
  const countOf: Record<OverviewView, number> = { late: counts.late, due_soon: counts.dueSoon, open: counts.open };
  const current = VIEWS.find((v) => v.view === data.view)!;
  return (
    <>
      <h1>办理协调</h1>
      <p className="muted">
        部门对交办有异议的,由平台重新交办并重新计时;部门、县区申请延期的,由平台确定新的期限或不同意;县区申请提级的,由平台审核后转市直部门办理或退回县区。
      </p>

      <section className="card" aria-label="办理协调统计">
        <dl className="counts">
          {(
            [
              ["异议待重新交办", "#disputes", "count-disputes", disputes.length],
              ["延期申请待审核", "#extensions", "count-extensions", extensions.length],
              ["提级申请待审核", "#escalations", "count-escalations", escalations.length],
            ] as const
          ).map(([label, anchor, testId, n]) => (
            <div key={testId}>
              <dt>{label}</dt>
              <dd>
                <a href={anchor} data-testid={testId}>
                  {n}
                </a>
              </dd>
            </div>
          ))}
          {(
            [
              ["办理时限已逾期", "late", "count-late", counts.late, "count--red"],
              ["办理时限即将到期", "due_soon", "count-due-soon", counts.dueSoon, "count--warn"],
            ] as const
          ).map(([label, view, testId, n, alert]) => (
            <div key={testId}>
              <dt>{label}</dt>
              <dd className={n ? alert : undefined}>
                <Link to={href(view)} data-testid={testId}>
                  {n}
                </Link>
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <Queue
        id="disputes"
        title="异议待重新交办"
        empty="目前没有待重新交办的异议。"
        rows={disputes}
        columns={DISPUTE_COLUMNS}
      />
      <Queue
        id="extensions"
        title="延期申请待审核"
        empty="目前没有待审核的延期申请。"
        rows={extensions}
        columns={EXTENSION_COLUMNS}
      />
      <Queue
        id="escalations"
        title="提级申请待审核"
        empty="目前没有待审核的提级申请。"
        rows={escalations}
        columns={ESCALATION_COLUMNS}
      />

      <section className="card" id="clocks" aria-labelledby="clocks-heading">
        <h2 id="clocks-heading" style={{ marginTop: 0 }}>
          办理时限
        </h2>
        <p className="hint" style={{ marginTop: 0 }}>
          各部门、县区正在计时的环节:接收或提出异议、答复办理意见、协办意见、县区办理答复。
        </p>
        <nav className="segmented" aria-label="办理时限分类">
          {VIEWS.map((v) => (
            <Link
              key={v.view}
              to={href(v.view)}
              aria-current={v.view === data.view ? "page" : undefined}
              data-testid={`view-${v.view}`}
            >
              {v.label} <strong>{countOf[v.view]}</strong>
            </Link>
          ))}
        </nav>
        {clocks.length === 0 ? (
          <p className="muted" role="status">
            {current.empty}
          </p>
        ) : (
          <>
            <p className="hint" role="status">
              {current.label}:共 {data.matching} 项,按期限排序
              {data.pageCount > 1 ? `;第 ${data.page} / ${data.pageCount} 页` : ""}
            </p>
            <ColumnTable
              label={`${current.label}的办理时限`}
              layout="stack"
              columns={CLOCK_COLUMNS}
              rows={clocks}
              rowKey={(c) => c.id}
            />
          </>
        )}
        <Pagination page={data.page} pageCount={data.pageCount} href={(p) => href(data.view, p)} />
      </section>
    </>
  );
}
