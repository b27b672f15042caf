import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useState } from "react";
import {
  approveEscalationSchema,
  grantExtensionSchema,
  reassignSchema,
  refuseExtensionSchema,
  sendBackEscalationSchema,
} from "~/schemas/handling";
import type { OfficeAppealPage } from "~/services/views/office-appeal.server";
import { HeadedForm, SelectField, SubmitButton, TextareaField } from "./choice-fields";
import { DepartmentChoice } from "./department-choice";
import { Field, FormMessage } from "./field";
import { Facts } from "./office-handling-facts";

/** The office page's answer to a posted form, as the form it came from reads it. */
export type OfficeReply = {
  initialValue?: { intent?: string; assignmentId?: string; extensionId?: string } | null;
  error?: Record<string, string[] | null>;
};
export type OfficeActionResult = { reply?: OfficeReply; ok: string | null; intent?: string } | undefined;

/** The last reply, for the form of that intent (and that assignment or extension) only. */
export function replyFor(
  reply: OfficeReply | undefined,
  intent: string,
  match?: { key: "assignmentId" | "extensionId"; id: number },
) {
  if (!reply || reply.initialValue?.intent !== intent) return undefined;
  if (match && reply.initialValue?.[match.key] !== String(match.id)) return undefined;
  return reply as never;
}

type Departments = OfficeAppealPage["departments"];

/** 待平台处理: the decisions the office owes on this appeal, each its own form. */
export function OfficeDecisions({
  page,
  result,
  formError,
}: {
  page: Pick<OfficeAppealPage, "disputes" | "extensions" | "escalation" | "departments">;
  result: OfficeActionResult;
  formError: string | null;
}) {
  const reply = result?.reply;
  const open = page.extensions.filter((x) => x.open);
  const empty = page.disputes.length === 0 && open.length === 0 && !page.escalation;
  return (
    <section className="card" id="decide" aria-labelledby="decide-heading">
      <h2 id="decide-heading" style={{ marginTop: 0 }}>
        待平台处理
      </h2>
      <FormMessage ok={result?.ok} error={result ? formError : null} />
      {empty ? <p className="muted">本诉求目前没有待平台处理的事项。</p> : null}
      {page.disputes.map((d) => (
        <ReassignForm key={d.assignmentId} dispute={d} departments={page.departments} reply={reply} />
      ))}
      {open.map((x) => (
        <ExtensionForms key={x.id} extension={x} reply={reply} />
      ))}
      {page.escalation ? (
        <EscalationForms escalation={page.escalation} departments={page.departments} reply={reply} />
      ) : null}
    </section>
  );
}

function ReassignForm(props: {
  dispute: OfficeAppealPage["disputes"][number];
  departments: Departments;
  reply: OfficeReply | undefined;
}) {
  const d = props.dispute;
  const [form, fields] = useForm({
    id: `reassign-${d.assignmentId}`,
    lastResult: replyFor(props.reply, "reassign", { key: "assignmentId", id: d.assignmentId }),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reassignSchema }),
  });
  const headingId = `${form.id}-heading`;
  return (
    <div className="decision">
      <h3 id={headingId} style={{ margin: "0 0 0.5rem" }}>
        {d.organisation}({d.role})对交办提出异议
      </h3>
      <Facts
        items={[
          ["提出时间", d.disputed],
          ["建议承办单位", d.proposed ?? "未提出"],
        ]}
      />
      <p className="reply-body">异议理由:{d.reason}</p>
      <Form method="post" preventScrollReset className="stack" {...getFormProps(form)} aria-labelledby={headingId}>
        <input type="hidden" name="intent" value="reassign" />
        <input type="hidden" name="assignmentId" value={d.assignmentId} />
        <SelectField
          field={fields.organisationId}
          label="重新交办给"
          hint={
            d.defaultOrganisationId
              ? "已按提出异议单位的建议预填,可更改;选择原单位即异议不成立,由其重新接收。"
              : "选择原单位即异议不成立,由其重新接收。"
          }
          choices={props.departments}
          defaultValue={d.defaultOrganisationId}
        />
        <TextareaField field={fields.note} label="处理意见" hint="将记入办理记录。" rows={3} maxLength={500} />
        <SubmitButton>重新交办</SubmitButton>
      </Form>
    </div>
  );
}

