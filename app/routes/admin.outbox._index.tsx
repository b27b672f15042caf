import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ListFilterCard, ListTable } from "~/components/admin-list";
import { FilterSelect } from "~/components/filter-select";
import { formatInstant } from "~/domain/calendar";
import { maskPhone, maskPhonesInText } from "~/domain/personal-data";
import {
  CHANNEL_LABEL,
  listOutbox,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  OUTBOX_PAGE_SIZE,
  STATUS_BADGE,
  STATUS_LABEL,
  templateLabel,
} from "~/services/notifications.server";
import { requireArea } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageQuery } from "~/utils/params.server";
import { listHref } from "~/utils/params";

export const meta: MetaFunction = () => [{ title: "消息发件箱 · 直通车" }];

const short = (d: Date) => formatInstant(d).slice(0, 16).replace("T", " ");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const params = new URL(request.url).searchParams;
  const statusParam = params.get("status") ?? "";
  const status = NOTIFICATION_STATUSES.find((s) => s === statusParam);
  const channelParam = params.get("channel") ?? "";
  const channel = NOTIFICATION_CHANNELS.find((c) => c === channelParam);
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const page = pageQuery(params);

  const { total, rows } = await listOutbox(getDb(), { status, channel, q: q || undefined, page });
  return {
    filter: { status: status ?? "", channel: channel ?? "", q },
    page,
    total,
    pageCount: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)),
    statuses: NOTIFICATION_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] })),
    channels: NOTIFICATION_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] })),
    messages: rows.map((r) => ({
      id: r.id,
      channel: CHANNEL_LABEL[r.channel],
      // A list shows a mobile masked; the message's own page has it in full (and the search still finds it).
      recipient: r.channel === "sms" ? maskPhone(r.recipient) : r.recipient,
      kind: templateLabel(r.template),
      summary: maskPhonesInText(r.subject ?? r.textStart),
      trackingNumber: r.trackingNumber,
      status: r.status,
      statusLabel: STATUS_LABEL[r.status],
      statusBadge: STATUS_BADGE[r.status],
      attempts: r.attempts,
      lastError: r.lastError,
      nextAttemptAt: r.status === "pending" && r.attempts > 0 ? short(r.nextAttemptAt) : null,
      createdAt: short(r.createdAt),
      sentAt: r.sentAt ? short(r.sentAt) : null,
    })),
  };
}

export default function Outbox() {
  const { filter, page, total, pageCount, statuses, channels, messages } = useLoaderData<typeof loader>();
  const filtered = Boolean(filter.status || filter.channel || filter.q);
  const pageHref = (p: number) =>
    listHref("/admin/outbox", { status: filter.status, channel: filter.channel, q: filter.q }, p);
  return (
    <>
      <h1>消息发件箱</h1>
      <p className="muted">
        平台发出的每一条短信和邮件都保存在这里。未配置短信网关或邮件服务器时,消息只在此记录(“已记录”),不会外发;
        发送失败的消息会自动重试,重试 12 次仍失败的可打开后重新发送。
      </p>

      <ListFilterCard
        id="outbox"
        title="查找消息"
        action="/admin/outbox"
        q={filter.q}
        placeholder="收件人、受理编号或主题"
        filtered={filtered}
      >
        <FilterSelect
          id="outbox-status"
          name="status"
          label="状态"
          all="全部状态"
          defaultValue={filter.status}
          options={statuses}
        />
        <FilterSelect
          id="outbox-channel"
          name="channel"
          label="渠道"
          all="全部渠道"
          defaultValue={filter.channel}
          options={channels}
        />
      </ListFilterCard>

      <ListTable
        rows={messages.length}
        total={total}
        unit="条消息"
        page={page}
        pageCount={pageCount}
        href={pageHref}
        empty={<p>{filtered ? "没有符合条件的消息。请调整查找条件。" : "还没有任何消息。"}</p>}
        caption="消息列表(最新的在前)"
        minWidth="56rem"
        columns={["生成时间", "渠道", "收件人", "内容", "受理编号", "状态"]}
      >
        {messages.map((m) => (
          <tr key={m.id}>
            <td style={{ whiteSpace: "nowrap" }}>{m.createdAt}</td>
            <td>{m.channel}</td>
            <td style={{ wordBreak: "break-all" }}>{m.recipient}</td>
            <td>
              <span className="muted">{m.kind}</span>
              <br />
              <Link to={`/admin/outbox/${m.id}`}>{m.summary}</Link>
            </td>
            <td>
              {m.trackingNumber ? (
                <Link to={`/appeals/${m.trackingNumber}`}>{m.trackingNumber}</Link>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td>
              <span className={`badge ${m.statusBadge}`}>{m.statusLabel}</span>
              {m.attempts > 0 ? (
                <>
                  {" "}
                  <span className="badge badge--grey">已尝试 {m.attempts} 次</span>
                </>
              ) : null}
              {m.sentAt ? <div className="hint">{m.sentAt}</div> : null}
              {m.nextAttemptAt ? <div className="hint">下次重试 {m.nextAttemptAt}</div> : null}
              {m.lastError ? (
                <div className="field-error" title={m.lastError} style={{ maxWidth: "18rem" }}>
                  {m.lastError.length > 100 ? `${m.lastError.slice(0, 100)}…` : m.lastError}
                </div>
              ) : null}
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
