import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "~/components/filter-select";
import { Pagination } from "~/components/pagination";
import { addDays, formatInstantZh, isLocalDate, startOfDay } from "~/domain/calendar";
import { maskPhonesInText } from "~/domain/personal-data";
import {
  isSecurityEventKind,
  SECURITY_EVENT_KINDS,
  SECURITY_EVENT_LABELS,
  securityEventLabel,
} from "~/domain/security-events";
import { describeUserAgent } from "~/domain/user-agent";
import {
  listSecurityEvents,
  SECURITY_LOG_ACCOUNT_CAP,
  SECURITY_LOG_COUNT_CAP,
  SECURITY_LOG_PAGE_SIZE,
} from "~/models/security-event.server";
import { requireArea } from "~/utils/auth.server";
import { pageQuery } from "~/utils/params.server";
import { getDb } from "~/utils/db.server";
import { listHref } from "~/utils/params";

export const meta: MetaFunction = () => [{ title: "安全日志 · 直通车" }];

const MAX_PAGE = Math.ceil(SECURITY_LOG_COUNT_CAP / SECURITY_LOG_PAGE_SIZE);

/** A filter's text as typed, trimmed and cut short; control characters never reach a query. */
function textParam(value: string | null, max: number): string {
  return (value ?? "")
    .replace(/\p{Cc}/gu, "")
    .trim()
    .slice(0, max);
}

