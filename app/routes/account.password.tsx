import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormMessage } from "~/components/field";
import { InputField } from "~/components/intent-form";
import { passwordChangeDue } from "~/domain/session-policy";
import { changePasswordSchema } from "~/schemas/auth";
import { changeOwnPassword } from "~/services/password-change.server";
import { requireUser, safeRedirect } from "~/utils/auth.server";
import { intQuery } from "~/utils/params.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { clientAddress, requestSession, rotateSession, sessionSettings, userAgentOf } from "~/utils/session.server";

async function currentSession(request: Request) {
  await requireUser(request, { passwordChange: "allowed" });
  return (await requestSession(request))!;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await currentSession(request);
  const settings = sessionSettings();
  return {
    due: passwordChangeDue(session.user, settings, now()),
    maxAgeDays: settings.passwordMaxAgeDays,
    done: new URL(request.url).searchParams.get("done") === "1",
    ended: intQuery(new URL(request.url).searchParams, "ended", { min: 1, max: 10_000 }) ?? 0,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await currentSession(request);
  const submission = parseWithZod(await request.formData(), { schema: changePasswordSchema });
  const hide = { hideFields: ["currentPassword", "newPassword", "newPasswordConfirm"] };
  if (submission.status !== "success") return Response.json(submission.reply(hide), { status: 400 });
  const result = await changeOwnPassword(getDb(), {
    userId: session.user.id,
    sessionId: session.id,
    currentPassword: submission.value.currentPassword,
    newPassword: submission.value.newPassword,
    now: now(),
    ip: clientAddress(request),
    userAgent: userAgentOf(request),
  });
  if (!result.ok) {
    return Response.json(submission.reply({ fieldErrors: { [result.field]: [result.message] }, ...hide }), {
      status: 400,
    });
  }
  const cookie = await rotateSession(session);
  const redirectTo = submission.value.redirectTo;
  const ended = result.endedSessions > 0 ? `&ended=${result.endedSessions}` : "";
  const to = redirectTo ? safeRedirect(redirectTo) : `/account/password?done=1${ended}`;
  return redirect(to, { headers: { "Set-Cookie": cookie } });
}

export default function ChangePassword() {
  const { due, maxAgeDays, done, ended } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="card" style={{ maxWidth: "34rem" }} aria-labelledby="password-title">
      <h1 id="password-title">修改密码</h1>
      {due === "reset" ? (
        <p className="alert alert--warn" role="alert">
          平台管理员已重置您的密码。请先设置一个只有您自己知道的新密码,再继续使用平台。
        </p>
      ) : null}
      {due === "expired" ? (
        <p className="alert alert--warn" role="alert">
          您的密码已使用超过 {maxAgeDays} 天。按照信息系统安全要求,请更换密码后继续使用平台。
        </p>
      ) : null}
      <FormMessage ok={done ? `密码已修改。${ended > 0 ? `您在其他 ${ended} 个设备上的登录已退出。` : ""}` : null} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <InputField field={fields.currentPassword} type="password" label="当前密码" autoComplete="current-password" />
        <InputField
          field={fields.newPassword}
          type="password"
          label="新密码"
          hint="至少12位,不能使用常见或容易猜到的密码;建议使用几个不相关的词语组合"
          autoComplete="new-password"
        />
        <InputField field={fields.newPasswordConfirm} type="password" label="确认新密码" autoComplete="new-password" />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "正在保存…" : "修改密码"}
        </button>
      </Form>
      <p className="muted">修改密码后,您在其他设备上的登录将全部退出。</p>
    </section>
  );
}
