import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CreatePage, UserDetailFields, useCreateForm } from "~/components/account-admin-forms";
import { InputField } from "~/components/intent-form";
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
  const [form, fields] = useCreateForm("new-user", createUserSchema);

  return (
    <CreatePage form={form} list="/admin/users" listName="账号列表" noun="账号">
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
    </CreatePage>
  );
}
