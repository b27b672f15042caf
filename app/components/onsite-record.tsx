import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import { NameOptions } from "~/components/filter-select";
import { Checks } from "~/components/checks";
import { Field } from "~/components/field";
import { FormErrors } from "~/components/intent-form";
import type { OnsiteIssue } from "~/models/onsite.server";
import { decisionSchema } from "~/schemas/onsite";
import type { OnsiteRecordView } from "~/services/views/onsite-record.server";
import type { StepData } from "~/utils/step-response.server";

/** The onsite page's answer: which issue's form posted, so its message shows beside it. */
export type OnsiteActionData = StepData & { itemId: number | null };

/** The leader's decision on one onsite issue, as the office records it: the text, the lead, co-departments, due date. */
export function DecisionForm({
  issue,
  departments,
  onsiteDate,
  actionData,
}: {
  issue: OnsiteIssue;
  departments: OnsiteRecordView["departments"];
  onsiteDate: string;
  actionData: OnsiteActionData | undefined;
}) {
  const mine = actionData?.itemId === issue.itemId;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: `decision-${issue.itemId}`,
    lastResult: mine ? actionData?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: decisionSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const d = issue.decision;
  return (
    <Form method="post" {...getFormProps(form)} aria-label={`第${issue.number}号议题的处理意见`} className="stack">
      <input type="hidden" name="intent" value="decision" />
      <input type="hidden" name="itemId" value={issue.itemId} />
      {mine ? <FormErrors form={form} /> : null}
      <Field id={fields.decision.id} label="市领导处理意见" errors={fields.decision.errors}>
        <textarea
          {...getTextareaProps(fields.decision)}
          defaultValue={d?.text ?? issue.proposedOpinion ?? ""}
          rows={3}
          maxLength={2000}
        />
      </Field>
      <div className="grid">
        <Field id={fields.leadId.id} label="牵头部门" errors={fields.leadId.errors}>
          <select {...getSelectProps(fields.leadId)} defaultValue={String(d?.leadId ?? issue.defaultLeadId ?? "")}>
            <option value="">请选择</option>
            <NameOptions rows={departments} />
          </select>
        </Field>
        <Field id={fields.dueDate.id} label="办理时限" errors={fields.dueDate.errors}>
          <input
            {...getInputProps(fields.dueDate, { type: "date" })}
            defaultValue={d?.dueDate ?? ""}
            min={onsiteDate}
          />
        </Field>
      </div>
      <Checks
        legend="协办部门"
        name="coIds"
        idPrefix={`${form.id}-co`}
        groups={[{ options: departments }]}
        checked={d?.coIds ?? []}
        errors={fields.coIds.errors}
      />
      <div>
        <button
          type="submit"
          className="button button--secondary"
          disabled={busy}
          aria-label={`保存第${issue.number}号`}
        >
          保存
        </button>{" "}
        {mine && actionData?.ok ? <span role="status">{actionData.ok}</span> : null}
      </div>
    </Form>
  );
}

/** The issues not on the day's agenda: the lead department's answer, and the button that forwards it. */
export function OffAgenda({ rows }: { rows: OnsiteRecordView["offAgenda"] }) {
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" aria-labelledby="offagenda-title">
      <h2 id="offagenda-title" style={{ marginTop: 0 }}>
        未列入现场议题的问题
      </h2>
      <p className="hint">牵头部门在答复期限前在平台答复,平台审核后转送企业。</p>
      <div className="table-wrap">
        <table className="table table--cards" aria-label="未列入现场议题的问题">
          <thead>
            <tr>
              <th scope="col">问题</th>
              <th scope="col">牵头部门</th>
              <th scope="col">答复期限</th>
              <th scope="col">部门答复</th>
              <th scope="col">转送企业</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((x) => (
              <tr key={x.itemId} data-testid="offagenda-row">
                <td data-label="问题">
                  第{x.number}号 {x.title}
                  <div className="hint">{x.trackingNumber}</div>
                </td>
                <td data-label="牵头部门">{x.organisationName}</td>
                <td data-label="答复期限">
                  {x.due} {x.late ? <span className="badge badge--red">逾期</span> : null}
                </td>
                <td data-label="部门答复" className="reply-body">
                  {x.body ?? <span className="muted">尚未答复</span>}
                </td>
                <td data-label="转送企业">
                  {x.sent ? (
                    <span className="badge badge--ok">已转送 {x.sent}</span>
                  ) : x.body ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="send" />
                      <input type="hidden" name="itemId" value={x.itemId} />
                      <button type="submit" className="button" disabled={busy} aria-label={`转送第${x.number}号答复`}>
                        转送企业
                      </button>
                    </Form>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The tasks the approved opinions started, with whether each commitment was published on time. */
export function TaskTable({ tasks }: { tasks: OnsiteRecordView["tasks"] }) {
  return (
    <section className="card" aria-labelledby="tasks-title">
      <h2 id="tasks-title" style={{ marginTop: 0 }}>
        交办任务
      </h2>
      <div className="table-wrap">
        <table className="table table--cards" aria-label="交办任务">
          <thead>
            <tr>
              <th scope="col">诉求</th>
              <th scope="col">牵头部门</th>
              <th scope="col">状态</th>
              <th scope="col">承诺公布</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((t) => (
              <tr key={t.id} data-testid="task-row">
                <td data-label="诉求">
                  <Link to={`/admin/appeals/${t.trackingNumber}`}>{t.trackingNumber}</Link>
                  <div className="hint">{t.title}</div>
                </td>
                <td data-label="牵头部门">{t.organisationName}</td>
                <td data-label="状态">{t.stateLabel}</td>
                <td data-label="承诺公布">
                  {t.onTime === null ? (
                    <span className="muted">未公布</span>
                  ) : t.onTime ? (
                    <span className="badge badge--ok">按时</span>
                  ) : (
                    <span className="badge badge--red">逾期</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
