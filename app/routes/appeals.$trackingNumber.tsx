import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CHANNEL_LABEL, mayViewAppeal, STATUS_LABEL } from "~/domain/appeal";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { appealEvents, attachmentsOf, getAppealByTrackingNumber } from "~/models/appeal.server";
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
  const [events, attachments] = await Promise.all([appealEvents(db, a.id), attachmentsOf(db, a.id)]);
  const nextCycle = a.cycleOpensAt > a.receivedAt;
  const next =
    a.status === "screening"
      ? `平台将于 ${formatInstantZh(a.screeningDueAt)} 前完成甄别,并短信告知结果。`
      : a.status === "registry_review"
        ? "企业信息与法人库不一致,正由市市场监督管理局核实;核实后进入甄别。"
        : a.status === "rejected"
          ? `不予受理:${a.rejectionReason ?? ""}`
          : a.status === "county"
            ? "已转县区政府(管委会)办理,办理结果将通过平台回复。"
            : "已转市直有关部门办理,部门将在规定时限内接收并回复。";
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

export default function AppealReceipt() {
  const { appeal: a, attachments, events, backTo } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const badge = a.status === "rejected" ? "badge--red" : a.status === "registry_review" ? "badge--warn" : "badge--ok";
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