function ExtensionForms(props: { extension: OfficeAppealPage["extensions"][number]; reply: OfficeReply | undefined }) {
  const x = props.extension;
  const [grantForm, grantFields] = useForm({
    id: `grant-${x.id}`,
    lastResult: replyFor(props.reply, "grant_extension", { key: "extensionId", id: x.id }),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: grantExtensionSchema }),
  });
  const [refuseForm, refuseFields] = useForm({
    id: `refuse-${x.id}`,
    lastResult: replyFor(props.reply, "refuse_extension", { key: "extensionId", id: x.id }),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: refuseExtensionSchema }),
  });
  const headingId = `extension-${x.id}-heading`;
  return (
    <div className="decision" role="group" aria-labelledby={headingId}>
      <h3 id={headingId} style={{ margin: "0 0 0.5rem" }}>
        {x.organisation}申请延长“{x.step}”期限
      </h3>
      <Facts
        items={[
          ["现期限", x.currentDue],
          ["申请延至", x.requestedDateLabel ?? "未写明"],
          ["申请时间", x.requested],
        ]}
      />
      <p className="reply-body">理由:{x.reason}</p>
      <div className="decision-grid">
        <Form method="post" preventScrollReset className="stack" {...getFormProps(grantForm)} aria-label="同意延期">
          <input type="hidden" name="intent" value="grant_extension" />
          <input type="hidden" name="extensionId" value={x.id} />
          <Field
            id={grantFields.newDueDate.id}
            label="新的办理期限"
            errors={grantFields.newDueDate.errors}
            hint={x.requestedDate ? "已按申请预填;须为工作日,期限至当日24:00。" : "须为工作日,期限至当日24:00。"}
          >
            <input
              id={grantFields.newDueDate.id}
              name="newDueDate"
              type="date"
              defaultValue={x.requestedDate ?? ""}
              aria-invalid={grantFields.newDueDate.errors ? true : undefined}
            />
          </Field>
          <TextareaField field={grantFields.note} label="审核意见(可不填)" rows={2} maxLength={500} />
          <SubmitButton>同意延期</SubmitButton>
        </Form>
        <Form method="post" preventScrollReset className="stack" {...getFormProps(refuseForm)} aria-label="不同意延期">
          <input type="hidden" name="intent" value="refuse_extension" />
          <input type="hidden" name="extensionId" value={x.id} />
          <TextareaField
            field={refuseFields.note}
            label="不同意的理由"
            hint="原期限不变;理由将告知申请单位。"
            rows={3}
            maxLength={500}
          />
          <SubmitButton secondary>不同意</SubmitButton>
        </Form>
      </div>
    </div>
  );
}

function EscalationForms(props: {
  escalation: NonNullable<OfficeAppealPage["escalation"]>;
  departments: Departments;
  reply: OfficeReply | undefined;
}) {
  const e = props.escalation;
  const [leadId, setLeadId] = useState(e.suggestedLeadId);
  const [approveForm, approveFields] = useForm({
    id: "approve-escalation",
    lastResult: replyFor(props.reply, "approve_escalation"),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: approveEscalationSchema }),
  });
  const [backForm, backFields] = useForm({
    id: "send-back-escalation",
    lastResult: replyFor(props.reply, "send_back_escalation"),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sendBackEscalationSchema }),
  });
  return (
    <div className="decision" role="group" aria-labelledby="escalation-heading">
      <h3 id="escalation-heading" style={{ margin: "0 0 0.5rem" }}>
        {e.county ?? "县区"}申请提级
      </h3>
      {e.opinion ? (
        <>
          <p className="hint" style={{ margin: 0 }}>
            县区意见({e.opinion.at}):
          </p>
          <p className="reply-body">{e.opinion.body}</p>
        </>
      ) : null}
      <div className="decision-grid">
        <HeadedForm
          form={approveForm}
          intent="approve_escalation"
          title="同意提级,转市直部门办理"
          titleId="approve-heading"
          level="h4"
          preventScrollReset
        >
          <DepartmentChoice
            lead={approveFields.leadId}
            coErrors={approveFields.coIds.errors}
            departments={props.departments}
            leadId={leadId}
            onLeadChange={setLeadId}
            suggested={Boolean(e.suggestedLeadId)}
          />
          <TextareaField field={approveFields.note} label="审核意见(可不填)" rows={2} maxLength={500} />
          <SubmitButton>同意提级</SubmitButton>
        </HeadedForm>
        <HeadedForm
          form={backForm}
          intent="send_back_escalation"
          title="退回县区继续办理"
          titleId="back-heading"
          level="h4"
          preventScrollReset
        >
          <TextareaField
            field={backFields.note}
            label="退回理由"
            hint="县区将重新计时,10个工作日内办结答复。"
            rows={3}
            maxLength={500}
          />
          <SubmitButton secondary>退回县区</SubmitButton>
        </HeadedForm>
      </div>
    </div>
  );
}
