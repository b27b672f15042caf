import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ResendCodeButton } from "~/components/resend-code";
import { InputField, IntentForm } from "~/components/intent-form";
import { formatInstantZh } from "~/domain/calendar";
import { CODE_TTL_MS } from "~/domain/verification";
import { PASSWORD_HINT } from "~/schemas/accounts";
import { registerEnterpriseSchema, verificationCodeSchema } from "~/schemas/enterprise-account";
import {
  completeRegistration,
  pendingRegistration,
  resendRegistrationCode,
  startRegistration,
} from "~/services/registration.server";
import { clientIp, getOptionalUser } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import {
  clearPendingRegistrationCookie,
  pendingRegistrationCookie,
  pendingRegistrationId,
} from "~/utils/registration-cookie.server";
import { startSession } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "企业注册 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/workspace");
  const id = await pendingRegistrationId(request);
  const at = now();
  const pending = id ? await pendingRegistration(getDb(), id, at) : null;
  if (!pending || pending.state === "used") return { step: "details" as const, pending: null };
  return {
    step: "code" as const,
    pending: {
      maskedMobile: pending.maskedMobile,
      state: pending.state,
      expiresAt: formatInstantZh(pending.expiresAt),
      resendInSeconds: Math.max(0, Math.ceil((pending.resendAt.getTime() - at.getTime()) / 1000)),
      codeKey: pending.resendAt.toISOString(),
    },
  };
}

type Intent = "details" | "verify" | "resend";
type ActionData = { intent: Intent; result?: SubmissionResult<string[]>; message?: string };

function reply(intent: Intent, result: SubmissionResult<string[]>, status: number) {
  return Response.json({ intent, result } satisfies ActionData, { status });
}

function refuse(intent: Intent, message: string, status: number) {
  return Response.json({ intent, message } satisfies ActionData, { status });
}

const NO_PENDING = "没有待验证的注册申请,请重新填写注册信息。";

const HIDDEN = ["password", "passwordConfirm"];

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const intent = formData.get("intent");
  const db = getDb();
  const client = { ip: clientIp(request), userAgent: request.headers.get("user-agent") };

  if (intent === "restart") {
    return redirect("/register", { headers: { "Set-Cookie": await clearPendingRegistrationCookie() } });
  }

  if (intent === "resend") {
    const id = await pendingRegistrationId(request);
    if (!id) return refuse(intent, NO_PENDING, 400);
    const result = await resendRegistrationCode(db, id, client, now());
    if (!result.ok) return refuse(intent, result.formErrors.join(";"), result.status);
    return redirect("/register", { headers: { "Set-Cookie": await pendingRegistrationCookie(result.verificationId) } });
  }

  if (intent === "verify") {
    const submission = parseWithZod(formData, { schema: verificationCodeSchema });
    const id = await pendingRegistrationId(request);
    if (!id) return reply(intent, submission.reply({ formErrors: [NO_PENDING] }), 400);
    if (submission.status !== "success") return reply(intent, submission.reply(), 400);
    const result = await completeRegistration(db, { verificationId: id, code: submission.value.code }, client, now());
    if (!result.ok) {
      return reply(
        intent,
        submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formErrors, hideFields: ["code"] }),
        result.status,
      );
    }
    const signedIn = await startSession(
      request,
      { id: result.userId, username: result.username, role: "enterprise", hasSecondFactor: false },
      "/workspace",
    );
    signedIn.headers.append("Set-Cookie", await clearPendingRegistrationCookie());
    return signedIn;
  }

  const submission = parseWithZod(formData, { schema: registerEnterpriseSchema });
  if (submission.status !== "success") return reply("details", submission.reply({ hideFields: HIDDEN }), 400);
  const result = await startRegistration(db, submission.value, client, now());
  if (!result.ok) {
    return reply(
      "details",
      submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formErrors, hideFields: HIDDEN }),
      result.status,
    );
  }
  // The same answer whether or not the mobile already has an account: only its SMS differs.
  return redirect("/register", { headers: { "Set-Cookie": await pendingRegistrationCookie(result.verificationId) } });
}

