/**
 * Queries of registry review and screening (SPEC §4 steps 2–3): the two queues, the office's view of one
 * appeal, the guarded status changes, assignments, and the routing table (appeal_categories).
 */
import { sql } from "kysely";
import type { Db } from "./audit.server";
import { containsPattern } from "./organisation.server";
import type { DueState } from "~/domain/appeal";
import type { AppealStatus } from "../../db/schema";

const DAY_MS = 24 * 3600_000;

export interface ScreeningFilter {
  cycleNumber?: number;
  categoryId?: number;
  due?: DueState;
  /** Part of a tracking number, an enterprise's name or code, or a title. */
  q?: string;
}

function screeningBase(db: Db, f: ScreeningFilter) {
  let q = db
    .selectFrom("appeals")
    .innerJoin("appeal_categories", "appeal_categories.id", "appeals.category_id")
    .innerJoin("cycles", "cycles.id", "appeals.cycle_id")
    .where("appeals.status", "=", "screening");
  if (f.cycleNumber) q = q.where("cycles.number", "=", f.cycleNumber);
  if (f.categoryId) q = q.where("appeals.category_id", "=", f.categoryId);
  if (f.q) {
    const like = containsPattern(f.q);
    q = q.where((eb) =>
      eb.or([
        eb("appeals.tracking_number", "ilike", like),
        eb("appeals.enterprise_name", "ilike", like),
        eb("appeals.credit_code", "ilike", like),
        eb("appeals.title", "ilike", like),
      ]),
    );
  }
  return q;
}

/**
 * The screening queue, earliest deadline first. "Due soon" and "late" are the same boundaries as
 * dueState(): under one day left, and past due.
 */
export async function screeningQueue(db: Db, f: ScreeningFilter, now: Date, page: number, pageSize: number) {
  const soon = new Date(now.getTime() + DAY_MS);
  const base = screeningBase(db, f);
  const [counts] = await base
    .select([
      sql<string>`count(*)`.as("total"),
      sql<string>`count(*) filter (where appeals.screening_due_at < ${now})`.as("late"),
      sql<string>`count(*) filter (where appeals.screening_due_at >= ${now} and appeals.screening_due_at < ${soon})`.as(
        "dueSoon",
      ),
    ])
    .execute();
  let rowsQuery = base;
  if (f.due === "late") rowsQuery = rowsQuery.where("appeals.screening_due_at", "<", now);
  if (f.due === "due_soon")
    rowsQuery = rowsQuery.where("appeals.screening_due_at", ">=", now).where("appeals.screening_due_at", "<", soon);
  if (f.due === "ok") rowsQuery = rowsQuery.where("appeals.screening_due_at", ">=", soon);
  const [{ matching }] = await rowsQuery.select(sql<string>`count(*)`.as("matching")).execute();
  const rows = await rowsQuery
    .select([
      "appeals.id",
      "appeals.tracking_number as trackingNumber",
      "appeals.received_at as receivedAt",
      "appeals.channel",
      "appeals.enterprise_name as enterpriseName",
      "appeals.title",
      "appeals.screening_due_at as screeningDueAt",
      "appeal_categories.name as categoryName",
      "cycles.number as cycleNumber",
    ])
    .orderBy("appeals.screening_due_at")
    .orderBy("appeals.received_at")
    .orderBy("appeals.id")
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    counts: { total: Number(counts.total), dueSoon: Number(counts.dueSoon), late: Number(counts.late) },
    matching: Number(matching),
    rows,
  };
}

/** The cycles that have appeals waiting for screening, for the queue's filter. */
export async function cyclesWithScreening(db: Db) {
  return db
    .selectFrom("appeals")
    .innerJoin("cycles", "cycles.id", "appeals.cycle_id")
    .select(["cycles.number", "cycles.month"])
    .where("appeals.status", "=", "screening")
    .groupBy(["cycles.number", "cycles.month"])
    .orderBy("cycles.number")
    .execute();
}

/** Appeals waiting for the registry reviewer, oldest first, beside the registry entry of their code. */
export async function registryReviewQueue(db: Db, limit = 200) {
  return db
    .selectFrom("appeals")
    .leftJoin("enterprises", "enterprises.credit_code", "appeals.credit_code")
    .select([
      "appeals.id",
      "appeals.tracking_number as trackingNumber",
      "appeals.received_at as receivedAt",
      "appeals.channel",
      "appeals.credit_code as creditCode",
      "appeals.enterprise_name as enterpriseName",
      "appeals.registry_check as registryCheck",
      "enterprises.name as registryName",
      "enterprises.region_code as registryRegionCode",
    ])
    .where("appeals.status", "=", "registry_review")
    .orderBy("appeals.received_at")
    .orderBy("appeals.id")
    .limit(limit)
    .execute();
}

