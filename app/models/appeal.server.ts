import { sql, type Updateable } from "kysely";
import type { AppealEventAction } from "~/domain/audit";
import type { Db } from "./audit.server";
import { cachedByVersion } from "./cache-version.server";
import type { AppealStatus, AppealsTable } from "../../db/schema";

export async function findBySubmissionKey(db: Db, key: string) {
  return db
    .selectFrom("appeals")
    .select(["id", "tracking_number"])
    .where("submission_key", "=", key)
    .executeTakeFirst();
}

export async function nextTrackingSequence(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`select nextval('appeal_tracking_seq') as n`.execute(db);
  return Number(rows[0].n);
}

/** The region codes that count as "in the city": the counties' and the city's own. */
export async function cityRegionCodes(db: Db, cityCode: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("organisations")
    .select("region_code")
    .where("kind", "=", "county")
    .where("region_code", "is not", null)
    .execute();
  return new Set([cityCode, ...rows.map((r) => r.region_code!)]);
}

/** The categories in their order, from this process's copy while nobody changed them (cache-version.server.ts). */
export function listCategories(db: Db, onlyActive = true) {
  return cachedByVersion(db, "categories", onlyActive ? "active" : "all", () => readCategories(db, onlyActive));
}

function readCategories(db: Db, onlyActive: boolean) {
  let q = db
    .selectFrom("appeal_categories")
    .leftJoin("organisations", "organisations.id", "appeal_categories.suggested_department_id")
    .select([
      "appeal_categories.id",
      "appeal_categories.name",
      "appeal_categories.active",
      "appeal_categories.suggested_department_id as suggestedDepartmentId",
      "organisations.name as suggestedDepartmentName",
    ]);
  if (onlyActive) q = q.where("appeal_categories.active", "=", true);
  return q.orderBy("appeal_categories.position").execute();
}

const APPEAL_COLUMNS = [
  "appeals.id",
  "appeals.tracking_number as trackingNumber",
  "appeals.channel",
  "appeals.status",
  "appeals.registry_check as registryCheck",
  "appeals.credit_code as creditCode",
  "appeals.enterprise_name as enterpriseName",
  "appeals.contact_name as contactName",
  "appeals.title",
  "appeals.content",
  "appeals.publish_name as publishName",
  "appeals.rejection_reason as rejectionReason",
  "appeals.received_at as receivedAt",
  "appeals.screening_due_at as screeningDueAt",
  "appeals.enterprise_organisation_id as enterpriseOrganisationId",
  "appeals.registered_by as registeredBy",
  "appeal_categories.name as categoryName",
  "cycles.number as cycleNumber",
  "cycles.onsite_date as cycleOnsiteDate",
  "cycles.booking_opens_at as cycleOpensAt",
] as const;

function withJoins(db: Db) {
  return db
    .selectFrom("appeals")
    .innerJoin("appeal_categories", "appeal_categories.id", "appeals.category_id")
    .innerJoin("cycles", "cycles.id", "appeals.cycle_id");
}

export async function getAppealByTrackingNumber(db: Db, trackingNumber: string) {
  return withJoins(db).select(APPEAL_COLUMNS).where("appeals.tracking_number", "=", trackingNumber).executeTakeFirst();
}

/** An enterprise's own appeals, or those a window clerk or hotline operator registered. */
export async function listAppealsForViewer(
  db: Db,
  viewer: { id: number; role: string; organisationId: number },
  page: number,
  pageSize = 20,
) {
  const base =
    viewer.role === "enterprise"
      ? withJoins(db).where("appeals.enterprise_organisation_id", "=", viewer.organisationId)
      : withJoins(db).where("appeals.registered_by", "=", viewer.id);
  const [{ count }] = await base.select((eb) => eb.fn.countAll<number>().as("count")).execute();
  const rows = await base
    .select(APPEAL_COLUMNS)
    .orderBy("appeals.received_at", "desc")
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(count), rows };
}

export async function appealEvents(db: Db, appealId: number) {
  return db
    .selectFrom("appeal_events")
    .leftJoin("users", "users.id", "appeal_events.actor_id")
    .select([
      "appeal_events.id",
      "appeal_events.at",
      "appeal_events.action",
      "appeal_events.from_status as fromStatus",
      "appeal_events.to_status as toStatus",
      "appeal_events.reason",
      "appeal_events.public_note as publicNote",
      "users.display_name as actorName",
    ])
    .where("appeal_events.appeal_id", "=", appealId)
    .orderBy("appeal_events.at")
    .orderBy("appeal_events.id")
    .execute();
}

export async function attachmentsOf(db: Db, appealId: number) {
  return (
    db
      .selectFrom("appeal_attachments")
      .select(["id", "filename", "media_type as mediaType", "size"])
      .where("appeal_id", "=", appealId)
      // The enterprise's own files; a reply's are listed with the reply.
      .where("reply_id", "is", null)
      .orderBy("id")
      .execute()
  );
}

export async function appendAppealEvent(
  db: Db,
  e: {
    appealId: number;
    at: Date;
    actorId: number | null;
    action: AppealEventAction;
    from: AppealStatus | null;
    to: AppealStatus | null;
    reason?: string | null;
    publicNote?: string | null;
  },
) {
  await db
    .insertInto("appeal_events")
    .values({
      appeal_id: e.appealId,
      at: e.at,
      actor_id: e.actorId,
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      reason: e.reason ?? null,
      public_note: e.publicNote ?? null,
    })
    .execute();
}

/** The other columns a status change may write with it (never the status itself). */
export type AppealStatusPatch = Omit<Updateable<AppealsTable>, "id" | "status" | "updated_at">;

/**
 * The one statement that writes an appeal's status; only transitionAppeal (app/services/appeal-state.server.ts)
 * calls it (tests/unit/state-writers.test.ts holds that). It changes the appeal only if it is still in
 * `from`: the row lock makes a concurrent transition wait for the first, then find nothing to change.
 * Undefined when someone else was first.
 */
export async function writeAppealStatus(
  db: Db,
  change: { appealId: number; from: AppealStatus; to: AppealStatus; at: Date; patch: AppealStatusPatch },
) {
  return db
    .updateTable("appeals")
    .set({ ...change.patch, status: change.to, updated_at: change.at })
    .where("id", "=", change.appealId)
    .where("status", "=", change.from)
    .returning(["id", "tracking_number as trackingNumber", "enterprise_organisation_id as enterpriseOrganisationId"])
    .executeTakeFirst();
}
