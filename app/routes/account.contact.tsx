import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormMessage } from "~/components/field";
import { ResendCodeButton } from "~/components/resend-code";
import { InputField } from "~/components/intent-form";
import { formatInstantZh } from "~/domain/calendar";
import { CODE_TTL_MS, maskMobile } from "~/domain/verification";
import { enterpriseContact } from "~/models/organisation.server";
import { updateContactSchema, verificationCodeSchema } from "~/schemas/enterprise-account";
import {
  cancelMobileChange,
  confirmMobileChange,
  pendingMobileChange,
  resendMobileChange,
  updateEnterpriseContact,
} from "~/services/enterprise-account.server";
import { clientIp, requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "企业信息 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["enterprise"]);
  const db = getDb();
  const at = now();
  const [org, pending] = await Promise.all([
    enterpriseContact(db, user.organisationId),
    pendingMobileChange(db, user.id, at),
  ]);
  return {
    org,
    username: user.username,
    pending: pending && {
      maskedMobile: pending.maskedMobile,
      state: pending.state,
      expiresAt: formatInstantZh(pending.expiresAt),
      resendInSeconds: Math.max(0, Math.ceil((pending.resendAt.getTime() - at.getTime()) / 1000)),
      codeKey: pending.resendAt.toISOString(),
    },
  };
}

type Intent = "save" | "verify" | "resend" | "cancel";
type ActionData = { intent: Intent; result?: SubmissionResult<string[]>; ok?: string | null; error?: string | null };

function answer(body: ActionData, status = 200) {
  return Response.json(body, { status });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["enterprise"]);
  const formData = await request.formData();
  const intent = formData.get("intent") ?? "save";
  const db = getDb();
  const client = { ip: clientIp(request), userAgent: request.headers.get("user-agent") };
  const self = { userId: user.id, organisationId: user.organisationId };

  if (intent === "verify") {
    const submission = parseWithZod(formData, { schema: verificationCodeSchema });
    if (submission.status !== "success") return answer({ intent, result: submission.reply() }, 400);
    const r = await confirmMobileChange(db, { ...self, code: submission.value.code, now: now() }, client);
    if (!r.ok) {
      return answer(
        { intent, result: submission.reply({ fieldErrors: { code: [r.message] }, hideFields: ["code"] }) },
        r.status,
      );
    }
    return answer({
      intent,
      result: submission.reply({ resetForm: true }),
      ok: `手机号码已更换为 ${r.maskedMobile},此后的短信通知将发送到新号码。`,
    });
  }
  if (intent === "resend") {
    const r = await resendMobileChange(db, { ...self, now: now() }, client);
    if (r.status === "code_sent") return answer({ intent, ok: `新的验证码已发送至 ${r.maskedMobile}。` });
    if (r.status === "unchanged") return answer({ intent, ok: null });
    return answer({ intent, error: r.message }, r.status === "limited" ? 429 : 400);
  }
  if (intent === "cancel") {
    await cancelMobileChange(db, { userId: user.id, now: now() });
    return answer({ intent, ok: "已取消更换手机号码,联系手机保持不变。" });
  }
  invariantResponse(intent === "save", "无法识别的操作");

  const submission = parseWithZod(formData, { schema: updateContactSchema });
  if (submission.status !== "success") return answer({ intent, result: submission.reply() }, 400);
  const { changed, mobile } = await updateEnterpriseContact(
    db,
    {
      ...self,
      contactName: submission.value.contactName,
      mobile: submission.value.mobile,
      email: submission.value.email ?? null,
      now: now(),
    },
    client,
  );
  const saved = changed ? "联系人和电子邮箱已更新。" : "";
  switch (mobile.status) {
    case "unchanged":
      return answer({
        intent,
        result: submission.reply(),
        ok: changed ? "联系方式已更新,此后的通知将发送到新的联系方式。" : "联系方式没有变化。",
      });
    case "code_sent":
      return answer({
        intent,
        result: submission.reply(),
        ok: `${saved}验证码已发送至 ${mobile.maskedMobile},请在下方输入验证码,验证后新手机号码生效。`,
      });
    default:
      return answer(
        {
          intent,
          result: submission.reply({ fieldErrors: { mobile: [mobile.message] } }),
          ok: saved || null,
        },
        429,
      );
  }
}

