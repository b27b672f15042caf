/**
 * The office's handling overview (/admin/handling): the disputes, extension requests and escalations it has
 * to decide, and one page of the open clocks of one view (late, due soon, all).
 */
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { CLOCK_LABEL, clockState, formatDurationZh } from "~/domain/clocks";
import { ASSIGNMENT_ROLE_LABEL } from "~/domain/labels";
import {
  officeHandlingQueue,
  openClocksOverview,
  OVERVIEW_PAGE_SIZE,
  type OverviewView,
} from "~/models/handling.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { shortInstant } from "~/utils/short-instant";

function instant(d: Date) {
  return { short: shortInstant(d), full: formatInstantZh(d) };
}

export async function officeHandlingPage(filter: { view: OverviewView; page: number }) {
  const db = getDb();
  const at = now();
  const [queue, overview] = await Promise.all([
    officeHandlingQueue(db),
    openClocksOverview(db, at, { view: filter.view, page: filter.page }),
  ]);
  return {
    view: filter.view,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(overview.matching / OVERVIEW_PAGE_SIZE)),
    counts: overview.counts,
    matching: overview.matching,
    disputes: queue.disputes.map((d) => ({
      id: d.assignmentId,
      trackingNumber: d.trackingNumber,
      title: d.title,
      organisation: d.organisationName,
      role: ASSIGNMENT_ROLE_LABEL[d.role],
      disputed: d.disputedAt ? instant(d.disputedAt) : null,
      reason: d.disputeReason,
      proposed: d.proposedOwnerName ?? d.proposedOwnerText,
    })),
    extensions: queue.extensions.map((x) => ({
      id: x.extensionId,
      trackingNumber: x.trackingNumber,
      title: x.title,
      organisation: x.organisationName,
      clock: CLOCK_LABEL[x.clockKind],
      due: instant(x.dueAt),
      late: x.dueAt < at,
      requestedDate: x.requestedDueDate ? formatDateZh(x.requestedDueDate) : null,
      requested: instant(x.requestedAt),
      reason: x.reason,
    })),
    escalations: queue.escalations.map((e) => ({
      id: e.appealId,
      trackingNumber: e.trackingNumber,
      title: e.title,
      county: e.countyName,
      requested: e.requestedAt ? instant(e.requestedAt) : null,
    })),
    clocks: overview.rows.map((c) => {
      const state = clockState({ dueAt: c.dueAt, remindAt: c.remindAt, finishedAt: null }, at);
      return {
        id: c.id,
        trackingNumber: c.trackingNumber,
        title: c.title,
        organisation: c.organisationName,
        role: ASSIGNMENT_ROLE_LABEL[c.role],
        step: CLOCK_LABEL[c.kind],
        started: instant(c.startedAt),
        due: instant(c.dueAt),
        originalDue: c.originalDueAt.getTime() !== c.dueAt.getTime() ? formatInstantZh(c.originalDueAt) : null,
        state,
        lateBy: state === "late" ? formatDurationZh(at.getTime() - c.dueAt.getTime()) : null,
      };
    }),
  };
}
