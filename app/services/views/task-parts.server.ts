/**
 * A task after the on-site day as pages show it: its commitment, completion, the enterprise's rating and the
 * final decision, in words. Shared by the department's task page and the enterprise's appeal page.
 */
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { RATING_LABEL, silenceCountsAsSatisfied, TASK_STATE_LABEL } from "~/domain/tasks";
import type { taskOfAppeal } from "~/models/task.server";

type Task = NonNullable<Awaited<ReturnType<typeof taskOfAppeal>>>;

export function taskOutcomeView(t: Task) {
  return {
    state: t.state,
    stateLabel: TASK_STATE_LABEL[t.state],
    decision: t.decision,
    leadName: t.leadName,
    dueDate: formatDateZh(t.dueDate),
    commitment: t.committedAt
      ? {
          leader: t.responsibleLeader,
          person: t.responsiblePerson,
          deadline: t.committedDeadline ? formatDateZh(t.committedDeadline) : null,
          measures: t.measures,
          at: formatInstantZh(t.committedAt),
        }
      : null,
    completion: t.completedAt ? { at: formatInstantZh(t.completedAt), result: t.completionResult } : null,
    ratingDue: t.ratingDueAt ? formatInstantZh(t.ratingDueAt) : null,
    rating: t.rating
      ? {
          label: RATING_LABEL[t.rating],
          dissatisfied: t.rating === "dissatisfied",
          reason: t.ratingReason,
          at: t.ratedAt ? formatInstantZh(t.ratedAt) : null,
        }
      : null,
    final: t.finalAt ? { at: formatInstantZh(t.finalAt), decision: t.finalDecision } : null,
  };
}

/** Whether the enterprise's time to rate has run out (its silence counts as satisfied). */
export function ratingRanOut(t: Pick<Task, "ratingDueAt">, at: Date) {
  return t.ratingDueAt ? silenceCountsAsSatisfied(t.ratingDueAt, at) : false;
}
