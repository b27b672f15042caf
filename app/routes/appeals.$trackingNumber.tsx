import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppealHistory } from "~/components/appeal-history";
import { FormMessage } from "~/components/field";
import { CommitmentFacts, ProgressTimeline, RatingBadge } from "~/components/task-facts";
import { RatingForm } from "~/components/task-forms";
import { ErrorPage } from "~/root";
import { rateSchema } from "~/schemas/tasks";
import { rateTask } from "~/services/tasks.server";
import { appealReceiptPage, viewableAppeal } from "~/services/views/appeal-receipt.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { stepReply } from "~/utils/step-response.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `诉求 ${data.appeal.trackingNumber} · 直通车` : "诉求 · 直通车" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["enterprise", "window_clerk", "hotline_operator", "platform_admin"]);
  return appealReceiptPage(user, String(params.trackingNumber ?? ""));
}

type ActionData = { reply: SubmissionResult<string[]>; ok: string | null; error: string | null };

/** The enterprise rates the handling of its own appeal (SPEC §4 step 11). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["enterprise"]);
  const a = await viewableAppeal(user, String(params.trackingNumber ?? ""));
  const submission = parseWithZod(await request.formData(), { schema: rateSchema });
  if (submission.status !== "success")
    return Response.json(
      { reply: submission.reply(), ok: null, error: "提交的内容有误,请按提示修改。" } satisfies ActionData,
      { status: 400 },
    );
  const v = submission.value;
  const out = await rateTask(getDb(), {
    appealId: a.id,
    enterpriseOrganisationId: user.organisationId,
    rating: v.rating,
    reason: v.reason ?? "",
    userId: user.id,
    now: now(),
  });
  const { status, ...data } = stepReply(submission, out);
  return Response.json(data satisfies ActionData, { status });
}

type Task = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["task"]>;

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
        <CommitmentFacts commitment={task.commitment} data-testid="task-commitment" />
      ) : (
        <p className="muted">牵头部门尚未公布办理承诺。</p>
      )}
      {task.progress.length ? (
        <>
          <h3>办理进展</h3>
          <ProgressTimeline items={task.progress} />
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
            <RatingBadge rating={task.rating} />
            {task.rating.at ? <span className="hint"> {task.rating.at}</span> : null}
          </p>
          {task.rating.reason ? <p className="task-text">理由:{task.rating.reason}</p> : null}
        </div>
      ) : task.mayRate ? (
        <RatingForm ratingDue={task.ratingDue} />
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
