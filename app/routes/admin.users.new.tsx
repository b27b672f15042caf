import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { UserDetailFields } from "~/components/account-admin-forms";
import { InputField, IntentForm } from "~/components/intent-form";
import { createUserSchema, PASSWORD_HINT } from "~/schemas/accounts";
import { createUser, organisationChoices } from "~/services/accounts.server";
import { answerCreateForm } from "~/utils/account-forms.server";
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
  // The password is never sent back to the browser, not even to refill the form.
  return answerCreateForm(await request.formData(), {
    schema: createUserSchema,
    run: (values) => createUser(getDb(), { values, actorId: admin.id, now: now() }),
    then: ({ userId }) => `/admin/users/${userId}?created=1`,
    hideFields: ["password"],
  });
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
  const submitting = navigation.state === "submitting";

  return (
    <div className="card" style={{ maxWidth: "40rem" }}>
      <p>
        <Link to="/admin/users">← 返回账号列表</Link>
      </p>
      <h1>新建账号</h1>
      <IntentForm form={form}>
        <InputField
          field={fields.username}
          label="用户名"
          hint="3–32 位,可用英文字母、数字、下划线、点和连字符"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
        <UserDetailFields fields={fields} groups={groups} />
        <InputField
          field={fields.password}
          type="password"
          label="初始密码"
          hint={`${PASSWORD_HINT};请通过安全渠道告知本人`}
          autoComplete="new-password"
        />
        <p className="inline-form">
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? "正在创建…" : "创建账号"}
          </button>
          <Link to="/admin/users">取消</Link>
        </p>
      </IntentForm>
    </div>
  );
}
