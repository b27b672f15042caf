/**
 * A task after the on-site day (SPEC §4 steps 9, 11; the tasks are started by opinions.server.ts). The department publishes its commitment (due by the cycle's commitments
 * time), adds progress and reports completion; the enterprise rates within 5 natural days, silence
 * counting as satisfied (sweepRatings, a scheduled job); a dissatisfied rating returns the task to the
 * department, which records its talk with the enterprise and a final decision. Each step is one
 * transaction with its audit record and appeal history, and is refused unless domain/tasks.ts allows it.
 */
import type { Kysely } from "kysely";
import { formatDateZhPlain, formatInstant, formatInstantZh } from "~/domain/calendar";
import { finishOutcome } from "~/domain/clocks";
import {
  commitmentDeadlineProblem,
  mayTake,
  ratingDueAt,
  RATING_LABEL,
  silenceCountsAsSatisfied,
  stateAfterRating,
  type TaskStep,
} from "~/domain/tasks";
import { appendAppealEvent } from "~/models/appeal.server";
import { appendAudit, type Db } from "~/models/audit.server";
import { setTaskDisclosure } from "~/models/task.server";
import { Refusal, refusableStep, type StepResult } from "~/services/refusal.server";
import { transitionTask } from "~/services/task-state.server";
import type { Database } from "../../db/schema";

export type TaskResult = StepResult;

/** A text as a sentence in a note: trimmed and ending in one full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return /[。!?!?.]$/.test(t) ? t : `${t}。`;
}

/** The task, locked, if it belongs to the organisation and its state allows the step. */
async function taskFor(trx: Db, taskId: number, organisationId: number, stepName: TaskStep) {
  const t = await trx
    .selectFrom("tasks as t")
    .innerJoin("appeals as a", "a.id", "t.appeal_id")
    .innerJoin("cycles as c", "c.id", "t.cycle_id")
    .select([
      "t.id",
      "t.state",
      "t.organisation_id as organisationId",
      "t.commitment_due_at as commitmentDueAt",
      "t.rating_due_at as ratingDueAt",
      "t.appeal_id as appealId",
      "a.status",
      "a.tracking_number as trackingNumber",
      "a.title",
      "a.contact_name as contactName",
      "a.contact_phone as phone",
      "a.contact_email as email",
      "c.onsite_date as onsiteDate",
    ])
    .where("t.id", "=", taskId)
    .forUpdate("t")
    .executeTakeFirst();
  if (!t || t.organisationId !== organisationId) throw new Refusal("没有找到该任务。");
  if (!mayTake(t.state, stepName)) throw new Refusal(STEP_REFUSAL[stepName]);
  return t;
}

const STEP_REFUSAL: Record<TaskStep, string> = {
  commit: "该任务的办理承诺已公布。",
  progress: "该任务当前不能添加进展。",
  complete: "该任务当前不能报告办结(须先公布承诺,且尚未办结)。",
  rate: "该诉求当前不在待评价状态。",
  final: "该任务当前不需要记录最终处理意见。",
};

export function publishCommitment(
  db: Kysely<Database>,
  input: {
    taskId: number;
    organisationId: number;
    responsibleLeader: string;
    responsiblePerson: string;
    deadline: string;
    measures: string;
    userId: number;
    now: Date;
  },
): Promise<TaskResult> {
  return refusableStep(db, async (trx) => {
    const t = await taskFor(trx, input.taskId, input.organisationId, "commit");
    const problem = commitmentDeadlineProblem(input.deadline, t.onsiteDate);
    if (problem) throw new Refusal(problem, "deadline");
    const { onTime, lateMs } = finishOutcome(t.commitmentDueAt, input.now);
    await transitionTask(trx, {
      taskId: t.id,
      action: "task.committed",
      actorId: input.userId,
      at: input.now,
      patch: {
        responsible_leader: input.responsibleLeader.trim(),
        responsible_person: input.responsiblePerson.trim(),
        committed_deadline: input.deadline,
        measures: input.measures.trim(),
        committed_at: input.now,
        committed_by: input.userId,
        commitment_on_time: onTime,
        commitment_late_ms: lateMs,
      },
      publicNote: `办理承诺:责任领导${input.responsibleLeader.trim()},责任人${input.responsiblePerson.trim()},${formatDateZhPlain(input.deadline)}前完成。措施:${sentence(input.measures)}`,
      audit: { onTime, lateMs },
    });
    return onTime ? "办理承诺已公布。" : "办理承诺已公布(晚于公布期限)。";
  });
}

