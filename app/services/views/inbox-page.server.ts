/**
 * The department's or county's inbox (/handling): its assignments of one view (to do, due soon, late, done,
 * all), searched and paged, the most urgent first, with the counts of the tabs.
 */
import type { AppealStatus, AssignmentState } from "~/domain/appeal";
import { formatInstantZh } from "~/domain/calendar";
import { CLOCK_LABEL, clockState, formatDurationZh } from "~/domain/clocks";
import { ASSIGNMENT_ROLE_LABEL, assignmentStateLabel, type AssignmentRole } from "~/domain/labels";
import { INBOX_PAGE_SIZE, inboxCounts, inboxOf, type InboxView } from "~/models/handling.server";
import type { SessionUser } from "~/models/user.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { shortInstant } from "~/utils/short-instant";

/** Where an assignment without an open clock stands, in words: one still with the platform says so. */
function settledLabel(role: AssignmentRole, state: AssignmentState, appealStatus: AppealStatus): string {
  const withPlatform =
    (state === "assigned" || state === "accepted") && !(role === "county" && appealStatus === "escalation_review");
  return withPlatform ? "待平台处理" : assignmentStateLabel(role, state, appealStatus);
}

export async function inboxPage(user: SessionUser, filter: { view: InboxView; q?: string; page: number }) {
  const db = getDb();
  const at = now();
  const [list, counts] = await Promise.all([
    inboxOf(db, { organisationId: user.organisationId, view: filter.view, q: filter.q, page: filter.page, now: at }),
    inboxCounts(db, user.organisationId, at),
  ]);
  return {
    organisation: user.organisationName,
    filter: { view: filter.view, q: filter.q ?? "" },
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(list.total / INBOX_PAGE_SIZE)),
    total: list.total,
    counts,
    rows: list.rows.map((r) => {
      const state =
        r.clockId && r.dueAt && r.remindAt
          ? clockState({ dueAt: r.dueAt, remindAt: r.remindAt, finishedAt: null }, at)
          : null;
      return {
        assignmentId: r.assignmentId,
        trackingNumber: r.trackingNumber,
        title: r.title,
        enterpriseName: r.enterpriseName,
        category: r.categoryName,
        cycleNumber: r.cycleNumber,
        role: ASSIGNMENT_ROLE_LABEL[r.role],
        assigned: shortInstant(r.assignedAt),
        step: r.clockKind ? CLOCK_LABEL[r.clockKind] : settledLabel(r.role, r.state, r.appealStatus),
        open: Boolean(r.clockId),
        due: r.dueAt ? shortInstant(r.dueAt) : null,
        dueFull: r.dueAt ? formatInstantZh(r.dueAt) : null,
        dueState: state,
        lateBy: state === "late" && r.dueAt ? formatDurationZh(at.getTime() - r.dueAt.getTime()) : null,
      };
    }),
  };
}
