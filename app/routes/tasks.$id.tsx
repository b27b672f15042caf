import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import type { ReactNode } from "react";
import { z } from "zod";
import { Field, FormMessage } from "~/components/field";
import { dueState } from "~/domain/appeal";
import { endOfDay, formatDateZh, formatInstantZh } from "~/domain/calendar";
import { formatDurationZh } from "~/domain/clocks";
import { appealContactPhone } from "~/domain/personal-data";
import { mayTake, RATING_LABEL, silenceCountsAsSatisfied, TASK_STATE_LABEL } from "~/domain/tasks";
import { organisationNames, progressOf, taskOfOrganisation } from "~/models/task.server";
import { ErrorPage } from "~/root";
import {
  commitSchema,
  completeSchema,
  finalSchema,
  progressSchema,
  taskActionSchema,
  type TaskIntent,
} from "~/schemas/tasks";
import {
  addProgress,
  publishCommitment,
  recordFinalDecision,
  reportCompletion,
  type TaskResult,
} from "~/services/tasks.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `交办任务 ${data.task.trackingNumber} · 直通车` : "交办任务 · 直通车" },
];

const NOT_FOUND = "没有找到该任务。";

/** The task, if it is the department's own; to anyone else it does not exist. */
async function ownTask(params: { id?: string }, organisationId: number) {
  const t = await taskOfOrganisation(getDb(), intParam(params.id, { message: NOT_FOUND }), organisationId);
  invariantResponse(t, NOT_FOUND, 404);
  return t;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["department"]);
  const t = await ownTask(params, user.organisationId);
  const db = getDb();
  const [progress, coDepartments] = await Promise.all([progressOf(db, t.id), organisationNames(db, t.coIds)]);
  const at = now();
  const commitmentState = t.committedAt ? null : dueState(t.commitmentDueAt, at);
  const working = t.state === "committed" || t.state === "reopened";
  const completionDue = t.committedDeadline ? endOfDay(t.committedDeadline) : null;
  const completionState = completionDue && working ? dueState(completionDue, at) : null;
  return {
    task: {
      id: t.id,
      state: t.state,
      stateLabel: TASK_STATE_LABEL[t.state],
      trackingNumber: t.trackingNumber,
      title: t.title,
      content: t.content,
      enterpriseName: t.enterpriseName,
      contactName: t.contactName,
      // The task is this department's own (ownTask found it by the department): it handles the appeal.
      contactPhone: appealContactPhone(
        user,
        {
          enterpriseOrganisationId: null,
          registeredBy: null,
          organisationIds: [user.organisationId],
          registryReview: false,
        },
        t.contactPhone,
      ),
      cycleNumber: t.cycleNumber,
      onsite: formatDateZh(t.onsiteDate),
      onsiteDate: t.onsiteDate,
      decision: t.decision,
      dueDate: formatDateZh(t.dueDate),
      leadName: t.leadName,
      coDepartments,
      assigned: formatInstantZh(t.createdAt),
      commitmentDue: formatInstantZh(t.commitmentDueAt),
      commitmentState,
      commitmentLateBy:
        commitmentState === "late" ? formatDurationZh(at.getTime() - t.commitmentDueAt.getTime()) : null,
      commitment: t.committedAt
        ? {
            leader: t.responsibleLeader,
            person: t.responsiblePerson,
            deadline: t.committedDeadline ? formatDateZh(t.committedDeadline) : null,
            measures: t.measures,
            at: formatInstantZh(t.committedAt),
            lateBy: t.commitmentOnTime === false ? formatDurationZh(Number(t.commitmentLateMs ?? 0)) : null,
          }
        : null,
      completionState,
      completionLateBy:
        completionState === "late" && completionDue ? formatDurationZh(at.getTime() - completionDue.getTime()) : null,
      completion: t.completedAt ? { at: formatInstantZh(t.completedAt), result: t.completionResult } : null,
      ratingDue: t.ratingDueAt ? formatInstantZh(t.ratingDueAt) : null,
      ratingRanOut: t.state === "completed" && t.ratingDueAt ? silenceCountsAsSatisfied(t.ratingDueAt, at) : false,
      rating: t.rating
        ? {
            label: RATING_LABEL[t.rating],
            dissatisfied: t.rating === "dissatisfied",
            reason: t.ratingReason,
            at: t.ratedAt ? formatInstantZh(t.ratedAt) : null,
          }
        : null,
      final: t.finalAt ? { at: formatInstantZh(t.finalAt), talk: t.talkRecord, decision: t.finalDecision } : null,
    },
    progress: progress.map((p) => ({
      id: p.id,
      body: p.body,
      at: formatInstantZh(p.createdAt),
      author: p.authorName ?? "",
    })),
    may: {
      commit: mayTake(t.state, "commit"),
      progress: mayTake(t.state, "progress"),
      complete: mayTake(t.state, "complete"),
      final: mayTake(t.state, "final"),
    },
    // A key per showing of the page: a double submit or a retry of a progress update makes one record.
    submissionKey: randomUUID(),
  };
}