export function addProgress(
  db: Kysely<Database>,
  input: { taskId: number; organisationId: number; body: string; submissionKey: string; userId: number; now: Date },
): Promise<TaskResult> {
  return refusableStep(db, async (trx) => {
    const t = await taskFor(trx, input.taskId, input.organisationId, "progress");
    const body = input.body.trim();
    if (!body) throw new Refusal("请填写办理进展", "body");
    const added = await trx
      .insertInto("task_progress")
      .values({
        task_id: t.id,
        body,
        submission_key: input.submissionKey,
        created_by: input.userId,
        created_at: input.now,
      })
      .onConflict((oc) => oc.column("submission_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!added) return "该进展已记录。";
    await appendAppealEvent(trx, {
      appealId: t.appealId,
      at: input.now,
      actorId: input.userId,
      action: "task.progress",
      from: t.status,
      to: t.status,
      publicNote: `办理进展:${body}`,
    });
    return "办理进展已记录。";
  });
}

export function reportCompletion(
  db: Kysely<Database>,
  input: { taskId: number; organisationId: number; result: string; userId: number; now: Date },
): Promise<TaskResult> {
  return refusableStep(db, async (trx) => {
    const t = await taskFor(trx, input.taskId, input.organisationId, "complete");
    const result = input.result.trim();
    if (!result) throw new Refusal("请填写办理结果", "result");
    const due = ratingDueAt(input.now);
    await transitionTask(trx, {
      taskId: t.id,
      action: "task.completed",
      actorId: input.userId,
      at: input.now,
      patch: { completed_at: input.now, completion_result: result, completed_by: input.userId, rating_due_at: due },
      publicNote: `已办结:${sentence(result)}请于${formatInstantZh(due)}前评价,逾期视为满意。`,
      audit: { ratingDueAt: formatInstant(due) },
    });
    return "已报告办结,平台已请企业评价。";
  });
}

/** The enterprise rates its completed appeal before the time runs out. */
export function rateTask(
  db: Kysely<Database>,
  input: {
    appealId: number;
    enterpriseOrganisationId: number;
    rating: "satisfied" | "dissatisfied";
    reason: string;
    userId: number;
    now: Date;
  },
): Promise<TaskResult> {
  return refusableStep(db, async (trx) => {
    const owner = await trx
      .selectFrom("tasks as t")
      .innerJoin("appeals as a", "a.id", "t.appeal_id")
      .select(["t.id", "t.organisation_id as organisationId", "a.enterprise_organisation_id as enterpriseId"])
      .where("t.appeal_id", "=", input.appealId)
      .executeTakeFirst();
    if (!owner || owner.enterpriseId !== input.enterpriseOrganisationId) throw new Refusal("没有找到待评价的诉求。");
    const t = await taskFor(trx, owner.id, owner.organisationId, "rate");
    if (t.ratingDueAt && silenceCountsAsSatisfied(t.ratingDueAt, input.now))
      throw new Refusal("评价期限已过,已视为满意。");
    const reason = input.reason.trim();
    if (input.rating === "dissatisfied" && !reason) throw new Refusal("请写明不满意的理由", "reason");
    await transitionTask(trx, {
      taskId: t.id,
      action: "task.rated",
      to: stateAfterRating(input.rating),
      actorId: input.userId,
      at: input.now,
      patch: { rating: input.rating, rating_reason: reason || null, rated_at: input.now },
      reason: reason || null,
      publicNote: `企业评价:${RATING_LABEL[input.rating]}${reason ? `(${reason})` : ""}`,
      audit: { rating: input.rating },
    });
    return input.rating === "satisfied" ? "感谢您的评价。" : "已收到您的评价,牵头部门将与您沟通。";
  });
}

/** After a dissatisfied rating: the department's talk with the enterprise and its final decision. */
export function recordFinalDecision(
  db: Kysely<Database>,
  input: {
    taskId: number;
    organisationId: number;
    talkRecord: string;
    finalDecision: string;
    userId: number;
    now: Date;
  },
): Promise<TaskResult> {
  return refusableStep(db, async (trx) => {
    const t = await taskFor(trx, input.taskId, input.organisationId, "final");
    const talk = input.talkRecord.trim();
    const decision = input.finalDecision.trim();
    if (!talk) throw new Refusal("请记录与企业沟通的情况", "talkRecord");
    if (!decision) throw new Refusal("请填写最终处理意见", "finalDecision");
    await transitionTask(trx, {
      taskId: t.id,
      action: "task.final",
      actorId: input.userId,
      at: input.now,
      patch: { talk_record: talk, final_decision: decision, final_at: input.now, final_by: input.userId },
      publicNote: `最终处理意见:${decision}`,
    });
    return "最终处理意见已记录,任务已完结。";
  });
}

/**
 * Silence counts as satisfied: every completed task whose rating time has run out is closed as
 * default-satisfied. Each is claimed by a conditional update in its own transaction, so two sweeps (or a
 * sweep killed half-way and run again) close each task once.
 */
export async function sweepRatings(db: Kysely<Database>, now: Date, limit = 500): Promise<number> {
  const due = await db
    .selectFrom("tasks")
    .select("id")
    .where("state", "=", "completed")
    .where("rating", "is", null)
    .where("rating_due_at", "<", now)
    .orderBy("rating_due_at")
    .limit(limit)
    .execute();
  let closed = 0;
  for (const { id } of due) {
    const done = await db
      .transaction()
      .execute(async (trx) => {
        await transitionTask(trx, {
          taskId: id,
          action: "task.default_satisfied",
          actorId: null,
          at: now,
          patch: { rating: "default_satisfied", rated_at: now },
          publicNote: `企业评价:${RATING_LABEL.default_satisfied}`,
          audit: { rating: "default_satisfied" },
        });
        return true;
      })
      // Rated, or closed by another sweep, in the meantime.
      .catch((e: unknown) => {
        if (e instanceof Refusal) return false;
        throw e;
      });
    if (done) closed++;
  }
  return closed;
}

/**
 * Public disclosure (SPEC §5): the office publishes a finished task (closed: rated, silent, or decided after
 * dissatisfaction) to the public page, or withdraws it. The enterprise's name stays withheld unless it agreed.
 */
export function setDisclosure(
  db: Kysely<Database>,
  input: { taskId: number; disclose: boolean; actorId: number; now: Date },
): Promise<TaskResult> {
  return refusableStep(db, async (trx) => {
    const t = await trx
      .selectFrom("tasks")
      .select(["id", "state", "disclosed_at"])
      .where("id", "=", input.taskId)
      .forUpdate()
      .executeTakeFirst();
    if (!t) throw new Refusal("没有找到该任务。");
    if (input.disclose && t.state !== "closed") throw new Refusal("只有已完结的事项才能公开。");
    if (input.disclose === (t.disclosed_at !== null)) return input.disclose ? "该事项已公开。" : "该事项未公开。";
    await setTaskDisclosure(trx, t.id, input.disclose ? { at: input.now, by: input.actorId } : null);
    await appendAudit(trx, {
      entity: "task",
      entityId: t.id,
      action: input.disclose ? "task.disclosed" : "task.withdrawn",
      actorId: input.actorId,
      at: input.now,
    });
    return input.disclose ? "已公开。" : "已撤回公开。";
  });
}
