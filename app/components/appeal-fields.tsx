import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useActionData, useNavigation } from "@remix-run/react";
import { IntentForm } from "~/components/intent-form";
import type { z } from "zod";
import { appealFormSchema } from "~/schemas/appeal";
import { Field } from "~/components/field";

type Name =
  | "creditCode"
  | "enterpriseName"
  | "contactName"
  | "contactPhone"
  | "contactEmail"
  | "title"
  | "content"
  | "categoryId"
  | "publishName";
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- conform's metadata is typed by each form's schema
type Fields = Record<Name, FieldMetadata<any, any, string[]>>;

/** The appeal's fields, shared by the enterprise's form and the window and hotline forms. */
export function AppealFields(props: {
  fields: Fields;
  categories: { id: number; name: string }[];
  enterpriseLocked: boolean;
  attachmentsError?: string | null;
}) {
  const f = props.fields;
  return (
    <>
      <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="muted">企业信息</legend>
        <Field
          id={f.creditCode.id}
          label="统一社会信用代码"
          errors={f.creditCode.errors}
          hint={props.enterpriseLocked ? "来自您的企业账号" : "18位,字母大写"}
        >
          <input
            {...getInputProps(f.creditCode, { type: "text" })}
            readOnly={props.enterpriseLocked}
            autoComplete="off"
            inputMode="text"
            maxLength={24}
          />
        </Field>
        <Field id={f.enterpriseName.id} label="企业名称" errors={f.enterpriseName.errors}>
          <input {...getInputProps(f.enterpriseName, { type: "text" })} readOnly={props.enterpriseLocked} />
        </Field>
        <Field id={f.contactName.id} label="联系人" errors={f.contactName.errors}>
          <input {...getInputProps(f.contactName, { type: "text" })} autoComplete="name" />
        </Field>
        <Field id={f.contactPhone.id} label="联系电话" errors={f.contactPhone.errors} hint="用于接收短信通知">
          <input {...getInputProps(f.contactPhone, { type: "tel" })} autoComplete="tel" inputMode="tel" />
        </Field>
        <Field id={f.contactEmail.id} label="电子邮箱(选填)" errors={f.contactEmail.errors}>
          <input {...getInputProps(f.contactEmail, { type: "email" })} autoComplete="email" />
        </Field>
      </fieldset>
      <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="muted">诉求内容</legend>
        <Field id={f.title.id} label="诉求标题" errors={f.title.errors} hint="5–60字,概括反映的问题">
          <input {...getInputProps(f.title, { type: "text" })} />
        </Field>
        <Field id={f.categoryId.id} label="诉求类别" errors={f.categoryId.errors}>
          <select {...getSelectProps(f.categoryId)}>
            <option value="">请选择</option>
            {props.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={f.content.id}
          label="诉求内容"
          errors={f.content.errors}
          hint="请写明事项经过、已办理情况和希望协调解决的问题(20–3000字)"
        >
          <textarea {...getTextareaProps(f.content)} rows={8} />
        </Field>
        <Field
          id="attachments"
          label="附件(选填)"
          errors={props.attachmentsError ? [props.attachmentsError] : null}
          hint="PDF、图片、Word、Excel,最多5个,每个不超过10 MB"
        >
          <input
            id="attachments"
            name="attachments"
            type="file"
            multiple
            accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,application/pdf,image/png,image/jpeg"
          />
        </Field>
        <div className="field">
          <label style={{ fontWeight: 400, display: "flex", gap: ".5rem", alignItems: "flex-start" }}>
            <input
              {...getInputProps(f.publishName, { type: "checkbox" })}
              style={{ minHeight: "auto", width: "auto", marginTop: ".35rem" }}
            />
            <span>同意在办结后公开答复时显示本企业名称(不勾选则公开时隐去企业名称)</span>
          </label>
        </div>
      </fieldset>
    </>
  );
}

/** The posted appeal form: its key, its errors, the appeal's fields and the submit button (`submitLabel`). */
export function AppealForm(props: {
  id?: string;
  defaultValue: { creditCode: string; enterpriseName: string; contactName?: string; contactPhone?: string };
  categories: { id: number; name: string }[];
  enterpriseLocked: boolean;
  submissionKey: string;
  submitLabel: string;
}) {
  const actionData = useActionData() as { reply?: SubmissionResult<string[]> } | undefined;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<z.input<typeof appealFormSchema>>({
    id: props.id,
    lastResult: actionData?.reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: appealFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: props.defaultValue,
  });
  return (
    <IntentForm form={form} encType="multipart/form-data">
      <input type="hidden" name="submissionKey" value={props.submissionKey} />
      <AppealFields
        fields={fields}
        categories={props.categories}
        enterpriseLocked={props.enterpriseLocked}
        attachmentsError={actionData?.reply?.error?.attachments?.[0]}
      />
      <button type="submit" className="button" disabled={busy}>
        {busy ? "正在提交…" : props.submitLabel}
      </button>
    </IntentForm>
  );
}
