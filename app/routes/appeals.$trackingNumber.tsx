import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { AppealHistory } from "~/components/appeal-history";
import { Field, FormMessage } from "~/components/field";
import { CHANNEL_LABEL, mayViewAppeal, STATUS_LABEL, type AppealStatus } from "~/domain/appeal";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { formatFileSize } from "~/domain/file-size";
import { mayTake, RATING_LABEL, silenceCountsAsSatisfied, TASK_STATE_LABEL, type TaskState } from "~/domain/tasks";
import { appealEvents, attachmentsOf, getAppealByTrackingNumber } from "~/models/appeal.server";
import { handlingOf } from "~/models/handling.server";
import { progressOf, taskOfAppeal } from "~/models/task.server";
import { ErrorPage } from "~/root";
import { rateSchema } from "~/schemas/tasks";
import { rateTask } from "~/services/tasks.server";
import { publicHistoryItems } from "~/utils/appeal-history";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `诉求 ${data.appeal.trackingNumber} · 直通车` : "诉求 · 直通车" },
];

const NOT_FOUND = "没有找到该诉求,请核对受理编号。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["enterprise", "window_clerk", "hotline_operator", "platform_admin"]);
  const db = getDb();
  const a = await getAppealByTrackingNumber(db, String(params.trackingNumber ?? ""));
  // Someone else's appeal answers exactly like a missing one: its existence is not disclosed.
  invariantResponse(a && mayViewAppeal(user, a), NOT_FOUND, 404);
  const [events, attachments, handling, task] = await Promise.all([
    appealEvents(db, a.id),
    attachmentsOf(db, a.id),
    handlingOf(db, a.id),
    taskOfAppeal(db, a.id),
  ]);
  const progress = task?.committedAt ? await progressOf(db, task.id) : [];
  const at = now();
  const nextCycle = a.cycleOpensAt > a.receivedAt;
  // Only what the enterprise may read: the county's reply to it, never internal opinions or assignments.
  const countyReply =
    a.status === "county_resolved" ? handling.replies.filter((r) => r.kind === "county_reply").at(-1) : undefined;
  const leadAtWork = handling.assignments.some((x) => x.role === "lead" && x.state === "accepted" && !x.endedAt);
  const next = task
    ? taskStep(task.state, { leadName: task.leadName, commitmentDueAt: task.commitmentDueAt })
    : nextStep(a.status, {
        screeningDueAt: a.screeningDueAt,
        rejectionReason: a.rejectionReason,
        leadAtWork,
      });
  const ratingRanOut = task?.ratingDueAt ? silenceCountsAsSatisfied(task.ratingDueAt, at) : false;
  return {
    appeal: {
      trackingNumber: a.trackingNumber,
      title: a.title,
      content: a.content,
      category: a.categoryName,
      channel: CHANNEL_LABEL[a.channel],
      status: a.status,
      statusLabel: STATUS_LABEL[a.status],
      enterpriseName: a.enterpriseName,
      creditCode: a.creditCode,
      receivedAt: formatInstantZh(a.receivedAt),
      cycleNumber: a.cycleNumber,
      onsite: formatDateZh(a.cycleOnsiteDate),
      nextCycle,
      publishName: a.publishName,
      next,
    },
    countyReply: countyReply
      ? {
          organisation: countyReply.organisationName,
          at: formatInstantZh(countyReply.createdAt),
          body: countyReply.body,
          attachments: countyReply.attachments.map((f) => f.filename),
        }
      : null,
    attachments: attachments.map((f) => ({
      id: f.id,
      filename: f.filename,
      size: formatFileSize(f.size),
    })),
    events: publicHistoryItems(events),
    backTo: user.role === "platform_admin" ? "/admin/screening" : "/appeals",
    // 办理情况: what the enterprise may read of the task after the on-site day (no internal notes).
    task: task
      ? {
          state: task.state,
          stateLabel: TASK_STATE_LABEL[task.state],
          decision: task.decision,
          leadName: task.leadName,
          dueDate: formatDateZh(task.dueDate),
          commitment: task.committedAt
            ? {
                leader: task.responsibleLeader,
                person: task.responsiblePerson,
                deadline: task.committedDeadline ? formatDateZh(task.committedDeadline) : null,
                measures: task.measures,
                at: formatInstantZh(task.committedAt),
              }
            : null,
          progress: progress.map((p) => ({ id: p.id, body: p.body, at: formatInstantZh(p.createdAt) })),
          completion: task.completedAt
            ? { at: formatInstantZh(task.completedAt), result: task.completionResult }
            : null,
          ratingDue: task.ratingDueAt ? formatInstantZh(task.ratingDueAt) : null,
          ratingRanOut,
          // Only the enterprise itself rates, while the task waits for it and the time has not run out.
          mayRate: user.role === "enterprise" && mayTake(task.state, "rate") && !ratingRanOut,
          rating: task.rating
            ? {
                label: RATING_LABEL[task.rating],
                dissatisfied: task.rating === "dissatisfied",
                reason: task.ratingReason,
                at: task.ratedAt ? formatInstantZh(task.ratedAt) : null,
              }
            : null,
          final: task.finalAt ? { at: formatInstantZh(task.finalAt), decision: task.finalDecision } : null,
        }
      : null,
  };
}

