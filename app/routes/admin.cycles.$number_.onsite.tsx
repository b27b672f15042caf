import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "~/components/audit-list";
import { Checks } from "~/components/checks";
import { DecisionFacts } from "~/components/decision-facts";
import { Field, FormMessage } from "~/components/field";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { auditActionLabel } from "~/domain/labels";
import { OPINIONS_STATUS_LABEL, TASK_STATE_LABEL } from "~/domain/tasks";
import { auditHistory } from "~/models/audit.server";
import { agendaCycle } from "~/models/catalog.server";
import { cycleTasks, offAgendaAnswers, onsiteRecordOf, type OnsiteIssue } from "~/models/onsite.server";
import { DocumentLinks } from "~/components/document-links";
import { ErrorPage } from "~/root";
import { decisionSchema, onsiteActionSchema } from "~/schemas/onsite";
import { sendOffAgendaAnswer } from "~/services/off-agenda.server";
import { recordDecision, submitOpinions } from "~/services/opinions.server";
import { type TaskResult } from "~/services/tasks.server";
import { requireArea } from "~/utils/auth.server";
import { auditItems } from "~/utils/audit-view";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第${data.cycle.number}期现场处理意见 · 直通车` : "现场处理意见 · 直通车" },
];

const NOT_FOUND = "没有找到该期次。";

const OPINIONS_ACTIONS: readonly string[] = ["opinions.submitted", "opinions.returned", "opinions.approved"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const db = getDb();
  const cycle = await agendaCycle(db, intParam(params.number, { message: NOT_FOUND }));
  invariantResponse(cycle, NOT_FOUND, 404);
  const [{ issues, departments }, history, tasks] = await Promise.all([
    onsiteRecordOf(db, cycle.id),
    auditHistory(db, "cycle", cycle.id),
    cycleTasks(db, cycle.id),
  ]);
  const offAgenda = await offAgendaAnswers(db, { cycleId: cycle.id });
  const at = now();
  const opinionsHistory = history.filter((r) => OPINIONS_ACTIONS.includes(r.action));
  return {
    cycle: {
      number: cycle.number,
      onsite: formatDateZh(cycle.onsiteDate),
      onsiteDate: cycle.onsiteDate,
      agendaApproved: cycle.status === "approved",
      status: cycle.opinionsStatus,
      statusLabel: OPINIONS_STATUS_LABEL[cycle.opinionsStatus],
      leader: cycle.leaderName ? `${cycle.leaderName}(${cycle.leaderTitle})` : null,
      commitmentsDue: formatInstantZh(cycle.commitmentsDueAt),
    },
    issues,
    departments,
    tasks: tasks.map((t) => ({ ...t, stateLabel: TASK_STATE_LABEL[t.state] })),
    offAgenda: offAgenda.map((x) => ({
      itemId: x.itemId,
      number: x.number,
      trackingNumber: x.trackingNumber,
      title: x.title,
      organisationName: x.organisationName,
      due: formatInstantZh(x.dueAt),
      late: x.answeredAt ? x.onTime === false : at > x.dueAt,
      body: x.body,
      sent: x.sentAt ? formatInstantZh(x.sentAt) : null,
    })),
    history: auditItems(opinionsHistory, (r) => auditActionLabel("cycle", r.action)),
    // While the office corrects returned opinions, the leader's remarks stay in view.
    returnedRemarks:
      cycle.opinionsStatus === "draft" && opinionsHistory[0]?.action === "opinions.returned"
        ? opinionsHistory[0].reason
        : null,
  };
}

type ActionData = { reply: SubmissionResult<string[]>; ok: string | null; error: string | null; itemId: number | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireArea(request, "office");
  const db = getDb();
  const cycle = await agendaCycle(db, intParam(params.number, { message: NOT_FOUND }));
  invariantResponse(cycle, NOT_FOUND, 404);
  const submission = parseWithZod(await request.formData(), { schema: onsiteActionSchema });
  const itemIdRaw = submission.payload.itemId;
  const itemId = typeof itemIdRaw === "string" && /^\d+$/.test(itemIdRaw) ? Number(itemIdRaw) : null;
  if (submission.status !== "success")
    return Response.json(
      { reply: submission.reply(), ok: null, error: "填写的内容有误,请按提示修改。", itemId } satisfies ActionData,
      { status: 400 },
    );
  const v = submission.value;
  const at = now();
  const out: TaskResult =
    v.intent === "decision"
      ? await recordDecision(db, {
          itemId: v.itemId,
          decision: v.decision,
          leadId: v.leadId,
          coIds: v.coIds,
          dueDate: v.dueDate,
          actorId: user.id,
          now: at,
        })
      : v.intent === "send"
        ? await sendOffAgendaAnswer(db, { itemId: v.itemId, actorId: user.id, now: at })
        : await submitOpinions(db, { cycleId: cycle.id, actorId: user.id, now: at });
  if (!out.ok) {
    const reply = out.field
      ? submission.reply({ fieldErrors: { [out.field]: [out.error] } })
      : submission.reply({ formErrors: [out.error] });
    return Response.json({ reply, ok: null, error: out.error, itemId } satisfies ActionData, {
      status: out.field ? 400 : 409,
    });
  }
  return Response.json({ reply: submission.reply(), ok: out.message, error: null, itemId } satisfies ActionData);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function DecisionForm({ issue, data }: { issue: OnsiteIssue; data: LoaderData }) {
  const actionData = useActionData<typeof action>() as ActionData | undefined;
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
      {mine && form.errors?.length ? (
        <div className="alert alert--error" role="alert">
          {form.errors.join(";")}
        </div>
      ) : null}
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
            {data.departments.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id={fields.dueDate.id} label="办理时限" errors={fields.dueDate.errors}>
          <input
            {...getInputProps(fields.dueDate, { type: "date" })}
            defaultValue={d?.dueDate ?? ""}
            min={data.cycle.onsiteDate}
          />
        </Field>
      </div>
      <Checks
        legend="协办部门"
        name="coIds"
        idPrefix={`${form.id}-co`}
        groups={[{ options: data.departments }]}
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

function OffAgenda({ rows }: { rows: LoaderData["offAgenda"] }) {
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

export default function OnsiteRecord() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const c = data.cycle;
  const editable = c.agendaApproved && c.status === "draft";
  const missing = data.issues.filter((i) => !i.decision).length;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to={`/admin/cycles/${c.number}`}>← 第{c.number}期</Link>
      </p>
      <h1>第{c.number}期现场处理意见</h1>
      {actionData && (actionData.itemId === null || !data.issues.some((i) => i.itemId === actionData.itemId)) ? (
        <FormMessage ok={actionData.ok} error={actionData.error} />
      ) : null}
      <section className="card" aria-labelledby="opinions-facts">
        <h2 id="opinions-facts" style={{ marginTop: 0 }}>
          概况{" "}
          <span
            className={`badge ${c.status === "approved" ? "badge--ok" : "badge--grey"}`}
            data-testid="opinions-status"
          >
            {c.statusLabel}
          </span>
        </h2>
        <dl className="facts">
          <dt>现场活动日</dt>
          <dd>{c.onsite}</dd>
          <dt>出席市领导</dt>
          <dd>{c.leader ?? <span className="muted">尚未指定</span>}</dd>
          <dt>承诺公布期限</dt>
          <dd>{c.commitmentsDue}</dd>
          <dt>现场议题</dt>
          <dd>
            {data.issues.length} 项{missing ? `,尚有 ${missing} 项未记录处理意见` : ""}
          </dd>
        </dl>
        <DocumentLinks cycleNumber={c.number} documents={["opinions"]} />
        {editable && data.issues.length > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <button type="submit" className="button" disabled={busy || missing > 0}>
              报送市领导审定
            </button>
            {missing > 0 ? <span className="hint"> 每个议题记录处理意见后才能报送。</span> : null}
          </Form>
        ) : null}
      </section>

      {data.returnedRemarks ? (
        <p className="alert alert--warn" role="note" data-testid="returned-remarks">
          市领导退回修改:{data.returnedRemarks}
        </p>
      ) : null}
      {!c.agendaApproved ? (
        <p className="alert alert--warn" role="note">
          本期议程尚未经市领导审定,审定后才能记录现场处理意见。
        </p>
      ) : null}
      {c.status === "submitted" ? (
        <p className="alert alert--warn" role="note">
          处理意见已报送市领导审定,审定前不能修改。
        </p>
      ) : null}

      {data.issues.length === 0 ? (
        <div className="card" role="status">
          <p style={{ margin: 0 }}>本期没有现场议题。</p>
        </div>
      ) : (
        data.issues.map((i) => (
          <section key={i.itemId} className="card" aria-labelledby={`issue-${i.itemId}`} data-testid="onsite-issue">
            <h2 id={`issue-${i.itemId}`} style={{ marginTop: 0 }}>
              第{i.number}号 {i.title}
            </h2>
            <p className="hint">
              {i.slotStart && i.slotEnd ? `${i.slotStart}—${i.slotEnd} · ` : ""}
              {i.enterpriseName} · {i.trackingNumber}
            </p>
            <p className="reply-body">{i.summary}</p>
            {editable ? <DecisionForm issue={i} data={data} /> : <DecisionFacts decision={i.decision} />}
          </section>
        ))
      )}

      {data.tasks.length ? (
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
                {data.tasks.map((t) => (
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
      ) : null}

      {data.offAgenda.length ? <OffAgenda rows={data.offAgenda} /> : null}

      {data.history.length ? (
        <section className="card">
          <h2 style={{ marginTop: 0 }}>审定记录</h2>
          <AuditList items={data.history} />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
