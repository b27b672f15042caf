import { getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { OrganisationDetailFields } from "~/components/account-admin-forms";
import { Field } from "~/components/field";
import { InputField, IntentForm } from "~/components/intent-form";
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
  const lastResult = useActionData<SubmissionResult<string[]>>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "new-organisation",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createOrganisationSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const submitting = navigation.state === "submitting";
  const isEnterprise = fields.kind.value === "enterprise";

  return (
    <div className="card" style={{ maxWidth: "40rem" }}>
      <p>
        <Link to="/admin/organisations">← 返回机构列表</Link>
      </p>
      <h1>新建机构</h1>
      <IntentForm form={form}>
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
        <p className="inline-form">
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? "正在创建…" : "创建机构"}
          </button>
          <Link to="/admin/organisations">取消</Link>
        </p>
      </IntentForm>
    </div>
  );
}
