/**
 * The one writer of a task's state (SPEC §5): every change goes through `transitionTask`, inside the
 * caller's transaction. It checks the row of TASK_TRANSITIONS (app/domain/tasks.ts) for the actor's role
 * (null: the platform's own rating sweep), changes the state only if the task is still where the row starts
 * (a concurrent change loses with a Chinese message, and the rolled-back transaction changes nothing),
 * writes the appeal's history event and the task's audit record, and queues what the row owes.
 */
import { TASK_STATE_LABEL, TASK_TRANSITIONS, type TaskAction, type TaskState } from "~/domain/tasks";
import { checkTransition, fromStateOf } from "~/domain/transitions";
import { appendAppealEvent } from "~/models/appeal.server";
import { appendAudit, type Db } from "~/models/audit.server";
import { taskForTransition, writeTaskState, type TaskStatePatch } from "~/models/task.server";
import { notifyCompletion, notifyDissatisfied } from "~/services/notifications.server";
import { actorOf, Refusal } from "~/services/refusal.server";

export interface TaskTransitionInput {
  taskId: number;
  action: TaskAction;
  /** For an action with more than one outcome (a rating: closed, or reopened when dissatisfied). */
  to?: TaskState;
  actorId: number | null;
  at: Date;
  patch?: TaskStatePatch;
  /** For the enterprise, in the appeal's history. */
  publicNote?: string | null;
  reason?: string | null;
  /** What the audit record keeps beside the new state. */
  audit?: Record<string, unknown>;
}

const STALE = "该任务的状态已经变化(可能已由他人处理),本次操作未执行,请刷新页面。";

export async function transitionTask(trx: Db, t: TaskTransitionInput): Promise<{ from: TaskState; to: TaskState }> {
  const from = fromStateOf(TASK_TRANSITIONS, t.action);
  const before = await taskForTransition(trx, t.taskId);
  if (!before) throw new Refusal("没有找到该任务。");
  if (before.state !== from) throw new Refusal(STALE);
  const check = checkTransition(
    TASK_TRANSITIONS,
    from,
    t.action,
    await actorOf(trx, t.actorId),
    (s) => TASK_STATE_LABEL[s],
    t.to,
  );
  if (!check.ok) throw new Refusal(check.message);
  const row = check.transition;

  if (!(await writeTaskState(trx, { taskId: t.taskId, from, to: row.to, patch: t.patch ?? {} })))
    throw new Refusal(STALE);
  await appendAppealEvent(trx, {
    appealId: before.appealId,
    at: t.at,
    actorId: t.actorId,
    action: row.event,
    from: before.appealStatus,
    to: before.appealStatus,
    reason: t.reason ?? null,
    publicNote: t.publicNote ?? null,
  });
  await appendAudit(trx, {
    entity: "task",
    entityId: t.taskId,
    action: t.action,
    actorId: t.actorId,
    at: t.at,
    from: { state: from },
    to: { state: row.to, ...t.audit },
    reason: t.reason ?? null,
  });

  if (row.notices !== "none") {
    const after = (await taskForTransition(trx, t.taskId))!;
    if (row.notices === "completion")
      await notifyCompletion(trx, {
        taskId: after.id,
        appealId: after.appealId,
        contact: { phone: after.contactPhone, email: after.contactEmail },
        notice: {
          trackingNumber: after.trackingNumber,
          title: after.title,
          contactName: after.contactName,
          organisationName: after.organisationName,
          result: after.result ?? "",
          ratingDueAt: after.ratingDueAt!,
        },
        completedAt: after.completedAt!,
        now: t.at,
      });
    else
      await notifyDissatisfied(trx, {
        taskId: after.id,
        appealId: after.appealId,
        contact: { phone: after.organisationPhone, email: after.organisationEmail },
        notice: {
          organisationName: after.organisationName,
          trackingNumber: after.trackingNumber,
          title: after.title,
          reason: after.ratingReason ?? "",
        },
        now: t.at,
      });
  }
  return { from, to: row.to };
}
