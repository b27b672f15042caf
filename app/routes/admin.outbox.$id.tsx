import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormMessage } from "~/components/field";
import { formatInstantZh } from "~/domain/calendar";
import {
  CHANNEL_LABEL,
  getOutboxMessage,
  resendFailedNotification,
  STATUS_BADGE,
  STATUS_LABEL,
  templateLabel,
} from "~/services/notifications.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `消息 #${data.message.id} · 消息发件箱 · 直通车` : "消息 · 直通车" },
];

const NOT_FOUND = "没有找到这条消息。";

const idParam = (value: string | undefined) => intParam(value, { max: Number.MAX_SAFE_INTEGER, message: NOT_FOUND });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const m = await getOutboxMessage(getDb(), idParam(params.id));
  invariantResponse(m, NOT_FOUND, 404);
  return {
    message: {
      id: m.id,
      channel: CHANNEL_LABEL[m.channel],
      isEmail: m.channel === "email",
      recipient: m.recipient,
      kind: templateLabel(m.template),
      subject: m.subject,
      bodyText: m.bodyText,
      bodyHtml: m.bodyHtml,
      trackingNumber: m.trackingNumber,
      status: m.status,
      statusLabel: STATUS_LABEL[m.status],
      statusBadge: STATUS_BADGE[m.status],
      attempts: m.attempts,
      lastError: m.lastError,
      nextAttemptAt: m.status === "pending" ? formatInstantZh(m.nextAttemptAt) : null,
      createdAt: formatInstantZh(m.createdAt),
      sentAt: m.sentAt ? formatInstantZh(m.sentAt) : null,
    },
  };
}

const resendSchema = z.object({ intent: z.literal("resend") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireArea(request, "office");
  const id = idParam(params.id);
  const parsed = resendSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ ok: null, error: "无法识别的操作。" }, { status: 400 });
  const db = getDb();
  invariantResponse(await getOutboxMessage(db, id), NOT_FOUND, 404);
  const queued = await resendFailedNotification(db, { id, actorId: user.id, now: now() });
  if (!queued) {
    return Response.json({ ok: null, error: "只有发送失败的消息可以重新发送。" }, { status: 409 });
  }
  return Response.json({ ok: "已重新放入发送队列,将在几秒内发送。", error: null });
}

export default function OutboxMessage() {
  const { message: m } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { ok: string | null; error: string | null } | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to="/admin/outbox">← 消息发件箱</Link>
      </p>
      <h1>
        {m.kind}
        {m.channel}
        <span className="muted" style={{ fontWeight: "normal" }}>
          {" "}
          #{m.id}
        </span>
      </h1>
      <FormMessage ok={actionData?.ok} error={actionData?.error} />

      <section className="card" aria-labelledby="message-facts-title">
        <h2 id="message-facts-title" style={{ marginTop: 0 }}>
          发送情况
        </h2>
        <dl className="facts">
          <dt>状态</dt>
          <dd>
            <span className={`badge ${m.statusBadge}`}>{m.statusLabel}</span>
          </dd>
          <dt>渠道</dt>
          <dd>{m.channel}</dd>
          <dt>收件人</dt>
          <dd style={{ wordBreak: "break-all" }}>{m.recipient}</dd>
          <dt>受理编号</dt>
          <dd>{m.trackingNumber ? <Link to={`/appeals/${m.trackingNumber}`}>{m.trackingNumber}</Link> : "—"}</dd>
          <dt>生成时间</dt>
          <dd>{m.createdAt}</dd>
          <dt>{m.status === "captured" ? "记录时间" : "发送时间"}</dt>
          <dd>{m.sentAt ?? "—"}</dd>
          <dt>尝试次数</dt>
          <dd>{m.attempts}</dd>
          {m.nextAttemptAt ? (
            <>
              <dt>{m.attempts > 0 ? "下次重试" : "计划发送"}</dt>
              <dd>{m.nextAttemptAt}</dd>
            </>
          ) : null}
          {m.lastError ? (
            <>
              <dt>最后一次错误</dt>
              <dd className="field-error" style={{ wordBreak: "break-word" }}>
                {m.lastError}
              </dd>
            </>
          ) : null}
        </dl>
        {m.status === "captured" ? (
          <p className="hint">未配置{m.isEmail ? "邮件服务器" : "短信网关"},此消息只在平台内记录,没有外发。</p>
        ) : null}
        {m.status === "failed" ? (
          <Form method="post" style={{ marginTop: "1rem" }}>
            <button type="submit" name="intent" value="resend" className="button" disabled={busy}>
              重新发送
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card" aria-labelledby="message-text-title">
        <h2 id="message-text-title" style={{ marginTop: 0 }}>
          {m.isEmail ? "邮件正文(纯文本)" : "短信内容"}
        </h2>
        {m.subject ? (
          <p>
            <strong>主题:</strong>
            {m.subject}
          </p>
        ) : null}
        <pre
          style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", font: "inherit", margin: 0 }}
          aria-label={m.isEmail ? "邮件纯文本正文" : "短信内容"}
        >
          {m.bodyText}
        </pre>
        {m.isEmail ? null : <p className="hint">共 {[...m.bodyText].length} 字</p>}
      </section>

      {m.bodyHtml ? (
        <section className="card" aria-labelledby="message-html-title">
          <h2 id="message-html-title" style={{ marginTop: 0 }}>
            邮件正文(HTML)
          </h2>
          {/* sandbox="" : the message renders with no scripts, forms or navigation, in an origin of its own. */}
          <iframe
            title="邮件 HTML 正文预览"
            sandbox=""
            srcDoc={m.bodyHtml}
            style={{
              width: "100%",
              height: "32rem",
              border: "1px solid var(--line)",
              borderRadius: 6,
              background: "#fff",
            }}
          />
        </section>
      ) : null}
    </>
  );
}