export default function AccountContact() {
  const { org, username, pending } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const busy = (intent: Intent) =>
    navigation.state === "submitting" && (navigation.formData?.get("intent") ?? "save") === intent;
  const of = (intent: Intent) => (actionData?.intent === intent ? actionData : undefined);
  const [codeForm, codeFields] = useForm({
    id: "contact-code",
    lastResult: of("verify")?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: verificationCodeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  // What was done is said above the form; the answer to 重新获取 stays beside the code it concerns.
  const resend = of("resend");
  const done = of("save")?.ok ?? of("verify")?.ok ?? of("cancel")?.ok ?? (pending ? null : resend?.ok);
  return (
    <div className="card" style={{ maxWidth: "34rem" }}>
      <h1>企业信息</h1>
      <dl className="facts">
        <dt>企业名称</dt>
        <dd>{org.name}</dd>
        <dt>统一社会信用代码</dt>
        <dd>{org.creditCode ?? "—"}</dd>
        <dt>登录名</dt>
        <dd>{username}</dd>
      </dl>

      <h2>联系方式</h2>
      {/* Remounted when the number on file or the change waiting changes, so the field shows what holds. */}
      <ContactForm
        key={`${org.contactPhone ?? ""}|${pending?.maskedMobile ?? ""}`}
        org={org}
        lastResult={of("save")?.result}
        ok={done}
        error={pending ? null : resend?.error}
        busy={busy("save")}
      />

      {pending ? (
        <section aria-labelledby="mobile-change-title" style={{ marginTop: "1.5rem" }}>
          <h2 id="mobile-change-title">验证新手机号码</h2>
          {pending.state === "active" ? (
            <p className="muted">
              {`验证码已发送至新号码 ${pending.maskedMobile},${CODE_TTL_MS / 60_000} 分钟内有效(至 ${pending.expiresAt})。`}
              {`验证前,短信通知仍发送到原号码${org.contactPhone ? ` ${maskMobile(org.contactPhone)}` : ""}。`}
            </p>
          ) : (
            <div className="alert alert--warn" role="status">
              该验证码尝试次数已达上限,请重新获取验证码。
            </div>
          )}
          <FormMessage ok={resend?.ok} error={resend?.error} />
          <Form method="post" className="stack" {...getFormProps(codeForm)}>
            <input type="hidden" name="intent" value="verify" />
            <InputField
              field={codeFields.code}
              label="短信验证码"
              hint="发送到新号码的6位数字"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
            />
            <button type="submit" className="button" disabled={busy("verify")}>
              {busy("verify") ? "正在验证…" : "确认更换"}
            </button>
          </Form>
          <div className="inline-form" style={{ marginTop: "1rem" }}>
            <ResendCodeButton codeId={pending.codeKey} waitSeconds={pending.resendInSeconds} busy={busy("resend")} />
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <button type="submit" className="button button--quiet" disabled={busy("cancel")}>
                取消更换
              </button>
            </Form>
          </div>
        </section>
      ) : null}
    </div>
  );
}

function ContactForm(props: {
  org: { contactName: string | null; contactPhone: string | null; contactEmail: string | null };
  lastResult: SubmissionResult<string[]> | undefined;
  ok: string | null | undefined;
  error: string | null | undefined;
  busy: boolean;
}) {
  const { org } = props;
  const [form, fields] = useForm({
    id: "contact",
    lastResult: props.lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateContactSchema }),
    shouldValidate: "onBlur",
    defaultValue: { contactName: org.contactName ?? "", mobile: org.contactPhone ?? "", email: org.contactEmail ?? "" },
  });
  return (
    <>
      <FormMessage ok={props.ok} error={props.error} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        <InputField field={fields.contactName} label="联系人" autoComplete="name" />
        <InputField
          field={fields.mobile}
          type="tel"
          label="手机号码"
          hint="接收短信通知;更换号码须输入发送到新号码的验证码后生效"
          autoComplete="tel"
          inputMode="numeric"
        />
        <InputField field={fields.email} type="email" label="电子邮箱(选填)" autoComplete="email" />
        <button type="submit" className="button" disabled={props.busy}>
          保存
        </button>
      </Form>
    </>
  );
}
