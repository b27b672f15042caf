import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatInstantZh } from "~/domain/calendar";
import { ROLE_LABEL } from "~/domain/roles";
import { securityEventLabel } from "~/domain/security-events";
import { isStaff, passwordChangeDue } from "~/domain/session-policy";
import { describeUserAgent } from "~/domain/user-agent";
import { unusedRecoveryCodes } from "~/models/second-factor.server";
import { recentSecurityEventsOfUser } from "~/models/security-event.server";
import { sessionsOfUser } from "~/models/session.server";
import { accountOverview } from "~/models/user.server";
import { requireUser } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { sessionSettings } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const [account, sessions, codes, events] = await Promise.all([
    accountOverview(db, user.id),
    sessionsOfUser(db, user.id),
    unusedRecoveryCodes(db, user.id),
    recentSecurityEventsOfUser(db, user.id),
  ]);
  const settings = sessionSettings();
  return {
    username: account.username,
    displayName: account.displayName,
    roleLabel: ROLE_LABEL[account.role],
    organisationName: account.organisationName,
    passwordChangedAt: formatInstantZh(account.passwordChangedAt),
    passwordAgeLimit: isStaff(account.role) && settings.passwordMaxAgeDays > 0 ? settings.passwordMaxAgeDays : null,
    passwordDue: passwordChangeDue(
      { role: account.role, mustChangePassword: false, passwordChangedAt: account.passwordChangedAt },
      settings,
      now(),
    ),
    secondFactorSince: account.totpEnabledAt ? formatInstantZh(account.totpEnabledAt) : null,
    secondFactorRequired: isStaff(account.role) && settings.requireStaffSecondFactor,
    recoveryCodesLeft: codes,
    sessionCount: sessions.length,
    events: events.map((e) => ({
      id: e.id,
      at: formatInstantZh(e.at),
      label: securityEventLabel(e.kind),
      ip: e.ip ?? "—",
      device: describeUserAgent(e.userAgent),
    })),
  };
}

export default function AccountOverview() {
  const a = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card" aria-labelledby="account-title">
        <h1 id="account-title">我的账号</h1>
        <dl className="facts">
          <dt>登录名</dt>
          <dd>{a.username}</dd>
          <dt>姓名</dt>
          <dd>{a.displayName}</dd>
          <dt>角色</dt>
          <dd>{a.roleLabel}</dd>
          <dt>所属单位</dt>
          <dd>{a.organisationName}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="security-title">
        <h2 id="security-title">登录安全</h2>
        <dl className="facts">
          <dt>密码</dt>
          <dd>
            最近修改于 {a.passwordChangedAt}
            {a.passwordAgeLimit ? `(工作人员密码每 ${a.passwordAgeLimit} 天须更换)` : ""}{" "}
            <Link to="/account/password">修改密码</Link>
          </dd>
          <dt>动态口令</dt>
          <dd>
            {a.secondFactorSince ? (
              <>
                已启用(自 {a.secondFactorSince}),剩余恢复码 {a.recoveryCodesLeft} 个{" "}
              </>
            ) : (
              <>{a.secondFactorRequired ? "未启用(登录时须先绑定)" : "未启用"} </>
            )}
            <Link to="/account/two-factor">{a.secondFactorSince ? "管理" : "启用"}</Link>
          </dd>
          <dt>登录设备</dt>
          <dd>
            {a.sessionCount} 个设备处于登录状态 <Link to="/account/sessions">查看或退出</Link>
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="events-title">
        <h2 id="events-title">最近的登录与安全记录</h2>
        {a.events.length === 0 ? (
          <p className="muted">暂无记录。</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--stack">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">事件</th>
                  <th scope="col">地址</th>
                  <th scope="col">设备</th>
                </tr>
              </thead>
              <tbody>
                {a.events.map((e) => (
                  <tr key={e.id}>
                    <td data-label="时间">{e.at}</td>
                    <td data-label="事件">{e.label}</td>
                    <td data-label="地址">{e.ip}</td>
                    <td data-label="设备">{e.device}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted">如发现不是您本人的登录,请立即修改密码并退出其他设备,同时告知平台管理员。</p>
      </section>
    </>
  );
}
