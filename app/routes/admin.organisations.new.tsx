import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/field";
import { ORGANISATION_KIND_LABEL, ORGANISATION_KINDS } from "~/domain/roles";
import { createOrganisationSchema } from "~/schemas/accounts";
import { createOrganisation } from "~/services/accounts.server";
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
  const submission = parseWithZod(await request.formData(), { schema: createOrganisationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createOrganisation(getDb(), { values: submission.value, actorId: admin.id, now: now() });
  if (!result.ok)
    return data(submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formErrors }), { status: 400 });
  return redirect(`/admin/organisations/${result.organisationId}?created=1`);
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
  const creditHintId = `${fields.creditCode.id}-hint`;
  const regionHintId = `${fields.regionCode.id}-hint`;

  return (
    <div className="card" style={{ maxWidth: "40rem" }}>
      <p>
        <Link to="/admin/organisations">← 返回机构列表</Link>
      </p>
      <h1>新建机构</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        {form.errors?.length ? (
          <div className="alert alert--error" role="alert" id={form.errorId}>
            {form.errors.join(";")}
          </div>
        ) : null}
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
          <Field
            id={fields.creditCode.id}
            label="统一社会信用代码"
            errors={fields.creditCode.errors}
            hint="企业须已在法人库中登记;一家企业只能有一个机构"
          >
            <input
              {...getInputProps(fields.creditCode, { type: "text", ariaDescribedBy: creditHintId })}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={18}
            />
          </Field>
        ) : null}
        <Field id={fields.name.id} label="机构名称" errors={fields.name.errors}>
          <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
        </Field>
        <Field id={fields.shortName.id} label="简称(选填)" errors={fields.shortName.errors}>
          <input {...getInputProps(fields.shortName, { type: "text" })} autoComplete="off" />
        </Field>
        <Field
          id={fields.regionCode.id}
          label="行政区划代码(选填)"
          errors={fields.regionCode.errors}
          hint="6 位数字,如湘桥区 445102"
        >
          <input
            {...getInputProps(fields.regionCode, { type: "text", ariaDescribedBy: regionHintId })}
            inputMode="numeric"
            maxLength={6}
            autoComplete="off"
          />
        </Field>
        <Field id={fields.contactName.id} label="联系人(选填)" errors={fields.contactName.errors}>
          <input {...getInputProps(fields.contactName, { type: "text" })} autoComplete="off" />
        </Field>
        <Field id={fields.contactPhone.id} label="联系电话(选填)" errors={fields.contactPhone.errors}>
          <input {...getInputProps(fields.contactPhone, { type: "tel" })} inputMode="tel" autoComplete="off" />
        </Field>
        <Field id={fields.contactEmail.id} label="联系邮箱(选填)" errors={fields.contactEmail.errors}>
          <input {...getInputProps(fields.contactEmail, { type: "email" })} autoComplete="off" />
        </Field>
        <p className="inline-form">
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? "正在创建…" : "创建机构"}
          </button>
          <Link to="/admin/organisations">取消</Link>
        </p>
      </Form>
    </div>
  );
}
