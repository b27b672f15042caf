/**
 * The handling organisation's page of one appeal (/handling/:trackingNumber): the appeal, each of its own
 * assignments (current first) with clocks, extension requests and the steps it may take, and the replies.
 */
import { randomUUID } from "node:crypto";
import { STATUS_LABEL } from "~/domain/appeal";
import { addDays, formatDateZh, formatInstantZh, localDateOf } from "~/domain/calendar";
import { ASSIGNMENT_ROLE_LABEL } from "~/domain/labels";
import { CLOCK_LABEL, CLOCK_STATE_LABEL, clockState, formatDurationZh } from "~/domain/clocks";
import { appealContactPhone, appealHandlersOf } from "~/domain/personal-data";
import { appealEvents, attachmentsOf } from "~/models/appeal.server";
import { handlingOf } from "~/models/handling.server";
import { activeOrganisationsOfKind, appealForOffice } from "~/models/screening.server";
import type { SessionUser } from "~/models/user.server";
import { appealHistoryItems } from "~/utils/appeal-history";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { assignmentView, clockTimes, extensionView, fileView, replyView } from "./handling-parts.server";
import { APPEAL_NOT_FOUND } from "./office-appeal.server";

type Handling = Awaited<ReturnType<typeof handlingOf>>;
type Appeal = NonNullable<Awaited<ReturnType<typeof appealForOffice>>>;

export async function handlingAppealPage(user: SessionUser, trackingNumber: string) {
  const db = getDb();
  const a = await appealForOffice(db, trackingNumber);
  invariantResponse(a, APPEAL_NOT_FOUND, 404);
  const handling = await handlingOf(db, a.id);
  const own = handling.assignments.filter((s) => s.organisationId === user.organisationId);
  // Only an organisation the appeal was assigned to (at any time) may read it; to others it does not exist.
  invariantResponse(own.length > 0, APPEAL_NOT_FOUND, 404);
  const mayDispute = own.some((s) => s.role !== "county" && s.state === "assigned");
  const [events, attachments, departments, counties] = await Promise.all([
    appealEvents(db, a.id),
    attachmentsOf(db, a.id),
    mayDispute ? activeOrganisationsOfKind(db, "department") : Promise.resolve([]),
    mayDispute ? activeOrganisationsOfKind(db, "county") : Promise.resolve([]),
  ]);
  const at = now();
  // For the lead: which co-departments have given their opinion, and which not yet.
  const isLead = own.some((s) => s.role === "lead" && s.state !== "ended");
  const others = (o: { id: number }) => o.id !== user.organisationId;
  return {
    appeal: {
      trackingNumber: a.trackingNumber,
      status: a.status,
      statusLabel: STATUS_LABEL[a.status],
      title: a.title,
      content: a.content,
      category: a.categoryName,
      enterpriseName: a.enterpriseName,
      creditCode: a.creditCode,
      contactName: a.contactName,
      // In full to the departments and county handling it now; masked to one whose assignment ended.
      contactPhone: appealContactPhone(user, appealHandlersOf(a, handling.assignments), a.contactPhone),
      received: formatInstantZh(a.receivedAt),
      cycleNumber: a.cycleNumber,
      onsite: formatDateZh(a.cycleOnsiteDate),
      countyName: a.countyName,
    },
    attachments: attachments.map(fileView),
    replies: handling.replies.map(replyView),
    others: handling.assignments
      .filter((s) => s.organisationId !== user.organisationId && s.state !== "ended")
      .map((s) => ({ id: s.id, name: s.organisationName, role: ASSIGNMENT_ROLE_LABEL[s.role] })),
    isLead,
    coCount: handling.assignments.filter((s) => s.role === "co" && s.state !== "ended").length,
    coPending: isLead
      ? handling.assignments
          .filter((s) => s.role === "co" && s.state !== "ended" && s.state !== "done")
          .map((s) => ({
            id: s.id,
            name: s.organisationName,
            state: s.state === "assigned" ? "尚未接收" : s.state === "disputed" ? "提出异议" : "已接收,办理中",
          }))
      : [],
    mine: own
      // The current assignment first, then ended ones, newest first.
      .sort((x, y) => Number(x.state === "ended") - Number(y.state === "ended") || y.id - x.id)
      .map((s) => ownAssignment(s, a, handling, at)),
    owners: {
      departments: departments.filter(others).map((d) => ({ id: d.id, name: d.name })),
      counties: counties.filter(others).map((c) => ({ id: c.id, name: c.name })),
    },
    history: appealHistoryItems(events),
    // A key per showing of the page: a double submit or a retry of a reply makes one record.
    submissionKey: randomUUID(),
  };
}

/** One of the organisation's own assignments: its facts, clocks and extension requests, and what it may do. */
function ownAssignment(s: Handling["assignments"][number], a: Appeal, handling: Handling, at: Date) {
  const clocks = handling.clocks.filter((c) => c.assignmentId === s.id);
  const open = clocks.find((c) => !c.finishedAt);
  const extensions = handling.extensions.filter((x) => clocks.some((c) => c.id === x.clockId));
  const pending = open ? extensions.find((x) => x.clockId === open.id && !x.decision) : undefined;
  return {
    ...assignmentView(s, a.status),
    clocks: clocks.map((c) => {
      const state = clockState(c, at);
      const stopped = c.finish === "stopped";
      return {
        ...clockTimes(c),
        finished: c.finishedAt
          ? `${formatInstantZh(c.finishedAt)}${c.finish === "disputed" ? "(提出异议)" : ""}`
          : null,
        outcome: stopped
          ? "已停止(交办结束)"
          : c.finishedAt && !c.onTime
            ? `逾期 ${formatDurationZh(Number(c.lateMs ?? 0))}`
            : null,
        state: stopped ? null : state,
        stateLabel: stopped
          ? "已停止"
          : state === "late"
            ? `${CLOCK_STATE_LABEL.late} ${formatDurationZh(at.getTime() - c.dueAt.getTime())}`
            : CLOCK_STATE_LABEL[state],
      };
    }),
    extensions: extensions.map(extensionView),
    extension:
      open && (s.state === "assigned" || s.state === "accepted")
        ? {
            clock: CLOCK_LABEL[open.kind],
            due: formatInstantZh(open.dueAt),
            // The first day a new limit can fall on; the service checks it is a working day.
            earliestDate: addDays(localDateOf(open.dueAt), 1),
            pastDue: at > open.dueAt,
            pending: Boolean(pending),
          }
        : null,
    mayAccept: s.role !== "county" && s.state === "assigned",
    opinionForm: s.role !== "county" && s.state === "accepted" ? s.role : null,
    countyMayAct: s.role === "county" && s.state === "assigned" && a.status === "county",
  };
}

export type HandlingAppealPage = Awaited<ReturnType<typeof handlingAppealPage>>;
export type OwnAssignment = HandlingAppealPage["mine"][number];
