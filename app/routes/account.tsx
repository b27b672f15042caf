import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormMessage } from "~/components/field";
import { updateContactSchema } from "~/schemas/enterprise-account";
import { updateEnterpriseContact } from "~/services/enterprise-account.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "企业信息 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["enterprise"]);
  const org = await getDb()
    .selectFrom("organisations")
    .leftJoin("enterprises", "enterprises.id", "organisations.enterprise_id")
    .select([
      "organisations.name",
      "organisations.contact_name as contactName",
      "organisations.contact_phone as contactPhone",
      "organisations.contact_email as contactEmail",
      "enterprises.credit_code as creditCode",
    ])
    .where("organisations.id", "=", user.organisationId)
    .executeTakeFirstOrThrow();
  return { org, username: user.username };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["enterprise"]);
  const submission = parseWithZod(await request.formData(), { schema: updateContactSchema });
  if (submission.status !== "success") return Response.json({ reply: submission.reply(), ok: null }, { status: 400 });
  const { changed } = await updateEnterpriseContact(getDb(), {
    organisationId: user.organisationId,
    userId: user.id,
    contactName: submission.value.contactName,
    mobile: submission.value.mobile,
    email: submission.value.email ?? null,
    now: now(),
  });
  return Response.json({
    reply: submission.reply(),
    ok: changed ? "联系方式已更新,此后的通知将发送到新的联系方式。" : "联系方式没有变化。",
  });
}

export default function Account() {
  const { org, username } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult: actionData?.reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateContactSchema }),
    shouldValidate: "onBlur",
    defaultValue: { contactName: org.contactName ?? "", mobile: org.contactPhone ?? "", email: org.contactEmail ?? "" },
  });
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
      <FormMessage ok={actionData?.ok} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <Field id={fields.contactName.id} label="联系人" errors={fields.contactName.errors}>
          <input {...getInputProps(fields.contactName, { type: "text" })} autoComplete="name" />
        </Field>
        <Field id={fields.mobile.id} label="手机号码" errors={fields.mobile.errors} hint="接收短信通知">
          <input {...getInputProps(fields.mobile, { type: "tel" })} autoComplete="tel" />
        </Field>
        <Field id={fields.email.id} label="电子邮箱(选填)" errors={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
        </Field>
        <button type="submit" className="button" disabled={busy}>
          保存
        </button>
      </Form>
    </div>
  );
}