type ActionData = { reply: SubmissionResult<string[]>; ok: string | null; error: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["department"]);
  const t = await ownTask(params, user.organisationId);
  const submission = parseWithZod(await request.formData(), { schema: taskActionSchema });
  const fail = (reply: SubmissionResult<string[]>, error: string, status: number) =>
    Response.json({ reply, ok: null, error } satisfies ActionData, { status });
  if (submission.status !== "success") return fail(submission.reply(), "提交的内容有误,请按提示修改。", 400);
  const v = submission.value;
  const db = getDb();
  const base = { taskId: t.id, organisationId: user.organisationId, userId: user.id, now: now() };
  let out: TaskResult;
  switch (v.intent) {
    case "commit":
      out = await publishCommitment(db, {
        ...base,
        responsibleLeader: v.responsibleLeader,
        responsiblePerson: v.responsiblePerson,
        deadline: v.deadline,
        measures: v.measures,
      });
      break;
    case "progress":
      out = await addProgress(db, {
        ...base,
        body: v.body,
        // Unique across all tasks and people: the form's key alone could be replayed elsewhere.
        submissionKey: `task:${t.id}:${user.id}:${v.submissionKey}`,
      });
      break;
    case "complete":
      out = await reportCompletion(db, { ...base, result: v.result });
      break;
    case "final":
      out = await recordFinalDecision(db, { ...base, talkRecord: v.talkRecord, finalDecision: v.finalDecision });
      break;
  }
  if (!out.ok) {
    const reply = out.field
      ? submission.reply({ fieldErrors: { [out.field]: [out.error] } })
      : submission.reply({ formErrors: [out.error] });
    return fail(reply, out.error, out.field ? 400 : 409);
  }
  return Response.json({
    reply: submission.reply({ resetForm: true }),
    ok: out.message,
    error: null,
  } satisfies ActionData);
}

// ——— The page ———

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** The last reply, for the form it came from only. */
function useReplyFor(intent: TaskIntent) {
  const data = useActionData<typeof action>() as ActionData | undefined;
  const initial = data?.reply?.initialValue as { intent?: string } | undefined;
  return initial?.intent === intent ? data?.reply : undefined;
}

function Submit({ children, secondary }: { children: ReactNode; secondary?: boolean }) {
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <button type="submit" className={`button${secondary ? " button--secondary" : ""}`} disabled={busy}>
        {busy ? "正在提交…" : children}
      </button>
    </div>
  );
}

function useTaskForm<S extends z.ZodType>(intent: TaskIntent, schema: S) {
  return useForm({
    id: `task-${intent}`,
    lastResult: useReplyFor(intent),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
}

function CommitForm({ task }: { task: LoaderData["task"] }) {
  const [form, fields] = useTaskForm("commit", commitSchema);
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby="commit-title">
      <h2 id="commit-title" style={{ margin: 0 }}>
        公布办理承诺
      </h2>
      <p className="hint" style={{ margin: 0 }}>
        请于 {task.commitmentDue} 前公布。承诺公布后向社会公开(企业要求不公开名称的,隐去企业名称),公布后不能修改。
      </p>
      <input type="hidden" name="intent" value="commit" />
      <div className="grid">
        <Field
          id={fields.responsibleLeader.id}
          label="责任领导"
          errors={fields.responsibleLeader.errors}
          hint="姓名和职务"
        >
          <input {...getInputProps(fields.responsibleLeader, { type: "text" })} maxLength={50} />
        </Field>
        <Field id={fields.responsiblePerson.id} label="责任人" errors={fields.responsiblePerson.errors}>
          <input {...getInputProps(fields.responsiblePerson, { type: "text" })} maxLength={50} />
        </Field>
        <Field
          id={fields.deadline.id}
          label="完成时限"
          errors={fields.deadline.errors}
          hint={`不早于现场活动日 ${task.onsite}`}
        >
          <input {...getInputProps(fields.deadline, { type: "date" })} min={task.onsiteDate} />
        </Field>
      </div>
      <Field id={fields.measures.id} label="工作措施" errors={fields.measures.errors}>
        <textarea {...getTextareaProps(fields.measures)} rows={5} />
      </Field>
      <Submit>公布承诺</Submit>
    </Form>
  );
}

function ProgressForm({ submissionKey }: { submissionKey: string }) {
  const [form, fields] = useTaskForm("progress", progressSchema);
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby="progress-title">
      <h3 id="progress-title" style={{ margin: 0 }}>
        添加办理进展
      </h3>
      <input type="hidden" name="intent" value="progress" />
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <Field id={fields.body.id} label="办理进展" errors={fields.body.errors} hint="企业可在诉求页面看到办理进展。">
        <textarea {...getTextareaProps(fields.body)} rows={3} />
      </Field>
      <Submit secondary>添加进展</Submit>
    </Form>
  );
}

