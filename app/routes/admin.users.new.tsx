import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/field";
import { isRole, ORGANISATION_KIND_LABEL, ROLE_LABEL, ROLE_ORGANISATION_KIND, ROLES } from "~/domain/roles";
import { createUserSchema, PASSWORD_HINT } from "~/schemas/accounts";
import { createUser, organisationChoices } from "~/services/accounts.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "新建账号 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  return { groups: await organisationChoices(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireArea(request, "office");
  const submission = parseWithZod(await request.formData(), { schema: createUserSchema });
  // The password is never sent back to the browser, not even to refill the form.
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const result = await createUser(getDb(), { values: submission.value, actorId: admin.id, now: now() });
  if (!result.ok) {
    return data(
      submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formErrors, hideFields: ["password"] }),
      {
        status: 400,
      },
    );
  }
  return redirect(`/admin/users/${result.userId}?created=1`);
}

export default function NewUser() {
  const { groups } = useLoaderData<typeof loader>();
  const lastResult = useActionData<SubmissionResult<string[]>>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "new-user",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createUserSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const role = typeof fields.role.value === "string" && isRole(fields.role.value) ? fields.role.value : undefined;
  const fitKind = role ? ROLE_ORGANISATION_KIND[role] : undefined;
  const shownGroups = fitKind ? groups.filter((g) => g.kind === fitKind) : groups;
  const orgHintId = `${fields.organisationId.id}-hint`;
  const passwordHintId = `${fields.password.id}-hint`;
  const usernameHintId = `${fields.username.id}-hint`;
  const submitting = navigation.state === "submitting";

  return (
    <div className="card" style={{ maxWidth: "40rem" }}>
      <p>
        <Link to="/admin/users">← 返回账号列表</Link>
      </p>
      <h1>新建账号</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        {form.errors?.length ? (
          <div className="alert alert--error" role="alert" id={form.errorId}>
            {form.errors.join(";")}
          </div>
        ) : null}
        <Field
          id={fields.username.id}
          label="用户名"
          errors={fields.username.errors}
          hint="3–32 位,可用英文字母、数字、下划线、点和连字符"
        >
          <input
            {...getInputProps(fields.username, { type: "text", ariaDescribedBy: usernameHintId })}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
          />
        </Field>
        <Field id={fields.displayName.id} label="姓名" errors={fields.displayName.errors}>
          <input {...getInputProps(fields.displayName, { type: "text" })} autoComplete="off" />
        </Field>
        <Field id={fields.role.id} label="角色" errors={fields.role.errors}>
          <select {...getSelectProps(fields.role)}>
            <option value="">请选择角色</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={fields.organisationId.id}
          label="所属机构"
          errors={fields.organisationId.errors}
          hint={fitKind ? `该角色只能选“${ORGANISATION_KIND_LABEL[fitKind]}”类机构` : "先选择角色,可选的机构会随之限定"}
        >
          <select {...getSelectProps(fields.organisationId, { ariaDescribedBy: orgHintId })}>
            <option value="">请选择所属机构</option>
            {shownGroups.map((g) => (
              <optgroup key={g.kind} label={g.label}>
                {g.options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field id={fields.phone.id} label="电话(选填)" errors={fields.phone.errors}>
          <input {...getInputProps(fields.phone, { type: "tel" })} autoComplete="off" inputMode="tel" />
        </Field>
        <Field id={fields.email.id} label="电子邮箱(选填)" errors={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="off" />
        </Field>
        <Field
          id={fields.password.id}
          label="初始密码"
          errors={fields.password.errors}
          hint={`${PASSWORD_HINT};请通过安全渠道告知本人`}
        >
          <input
            {...getInputProps(fields.password, { type: "password", ariaDescribedBy: passwordHintId })}
            autoComplete="new-password"
          />
        </Field>
        <p className="inline-form">
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? "正在创建…" : "创建账号"}
          </button>
          <Link to="/admin/users">取消</Link>
        </p>
      </Form>
    </div>
  );
}