/** An event's details (JSON the services wrote) as short "key: value" lines; mobiles in them masked. */
function detailLines(detail: unknown): string[] {
  if (detail === null || detail === undefined) return [];
  const value = typeof detail === "string" ? safeParse(detail) : detail;
  const entries =
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>)
      : [["", value] as const];
  return entries.map(([k, v]) => {
    const text = typeof v === "string" ? v : JSON.stringify(v);
    const shown = maskPhonesInText(text.length > 200 ? `${text.slice(0, 200)}…` : text);
    return k ? `${k}: ${shown}` : shown;
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const params = new URL(request.url).searchParams;
  const kindParam = params.get("kind") ?? "";
  const kind = isSecurityEventKind(kindParam) ? kindParam : undefined;
  const account = textParam(params.get("account"), 64);
  const ip = textParam(params.get("ip"), 64);
  const fromParam = params.get("from") ?? "";
  const toParam = params.get("to") ?? "";
  const from = isLocalDate(fromParam) ? fromParam : "";
  const to = isLocalDate(toParam) ? toParam : "";
  const page = pageQuery(params, MAX_PAGE);
  const badDates = Boolean(from && to && from > to);

  const result = badDates
    ? { total: 0, capped: false, moreAccounts: false, rows: [] }
    : await listSecurityEvents(
        getDb(),
        {
          kind,
          account: account || undefined,
          ip: ip || undefined,
          from: from ? startOfDay(from) : undefined,
          // The whole of the last day: until 00:00 of the next.
          to: to ? startOfDay(addDays(to, 1)) : undefined,
        },
        page,
      );
  return {
    filter: { kind: kind ?? "", account, ip, from, to },
    badDates,
    page,
    total: result.total,
    capped: result.capped,
    moreAccounts: result.moreAccounts,
    pageCount: Math.max(1, Math.ceil(result.total / SECURITY_LOG_PAGE_SIZE)),
    kinds: SECURITY_EVENT_KINDS.map((k) => ({ value: k, label: SECURITY_EVENT_LABELS[k] })),
    events: result.rows.map((r) => ({
      id: String(r.id),
      at: formatInstantZh(r.at),
      kind: securityEventLabel(r.kind),
      // A user name may be a mobile number (an enterprise signs in with its own): a list shows it masked.
      account:
        r.userId !== null
          ? {
              id: r.userId,
              username: maskPhonesInText(r.accountUsername ?? r.givenName ?? `#${r.userId}`),
              name: r.accountName,
            }
          : null,
      givenName: r.userId === null ? maskPhonesInText(r.givenName) : null,
      actor:
        r.actorId !== null
          ? { id: r.actorId, name: r.actorName ?? `#${r.actorId}`, username: maskPhonesInText(r.actorUsername) }
          : null,
      ip: r.ip,
      device: r.userAgent ? describeUserAgent(r.userAgent) : null,
      userAgent: r.userAgent,
      details: detailLines(r.detail),
    })),
  };
}

export default function SecurityLog() {
  const data = useLoaderData<typeof loader>();
  const { filter, page, total, pageCount, events } = data;
  const filtered = Boolean(filter.kind || filter.account || filter.ip || filter.from || filter.to);
  const pageHref = (p: number) =>
    listHref(
      "/admin/security",
      { kind: filter.kind, account: filter.account, ip: filter.ip, from: filter.from, to: filter.to },
      p,
    );
  return (
    <>
      <h1>安全日志</h1>
      <p className="muted">
        {"登录、登录失败与受限、退出、会话结束、修改与重置密码、动态口令的启用与重置等安全事件都记录在这里。" +
          "日志只能追加:平台不提供修改或删除的功能,数据库也拒绝对它的任何修改和删除。" +
          "“操作人”是代为操作的管理员,本人操作时为空。"}
      </p>

      <section className="card" aria-labelledby="security-filter-title">
        <h2 id="security-filter-title" style={{ marginTop: 0 }}>
          查找事件
        </h2>
        <Form method="get" action="/admin/security" className="inline-form" role="search">
          <FilterSelect
            id="security-kind"
            name="kind"
            label="事件类型"
            all="全部类型"
            defaultValue={filter.kind}
            options={data.kinds}
          />
          <div className="field">
            <label htmlFor="security-account">账号</label>
            <input
              id="security-account"
              name="account"
              type="search"
              defaultValue={filter.account}
              placeholder="用户名或姓名"
              maxLength={64}
            />
          </div>
          <div className="field">
            <label htmlFor="security-ip">客户端地址</label>
            <input
              id="security-ip"
              name="ip"
              type="search"
              defaultValue={filter.ip}
              placeholder="完整的 IP 地址"
              maxLength={64}
              inputMode="decimal"
              autoComplete="off"
            />
          </div>
          <div className="field">
            <label htmlFor="security-from">开始日期</label>
            <input id="security-from" name="from" type="date" defaultValue={filter.from} />
          </div>
          <div className="field">
            <label htmlFor="security-to">结束日期</label>
            <input id="security-to" name="to" type="date" defaultValue={filter.to} />
          </div>
          <button type="submit" className="button">
            查找
          </button>
          {filtered ? <Link to="/admin/security">清除条件</Link> : null}
        </Form>
        <p className="hint">
          “账号”按用户名或姓名查找已有账号的事件;登录时输入了不存在的用户名的,请选择“登录失败”类型,在详情中查看输入的名称。
        </p>
      </section>

      {data.badDates ? (
        <p className="card field-error" role="alert">
          开始日期不能晚于结束日期,请重新选择。
        </p>
      ) : null}
      {data.moreAccounts ? (
        <p className="card" role="status">
          符合“{filter.account}”的账号超过 {SECURITY_LOG_ACCOUNT_CAP} 个,只列出其中前 {SECURITY_LOG_ACCOUNT_CAP}{" "}
          个账号的事件。请输入更完整的用户名或姓名。
        </p>
      ) : null}

      {events.length === 0 ? (
        data.badDates ? null : (
          <div className="card" role="status">
            <p>{filtered ? "没有符合条件的安全事件。请调整查找条件。" : "还没有任何安全事件。"}</p>
          </div>
        )
      ) : (
        <>
          <p className="muted" role="status">
            {data.capped ? `符合条件的事件超过 ${total} 条,请缩小日期范围` : `共 ${total} 条事件`}
            {pageCount > 1 ? `,第 ${page} / ${pageCount} 页` : ""}
          </p>
          <div className="table-wrap">
            <table className="table table--stack" aria-label="安全事件(最新的在前)">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">事件</th>
                  <th scope="col">账号</th>
                  <th scope="col">操作人</th>
                  <th scope="col">客户端地址</th>
                  <th scope="col">浏览器/设备</th>
                  <th scope="col">详情</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td data-label="时间" style={{ whiteSpace: "nowrap" }}>
                      <span>{e.at}</span>
                    </td>
                    <td data-label="事件">
                      <span>{e.kind}</span>
                    </td>
                    <td data-label="账号">
                      {e.account ? (
                        <span>
                          <Link to={`/admin/users/${e.account.id}`}>{e.account.username}</Link>
                          {e.account.name ? <span className="muted"> {e.account.name}</span> : null}
                        </span>
                      ) : e.givenName ? (
                        <span>
                          {e.givenName} <span className="muted">(无此账号)</span>
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td data-label="操作人">
                      {e.actor ? (
                        <span>
                          <Link to={`/admin/users/${e.actor.id}`}>{e.actor.name}</Link>
                          {e.actor.username ? <span className="muted"> {e.actor.username}</span> : null}
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td data-label="客户端地址" style={{ wordBreak: "break-all" }}>
                      <span>{e.ip ?? "—"}</span>
                    </td>
                    <td data-label="浏览器/设备">
                      <span title={e.userAgent ?? undefined}>{e.device ?? "—"}</span>
                    </td>
                    <td data-label="详情" style={{ wordBreak: "break-word" }}>
                      {e.details.length ? (
                        <span>
                          {e.details.map((line, i) => (
                            <span key={i} className="security-detail">
                              {line}
                            </span>
                          ))}
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Pagination page={page} pageCount={pageCount} href={pageHref} />
    </>
  );
}
