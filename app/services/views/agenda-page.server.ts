import { agendaProblems, minutesOf } from "~/domain/agenda";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { AGENDA_REVIEW_ACTION_LABEL, AGENDA_STATUS_LABEL } from "~/domain/labels";
import type { Db } from "~/models/audit.server";
import { agendaCycle, agendaInvitationCount, agendaReviews, catalogOf, catalogTexts } from "~/models/catalog.server";
import { activeOrganisationsOfKind } from "~/models/screening.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

export type AgendaCycle = NonNullable<Awaited<ReturnType<typeof agendaCycle>>>;

/** Everything both pages show: the header, the issues with their texts, the list for the day, the history. */
export async function agendaView(db: Db, cycle: AgendaCycle, at: Date) {
  const items = await catalogOf(db, cycle.id);
  const [texts, departments, counties, reviews] = await Promise.all([
    catalogTexts(
      db,
      items.map((i) => i.appealId),
    ),
    activeOrganisationsOfKind(db, "department"),
    activeOrganisationsOfKind(db, "county"),
    agendaReviews(db, cycle.id),
  ]);
  // Named in the city's order (departments, then counties), whatever order they were ticked in.
  const orgs = [...departments, ...counties];
  const names = (ids: readonly number[]) => orgs.filter((o) => ids.includes(o.id)).map((o) => o.name);
  const issues = items.map((i) => {
    const t = texts.get(i.appealId);
    const saved = i.attendeeIds.length > 0;
    return {
      id: i.id,
      number: i.number,
      trackingNumber: i.trackingNumber,
      enterpriseName: i.enterpriseName,
      title: i.title,
      summary: i.summary,
      group: `${i.leadName ?? "尚未确定牵头部门"} · ${i.categoryName}`,
      leadName: i.leadName,
      regionName: i.regionName,
      reply: t?.reply ?? null,
      countyOpinion: t?.countyOpinion ?? null,
      proposedOpinion: i.proposedOpinion ?? "",
      consultedIds: i.consultedIds,
      consulted: names(i.consultedIds),
      selected: i.selected,
      slotStart: i.slotStart,
      slotEnd: i.slotEnd,
      // Before anything is saved the lead department and the appeal's county are the obvious attendees.
      attendeeIds: saved ? i.attendeeIds : [i.leadId, i.countyId].filter((x): x is number => x !== null),
      attendees: names(i.attendeeIds),
    };
  });
  const picked = issues
    .filter((i) => i.selected)
    .sort(
      (a, b) =>
        (minutesOf(a.slotStart) ?? Number.MAX_SAFE_INTEGER) - (minutesOf(b.slotStart) ?? Number.MAX_SAFE_INTEGER) ||
        a.number - b.number,
    );
  return {
    cycle: {
      number: cycle.number,
      onsite: formatDateZh(cycle.onsiteDate),
      onsiteDate: cycle.onsiteDate,
      due: formatInstantZh(cycle.dueAt),
      late: cycle.status !== "approved" && at > cycle.dueAt,
      status: cycle.status,
      statusLabel: AGENDA_STATUS_LABEL[cycle.status],
      version: cycle.version,
      place: cycle.place ?? "",
      secretaryGeneral: cycle.sgName ? `${cycle.sgName}(${cycle.sgTitle})` : null,
      leader: cycle.leaderName ? `${cycle.leaderName}(${cycle.leaderTitle})` : null,
    },
    problems: agendaProblems(items),
    issues,
    picked: picked.map((i) => ({
      id: i.id,
      number: i.number,
      enterpriseName: i.enterpriseName,
      title: i.title,
      leadName: i.leadName,
      slot: i.slotStart && i.slotEnd ? `${i.slotStart}—${i.slotEnd}` : null,
      slotStart: i.slotStart,
      slotEnd: i.slotEnd,
      attendees: i.attendees,
    })),
    history: reviews.map((r) => ({
      id: r.id,
      version: r.version,
      action: r.action,
      label: AGENDA_REVIEW_ACTION_LABEL[r.action],
      remarks: r.remarks,
      at: formatInstantZh(r.at),
      actor: r.actorName ?? "系统",
    })),
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    counties: counties.map((c) => ({ id: c.id, name: c.name })),
  };
}

export type AgendaView = Awaited<ReturnType<typeof agendaView>>;
export type AgendaIssue = AgendaView["issues"][number];

/** The cycle whose agenda the user may see (as its secretary-general or its leader); 404 for any other. */
export async function agendaCycleFor(
  db: Db,
  number: string | undefined,
  userId: number,
  as: readonly ("secretary_general" | "leader")[],
  message: string,
) {
  const cycle = await agendaCycle(db, intParam(number, { message }));
  const mine =
    cycle &&
    ((as.includes("secretary_general") && cycle.sgUserId === userId) ||
      (as.includes("leader") && cycle.leaderUserId === userId));
  invariantResponse(cycle && mine, message, 404);
  return cycle;
}

/** The secretary-general's (or the leader's) agenda page. */
export async function agendaWorkspaceView(db: Db, cycle: AgendaCycle, userId: number, at: Date) {
  const isSecretary = cycle.sgUserId === userId;
  return {
    ...(await agendaView(db, cycle, at)),
    isSecretary,
    isLeader: cycle.leaderUserId === userId,
    editable: isSecretary && cycle.status !== "submitted",
  };
}

/** The leader's review page: the agenda and, once approved, how many invitations went out. */
export async function agendaReviewView(db: Db, cycle: AgendaCycle, at: Date) {
  const view = await agendaView(db, cycle, at);
  const invitations = cycle.status === "approved" ? await agendaInvitationCount(db, cycle.id, cycle.version) : null;
  return { ...view, invitations };
}
