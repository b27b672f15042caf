import { getSelectProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { CreatePage, OrganisationDetailFields, useCreateForm } from "~/components/account-admin-forms";
import { Field } from "~/components/field";
import { InputField } from "~/components/intent-form";
import { ORGANISATION_KIND_LABEL, ORGANISATION_KINDS } from "~/domain/roles";
import { createOrganisationSchema } from "~/schemas/accounts";
import { createOrganisation } from "~/services/accounts.server";
import { answerCreateForm } from "~/utils/account-forms.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "新建机构 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireArea(request, "office");
  return answerCreateForm(await request.formData(), {
    schema: createOrganisationSchema,
    run: (values) => createOrganisation(getDb(), { values, actorId: admin.id, now: now() }),
    then: ({ organisationId }) => `/admin/organisations/${organisationId}?created=1`,
  });
}

export default function NewOrganisation() {
  const [form, fields] = useCreateForm("new-organisation", createOrganisationSchema);
  const isEnterprise = fields.kind.value === "enterprise";

  return (
    <CreatePage form={form} list="/admin/organisations" listName="机构列表" noun="机构">
      <Field
        id={fields.kind.id}
        label="机构类型"
        errors={fields.kind.errors}
        hint="建立后不能更改;账号的角色须与机构类型相符"
      >
        <select {...getSelectProps(fields.kind, { ariaDescribedBy: `${fields.kind.id}-hint` })}>
          <option value="">请选择机构类型</option>
          {ORGANISATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {ORGANISATION_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </Field>
      {isEnterprise ? (
        <InputField
          field={fields.creditCode}
          label="统一社会信用代码"
          hint="企业须已在法人库中登记;一家企业只能有一个机构"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={18}
        />
      ) : null}
      <OrganisationDetailFields fields={fields} />
    </CreatePage>
  );
}
