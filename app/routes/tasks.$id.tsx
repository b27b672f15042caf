import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormMessage } from "~/components/field";
import { CommitmentFacts, DueBadge, ProgressTimeline, RatingBadge, TASK_STATE_BADGE } from "~/components/task-facts";
import { CommitForm, CompleteForm, FinalForm, ProgressForm } from "~/components/task-forms";
import { ErrorPage } from "~/root";
import { taskActionSchema } from "~/schemas/tasks";
import { takeTaskStep } from "~/services/task-steps.server";
import { ownTask, taskPage } from "~/services/views/task-page.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { stepReply } from "~/utils/step-response.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `交办任务 ${data.task.trackingNumber} · 直通车` : "交办任务 · 直通车" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["department"]);
  return taskPage(user, params.id);
}

type ActionData = { reply: SubmissionResult<string[]>; ok: string | null; error: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["department"]);
  const t = await ownTask(params.id, user.organisationId);
  const submission = parseWithZod(await request.formData(), { schema: taskActionSchema });
  if (submission.status !== "success")
    return Response.json(
      { reply: submission.reply(), ok: null, error: "提交的内容有误,请按提示修改。" } satisfies ActionData,
      { status: 400 },
    );
  const out = await takeTaskStep(getDb(), submission.value, {
    taskId: t.id,
    organisationId: user.organisationId,
    userId: user.id,
    now: now(),
  });
  const { status, ...data } = stepReply(submission, out);
  return Response.json(data satisfies ActionData, { status });
}

export default function TaskPage() {
  const { task: t, progress, may, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  return (
    <>
      <p>
        <Link to="/tasks">← 交办任务</Link>
      </p>
      <h1>
        {t.title} <span className={`badge ${TASK_STATE_BADGE[t.state]}`}>{t.stateLabel}</span>
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
            {t.commitmentDue} <DueBadge state={t.commitmentState} lateBy={t.commitmentLateBy} />
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
            {t.commitmentPublishedLateBy ? (
              <span className="badge badge--red">逾期 {t.commitmentPublishedLateBy} 公布</span>
            ) : (
              <span className="badge badge--ok">按时公布</span>
            )}
          </h2>
          <CommitmentFacts
            commitment={t.commitment}
            deadlineBadge={<DueBadge state={t.completionState} lateBy={t.completionLateBy} />}
          />
        </section>
      ) : null}

      {t.commitment ? (
        <section className="card" aria-labelledby="progress-list-title">
          <h2 id="progress-list-title" style={{ marginTop: 0 }}>
            办理进展
          </h2>
          {progress.length ? (
            <ProgressTimeline items={progress} data-testid="progress-list" />
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
              <RatingBadge rating={t.rating} />
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