function CompleteForm() {
  const [form, fields] = useTaskForm("complete", completeSchema);
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby="complete-title">
      <h2 id="complete-title" style={{ margin: 0 }}>
        报告办结
      </h2>
      <p className="hint" style={{ margin: 0 }}>
        报告办结后,平台请企业在5个自然日内评价;逾期未评价视为满意。
      </p>
      <input type="hidden" name="intent" value="complete" />
      <Field id={fields.result.id} label="办理结果" errors={fields.result.errors}>
        <textarea {...getTextareaProps(fields.result)} rows={5} />
      </Field>
      <Submit>报告办结</Submit>
    </Form>
  );
}

function FinalForm() {
  const [form, fields] = useTaskForm("final", finalSchema);
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby="final-title">
      <h2 id="final-title" style={{ margin: 0 }}>
        沟通情况和最终处理意见
      </h2>
      <p className="hint" style={{ margin: 0 }}>
        企业对办理结果不满意:请与企业沟通,记录沟通情况并作出最终处理意见;提交后任务完结。
      </p>
      <input type="hidden" name="intent" value="final" />
      <Field id={fields.talkRecord.id} label="沟通情况" errors={fields.talkRecord.errors}>
        <textarea {...getTextareaProps(fields.talkRecord)} rows={4} />
      </Field>
      <Field id={fields.finalDecision.id} label="最终处理意见" errors={fields.finalDecision.errors}>
        <textarea {...getTextareaProps(fields.finalDecision)} rows={4} />
      </Field>
      <Submit>提交最终处理意见</Submit>
    </Form>
  );
}

const STATE_BADGE: Record<string, string> = {
  open: "badge--warn",
  committed: "badge--ok",
  completed: "badge--grey",
  reopened: "badge--red",
  closed: "badge--grey",
};

