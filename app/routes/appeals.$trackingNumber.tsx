import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CHANNEL_LABEL, mayViewAppeal, STATUS_LABEL, type AppealStatus } from "~/domain/appeal";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { appealEvents, attachmentsOf, getAppealByTrackingNumber } from "~/models/appeal.server";
import { handlingOf } from "~/models/handling.server";
import { ErrorPage } from "~/root";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `诉求 ${data.appeal.trackingNumber} · 直通车` : "诉求 · 直通车" },
];

const NOT_FOUND = "没有找到该诉求,请核对受理编号。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["enterprise", "window_clerk", "hotline_operator", "platform_admin"]);
  const db = getDb();
  const a = await getAppealByTrackingNumber(db, String(params.trackingNumber ?? ""));
  // Someone else's appeal answers exactly like a missing one: its existence is not disclosed.
  if (!a || !mayViewAppeal(user, a)) throw new Response(NOT_FOUND, { status: 404 });
  const [events, attachments, handling] = await Promise.all([
    appealEvents(db, a.id),
    attachmentsOf(db, a.id),
    handlingOf(db, a.id),
  ]);
  const nextCycle = a.cycleOpensAt > a.receivedAt;
  // Only what the enterprise may read: the county's reply to it, never internal opinions or assignments.
  const countyReply =
    a.status === "county_resolved" ? handling.replies.filter((r) => r.kind === "county_reply").at(-1) : undefined;
  const leadAtWork = handling.assignments.some((x) => x.role === "lead" && x.state === "accepted" && !x.endedAt);
  const next = nextStep(a.status, {
    screeningDueAt: a.screeningDueAt,
    rejectionReason: a.rejectionReason,
    leadAtWork,
  });
  return {
    appeal: {
      trackingNumber: a.trackingNumber,
      title: a.title,
      content: a.content,
      category: a.categoryName,
      channel: CHANNEL_LABEL[a.channel],
      status: a.status,
      statusLabel: STATUS_LABEL[a.status],
      enterpriseName: a.enterpriseName,
      creditCode: a.creditCode,
      receivedAt: formatInstantZh(a.receivedAt),
      cycleNumber: a.cycleNumber,
      onsite: formatDateZh(a.cycleOnsiteDate),
      nextCycle,
      publishName: a.publishName,
      next,
    },
    countyReply: countyReply
      ? {
          organisation: countyReply.organisationName,
          at: formatInstantZh(countyReply.createdAt),
          body: countyReply.body,
          attachments: countyReply.attachments.map((f) => f.filename),
        }
      : null,
    attachments: attachments.map((f) => ({
      id: f.id,
      filename: f.filename,
      size: `${Math.max(1, Math.round(f.size / 1024))} KB`,
    })),
    events: events
      .filter((e) => e.publicNote)
      .map((e) => ({ id: String(e.id), at: formatInstantZh(e.at), note: e.publicNote! })),
    backTo: user.role === "platform_admin" ? "/admin/screening" : "/appeals",
  };
}

/** What happens next, in plain words for the enterprise. */
function nextStep(
  status: AppealStatus,
  a: { screeningDueAt: Date; rejectionReason: string | null; leadAtWork: boolean },
): string {
  switch (status) {
    case "screening":
      return `平台将于 ${formatInstantZh(a.screeningDueAt)} 前完成甄别,并短信告知结果。`;
    case "registry_review":
      return "企业信息与法人库不一致,正由市市场监督管理局核实;核实后进入甄别。";
    case "rejected":
      return `不予受理:${a.rejectionReason ?? ""}`;
    case "county":
      return "已转县区政府(管委会)办理,办理结果将通过平台回复。";
    case "escalation_review":
      return "县区认为需要由市级协调解决,已申请转市直部门办理,平台正在审核;审核结果将通过平台告知您。";
    case "county_resolved":
      return "县区已办结并答复,答复内容见下方。如有疑问,可联系承办县区。";
    case "city":
      return a.leadAtWork
        ? "牵头部门已接收,正在办理,将在规定时限内提出办理意见。"
        : "已转市直有关部门办理,部门将在规定时限内接收并办理。";
    case "replied":
      return "牵头部门已提出办理意见,平台将汇总后答复您。";
  }
}

export default function AppealReceipt() {
  const { appeal: a, attachments, events, backTo, countyReply } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const badge =
    a.status === "rejected"
      ? "badge--red"
      : a.status === "registry_review" || a.status === "escalation_review"
        ? "badge--warn"
        : "badge--ok";
  return (
    <>
      <p>
        <Link to={backTo}>← 返回</Link>
      </p>
      {params.get("new") ? (
        <div className="alert alert--ok" role="status">
          诉求已提交成功。请记下受理编号,可随时在“我的诉求”中查看办理进度。
        </div>
      ) : null}
      <section className="card">
        <h1>诉求回执</h1>
        <dl className="facts">
          <dt>受理编号</dt>
          <dd>
            <strong data-testid="tracking-number" style={{ fontSize: "1.2rem", letterSpacing: ".05em" }}>
              {a.trackingNumber}
            </strong>
          </dd>
          <dt>当前状态</dt>
          <dd>
            <span className={`badge ${badge}`}>{a.statusLabel}</span>
          </dd>
          <dt>所属期次</dt>
          <dd>
            第{a.cycleNumber}期,现场活动日 {a.onsite}
          </dd>
          <dt>受理时间</dt>
          <dd>
            {a.receivedAt}({a.channel})
          </dd>
          <dt>企业</dt>
          <dd>
            {a.enterpriseName}({a.creditCode})
          </dd>
          <dt>诉求类别</dt>
          <dd>{a.category}</dd>
        </dl>
        {a.nextCycle ? (
          <p className="alert alert--warn" role="note">
            提交时本期预约已截止,您的诉求已顺延纳入第{a.cycleNumber}期(现场活动日 {a.onsite})。
          </p>
        ) : null}
        <p>
          <strong>下一步:</strong>
          {a.next}
        </p>
      </section>
      {countyReply ? (
        <section className="card" aria-labelledby="county-reply-heading">
          <h2 id="county-reply-heading" style={{ marginTop: 0 }}>
            县区答复
          </h2>
          <p className="hint" style={{ marginTop: 0 }}>
            {countyReply.organisation} · {countyReply.at}
          </p>
          <p style={{ whiteSpace: "pre-wrap" }} data-testid="county-reply">
            {countyReply.body}
          </p>
          {countyReply.attachments.length ? <p className="hint">附件:{countyReply.attachments.join("、")}</p> : null}
        </section>
      ) : null}
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{a.title}</h2>
        <p style={{ whiteSpace: "pre-wrap" }}>{a.content}</p>
        {attachments.length ? (
          <>
            <h3>附件</h3>
            <ul>
              {attachments.map((f) => (
                <li key={f.id}>
                  {f.filename}({f.size})
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="hint">{a.publishName ? "同意公开时显示企业名称" : "公开答复时将隐去企业名称"}</p>
      </section>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>办理进度</h2>
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id}>
              <div>{e.note}</div>
              <div className="hint">{e.at}</div>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
