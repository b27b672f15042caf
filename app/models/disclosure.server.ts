/**
 * Public disclosure (SPEC §5): finished tasks the office has published, with the leader's decision, the
 * commitment and the result. The enterprise's name leaves the database only when it agreed to publication;
 * contact details are never read here.
 */
import { sql } from "kysely";
import type { Db } from "./audit.server";
import { containing } from "./task.server";

export const DISCLOSURE_PAGE_SIZE = 20;

export interface DisclosureFilter {
  cycleId?: number;
  organisationId?: number;
  categoryId?: number;
  q?: string;
  page: number;
}

function finished(db: Db) {
  return db
    .selectFrom("tasks as t")
    .innerJoin("appeals as a", "a.id", "t.appeal_id")
    .innerJoin("cycles as c", "c.id", "t.cycle_id")
    .innerJoin("organisations as o", "o.id", "t.organisation_id")
    .innerJoin("appeal_categories as cat", "cat.id", "a.category_id")
    .where("t.state", "=", "closed");
}

/** Published finished tasks, filtered and paged, newest first. */
export async function publicDisclosures(db: Db, f: DisclosureFilter) {
  let q = finished(db).where("t.disclosed_at", "is not", null);
  if (f.cycleId) q = q.where("t.cycle_id", "=", f.cycleId);
  if (f.organisationId) q = q.where("t.organisation_id", "=", f.organisationId);
  if (f.categoryId) q = q.where("a.category_id", "=", f.categoryId);
  const text = f.q?.trim();
  if (text) q = q.where("a.title", "ilike", containing(text));
  const [{ n }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    q
      .select([
        "t.id",
        "c.number as cycleNumber",
        "o.name as departmentName",
        "cat.name as categoryName",
        "a.title",
        sql<string | null>`case when a.publish_name then a.enterprise_name end`.as("enterpriseName"),
        "t.decision",
        "t.responsible_leader as responsibleLeader",
        "t.responsible_person as responsiblePerson",
        "t.committed_deadline as committedDeadline",
        "t.measures",
        "t.completion_result as result",
        "t.final_decision as finalDecision",
        "t.rating",
        "t.disclosed_at as disclosedAt",
      ])
      .orderBy("t.disclosed_at", "desc")
      .orderBy("t.id", "desc")
      .limit(DISCLOSURE_PAGE_SIZE)
      .offset((f.page - 1) * DISCLOSURE_PAGE_SIZE)
      .execute(),
  ]);
  return { total: Number(n), rows };
}

/** The office's list: every finished task of the cycle (or all), published or not. */
export async function disclosureCandidates(db: Db, f: { cycleId?: number }) {
  let q = finished(db);
  if (f.cycleId) q = q.where("t.cycle_id", "=", f.cycleId);
  return q
    .select([
      "t.id",
      "c.number as cycleNumber",
      "a.tracking_number as trackingNumber",
      "a.title",
      "a.publish_name as publishName",
      "o.name as departmentName",
      "t.rating",
      "t.disclosed_at as disclosedAt",
    ])
    .orderBy("c.number", "desc")
    .orderBy("t.id")
    .limit(500)
    .execute();
}