export async function countRegistryReview(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom("appeals")
    .select(sql<string>`count(*)`.as("n"))
    .where("status", "=", "registry_review")
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * What the registry reviewer needs of one appeal: who the enterprise says it is, and how to reach it. Only
 * an appeal the registry check sent to review (still open, or decided there): any other, with its contact
 * details, is not the reviewer's to read.
 */
export async function appealForRegistryReview(db: Db, trackingNumber: string) {
  return db
    .selectFrom("appeals")
    .innerJoin("appeal_categories", "appeal_categories.id", "appeals.category_id")
    .select([
      "appeals.id",
      "appeals.tracking_number as trackingNumber",
      "appeals.status",
      "appeals.registry_check as registryCheck",
      "appeals.channel",
      "appeals.received_at as receivedAt",
      "appeals.credit_code as creditCode",
      "appeals.enterprise_name as enterpriseName",
      "appeals.contact_name as contactName",
      "appeals.contact_phone as contactPhone",
      "appeals.title",
      "appeals.rejection_reason as rejectionReason",
      "appeal_categories.name as categoryName",
    ])
    .where("appeals.tracking_number", "=", trackingNumber)
    .where("appeals.registry_check", "not in", ["match", "outside_city"])
    .executeTakeFirst();
}

/** Everything the platform office reads about one appeal. */
export async function appealForOffice(db: Db, trackingNumber: string) {
  return db
    .selectFrom("appeals")
    .innerJoin("appeal_categories", "appeal_categories.id", "appeals.category_id")
    .innerJoin("cycles", "cycles.id", "appeals.cycle_id")
    .leftJoin("enterprises", "enterprises.id", "appeals.enterprise_id")
    .leftJoin("organisations as county", "county.id", "appeals.county_id")
    .leftJoin("users as registrar", "registrar.id", "appeals.registered_by")
    .select([
      "appeals.id",
      "appeals.tracking_number as trackingNumber",
      "appeals.status",
      "appeals.level",
      "appeals.channel",
      "appeals.registry_check as registryCheck",
      "appeals.credit_code as creditCode",
      "appeals.enterprise_name as enterpriseName",
      "appeals.contact_name as contactName",
      "appeals.contact_phone as contactPhone",
      "appeals.contact_email as contactEmail",
      "appeals.title",
      "appeals.content",
      "appeals.publish_name as publishName",
      "appeals.rejection_reason as rejectionReason",
      "appeals.received_at as receivedAt",
      "appeals.screening_due_at as screeningDueAt",
      "appeals.screened_at as screenedAt",
      "appeals.category_id as categoryId",
      "appeal_categories.name as categoryName",
      "appeal_categories.suggested_department_id as suggestedDepartmentId",
      "cycles.number as cycleNumber",
      "cycles.onsite_date as cycleOnsiteDate",
      "enterprises.name as registryName",
      "enterprises.region_code as registryRegionCode",
      "enterprises.address as registryAddress",
      "enterprises.status as registryStatus",
      "county.name as countyName",
      "registrar.display_name as registeredByName",
      // Who handles it, for who may read the contact's number (app/domain/personal-data.ts).
      "appeals.registered_by as registeredBy",
      "appeals.enterprise_organisation_id as enterpriseOrganisationId",
    ])
    .where("appeals.tracking_number", "=", trackingNumber)
    .executeTakeFirst();
}

export async function assignmentsOf(db: Db, appealId: number) {
  return db
    .selectFrom("appeal_assignments")
    .innerJoin("organisations", "organisations.id", "appeal_assignments.organisation_id")
    .leftJoin("users", "users.id", "appeal_assignments.assigned_by")
    .select([
      "appeal_assignments.id",
      "appeal_assignments.role",
      "appeal_assignments.assigned_at as assignedAt",
      "appeal_assignments.ended_at as endedAt",
      "organisations.id as organisationId",
      "organisations.name as organisationName",
      "users.display_name as assignedByName",
    ])
    .where("appeal_assignments.appeal_id", "=", appealId)
    .orderBy("appeal_assignments.assigned_at")
    .orderBy("appeal_assignments.id")
    .execute();
}

/** One attachment's bytes, only through the appeal it belongs to. */
export async function attachmentContent(db: Db, trackingNumber: string, attachmentId: number) {
  return db
    .selectFrom("appeal_attachments")
    .innerJoin("appeals", "appeals.id", "appeal_attachments.appeal_id")
    .select([
      "appeal_attachments.filename",
      "appeal_attachments.media_type as mediaType",
      "appeal_attachments.size",
      "appeal_attachments.content",
    ])
    .where("appeals.tracking_number", "=", trackingNumber)
    .where("appeal_attachments.id", "=", attachmentId)
    .executeTakeFirst();
}

/** The facts screening decides on, read before the guarded update. */
export async function appealForScreening(db: Db, appealId: number) {
  return db
    .selectFrom("appeals")
    .innerJoin("appeal_categories", "appeal_categories.id", "appeals.category_id")
    .leftJoin("enterprises", "enterprises.id", "appeals.enterprise_id")
    .select([
      "appeals.id",
      "appeals.tracking_number as trackingNumber",
      "appeals.status",
      "appeal_categories.suggested_department_id as suggestedDepartmentId",
      "enterprises.region_code as registryRegionCode",
    ])
    .where("appeals.id", "=", appealId)
    .executeTakeFirst();
}

export async function appealIdsByTrackingNumber(db: Db, trackingNumber: string) {
  return db
    .selectFrom("appeals")
    .select(["id", "status", "credit_code as creditCode", "enterprise_name as enterpriseName"])
    .where("tracking_number", "=", trackingNumber)
    .executeTakeFirst();
}

export async function appealForRegistryDecision(db: Db, appealId: number) {
  return db
    .selectFrom("appeals")
    .select([
      "id",
      "tracking_number as trackingNumber",
      "status",
      "registry_check as registryCheck",
      "credit_code as creditCode",
      "enterprise_name as enterpriseName",
      "enterprise_organisation_id as enterpriseOrganisationId",
    ])
    .where("id", "=", appealId)
    .executeTakeFirst();
}

export async function currentStatus(db: Db, appealId: number): Promise<AppealStatus | undefined> {
  return (await db.selectFrom("appeals").select("status").where("id", "=", appealId).executeTakeFirst())?.status;
}

/**
 * Lock the appeal's row if it is still in `status`: a concurrent decision waits for this transaction, then
 * finds it changed. Undefined when someone else was first.
 */
export async function lockAppealInStatus(db: Db, appealId: number, status: AppealStatus) {
  return db
    .selectFrom("appeals")
    .select("id")
    .where("id", "=", appealId)
    .where("status", "=", status)
    .forUpdate()
    .executeTakeFirst();
}

// --- Organisations an appeal can go to ---

export async function activeOrganisationsOfKind(db: Db, kind: "county" | "department") {
  return db
    .selectFrom("organisations")
    .select(["id", "name", "short_name as shortName", "region_code as regionCode"])
    .where("kind", "=", kind)
    .where("active", "=", true)
    .orderBy(kind === "county" ? "region_code" : "id")
    .orderBy("id")
    .execute();
}

export async function organisationsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("organisations")
    .select(["id", "kind", "name", "active", "region_code as regionCode"])
    .where("id", "in", ids)
    .execute();
}

