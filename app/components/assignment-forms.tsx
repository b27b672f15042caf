import { getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useActionData } from "@remix-run/react";
import type { z } from "zod";
import {
  countyReplySchema,
  disputeSchema,
  escalateSchema,
  extensionSchema,
  opinionSchema,
  type AssignmentIntent,
} from "~/schemas/assignment-steps";
import type { HandlingAppealPage, OwnAssignment } from "~/services/views/handling-appeal.server";
import { SubmitButton, TextareaField } from "./choice-fields";
import { Field } from "./field";
import { InputField, IntentForm } from "./intent-form";

/** The steps a department or county takes on its own assignment, one form each (the handling page's action). */

/** The form of one step on one assignment, given the page's last reply if it came from that form. */
function useStepForm(intent: AssignmentIntent, s: OwnAssignment, id: string, schema?: z.ZodType) {
  const data = useActionData() as { reply?: SubmissionResult<string[]> } | undefined;
  const initial = data?.reply?.initialValue as { intent?: string; assignmentId?: string } | undefined;
  const replied = initial?.intent === intent && initial?.assignmentId === String(s.id);
  const [form, fields] = useForm({
    id,
    lastResult: replied ? data?.reply : undefined,
    onValidate: schema ? ({ formData }) => parseWithZod(formData, { schema }) : undefined,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return [form, fields, replied] as const;
}

const BUSY = "正在提交…";

function Heading({ id, children }: { id: string; children: string }) {
  return (
    <h3 id={id} style={{ margin: 0 }}>
      {children}
    </h3>
  );
}

function AssignmentIdInput({ s }: { s: OwnAssignment }) {
  return <input type="hidden" name="assignmentId" value={s.id} />;
}

function AttachmentsInput({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <Field id={id} label="附件(选填)" errors={errors} hint="PDF、图片、Word、Excel,最多5个,每个不超过10 MB">
      <input
        id={id}
        name="attachments"
        type="file"
        multiple
        accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,application/pdf,image/png,image/jpeg"
      />
    </Field>
  );
}

export function AcceptForm({ s }: { s: OwnAssignment }) {
  const [form] = useStepForm("accept", s, `accept-${s.id}`);
  return (
    <IntentForm form={form} intent="accept" aria-labelledby={`accept-${s.id}-title`}>
      <Heading id={`accept-${s.id}-title`}>接收</Heading>
      <p className="hint" style={{ margin: 0 }}>
        确认属于本单位职责并开始办理。接收后
        {s.role === "lead" ? "须在10个工作日内答复办理意见" : "须在10个工作日内向牵头部门提出协办意见"}。
      </p>
      <AssignmentIdInput s={s} />
      <SubmitButton busyText={BUSY}>接收</SubmitButton>
    </IntentForm>
  );
}

export function DisputeForm({ s, owners }: { s: OwnAssignment; owners: HandlingAppealPage["owners"] }) {
  const [form, fields] = useStepForm("dispute", s, `dispute-${s.id}`, disputeSchema);
  return (
    <IntentForm form={form} intent="dispute" aria-labelledby={`dispute-${s.id}-title`}>
      <Heading id={`dispute-${s.id}-title`}>提出异议</Heading>
      <p className="hint" style={{ margin: 0 }}>
        认为不属于本单位职责的,写明理由并提出建议的承办单位,由平台重新交办。
      </p>
      <AssignmentIdInput s={s} />
      <TextareaField field={fields.reason} label="异议理由" rows={4} />
      <Field
        id={fields.proposedOwnerId.id}
        label="建议承办单位"
        errors={fields.proposedOwnerId.errors}
        hint="从列表中选择;不在列表中的,在下方填写"
      >
        <select {...getSelectProps(fields.proposedOwnerId)}>
          <option value="">请选择</option>
          {(
            [
              ["市直部门", owners.departments],
              ["县、区政府(管委会)", owners.counties],
            ] as const
          ).map(([label, choices]) => (
            <optgroup key={label} label={label}>
              {choices.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <InputField field={fields.proposedOwnerText} label="其他建议承办单位(选填)" maxLength={100} />
      <SubmitButton secondary busyText={BUSY}>
        提交异议
      </SubmitButton>
    </IntentForm>
  );
}

/** A written answer with files: the lead's or a co-department's opinion, a county's reply or its escalation. */
function WrittenAnswerForm(props: {
  s: OwnAssignment;
  intent: "opinion" | "county_reply" | "escalate";
  formId: string;
  schema: typeof opinionSchema | typeof countyReplySchema | typeof escalateSchema;
  field: "body" | "opinion";
  title: string;
  label: string;
  hint: string;
  rows: number;
  submit: string;
  secondary?: boolean;
  submissionKey: string;
}) {
  const [form, fields] = useStepForm(props.intent, props.s, props.formId, props.schema);
  const field = (fields as Record<string, (typeof fields)["intent"]>)[props.field];
  return (
    <IntentForm
      form={form}
      intent={props.intent}
      encType="multipart/form-data"
      aria-labelledby={`${props.formId}-title`}
    >
      <Heading id={`${props.formId}-title`}>{props.title}</Heading>
      <AssignmentIdInput s={props.s} />
      <input type="hidden" name="submissionKey" value={props.submissionKey} />
      <TextareaField field={field} label={props.label} hint={props.hint} rows={props.rows} />
      <AttachmentsInput id={`${props.formId}-attachments`} errors={form.allErrors.attachments} />
      <SubmitButton secondary={props.secondary} busyText={BUSY}>
        {props.submit}
      </SubmitButton>
    </IntentForm>
  );
}

export function OpinionForm({ s, submissionKey }: { s: OwnAssignment; submissionKey: string }) {
  const lead = s.opinionForm === "lead";
  return (
    <WrittenAnswerForm
      s={s}
      intent="opinion"
      formId={`opinion-${s.id}`}
      schema={opinionSchema}
      field="body"
      title={lead ? "答复办理意见" : "提出协办意见"}
      label={lead ? "办理意见" : "协办意见"}
      hint={
        lead
          ? "写明核实的情况、办理的依据和结果或下一步安排;平台汇总后答复企业。"
          : "写明本单位职责范围内的意见,提交给牵头部门。"
      }
      rows={8}
      submit={lead ? "提交办理意见" : "提交协办意见"}
      submissionKey={submissionKey}
    />
  );
}

export function CountyForms({ s, submissionKey }: { s: OwnAssignment; submissionKey: string }) {
  return (
    <div className="grid" style={{ alignItems: "start" }}>
      <WrittenAnswerForm
        s={s}
        intent="county_reply"
        formId={`county-reply-${s.id}`}
        schema={countyReplySchema}
        field="body"
        title="办结答复"
        label="答复内容"
        hint="县区已解决的,写明办理结果;答复将立即告知企业。"
        rows={7}
        submit="办结并答复企业"
        submissionKey={submissionKey}
      />
      <WrittenAnswerForm
        s={s}
        intent="escalate"
        formId={`escalate-${s.id}`}
        schema={escalateSchema}
        field="opinion"
        title="申请提级"
        label="县区意见"
        hint="县区无法解决的,写明已做的工作和需要市级协调解决的原因;由平台审核是否转为市级诉求。"
        rows={7}
        submit="提交提级申请"
        secondary
        submissionKey={submissionKey}
      />
    </div>
  );
}

export function ExtensionBlock({ s }: { s: OwnAssignment }) {
  const [form, fields, replied] = useStepForm("extension", s, `extension-${s.id}`, extensionSchema);
  const x = s.extension!;
  if (x.pending)
    return (
      <p className="alert alert--warn" role="note" style={{ margin: 0 }}>
        “{x.clock}”的延期申请已提交,等待平台审核;审核前原期限 {x.due} 不变。
      </p>
    );
  if (x.pastDue)
    return (
      <p className="hint" style={{ margin: 0 }}>
        “{x.clock}”已超过期限({x.due}),不能再申请延期,请尽快办理。
      </p>
    );
  return (
    <details open={replied}>
      <summary>申请延期</summary>
      <IntentForm form={form} intent="extension" style={{ marginTop: "0.75rem" }}>
        <AssignmentIdInput s={s} />
        <p className="hint" style={{ margin: 0 }}>
          “{x.clock}”现期限 {x.due}。确有困难的,请在期限前写明理由申请延期,由平台决定新的期限。
        </p>
        <TextareaField field={fields.reason} label="延期理由" rows={3} />
        <Field
          id={fields.requestedDueDate.id}
          label="建议的新期限(选填)"
          errors={fields.requestedDueDate.errors}
          hint="须为工作日,且晚于现期限;期限为当日24:00"
        >
          <input {...getInputProps(fields.requestedDueDate, { type: "date" })} min={x.earliestDate} />
        </Field>
        <SubmitButton secondary busyText={BUSY}>
          提交延期申请
        </SubmitButton>
      </IntentForm>
    </details>
  );
}
