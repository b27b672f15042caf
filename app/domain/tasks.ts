/**
 * After the on-site day (SPEC §4 steps 8, 9, 11), pure: the life of a task (the lead department's work on
 * a decided appeal), when the enterprise's rating is due and what silence means, and which step each
 * state allows. (The commitments' due time is the cycle's, from cycle-schedule.ts, stored on each task.) The services ask here before they write.
 */
import type { AppealEventAction, AuditAction } from "./audit";
import { addDays, endOfDay, localDateOf, type LocalDate } from "./calendar";
import type { Transition } from "./transitions";

export type TaskState = "open" | "committed" | "completed" | "reopened" | "closed";
export type TaskRating = "satisfied" | "dissatisfied" | "default_satisfied";
/** The handling opinions (处理意见) of a cycle: recorded by the office, approved by the leader. */
export type OpinionsStatus = "draft" | "submitted" | "approved";

export { OPINIONS_STATUS_LABEL, RATING_LABEL, TASK_STATE_LABEL, TRACKED_LABEL } from "./labels";

/** Natural days the enterprise has to rate a completed appeal (SPEC §3). */
export const RATING_DAYS = 5;

/**
 * The end of the enterprise's rating time: 24:00 of the 5th natural day after the day of the completion
 * notice (the notice's own day does not count, as with working-day limits in SPEC §3).
 */
export function ratingDueAt(noticeAt: Date): Date {
  return endOfDay(addDays(localDateOf(noticeAt), RATING_DAYS));
}

/** Silence counts as satisfied once the rating time has run out, not a moment before. */
export function silenceCountsAsSatisfied(ratingDue: Date, now: Date): boolean {
  return now > ratingDue;
}

export type TaskStep = "commit" | "progress" | "complete" | "rate" | "final";

/**
 * Which steps a task's state allows: the department publishes its commitment once, adds progress while
 * working, reports completion; the enterprise rates a completed task; after a dissatisfied rating the
 * department records its talk with the enterprise and a final decision, which closes the task.
 */
export function allowedSteps(state: TaskState): TaskStep[] {
  switch (state) {
    case "open":
      return ["commit"];
    case "committed":
      return ["progress", "complete"];
    case "completed":
      return ["rate"];
    case "reopened":
      return ["progress", "final"];
    case "closed":
      return [];
  }
}

export function mayTake(state: TaskState, step: TaskStep): boolean {
  return allowedSteps(state).includes(step);
}

/** The task's state changes (SPEC §5), each an action of the task's audit. */
export type TaskAction = Extract<
  AuditAction<"task">,
  "task.committed" | "task.completed" | "task.rated" | "task.default_satisfied" | "task.final"
>;

/**
 * What a task's state change owes in the outbox: completion: the enterprise is asked to rate; dissatisfied:
 * the lead department hears the enterprise is not satisfied; none.
 */
export type TaskNotices = "completion" | "dissatisfied" | "none";

export interface TaskTransition extends Transition<TaskState, TaskAction> {
  /** The action in the appeal's history (the enterprise reads it there). */
  event: AppealEventAction;
  notices: TaskNotices;
}

/**
 * Every change of a task's state, through transitionTask (app/services/task-state.server.ts). Progress
 * notes and disclosure leave the state as it is; `allowedSteps` below says when they may be taken.
 */
export const TASK_TRANSITIONS: readonly TaskTransition[] = [
  {
    from: "open",
    action: "task.committed",
    to: "committed",
    roles: ["department"],
    event: "task.committed",
    notices: "none",
  },
  {
    from: "committed",
    action: "task.completed",
    to: "completed",
    roles: ["department"],
    event: "task.completed",
    notices: "completion",
  },
  {
    from: "completed",
    action: "task.rated",
    to: "closed",
    roles: ["enterprise"],
    event: "task.rated",
    notices: "none",
  },
  {
    from: "completed",
    action: "task.rated",
    to: "reopened",
    roles: ["enterprise"],
    event: "task.rated",
    notices: "dissatisfied",
  },
  // Silence counts as satisfied: the enterprise's history reads as a rating.
  {
    from: "completed",
    action: "task.default_satisfied",
    to: "closed",
    roles: ["system"],
    event: "task.rated",
    notices: "none",
  },
  { from: "reopened", action: "task.final", to: "closed", roles: ["department"], event: "task.final", notices: "none" },
];

/** The state a rating leads to: satisfied (or silence) closes the task, dissatisfied returns it to the lead. */
export function stateAfterRating(rating: TaskRating): TaskState {
  return rating === "dissatisfied" ? "reopened" : "closed";
}

/** A commitment's completion deadline must be a real day on or after the on-site day. */
export function commitmentDeadlineProblem(deadline: LocalDate, onsiteDate: LocalDate): string | null {
  return deadline < onsiteDate ? "完成时限不能早于现场活动日" : null;
}

export type TrackedKind = "commitment" | "completion";

/**
 * The deadline the supervisor tracks on a task: publishing the commitment until it is published, then the
 * completion deadline the department committed to (24:00 of that day); none once the work is reported done.
 */
export function trackedDeadline(t: {
  state: TaskState;
  commitmentDueAt: Date;
  committedDeadline: LocalDate | null;
}): { kind: TrackedKind; dueAt: Date } | null {
  if (t.state === "open") return { kind: "commitment", dueAt: t.commitmentDueAt };
  if ((t.state === "committed" || t.state === "reopened") && t.committedDeadline)
    return { kind: "completion", dueAt: endOfDay(t.committedDeadline) };
  return null;
}
