import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { Checks } from "~/components/checks";
import { Field } from "~/components/field";
import { InputField } from "~/components/intent-form";
import { agendaEntrySchema, submitAgendaSchema } from "~/schemas/agenda";
import type { AgendaIssue } from "~/services/views/agenda-page.server";
import type { StepData } from "~/utils/step-response.server";

/** The agenda page's answer: which issue's form posted, so its message shows beside it. */
export type AgendaActionData = StepData & { itemId: number | null };

type Organisations = { id: number; name: string }[];

function FormAlert({ errors }: { errors?: string[] }) {
  return errors?.length ? (
    <div className="alert alert--error" role="alert" style={{ margin: 0 }}>
      {errors.join(";")}
    </div>
  ) : null;
}

function Submit({ children, secondary, label }: { children: ReactNode; secondary?: boolean; label?: string }) {
  const busy = useNavigation().state === "submitting";
  return (
    <button
      type="submit"
      className={`button${secondary ? " button--secondary" : ""}`}
      disabled={busy}
      aria-label={label}
    >
      {children}
    </button>
  );
}

/** The secretary-general's entry for one issue: the proposed opinion, who was consulted, its slot and attendees. */
export function EntryForm({
  issue,
  departments,
  counties,
  actionData,
}: {
  issue: AgendaIssue;
  departments: Organisations;
  counties: Organisations;
  actionData: AgendaActionData | undefined;
}) {
  const mine = actionData?.itemId === issue.id;
  const [form, fields] = useForm({
    id: `entry-${issue.id}`,
    lastResult: mine ? actionData?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: agendaEntrySchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const [selected, setSelected] = useState(issue.selected);
  return (
    <Form method="post" className="agenda-entry" {...getFormProps(form)} aria-label={`第${issue.number}号问题的议程`}>
      <input type="hidden" name="intent" value="entry" />
      <input type="hidden" name="itemId" value={issue.id} />
      {mine ? <FormAlert errors={form.errors} /> : null}
      <Field
        id={fields.proposedOpinion.id}
        label="拟办意见"
        errors={fields.proposedOpinion.errors}
        hint="与有关部门协调后,提出本问题的处理建议,供市领导审定。"
      >
        <textarea
          {...getTextareaProps(fields.proposedOpinion)}
          defaultValue={issue.proposedOpinion}
          rows={3}
          maxLength={2000}
        />
      </Field>
      <Checks
        legend="已征求意见的部门"
        name="consultedIds"
        idPrefix={`${form.id}-consulted`}
        groups={[{ options: departments }]}
        checked={issue.consultedIds}
        errors={fields.consultedIds.errors}
      />
      <label className="agenda-entry__pick">
        <input
          type="checkbox"
          name="selected"
          defaultChecked={issue.selected}
          onChange={(e) => setSelected(e.currentTarget.checked)}
        />
        列入现场议题
      </label>
      {selected ? (
        <div className="agenda-entry__onsite">
          <div className="agenda-entry__times">
            <Field id={fields.slotStart.id} label="开始时间" errors={fields.slotStart.errors}>
              <input
                {...getInputProps(fields.slotStart, { type: "time" })}
                defaultValue={issue.slotStart ?? ""}
                step={300}
              />
            </Field>
            <Field id={fields.slotEnd.id} label="结束时间" errors={fields.slotEnd.errors}>
              <input
                {...getInputProps(fields.slotEnd, { type: "time" })}
                defaultValue={issue.slotEnd ?? ""}
                step={300}
              />
            </Field>
          </div>
          <Checks
            legend="参加单位"
            name="attendeeIds"
            idPrefix={`${form.id}-attendees`}
            groups={[
              { label: "市直部门", options: departments },
              { label: "县、区政府(管委会)", options: counties },
            ]}
            checked={issue.attendeeIds}
            errors={fields.attendeeIds.errors}
          />
        </div>
      ) : null}
      <div className="agenda-entry__actions">
        <Submit secondary label={`保存第${issue.number}号`}>
          保存
        </Submit>
        {mine && actionData?.ok ? (
          <span className="agenda-entry__saved" role="status">
            {actionData.ok}
          </span>
        ) : null}
      </div>
    </Form>
  );
}

/** The place of the day and the button that sends the agenda to the leader. */
export function SubmitAgendaForm({
  place,
  problems,
  actionData,
}: {
  place: string;
  problems: string[];
  actionData: AgendaActionData | undefined;
}) {
  const mine = actionData?.reply?.initialValue?.intent === "submit";
  const [form, fields] = useForm({
    id: "submit-agenda",
    lastResult: mine ? actionData?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: submitAgendaSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby="submit-title">
      <h2 id="submit-title" style={{ margin: 0 }}>
        报送市领导审定
      </h2>
      <input type="hidden" name="intent" value="submit" />
      {mine ? <FormAlert errors={form.errors} /> : null}
      <InputField field={fields.place} label="现场活动地点" defaultValue={place} maxLength={200} />
      <p className="hint" style={{ margin: 0 }}>
        {problems.length ? (
          <>
            还有 <a href="#missing">{problems.length} 项尚缺事项</a>,补齐后才能报送。
          </>
        ) : (
          "各项已齐备,报送后等待市领导审定;审定前不能修改。"
        )}
      </p>
      <div>
        <Submit>报送市领导审定</Submit>
      </div>
    </Form>
  );
}

/** What is still missing before the agenda can be sent, or that it is ready. */
export function MissingPanel({ problems }: { problems: string[] }) {
  return (
    <section
      id="missing"
      className={`agenda-missing${problems.length ? "" : " agenda-missing--ready"}`}
      aria-labelledby="missing-title"
    >
      <h2 id="missing-title">
        尚缺事项 <span className="count-pill">{problems.length}</span>
      </h2>
      {problems.length ? (
        <ul aria-label="尚缺事项">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : (
        <p role="status">可以报送:各项已齐备。</p>
      )}
    </section>
  );
}
