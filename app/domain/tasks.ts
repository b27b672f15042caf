/**
 * After the on-site day (SPEC §4 steps 8, 9, 11), pure: the life of a task (the lead department's work on
 * a decided appeal), when the enterprise's rating is due and what silence means, and which step each
 * state allows. (The commitments' due time is the cycle's, from cycle-schedule.ts, stored on each task.) The services ask here before they write.
 */
import { addDays, endOfDay, localDateOf, type LocalDate } from "./calendar";
import type { OpinionsStatus, TaskRating, TaskState } from "../../db/schema";

export type { OpinionsStatus, TaskRating, TaskState };
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