export default function Register() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="card" style={{ maxWidth: "34rem", margin: "0 auto" }}>
      <h1>企业注册</h1>
      {data.pending ? <CodeStep pending={data.pending} /> : <DetailsStep />}
    </div>
  );
}

function useResult(intent: Intent): SubmissionResult<string[]> | undefined {
  const actionData = useActionData<ActionData>();
  return actionData?.intent === intent ? actionData.result : undefined;
}

function useMessage(intent: Intent): string | undefined {
  const actionData = useActionData<ActionData>();
  return actionData?.intent === intent ? actionData.message : undefined;
}

function DetailsStep() {
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "register-details",
    lastResult: useResult("details"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registerEnterpriseSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <p className="muted">第 1 步,共 2 步:填写企业信息</p>
      <p className="muted">
        {"本市企业可注册账号,在线提交诉求、查看办理进度。企业信息须与法人库登记一致;"}
        {"提交后平台向您填写的手机号码发送验证码,验证后即完成注册,此后以该手机号码登录。已有账号?"}
        <Link to="/login">直接登录</Link>
      </p>
      <IntentForm form={form} intent="details">
        <InputField field={fields.creditCode} label="统一社会信用代码" autoComplete="off" maxLength={24} />
        <InputField field={fields.enterpriseName} label="企业名称" hint="与营业执照一致" autoComplete="organization" />
        <InputField field={fields.legalRepresentative} label="法定代表人" />
        <InputField field={fields.contactName} label="联系人" autoComplete="name" />
        <InputField
          field={fields.mobile}
          type="tel"
          label="手机号码"
          hint="接收验证码,注册后用于登录和接收短信通知"
          autoComplete="tel"
          inputMode="numeric"
        />
        <InputField field={fields.email} type="email" label="电子邮箱(选填)" autoComplete="email" />
        <InputField
          field={fields.password}
          type="password"
          label="密码"
          hint={PASSWORD_HINT}
          autoComplete="new-password"
        />
        <InputField field={fields.passwordConfirm} type="password" label="确认密码" autoComplete="new-password" />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "正在提交…" : "获取短信验证码"}
        </button>
      </IntentForm>
    </>
  );
}

function CodeStep({
  pending,
}: {
  pending: { maskedMobile: string; state: string; expiresAt: string; resendInSeconds: number; codeKey: string };
}) {
  const navigation = useNavigation();
  const submitting = (intent: string) =>
    navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const resendRefusal = useMessage("resend");
  const [form, fields] = useForm({
    id: "register-code",
    lastResult: useResult("verify"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: verificationCodeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const minutes = CODE_TTL_MS / 60_000;
  return (
    <>
      <p className="muted">第 2 步,共 2 步:验证手机号码</p>
      {pending.state === "active" ? (
        <div className="alert alert--ok" role="status">
          验证码已发送至 {pending.maskedMobile},{minutes} 分钟内有效(至 {pending.expiresAt})。
        </div>
      ) : (
        <div className="alert alert--warn" role="status">
          {pending.state === "expired" ? "验证码已过期" : "该验证码尝试次数已达上限"},请重新获取验证码。
        </div>
      )}
      <IntentForm form={form} intent="verify">
        <InputField
          field={fields.code}
          label="短信验证码"
          hint="短信中的6位数字"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={6}
        />
        <button type="submit" className="button" disabled={submitting("verify")}>
          {submitting("verify") ? "正在验证…" : "完成注册"}
        </button>
      </IntentForm>
      {resendRefusal ? (
        <div className="alert alert--error" role="alert" style={{ marginTop: "1rem" }}>
          {resendRefusal}
        </div>
      ) : null}
      <div className="inline-form" style={{ marginTop: "1rem" }}>
        <ResendCodeButton codeId={pending.codeKey} waitSeconds={pending.resendInSeconds} busy={submitting("resend")} />
        <Form method="post">
          <input type="hidden" name="intent" value="restart" />
          <button type="submit" className="button button--quiet">
            返回修改注册信息
          </button>
        </Form>
      </div>
      <p className="hint">
        收不到短信?请确认手机号码填写正确,稍候再重新获取。如该号码已注册过本平台账号,短信会告知您如何登录。
      </p>
    </>
  );
}