type ActionData = { reply: SubmissionResult<string[]>; ok: string | null; error: string | null };

/** The enterprise rates the handling of its own appeal (SPEC §4 step 11). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["enterprise"]);
  const db = getDb();
  const a = await getAppealByTrackingNumber(db, String(params.trackingNumber ?? ""));
  invariantResponse(a && mayViewAppeal(user, a), NOT_FOUND, 404);
  const submission = parseWithZod(await request.formData(), { schema: rateSchema });
  const fail = (reply: SubmissionResult<string[]>, error: string, status: number) =>
    Response.json({ reply, ok: null, error } satisfies ActionData, { status });
  if (submission.status !== "success") return fail(submission.reply(), "提交的内容有误,请按提示修改。", 400);
  const v = submission.value;
  const out = await rateTask(db, {
    appealId: a.id,
    enterpriseOrganisationId: user.organisationId,
    rating: v.rating,
    reason: v.reason ?? "",
    userId: user.id,
    now: now(),
  });
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

/** What happens next once the leader's opinion has become a task of the lead department. */
function taskStep(state: TaskState, t: { leadName: string; commitmentDueAt: Date }): string {
  switch (state) {
    case "open":
      return `市领导已审定处理意见,由${t.leadName}牵头办理;办理承诺将于 ${formatInstantZh(t.commitmentDueAt)} 前公布。`;
    case "committed":
      return `${t.leadName}已公布办理承诺,正在按承诺办理;办理情况见下方。`;
    case "completed":
      return "牵头部门已报告办结,请对办理结果作出评价。";
    case "reopened":
      return "您对办理结果不满意,牵头部门将与您沟通并作出最终处理意见。";
    case "closed":
      return "已办理完结。";
  }
}

/** What happens next, in plain words for the enterprise. */
function nextStep(
  status: AppealStatus,
  a: { screeningDueAt: Date; rejectionReason: string | null; leadAtWork: boolean },
): string {
  switch (status) {
    case "screening":
      return `平台将于 ${formatInstantZh(a.screeningDueAt)} 前完成甄别,并短信告知结果。`;
    case "registry_review":
      return "企业信息与法人库不一致,正由市市场监督管理局核实;核实后进入甄别。";
    case "rejected":
      return `不予受理:${a.rejectionReason ?? ""}`;
    case "county":
      return "已转县区政府(管委会)办理,办理结果将通过平台回复。";
    case "escalation_review":
      return "县区认为需要由市级协调解决,已申请转市直部门办理,平台正在审核;审核结果将通过平台告知您。";
    case "county_resolved":
      return "县区已办结并答复,答复内容见下方。如有疑问,可联系承办县区。";
    case "city":
      return a.leadAtWork
        ? "牵头部门已接收,正在办理,将在规定时限内提出办理意见。"
        : "已转市直有关部门办理,部门将在规定时限内接收并办理。";
    case "replied":
      return "牵头部门已提出办理意见,平台将汇总后答复您。";
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Task = NonNullable<LoaderData["task"]>;

function RatingForm({ task }: { task: Task }) {
  const result = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "rate",
    lastResult: result?.reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: rateSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const [rating, setRating] = useState<string | undefined>(undefined);
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby="rate-title">
      <h3 id="rate-title" style={{ margin: 0 }}>
        评价办理结果
      </h3>
      <p className="alert alert--warn" role="note" style={{ margin: 0 }} data-testid="rating-deadline">
        请于{task.ratingDue}前评价,逾期未评价视为满意。
      </p>
      <input type="hidden" name="intent" value="rate" />
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
      <Field
        id={fields.reason.id}
        label={rating === "dissatisfied" ? "不满意的理由" : "意见或理由(不满意时必填)"}
        errors={fields.reason.errors}
        hint="不满意的,牵头部门将与您沟通并作出最终处理意见。"
      >
        <textarea {...getTextareaProps(fields.reason)} rows={3} />
      </Field>
      <div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "正在提交…" : "提交评价"}
        </button>
      </div>
    </Form>
  );
}

