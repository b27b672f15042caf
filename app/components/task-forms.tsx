import { useForm, type FormMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useActionData } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import type { z } from "zod";
import { RATING_LABEL } from "~/domain/tasks";
import {
  commitSchema,
  completeSchema,
  finalSchema,
  progressSchema,
  rateSchema,
  type TaskIntent,
} from "~/schemas/tasks";
import { HeadedForm, SubmitButton, TextareaField } from "./choice-fields";
import { InputField } from "./intent-form";

/** The steps of a task after the on-site day: the department's commitment, progress, completion, final
 * decision; the enterprise's rating. Each form shows the page's last reply only if it came from that form. */

const BUSY = "正在提交…";

function useTaskForm<S extends z.ZodType>(intent: TaskIntent | "rate", schema: S) {
  const data = useActionData() as { reply?: SubmissionResult<string[]> } | undefined;
  const initial = data?.reply?.initialValue as { intent?: string } | undefined;
  return useForm({
    id: intent === "rate" ? "rate" : `task-${intent}`,
    lastResult: initial?.intent === intent ? data?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
}

/** A task's form, named by its heading `<intent>-title` (h2, or h3 inside a section). */
function TaskForm(props: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormMetadata<any, string[]>;
  intent: TaskIntent | "rate";
  title: string;
  level?: "h2" | "h3";
  hint?: ReactNode;
  children: ReactNode;
}) {
  return <HeadedForm {...props} titleId={`${props.intent}-title`} level={props.level ?? "h2"} />;
}

function Hint({ children }: { children: ReactNode }) {
  return (
    <p className="hint" style={{ margin: 0 }}>
      {children}
    </p>
  );
}

export function CommitForm({ task }: { task: { commitmentDue: string; onsite: string; onsiteDate: string } }) {
  const [form, fields] = useTaskForm("commit", commitSchema);
  return (
    <TaskForm
      form={form}
      intent="commit"
      title="公布办理承诺"
      hint={
        <Hint>
          请于 {task.commitmentDue} 前公布。承诺公布后向社会公开(企业要求不公开名称的,隐去企业名称),公布后不能修改。
        </Hint>
      }
    >
      <div className="grid">
        <InputField field={fields.responsibleLeader} label="责任领导" hint="姓名和职务" maxLength={50} />
        <InputField field={fields.responsiblePerson} label="责任人" maxLength={50} />
        <InputField
          field={fields.deadline}
          label="完成时限"
          type="date"
          hint={`不早于现场活动日 ${task.onsite}`}
          min={task.onsiteDate}
        />
      </div>
      <TextareaField field={fields.measures} label="工作措施" rows={5} />
      <SubmitButton busyText={BUSY}>公布承诺</SubmitButton>
    </TaskForm>
  );
}

export function ProgressForm({ submissionKey }: { submissionKey: string }) {
  const [form, fields] = useTaskForm("progress", progressSchema);
  return (
    <TaskForm form={form} intent="progress" title="添加办理进展" level="h3">
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <TextareaField field={fields.body} label="办理进展" hint="企业可在诉求页面看到办理进展。" rows={3} />
      <SubmitButton secondary busyText={BUSY}>
        添加进展
      </SubmitButton>
    </TaskForm>
  );
}

export function CompleteForm() {
  const [form, fields] = useTaskForm("complete", completeSchema);
  return (
    <TaskForm
      form={form}
      intent="complete"
      title="报告办结"
      hint={<Hint>报告办结后,平台请企业在5个自然日内评价;逾期未评价视为满意。</Hint>}
    >
      <TextareaField field={fields.result} label="办理结果" rows={5} />
      <SubmitButton busyText={BUSY}>报告办结</SubmitButton>
    </TaskForm>
  );
}

export function FinalForm() {
  const [form, fields] = useTaskForm("final", finalSchema);
  return (
    <TaskForm
      form={form}
      intent="final"
      title="沟通情况和最终处理意见"
      hint={<Hint>企业对办理结果不满意:请与企业沟通,记录沟通情况并作出最终处理意见;提交后任务完结。</Hint>}
    >
      <TextareaField field={fields.talkRecord} label="沟通情况" rows={4} />
      <TextareaField field={fields.finalDecision} label="最终处理意见" rows={4} />
      <SubmitButton busyText={BUSY}>提交最终处理意见</SubmitButton>
    </TaskForm>
  );
}

/** The enterprise rates the handling of its appeal: satisfied, or dissatisfied with its reason. */
export function RatingForm({ ratingDue }: { ratingDue: string | null }) {
  const [form, fields] = useTaskForm("rate", rateSchema);
  const [rating, setRating] = useState<string | undefined>(undefined);
  return (
    <TaskForm
      form={form}
      intent="rate"
      title="评价办理结果"
      level="h3"
      hint={
        <p className="alert alert--warn" role="note" style={{ margin: 0 }} data-testid="rating-deadline">
          请于{ratingDue}前评价,逾期未评价视为满意。
        </p>
      }
    >
      <fieldset
        className="rating-choice"
        aria-describedby={fields.rating.errors ? `${fields.rating.id}-error` : undefined}
      >
        <legend>您对办理结果是否满意</legend>
        {(["satisfied", "dissatisfied"] as const).map((value) => (
          <label key={value}>
            <input
              type="radio"
              name={fields.rating.name}
              value={value}
              defaultChecked={fields.rating.initialValue === value}
              onChange={() => setRating(value)}
            />{" "}
            {RATING_LABEL[value]}
          </label>
        ))}
        {fields.rating.errors?.length ? (
          <span id={`${fields.rating.id}-error`} className="field-error" role="alert">
            {fields.rating.errors.join(";")}
          </span>
        ) : null}
      </fieldset>
      <TextareaField
        field={fields.reason}
        label={rating === "dissatisfied" ? "不满意的理由" : "意见或理由(不满意时必填)"}
        hint="不满意的,牵头部门将与您沟通并作出最终处理意见。"
        rows={3}
      />
      <SubmitButton busyText={BUSY}>提交评价</SubmitButton>
    </TaskForm>
  );
}
