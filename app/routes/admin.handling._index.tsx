import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateZh, formatInstant, formatInstantZh } from "~/domain/calendar";
import { CLOCK_LABEL, CLOCK_STATE_LABEL, clockState, formatDurationZh, type ClockState } from "~/domain/clocks";
import { ASSIGNMENT_ROLE_LABEL } from "~/domain/labels";
import {
  officeHandlingQueue,
  openClocksOverview,
  OVERVIEW_PAGE_SIZE,
  type OverviewView,
} from "~/models/handling.server";
import { overviewFilterSchema } from "~/schemas/handling";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { parseQuery } from "~/utils/params.server";
import { Pagination } from "~/components/pagination";

export const meta: MetaFunction = () => [{ title: "办理协调 · 直通车" }];

/** "11月25日 24:00": the year is the page's own; the full date is in the title. */
function shortInstant(d: Date): string {
  const s = formatInstant(d);
  const time = s.slice(11, 19) === "23:59:59" ? "24:00" : s.slice(11, 16);
  return `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${time}`;
}

function instant(d: Date) {
  return { short: shortInstant(d), full: formatInstantZh(d) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin"]);
  const filter = parseQuery(overviewFilterSchema, new URL(request.url).searchParams);
  const db = getDb();
  const at = now();
  const [queue, overview] = await Promise.all([
    officeHandlingQueue(db),
    openClocksOverview(db, at, { view: filter.view, page: filter.page }),
  ]);
  return {
    view: filter.view,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(overview.matching / OVERVIEW_PAGE_SIZE)),
    counts: overview.counts,
    matching: overview.matching,
    disputes: queue.disputes.map((d) => ({
      id: d.assignmentId,
      trackingNumber: d.trackingNumber,
      title: d.title,
      organisation: d.organisationName,
      role: ASSIGNMENT_ROLE_LABEL[d.role],
      disputed: d.disputedAt ? instant(d.disputedAt) : null,
      reason: d.disputeReason,
      proposed: d.proposedOwnerName ?? d.proposedOwnerText,
    })),
    extensions: queue.extensions.map((x) => ({
      id: x.extensionId,
      trackingNumber: x.trackingNumber,
      title: x.title,
      organisation: x.organisationName,
      clock: CLOCK_LABEL[x.clockKind],
      due: instant(x.dueAt),
      late: x.dueAt < at,
      requestedDate: x.requestedDueDate ? formatDateZh(x.requestedDueDate) : null,
      requested: instant(x.requestedAt),
      reason: x.reason,
    })),
    escalations: queue.escalations.map((e) => ({
      id: e.appealId,
      trackingNumber: e.trackingNumber,
      title: e.title,
      county: e.countyName,
      requested: e.requestedAt ? instant(e.requestedAt) : null,
    })),
    clocks: overview.rows.map((c) => {
      const state = clockState({ dueAt: c.dueAt, remindAt: c.remindAt, finishedAt: null }, at);
      return {
        id: c.id,
        trackingNumber: c.trackingNumber,
        title: c.title,
        organisation: c.organisationName,
        role: ASSIGNMENT_ROLE_LABEL[c.role],
        step: CLOCK_LABEL[c.kind],
        started: instant(c.startedAt),
        due: instant(c.dueAt),
        originalDue: c.originalDueAt.getTime() !== c.dueAt.getTime() ? formatInstantZh(c.originalDueAt) : null,
        state,
        lateBy: state === "late" ? formatDurationZh(at.getTime() - c.dueAt.getTime()) : null,
      };
    }),
  };
}

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
          <div>
            <dt>异议待重新交办</dt>
            <dd>
              <a href="#disputes" data-testid="count-disputes">
                {disputes.length}
              </a>
            </dd>
          </div>
          <div>
            <dt>延期申请待审核</dt>
            <dd>
              <a href="#extensions" data-testid="count-extensions">
                {extensions.length}
              </a>
            </dd>
          </div>
          <div>
            <dt>提级申请待审核</dt>
            <dd>
              <a href="#escalations" data-testid="count-escalations">
                {escalations.length}
              </a>
            </dd>
          </div>
          <div>
            <dt>办理时限已逾期</dt>
            <dd className={counts.late ? "count--red" : undefined}>
              <Link to={href("late")} data-testid="count-late">
                {counts.late}
              </Link>
            </dd>
          </div>
          <div>
            <dt>办理时限即将到期</dt>
            <dd className={counts.dueSoon ? "count--warn" : undefined}>
              <Link to={href("due_soon")} data-testid="count-due-soon">
                {counts.dueSoon}
              </Link>
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" id="disputes" aria-labelledby="disputes-heading">
        <h2 id="disputes-heading" style={{ marginTop: 0 }}>
          异议待重新交办 <span className="count-pill">{disputes.length}</span>
        </h2>
        {disputes.length === 0 ? (
          <p className="muted" role="status">
            目前没有待重新交办的异议。
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table table--stack" aria-label="异议待重新交办">
              <thead>
                <tr>
                  <th scope="col">诉求</th>
                  <th scope="col">提出异议的单位</th>
                  <th scope="col">提出时间</th>
                  <th scope="col">异议理由</th>
                  <th scope="col">建议承办单位</th>
                </tr>
              </thead>
              <tbody>
                {disputes.map((d) => (
                  <tr key={d.id}>
                    <td data-label="诉求">
                      <AppealCell trackingNumber={d.trackingNumber} title={d.title} />
                    </td>
                    <td data-label="单位">
                      {d.organisation}
                      <div className="hint">{d.role}</div>
                    </td>
                    <td data-label="提出时间">
                      <When at={d.disputed} />
                    </td>
                    <td data-label="异议理由" className="cell-text">
                      {d.reason}
                    </td>
                    <td data-label="建议承办">{d.proposed ?? <span className="muted">未提出</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" id="extensions" aria-labelledby="extensions-heading">
        <h2 id="extensions-heading" style={{ marginTop: 0 }}>
          延期申请待审核 <span className="count-pill">{extensions.length}</span>
        </h2>
        {extensions.length === 0 ? (
          <p className="muted" role="status">
            目前没有待审核的延期申请。
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table table--stack" aria-label="延期申请待审核">
              <thead>
                <tr>
                  <th scope="col">诉求</th>
                  <th scope="col">申请单位</th>
                  <th scope="col">办理环节</th>
                  <th scope="col">现期限</th>
                  <th scope="col">申请延至</th>
                  <th scope="col">理由</th>
                </tr>
              </thead>
              <tbody>
                {extensions.map((x) => (
                  <tr key={x.id}>
                    <td data-label="诉求">
                      <AppealCell trackingNumber={x.trackingNumber} title={x.title} />
                    </td>
                    <td data-label="申请单位">
                      {x.organisation}
                      <div className="hint">
                        <When at={x.requested} /> 申请
                      </div>
                    </td>
                    <td data-label="办理环节">{x.clock}</td>
                    <td data-label="现期限">
                      <When at={x.due} />
                      {x.late ? (
                        <div>
                          <span className="badge badge--red">已逾期</span>
                        </div>
                      ) : null}
                    </td>
                    <td data-label="申请延至">{x.requestedDate ?? <span className="muted">未写明</span>}</td>
                    <td data-label="理由" className="cell-text">
                      {x.reason}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" id="escalations" aria-labelledby="escalations-heading">
        <h2 id="escalations-heading" style={{ marginTop: 0 }}>
          提级申请待审核 <span className="count-pill">{escalations.length}</span>
        </h2>
        {escalations.length === 0 ? (
          <p className="muted" role="status">
            目前没有待审核的提级申请。
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table table--stack" aria-label="提级申请待审核">
              <thead>
                <tr>
                  <th scope="col">诉求</th>
                  <th scope="col">申请县区</th>
                  <th scope="col">申请时间</th>
                </tr>
              </thead>
              <tbody>
                {escalations.map((e) => (
                  <tr key={e.id}>
                    <td data-label="诉求">
                      <AppealCell trackingNumber={e.trackingNumber} title={e.title} />
                    </td>
                    <td data-label="申请县区">{e.county ?? <span className="muted">—</span>}</td>
                    <td data-label="申请时间">
                      <When at={e.requested} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

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
            <div className="table-wrap">
              <table className="table table--stack" aria-label={`${current.label}的办理时限`}>
                <thead>
                  <tr>
                    <th scope="col">诉求</th>
                    <th scope="col">承办单位</th>
                    <th scope="col">办理环节</th>
                    <th scope="col">期限</th>
                    <th scope="col">状态</th>
                  </tr>
                </thead>
                <tbody>
                  {clocks.map((c) => (
                    <tr key={c.id}>
                      <td data-label="诉求">
                        <AppealCell trackingNumber={c.trackingNumber} title={c.title} anchor="handling" />
                      </td>
                      <td data-label="承办单位">
                        {c.organisation}
                        <div className="hint">{c.role}</div>
                      </td>
                      <td data-label="办理环节">
                        {c.step}
                        <div className="hint">
                          <When at={c.started} /> 起
                        </div>
                      </td>
                      <td data-label="期限">
                        <When at={c.due} />
                        {c.originalDue ? <div className="hint">已延期,原期限 {c.originalDue}</div> : null}
                      </td>
                      <td data-label="状态">
                        <span className={`badge ${STATE_BADGE[c.state]}`}>{CLOCK_STATE_LABEL[c.state]}</span>
                        {c.lateBy ? <div className="hint">已超 {c.lateBy}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <Pagination page={data.page} pageCount={data.pageCount} href={(p) => href(data.view, p)} />
      </section>
    </>
  );
}