function TaskSection({ task }: { task: Task }) {
  const result = useActionData<typeof action>() as ActionData | undefined;
  return (
    <section className="card" aria-labelledby="task-heading" data-testid="task-section">
      <h2 id="task-heading" style={{ marginTop: 0 }}>
        办理情况
      </h2>
      <FormMessage ok={result?.ok} error={result?.error} />
      <h3>市领导处理意见</h3>
      <p className="task-text" data-testid="task-decision">
        {task.decision}
      </p>
      <p className="hint">
        由{task.leadName}牵头办理,办理时限 {task.dueDate}
      </p>
      <h3>办理承诺</h3>
      {task.commitment ? (
        <dl className="facts" data-testid="task-commitment">
          <dt>责任领导</dt>
          <dd>{task.commitment.leader}</dd>
          <dt>责任人</dt>
          <dd>{task.commitment.person}</dd>
          <dt>完成时限</dt>
          <dd>{task.commitment.deadline}</dd>
          <dt>工作措施</dt>
          <dd className="task-text">{task.commitment.measures}</dd>
          <dt>公布时间</dt>
          <dd>{task.commitment.at}</dd>
        </dl>
      ) : (
        <p className="muted">牵头部门尚未公布办理承诺。</p>
      )}
      {task.progress.length ? (
        <>
          <h3>办理进展</h3>
          <ol className="timeline" aria-label="办理进展">
            {task.progress.map((p) => (
              <li key={p.id}>
                <div className="task-text">{p.body}</div>
                <div className="hint">{p.at}</div>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {task.completion ? (
        <>
          <h3>办理结果</h3>
          <p className="task-text" data-testid="task-result">
            {task.completion.result}
          </p>
          <p className="hint">{task.completion.at} 报告办结</p>
        </>
      ) : null}
      {task.rating ? (
        <div data-testid="task-rating">
          <h3>您的评价</h3>
          <p>
            <span className={`badge ${task.rating.dissatisfied ? "badge--red" : "badge--ok"}`}>
              {task.rating.label}
            </span>
            {task.rating.at ? <span className="hint"> {task.rating.at}</span> : null}
          </p>
          {task.rating.reason ? <p className="task-text">理由:{task.rating.reason}</p> : null}
        </div>
      ) : task.mayRate ? (
        <RatingForm task={task} />
      ) : task.completion && task.ratingRanOut ? (
        <p data-testid="task-rating">评价期限({task.ratingDue})已过,视为满意。</p>
      ) : task.completion && task.ratingDue ? (
        <p className="hint">请企业于{task.ratingDue}前评价,逾期未评价视为满意。</p>
      ) : null}
      {task.final ? (
        <>
          <h3>最终处理意见</h3>
          <p className="task-text" data-testid="task-final">
            {task.final.decision}
          </p>
          <p className="hint">{task.final.at}</p>
        </>
      ) : null}
    </section>
  );
}

export default function AppealReceipt() {
  const { appeal: a, attachments, events, backTo, countyReply, task } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const badge =
    a.status === "rejected"
      ? "badge--red"
      : a.status === "registry_review" || a.status === "escalation_review"
        ? "badge--warn"
        : "badge--ok";
  return (
    <>
      <p>
        <Link to={backTo}>← 返回</Link>
      </p>
      {params.get("new") ? (
        <div className="alert alert--ok" role="status">
          诉求已提交成功。请记下受理编号,可随时在“我的诉求”中查看办理进度。
        </div>
      ) : null}
      <section className="card">
        <h1>诉求回执</h1>
        <dl className="facts">
          <dt>受理编号</dt>
          <dd>
            <strong data-testid="tracking-number" style={{ fontSize: "1.2rem", letterSpacing: ".05em" }}>
              {a.trackingNumber}
            </strong>
          </dd>
          <dt>当前状态</dt>
          <dd>
            <span className={`badge ${badge}`}>{a.statusLabel}</span>
            {task ? (
              <>
                {" "}
                <span className={`badge ${task.state === "reopened" ? "badge--warn" : "badge--ok"}`}>
                  {task.stateLabel}
                </span>
              </>
            ) : null}
          </dd>
          <dt>所属期次</dt>
          <dd>
            第{a.cycleNumber}期,现场活动日 {a.onsite}
          </dd>
          <dt>受理时间</dt>
          <dd>
            {a.receivedAt}({a.channel})
          </dd>
          <dt>企业</dt>
          <dd>
            {a.enterpriseName}({a.creditCode})
          </dd>
          <dt>诉求类别</dt>
          <dd>{a.category}</dd>
        </dl>
        {a.nextCycle ? (
          <p className="alert alert--warn" role="note">
            提交时本期预约已截止,您的诉求已顺延纳入第{a.cycleNumber}期(现场活动日 {a.onsite})。
          </p>
        ) : null}
        <p>
          <strong>下一步:</strong>
          {a.next}
        </p>
      </section>
      {countyReply ? (
        <section className="card" aria-labelledby="county-reply-heading">
          <h2 id="county-reply-heading" style={{ marginTop: 0 }}>
            县区答复
          </h2>
          <p className="hint" style={{ marginTop: 0 }}>
            {countyReply.organisation} · {countyReply.at}
          </p>
          <p style={{ whiteSpace: "pre-wrap" }} data-testid="county-reply">
            {countyReply.body}
          </p>
          {countyReply.attachments.length ? <p className="hint">附件:{countyReply.attachments.join("、")}</p> : null}
        </section>
      ) : null}
      {task ? <TaskSection task={task} /> : null}
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{a.title}</h2>
        <p style={{ whiteSpace: "pre-wrap" }}>{a.content}</p>
        {attachments.length ? (
          <>
            <h3>附件</h3>
            <ul className="files">
              {attachments.map((f) => (
                <li key={f.id}>
                  {f.filename}({f.size})
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="hint">{a.publishName ? "同意公开时显示企业名称" : "公开答复时将隐去企业名称"}</p>
      </section>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>办理进度</h2>
        <AppealHistory items={events} label="办理进度" />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
