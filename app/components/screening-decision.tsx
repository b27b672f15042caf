import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useState } from "react";
import {
  OTHER_REASON,
  REJECTION_CHOICES,
  screeningCitySchema,
  screeningCountySchema,
  screeningRejectSchema,
} from "~/schemas/screening";
import type { OfficeAppealPage } from "~/services/views/office-appeal.server";
import { HeadedForm, SelectField, SubmitButton, TextareaField } from "./choice-fields";
import { DepartmentChoice } from "./department-choice";
import { replyFor, type OfficeReply } from "./office-decisions";

const REASONS = REJECTION_CHOICES.map((r) => ({ id: r, name: r }));

/** 甄别: the office routes the appeal to the city's departments or a county, or rejects it; one form each. */
export function ScreeningDecision({
  screening,
  reply,
}: {
  screening: NonNullable<OfficeAppealPage["screening"]>;
  reply: OfficeReply | undefined;
}) {
  const [reasonChoice, setReasonChoice] = useState("");
  const [leadId, setLeadId] = useState(screening.suggestedLeadId);
  const [rejectForm, rejectFields] = useForm({
    id: "reject",
    lastResult: replyFor(reply, "reject"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: screeningRejectSchema }),
  });
  const [countyForm, countyFields] = useForm({
    id: "county",
    lastResult: replyFor(reply, "county"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: screeningCountySchema }),
  });
  const [cityForm, cityFields] = useForm({
    id: "city",
    lastResult: replyFor(reply, "city"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: screeningCitySchema }),
  });
  return (
    <section className="card" aria-labelledby="screen-heading">
      <h2 id="screen-heading" style={{ marginTop: 0 }}>
        甄别
      </h2>
      <p className="muted">选择一种处理方式。处理结果将告知企业,承办单位将收到交办通知。</p>

      <div className="grid" style={{ alignItems: "start" }}>
        <HeadedForm form={cityForm} intent="city" title="转市直部门办理" titleId="city-heading">
          <DepartmentChoice
            lead={cityFields.leadId}
            coErrors={cityFields.coIds.errors}
            departments={screening.departments}
            leadId={leadId}
            onLeadChange={setLeadId}
            suggested={Boolean(screening.suggestedLeadId)}
          />
          <SubmitButton bare>转市直部门办理</SubmitButton>
        </HeadedForm>

        <HeadedForm form={countyForm} intent="county" title="转县区办理" titleId="county-heading">
          <SelectField
            field={countyFields.countyId}
            label="承办县区"
            hint={
              screening.defaultCountyId
                ? "已按企业在法人库的登记地预填,可更改。"
                : "该企业登记在市本级或未登记县区,请指定承办县区。"
            }
            choices={screening.counties}
            defaultValue={screening.defaultCountyId}
          />
          <SubmitButton bare>转县区办理</SubmitButton>
        </HeadedForm>

        <HeadedForm form={rejectForm} intent="reject" title="不予受理" titleId="reject-heading">
          <SelectField
            field={rejectFields.reasonChoice}
            label="不予受理原因"
            choices={REASONS}
            value={reasonChoice}
            onChange={(e) => setReasonChoice(e.target.value)}
          />
          {reasonChoice === OTHER_REASON ? (
            <TextareaField field={rejectFields.reasonText} label="写明原因" rows={3} maxLength={500} />
          ) : null}
          <SubmitButton bare secondary>
            不予受理
          </SubmitButton>
        </HeadedForm>
      </div>
    </section>
  );
}
