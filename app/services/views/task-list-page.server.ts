/**
 * The department's task list (/tasks): its tasks of one view (by state), searched and paged, the most
 * urgent first, each with the limits of its commitment and completion; and the counts of the tabs.
 */
import { dueState, type DueState } from "~/domain/appeal";
import { endOfDay, formatDateZh, formatInstantZh } from "~/domain/calendar";
import { formatDurationZh } from "~/domain/clocks";
import { RATING_LABEL, TASK_STATE_LABEL } from "~/domain/tasks";
import { TASKS_PAGE_SIZE, taskCountsOf, tasksOfOrganisation } from "~/models/task.server";
import type { SessionUser } from "~/models/user.server";
import type { TaskView } from "~/schemas/tasks";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { shortInstant } from "~/utils/short-instant";

interface Due {
  text: string;
  full: string;
  state: DueState;
  lateBy: string | null;
}

function due(at: Date, clock: Date): Due {
  const state = dueState(at, clock);
  return {
    text: shortInstant(at, clock),
    full: formatInstantZh(at),
    state,
    lateBy: state === "late" ? formatDurationZh(clock.getTime() - at.getTime()) : null,
  };
}

export async function taskListPage(user: SessionUser, filter: { view: TaskView; q?: string; page: number }) {
  const db = getDb();
  const at = now();
  const [list, counts] = await Promise.all([
    tasksOfOrganisation(db, {
      organisationId: user.organisationId,
      state: filter.view === "all" ? undefined : filter.view,
      q: filter.q,
      page: filter.page,
    }),
    taskCountsOf(db, user.organisationId),
  ]);
  return {
    organisation: user.organisationName,
    filter: { view: filter.view, q: filter.q ?? "" },
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(list.total / TASKS_PAGE_SIZE)),
    total: list.total,
    counts,
    rows: list.rows.map((r) => {
      const working = r.state === "committed" || r.state === "reopened";
      return {
        id: r.id,
        state: r.state,
        stateLabel: r.state === "closed" && r.rating ? `已完结(${RATING_LABEL[r.rating]})` : TASK_STATE_LABEL[r.state],
        trackingNumber: r.trackingNumber,
        title: r.title,
        enterpriseName: r.enterpriseName,
        cycleNumber: r.cycleNumber,
        // The commitment's publication: a clock while open, then how it went.
        commitment: r.state === "open" ? due(r.commitmentDueAt, at) : null,
        commitmentDue: shortInstant(r.commitmentDueAt, at),
        committedLate:
          r.committedAt && r.commitmentOnTime === false ? formatDurationZh(Number(r.commitmentLateMs ?? 0)) : null,
        completion: r.committedDeadline && working ? due(endOfDay(r.committedDeadline), at) : null,
        committedDeadline: r.committedDeadline ? formatDateZh(r.committedDeadline) : null,
        ratingDue: r.state === "completed" && r.ratingDueAt ? shortInstant(r.ratingDueAt, at) : null,
      };
    }),
  };
}
