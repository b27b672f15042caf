/**
 * What each step of intake tells whom, queued in the outbox inside the transaction of the step itself, so a
 * step that commits has its messages and one that rolls back has none: the enterprise's receipt, its
 * registry-review and screening results, and the assignment notice to each department or county contact.
 */
import { bookingWindowState } from "~/domain/cycle-schedule";
import type { Db } from "~/models/audit.server";
import type { ScreeningOutcome } from "../../emails/screening-result";
import {
  notifyAppealReceipt,
  notifyAssignment,
  notifyRegistryConfirmed,
  notifyScreeningResult,
} from "./notifications.server";

async function appealForNotice(db: Db, appealId: number) {
  return db
    .selectFrom("appeals")
    .innerJoin("cycles", "cycles.id", "appeals.cycle_id")
    .leftJoin("organisations as county", "county.id", "appeals.county_id")
    .select([
      "appeals.id",
      "appeals.tracking_number as trackingNumber",
      "appeals.title",
      "appeals.enterprise_name as enterpriseName",
      "appeals.contact_name as contactName",
      "appeals.contact_phone as contactPhone",
      "appeals.contact_email as contactEmail",
      "appeals.status",
      "appeals.rejection_reason as rejectionReason",
      "appeals.received_at as receivedAt",
      "appeals.screening_due_at as screeningDueAt",
      "county.name as countyName",
      "cycles.number as cycleNumber",
      "cycles.onsite_date as onsiteDate",
      "cycles.booking_opens_at as bookingOpensAt",
      "cycles.booking_closes_at as bookingClosesAt",
    ])
    .where("appeals.id", "=", appealId)
    .executeTakeFirstOrThrow();
}

type NoticeAppeal = Awaited<ReturnType<typeof appealForNotice>>;

const enterpriseContact = (a: NoticeAppeal) => ({ phone: a.contactPhone, email: a.contactEmail });

async function openAssignments(db: Db, appealId: number) {
  return db
    .selectFrom("appeal_assignments")
    .innerJoin("organisations", "organisations.id", "appeal_assignments.organisation_id")
    .leftJoin("appeal_clocks", (j) =>
      j.onRef("appeal_clocks.assignment_id", "=", "appeal_assignments.id").on("appeal_clocks.finished_at", "is", null),
    )
    .select([
      "appeal_clocks.due_at as dueAt",
      "appeal_assignments.id",
      "appeal_assignments.role",
      "appeal_assignments.assigned_at as assignedAt",
      "organisations.id as organisationId",
      "organisations.name",
      "organisations.contact_phone as phone",
      "organisations.contact_email as email",
    ])
    .where("appeal_assignments.appeal_id", "=", appealId)
    .where("appeal_assignments.ended_at", "is", null)
    .orderBy("appeal_assignments.id")
    .execute();
}

async function queueScreeningResult(db: Db, a: NoticeAppeal, outcome: ScreeningOutcome, now: Date) {
  await notifyScreeningResult(db, {
    appealId: a.id,
    contact: enterpriseContact(a),
    result: {
      trackingNumber: a.trackingNumber,
      title: a.title,
      enterpriseName: a.enterpriseName,
      contactName: a.contactName,
      screenedAt: now,
      outcome,
    },
    now,
  });
}

/** The receipt, as soon as the appeal is stored; an appeal turned away at once also gets its result. */
export async function queueReceiptNotices(db: Db, appealId: number, now: Date): Promise<void> {
  const a = await appealForNotice(db, appealId);
  await notifyAppealReceipt(db, {
    appealId: a.id,
    contact: enterpriseContact(a),
    receipt: {
      trackingNumber: a.trackingNumber,
      title: a.title,
      enterpriseName: a.enterpriseName,
      contactName: a.contactName,
      receivedAt: a.receivedAt,
      cycleNumber: a.cycleNumber,
      onsiteDate: a.onsiteDate,
      receivedWhileClosed:
        bookingWindowState({ bookingOpensAt: a.bookingOpensAt, bookingClosesAt: a.bookingClosesAt }, a.receivedAt) ===
        "not_yet_open",
      screeningDueAt: a.status === "registry_review" ? null : a.screeningDueAt,
    },
    now,
  });
  if (a.status === "rejected")
    await queueScreeningResult(db, a, { kind: "rejected", reason: a.rejectionReason ?? "" }, now);
}

/**
 * After a registry-review or screening decision: the enterprise hears the result, and each organisation
 * the decision assigned gets its notice with the limit of its first step.
 */
export async function queueDecisionNotices(
  db: Db,
  decision: { appealId: number; assignedOrganisationIds: number[] },
  now: Date,
): Promise<void> {
  const a = await appealForNotice(db, decision.appealId);
  const assignments = await openAssignments(db, a.id);
  if (a.status === "screening") {
    await notifyRegistryConfirmed(db, {
      appealId: a.id,
      contact: enterpriseContact(a),
      confirmed: {
        trackingNumber: a.trackingNumber,
        title: a.title,
        enterpriseName: a.enterpriseName,
        contactName: a.contactName,
        confirmedAt: now,
        screeningDueAt: a.screeningDueAt,
      },
      now,
    });
  } else if (a.status === "rejected") {
    await queueScreeningResult(db, a, { kind: "rejected", reason: a.rejectionReason ?? "" }, now);
  } else if (a.status === "county") {
    await queueScreeningResult(db, a, { kind: "county", countyName: a.countyName ?? "" }, now);
  } else {
    const lead = assignments.find((x) => x.role === "lead");
    const co = assignments.filter((x) => x.role === "co").map((x) => x.name);
    await queueScreeningResult(db, a, { kind: "city", leadDepartment: lead?.name ?? "", coDepartments: co }, now);
  }

  await queueAssignmentNotices(db, a, decision.assignedOrganisationIds, now);
}

/** One notice to each organisation newly assigned, with the limit of its first step from its stored clock. */
export async function queueAssignmentNotices(
  db: Db,
  appeal: number | NoticeAppeal,
  organisationIds: number[],
  now: Date,
): Promise<void> {
  if (organisationIds.length === 0) return;
  const a = typeof appeal === "number" ? await appealForNotice(db, appeal) : appeal;
  const wanted = new Set(organisationIds);
  for (const x of await openAssignments(db, a.id)) {
    if (!wanted.has(x.organisationId) || !x.dueAt) continue;
    await notifyAssignment(db, {
      assignmentId: x.id,
      appealId: a.id,
      contact: { phone: x.phone, email: x.email },
      notice: {
        trackingNumber: a.trackingNumber,
        title: a.title,
        enterpriseName: a.enterpriseName,
        organisationName: x.name,
        role: x.role,
        assignedAt: x.assignedAt,
        acceptDueAt: x.dueAt,
      },
      now,
    });
  }
}