/** The county whose region is this registry region, if one is active. */
export async function countyOfRegion(db: Db, regionCode: string) {
  return db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("kind", "=", "county")
    .where("active", "=", true)
    .where("region_code", "=", regionCode)
    .orderBy("id")
    .executeTakeFirst();
}

// --- The registry (法人库) as the reviewer changes it ---

export async function enterpriseByCode(db: Db, creditCode: string) {
  return db
    .selectFrom("enterprises")
    .select(["id", "credit_code as creditCode", "name", "region_code as regionCode", "address", "status"])
    .where("credit_code", "=", creditCode)
    .executeTakeFirst();
}

export async function insertEnterprise(db: Db, e: { creditCode: string; name: string; regionCode: string; now: Date }) {
  return db
    .insertInto("enterprises")
    .values({
      credit_code: e.creditCode,
      name: e.name,
      region_code: e.regionCode,
      legal_representative: null,
      address: null,
      registered_on: null,
      created_at: e.now,
      updated_at: e.now,
    })
    .onConflict((oc) => oc.column("credit_code").doNothing())
    .returning(["id"])
    .executeTakeFirst();
}

export async function renameEnterprise(db: Db, id: number, name: string, now: Date) {
  await db.updateTable("enterprises").set({ name, updated_at: now }).where("id", "=", id).execute();
}

/** The enterprise account linked to a registry entry, if the enterprise has registered one. */
export async function enterpriseAccountOrganisation(db: Db, enterpriseId: number) {
  return db
    .selectFrom("organisations")
    .select("id")
    .where("kind", "=", "enterprise")
    .where("enterprise_id", "=", enterpriseId)
    .orderBy("id")
    .executeTakeFirst();
}

// --- Routing table: categories and their suggested lead department ---

export async function categoryById(db: Db, id: number) {
  return db
    .selectFrom("appeal_categories")
    .select(["id", "name", "active", "position", "suggested_department_id as suggestedDepartmentId"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function categoryByName(db: Db, name: string, exceptId?: number) {
  let q = db.selectFrom("appeal_categories").select(["id"]).where("name", "=", name);
  if (exceptId !== undefined) q = q.where("id", "<>", exceptId);
  return q.executeTakeFirst();
}

export async function insertCategory(db: Db, c: { name: string; suggestedDepartmentId: number | null }) {
  const { max } = await db
    .selectFrom("appeal_categories")
    .select((eb) => eb.fn.max("position").as("max"))
    .executeTakeFirstOrThrow();
  return db
    .insertInto("appeal_categories")
    .values({ name: c.name, position: Number(max ?? 0) + 1, suggested_department_id: c.suggestedDepartmentId })
    .onConflict((oc) => oc.column("name").doNothing())
    .returning(["id"])
    .executeTakeFirst();
}

export async function updateCategory(
  db: Db,
  id: number,
  patch: { name?: string; active?: boolean; suggested_department_id?: number | null },
) {
  await db.updateTable("appeal_categories").set(patch).where("id", "=", id).execute();
}