export default function TaskPage() {
  const { task: t, progress, may, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  return (
    <>
      <p>
        <Link to="/tasks">← 交办任务</Link>
      </p>
      <h1>
        {t.title} <span className={`badge ${STATE_BADGE[t.state]}`}>{t.stateLabel}</span>
      </h1>
      <FormMessage ok={result?.ok} error={result?.error} />

      <section className="card task-facts" aria-labelledby="decision-title">
        <h2 id="decision-title" style={{ marginTop: 0 }}>
          市领导处理意见
        </h2>
        <p className="task-text" data-testid="decision">
          {t.decision}
        </p>
        <dl className="facts">
          <dt>受理编号</dt>
          <dd>{t.trackingNumber}</dd>
          <dt>期次</dt>
          <dd>
            第{t.cycleNumber}期,现场活动日 {t.onsite}
          </dd>
          <dt>企业</dt>
          <dd>
            {t.enterpriseName}
            <div className="hint">
              联系人 {t.contactName} {t.contactPhone}
            </div>
          </dd>
          <dt>牵头部门</dt>
          <dd>{t.leadName}</dd>
          <dt>协办部门</dt>
          <dd>{t.coDepartments.length ? t.coDepartments.join("、") : "无"}</dd>
          <dt>办理时限</dt>
          <dd>{t.dueDate}</dd>
          <dt>交办时间</dt>
          <dd>{t.assigned}</dd>
          <dt>承诺公布期限</dt>
          <dd>
            {t.commitmentDue}{" "}
            {t.commitmentState === "late" ? (
              <span className="badge badge--red">已逾期 {t.commitmentLateBy}</span>
            ) : t.commitmentState === "due_soon" ? (
              <span className="badge badge--warn">即将到期</span>
            ) : null}
          </dd>
        </dl>
        <details className="task-appeal">
          <summary>诉求内容</summary>
          <p className="task-text">{t.content}</p>
        </details>
      </section>

      {may.commit ? (
        <section className="card">
          <CommitForm task={t} />
        </section>
      ) : null}

      {t.commitment ? (
        <section className="card" aria-labelledby="commitment-title" data-testid="commitment">
          <h2 id="commitment-title" style={{ marginTop: 0 }}>
            办理承诺{" "}
            {t.commitment.lateBy ? (
              <span className="badge badge--red">逾期 {t.commitment.lateBy} 公布</span>
            ) : (
              <span className="badge badge--ok">按时公布</span>
            )}
          </h2>
          <dl className="facts">
            <dt>责任领导</dt>
            <dd>{t.commitment.leader}</dd>
            <dt>责任人</dt>
            <dd>{t.commitment.person}</dd>
            <dt>完成时限</dt>
            <dd>
              {t.commitment.deadline}{" "}
              {t.completionState === "late" ? (
                <span className="badge badge--red">已逾期 {t.completionLateBy}</span>
              ) : t.completionState === "due_soon" ? (
                <span className="badge badge--warn">即将到期</span>
              ) : null}
            </dd>
            <dt>工作措施</dt>
            <dd className="task-text">{t.commitment.measures}</dd>
            <dt>公布时间</dt>
            <dd>{t.commitment.at}</dd>
          </dl>
        </section>
      ) : null}

      {t.commitment ? (
        <section className="card" aria-labelledby="progress-list-title">
          <h2 id="progress-list-title" style={{ marginTop: 0 }}>
            办理进展
          </h2>
          {progress.length ? (
            <ol className="timeline" aria-label="办理进展" data-testid="progress-list">
              {progress.map((p) => (
                <li key={p.id}>
                  <div className="task-text">{p.body}</div>
                  <div className="hint">
                    {p.at}
                    {p.author ? ` · ${p.author}` : ""}
                  </div>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">尚未添加办理进展。</p>
          )}
          {may.progress ? (
            <div style={{ marginTop: "1rem" }}>
              <ProgressForm submissionKey={submissionKey} />
            </div>
          ) : null}
        </section>
      ) : null}

      {may.complete ? (
        <section className="card">
          <CompleteForm />
        </section>
      ) : null}

      {t.completion ? (
        <section className="card" aria-labelledby="completion-title" data-testid="completion">
          <h2 id="completion-title" style={{ marginTop: 0 }}>
            办理结果
          </h2>
          <p className="task-text">{t.completion.result}</p>
          <p className="hint">{t.completion.at} 报告办结</p>
          <h3>企业评价</h3>
          {t.rating ? (
            <div data-testid="rating">
              <span className={`badge ${t.rating.dissatisfied ? "badge--red" : "badge--ok"}`}>{t.rating.label}</span>
              {t.rating.at ? <span className="hint"> {t.rating.at}</span> : null}
              {t.rating.reason ? <p className="task-text">不满意的理由:{t.rating.reason}</p> : null}
            </div>
          ) : t.ratingRanOut ? (
            <p>评价期限({t.ratingDue})已过,视为满意。</p>
          ) : (
            <p data-testid="rating">待企业评价,评价期限 {t.ratingDue};逾期未评价视为满意。</p>
          )}
        </section>
      ) : null}

      {may.final ? (
        <section className="card">
          <FinalForm />
        </section>
      ) : null}

      {t.final ? (
        <section className="card" aria-labelledby="final-record-title" data-testid="final">
          <h2 id="final-record-title" style={{ marginTop: 0 }}>
            最终处理意见
          </h2>
          <dl className="facts">
            <dt>沟通情况</dt>
            <dd className="task-text">{t.final.talk}</dd>
            <dt>最终处理意见</dt>
            <dd className="task-text">{t.final.decision}</dd>
            <dt>记录时间</dt>
            <dd>{t.final.at}</dd>
          </dl>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
