import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/field";
import { registerEnterpriseSchema } from "~/schemas/enterprise-account";
import { registerEnterprise } from "~/services/enterprise-account.server";
import { getOptionalUser } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { startSession } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "企业注册 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/workspace");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: registerEnterpriseSchema });
  if (submission.status !== "success") {
    return Response.json(submission.reply({ hideFields: ["password", "passwordConfirm"] }), { status: 400 });
  }
  const result = await registerEnterprise(getDb(), submission.value, now());
  if (!result.ok) {
    return Response.json(
      submission.reply({
        fieldErrors: result.fieldErrors,
        formErrors: result.formErrors,
        hideFields: ["password", "passwordConfirm"],
      }),
      { status: 400 },
    );
  }
  return startSession(
    request,
    { id: result.userId, username: submission.value.mobile, role: "enterprise", hasSecondFactor: false },
    "/workspace",
  );
}

export default function Register() {
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registerEnterpriseSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="card" style={{ maxWidth: "34rem", margin: "0 auto" }}>
      <h1>企业注册</h1>
      <p className="muted">
        本市企业可注册账号,在线提交诉求、查看办理进度。企业信息须与法人库登记一致;注册后以手机号码登录。已有账号?
        <Link to="/login">直接登录</Link>
      </p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        {form.errors?.length ? (
          <div className="alert alert--error" role="alert">
            {form.errors.join(";")}
          </div>
        ) : null}
        <Field id={fields.creditCode.id} label="统一社会信用代码" errors={fields.creditCode.errors}>
          <input {...getInputProps(fields.creditCode, { type: "text" })} autoComplete="off" maxLength={24} />
        </Field>
        <Field
          id={fields.enterpriseName.id}
          label="企业名称"
          errors={fields.enterpriseName.errors}
          hint="与营业执照一致"
        >
          <input {...getInputProps(fields.enterpriseName, { type: "text" })} autoComplete="organization" />
        </Field>
        <Field id={fields.legalRepresentative.id} label="法定代表人" errors={fields.legalRepresentative.errors}>
          <input {...getInputProps(fields.legalRepresentative, { type: "text" })} />
        </Field>
        <Field id={fields.contactName.id} label="联系人" errors={fields.contactName.errors}>
          <input {...getInputProps(fields.contactName, { type: "text" })} autoComplete="name" />
        </Field>
        <Field id={fields.mobile.id} label="手机号码" errors={fields.mobile.errors} hint="用于登录和接收短信通知">
          <input {...getInputProps(fields.mobile, { type: "tel" })} autoComplete="tel" inputMode="numeric" />
        </Field>
        <Field id={fields.email.id} label="电子邮箱(选填)" errors={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
        </Field>
        <Field id={fields.password.id} label="密码" errors={fields.password.errors} hint="至少8位,须包含字母和数字">
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
        </Field>
        <Field id={fields.passwordConfirm.id} label="确认密码" errors={fields.passwordConfirm.errors}>
          <input {...getInputProps(fields.passwordConfirm, { type: "password" })} autoComplete="new-password" />
        </Field>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "正在注册…" : "注册"}
        </button>
      </Form>
    </div>
  );
}
