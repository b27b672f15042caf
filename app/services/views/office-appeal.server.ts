/**
 * The office's page of one appeal (/admin/appeals/:trackingNumber): the appeal, its enterprise and registry
 * entry, the whole handling, what the office has to decide and, while it is screened, the screening choices.
 */
import { CHANNEL_LABEL, dueState, REGISTRY_CHECK_LABEL, STATUS_LABEL } from "~/domain/appeal";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { CLOCK_FINISH_LABEL } from "~/domain/labels";
import { CLOCK_STATE_LABEL, clockState, formatDurationZh, type ClockState } from "~/domain/clocks";
import { appealContactPhone, appealHandlersOf } from "~/domain/personal-data";
import { appealEvents, attachmentsOf } from "~/models/appeal.server";
import { handlingOf, proposedOwnersOf } from "~/models/handling.server";
import { activeOrganisationsOfKind, appealForOffice, assignmentsOf, countyOfRegion } from "~/models/screening.server";
import { appealHistoryItems } from "~/utils/appeal-history";
import type { SessionUser } from "~/models/user.server";
import { CITY, CITY_CODE } from "~/utils/city";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { assignmentView, clockTimes, extensionView, fileView, replyView, when } from "./handling-parts.server";

export const APPEAL_NOT_FOUND = "没有找到该诉求,请核对受理编号。";

export async function officeAppealPage(user: SessionUser, trackingNumber: string) {
  const db = getDb();
  const a = await appealForOffice(db, trackingNumber);
  invariantResponse(a, APPEAL_NOT_FOUND, 404);
  const screening = a.status === "screening";
  const [events, attachments, assignments, counties, departments, registryCounty, handling, proposed] =
    await Promise.all([
      appealEvents(db, a.id),
      attachmentsOf(db, a.id),
      assignmentsOf(db, a.id),
      activeOrganisationsOfKind(db, "county"),
      activeOrganisationsOfKind(db, "department"),
      a.registryRegionCode ? countyOfRegion(db, a.registryRegionCode) : Promise.resolve(undefined),
      handlingOf(db, a.id),
      proposedOwnersOf(db, a.id),
    ]);
  const regionName = (code: string) =>
    code === CITY_CODE ? `${CITY.city}本级` : (counties.find((c) => c.regionCode === code)?.name ?? "本市以外");
  const at = now();
  const assignedBy = new Map(assignments.map((x) => [x.id, x.assignedByName]));
  const assignmentById = new Map(handling.assignments.map((x) => [x.id, x]));
  const openClockIds = new Set(handling.clocks.filter((c) => !c.finishedAt).map((c) => c.id));
  const departmentIds = new Set(departments.map((d) => d.id));
  const suggestedLeadId =
    a.suggestedDepartmentId && departmentIds.has(a.suggestedDepartmentId) ? String(a.suggestedDepartmentId) : "";
  const countyOpinion = handling.replies.filter((r) => r.kind === "county_opinion").at(-1);
  const departmentChoices = departments.map((d) => ({ id: d.id, name: d.name }));
  return {
    appeal: {
      trackingNumber: a.trackingNumber,
      status: a.status,
      statusLabel: STATUS_LABEL[a.status],
      channel: CHANNEL_LABEL[a.channel],
      registeredBy: a.registeredByName,
      registryCheck: REGISTRY_CHECK_LABEL[a.registryCheck],
      creditCode: a.creditCode,
      enterpriseName: a.enterpriseName,
      contactName: a.contactName,
      contactPhone: appealContactPhone(user, appealHandlersOf(a, handling.assignments), a.contactPhone),
      contactEmail: a.contactEmail,
      title: a.title,
      content: a.content,
      publishName: a.publishName,
      rejectionReason: a.rejectionReason,
      received: formatInstantZh(a.receivedAt),
      screeningDue: formatInstantZh(a.screeningDueAt),
      dueState: screening ? dueState(a.screeningDueAt, at) : null,
      screened: when(a.screenedAt),
      category: a.categoryName,
      cycleNumber: a.cycleNumber,
      onsite: formatDateZh(a.cycleOnsiteDate),
      countyName: a.countyName,
    },
    registry: a.registryName
      ? {
          name: a.registryName,
          region: a.registryRegionCode ? `${regionName(a.registryRegionCode)}(${a.registryRegionCode})` : "未登记",
          status: a.registryStatus,
          address: a.registryAddress,
        }
      : null,
    attachments: attachments.map(fileView),
    assignments: handling.assignments.map((x) => ({
      ...assignmentView(x, a.status),
      by: assignedBy.get(x.id) ?? null,
    })),
    clocks: handling.clocks.map((c) => {
      const owner = assignmentById.get(c.assignmentId);
      const state: ClockState | "stopped" =
        c.finish === "stopped"
          ? "stopped"
          : clockState({ dueAt: c.dueAt, remindAt: c.remindAt, finishedAt: c.finishedAt }, at);
      const lateMs = c.finishedAt ? Number(c.lateMs ?? 0) : at.getTime() - c.dueAt.getTime();
      return {
        ...clockTimes(c),
        organisation: owner?.organisationName ?? "",
        finished: when(c.finishedAt),
        finish: c.finish ? CLOCK_FINISH_LABEL[c.finish] : null,
        state,
        stateLabel: state === "stopped" ? "已停止" : CLOCK_STATE_LABEL[state],
        // The badge says on time or late; this says by how much.
        outcome:
          state === "stopped" || (c.finishedAt && c.onTime)
            ? null
            : c.finishedAt
              ? `逾期 ${formatDurationZh(lateMs)}`
              : state === "late"
                ? `已超 ${formatDurationZh(lateMs)}`
                : null,
      };
    }),
    replies: handling.replies.map(replyView),
    extensions: handling.extensions.map((x) => ({
      ...extensionView(x),
      // Taken meanwhile, the step needs no more time: nothing is left to decide.
      open: !x.decision && openClockIds.has(x.clockId),
      currentDue: when(handling.clocks.find((k) => k.id === x.clockId)?.dueAt ?? null),
    })),
    disputes: handling.assignments
      .filter((x) => x.state === "disputed")
      .map((x) => {
        const proposedId = proposed.find((p) => p.id === x.id)?.proposedOwnerId ?? null;
        const facts = assignmentView(x, a.status);
        return {
          assignmentId: x.id,
          organisation: facts.organisation,
          role: facts.roleLabel,
          disputed: facts.disputed,
          reason: facts.disputeReason,
          proposed: facts.proposed,
          defaultOrganisationId: proposedId && departmentIds.has(proposedId) ? String(proposedId) : "",
        };
      }),
    escalation:
      a.status === "escalation_review"
        ? {
            county: a.countyName,
            opinion: countyOpinion ? { body: countyOpinion.body, at: formatInstantZh(countyOpinion.createdAt) } : null,
            suggestedLeadId,
          }
        : null,
    departments: departmentChoices,
    history: appealHistoryItems(events),
    screening: screening
      ? {
          counties: counties.map((c) => ({ id: c.id, name: c.name })),
          departments: departmentChoices,
          defaultCountyId: registryCounty ? String(registryCounty.id) : "",
          suggestedLeadId,
        }
      : null,
  };
}

export type OfficeAppealPage = Awaited<ReturnType<typeof officeAppealPage>>;
