import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormMessage } from "~/components/field";
import { formatInstantZh } from "~/domain/calendar";
import { describeUserAgent } from "~/domain/user-agent";
import { endOwnSession, endSessionsOfUser, sessionsOfUser } from "~/services/sessions.server";
import { requireUser } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { clientAddress, requestSession } from "~/utils/session.server";

async function signedIn(request: Request) {
  const user = await requireUser(request);
  return { user, session: (await requestSession(request))! };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, session } = await signedIn(request);
  const rows = await sessionsOfUser(getDb(), user.id);
  return {
    sessions: rows.map((s) => ({
      id: s.id,
      current: s.id === session.id,
      device: describeUserAgent(s.userAgent),
      ip: s.ip,
      createdAt: formatInstantZh(s.createdAt),
      lastSeenAt: formatInstantZh(s.lastSeenAt),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await signedIn(request);
  const form = await request.formData();
  const at = now();
  const ip = clientAddress(request);
  if (form.get("intent") === "others") {
    const ended = await endSessionsOfUser(getDb(), {
      userId: user.id,
      reason: "by_user",
      actorId: user.id,
      at,
      exceptSessionId: session.id,
      ip,
    });
    return { ok: ended > 0 ? `已退出其他 ${ended} 个设备。` : "没有其他设备处于登录状态。", error: null };
  }
  const id = form.get("sessionId");
  if (typeof id !== "string" || !/^\d{1,18}$/.test(id) || id === session.id) {
    return Response.json({ ok: null, error: "请选择要退出的其他设备" }, { status: 400 });
  }
  const ended = await endOwnSession(getDb(), { userId: user.id, sessionId: id, at, ip });
  return { ok: ended ? "该设备已退出登录。" : "该设备已不在登录状态。", error: null };
}

export default function AccountSessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const others = sessions.filter((s) => !s.current).length;
  return (
    <section className="card stack" aria-labelledby="sessions-title">
      <h1 id="sessions-title">登录设备</h1>
      <p className="muted">
        以下设备正在使用您的账号。长时间不操作(工作人员 30 分钟,企业 2 小时)或登录满 12 小时后,登录自动失效。
      </p>
      <FormMessage ok={result?.ok} error={result?.error} />
      <div className="table-wrap">
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">设备</th>
              <th scope="col">地址</th>
              <th scope="col">登录时间</th>
              <th scope="col">最近活动</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td data-label="设备">
                  {s.device} {s.current ? <span className="badge badge--ok">当前设备</span> : null}
                </td>
                <td data-label="地址">{s.ip}</td>
                <td data-label="登录时间">{s.createdAt}</td>
                <td data-label="最近活动">{s.lastSeenAt}</td>
                <td data-label="操作">
                  {s.current ? (
                    "—"
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button type="submit" className="button button--quiet" disabled={busy}>
                        退出该设备
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others > 0 ? (
        <Form
          method="post"
          onSubmit={(e) => {
            if (!window.confirm(`确定退出其他 ${others} 个设备上的登录吗?`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="others" />
          <button type="submit" className="button button--secondary" disabled={busy}>
            退出其他设备
          </button>
        </Form>
      ) : null}
    </section>
  );
}
