/**
 * Public disclosure (SPEC §5): finished tasks the office has published, with the leader's decision, the
 * commitment and the result. The enterprise's name leaves the database only when it agreed to publication;
 * contact details are never read here.
 */
import { sql } from "kysely";
import type { Db } from "./audit.server";
import { readThroughIndexes } from "./index-reads.server";
import { containing } from "./task.server";

export const DISCLOSURE_PAGE_SIZE = 20;

export interface DisclosureFilter {
  cycleId?: number;
  organisationId?: number;
  categoryId?: number;
  q?: string;
  page: number;
}

/** Finished tasks (tasks_closed_idx, tasks_disclosed_idx): filtered on their own columns, paged, then joined. */
function finished(db: Db) {
  return db.selectFrom("tasks as t").where("t.state", "=", "closed");
}

/**
 * Published finished tasks, filtered and paged, newest first. The page is taken from the tasks in the
 * order of tasks_disclosed_idx; a category or a search reads the published tasks' appeals by the primary key.
 */
export async function publicDisclosures(db: Db, f: DisclosureFilter) {
  const text = f.q?.trim();
  const published = (db: Db) => {
    let q = finished(db).where("t.disclosed_at", "is not", null);
    if (f.cycleId) q = q.where("t.cycle_id", "=", f.cycleId);
    if (f.organisationId) q = q.where("t.organisation_id", "=", f.organisationId);
    if (f.categoryId || text)
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom("appeals as a")
            .select("a.id")
            .whereRef("a.id", "=", "t.appeal_id")
            .$if(Boolean(f.categoryId), (qb) => qb.where("a.category_id", "=", f.categoryId!))
            .$if(Boolean(text), (qb) => qb.where("a.title", "ilike", containing(text!))),
        ),
      );
    return q;
  };
  const [{ n }, rows] = await readThroughIndexes(db, (db) =>
    Promise.all([
      // Every task has its appeal, cycle and department, and every appeal its category (foreign keys).
      published(db)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom(
          published(db)
            .select([
              "t.id",
              "t.appeal_id",
              "t.cycle_id",
              "t.organisation_id",
              "t.decision",
              "t.responsible_leader",
              "t.responsible_person",
              "t.committed_deadline",
              "t.measures",
              "t.completion_result",
              "t.final_decision",
              "t.rating",
              "t.disclosed_at",
            ])
            .orderBy("t.disclosed_at", "desc")
            .orderBy("t.id", "desc")
            .limit(DISCLOSURE_PAGE_SIZE)
            .offset((f.page - 1) * DISCLOSURE_PAGE_SIZE)
            .as("t"),
        )
        .innerJoin("appeals as a", "a.id", "t.appeal_id")
        .innerJoin("cycles as c", "c.id", "t.cycle_id")
        .innerJoin("organisations as o", "o.id", "t.organisation_id")
        .innerJoin("appeal_categories as cat", "cat.id", "a.category_id")
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
        .execute(),
    ]),
  );
  return { total: Number(n), rows };
}

/**
 * The office's list: every finished task of the cycle (or all), published or not, the latest cycle first,
 * 500 at most. The 500 are taken from the tasks and cycles (tasks_closed_idx), then joined.
 */
export async function disclosureCandidates(db: Db, f: { cycleId?: number }) {
  return readThroughIndexes(db, (db) => {
    let q = finished(db).innerJoin("cycles as c", "c.id", "t.cycle_id");
    if (f.cycleId) q = q.where("t.cycle_id", "=", f.cycleId);
    const page = q
      .select(["t.id", "t.appeal_id", "t.organisation_id", "t.rating", "t.disclosed_at", "c.number"])
      .orderBy("c.number", "desc")
      .orderBy("t.id")
      .limit(500)
      .as("t");
    return db
      .selectFrom(page)
      .innerJoin("appeals as a", "a.id", "t.appeal_id")
      .innerJoin("organisations as o", "o.id", "t.organisation_id")
      .select([
        "t.id",
        "t.number as cycleNumber",
        "a.tracking_number as trackingNumber",
        "a.title",
        "a.publish_name as publishName",
        "o.name as departmentName",
        "t.rating",
        "t.disclosed_at as disclosedAt",
      ])
      .orderBy("t.number", "desc")
      .orderBy("t.id")
      .execute();
  });
}
