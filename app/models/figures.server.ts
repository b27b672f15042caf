/**
 * The facts the figures are counted from (domain/figures.ts), read from stored data: one row per lead
 * department's or county's assignment of an appeal in the period (its cycle, or the month it was assigned
 * in). Each fact is frozen data or derived from stored due times and the clock:
 *   - accepted on time: the accept clock finished on time (accepting or disputing in time both count as a
 *     response); late when finished late or still open past its limit; unknown while open and not yet due;
 *   - replied on time: the reply clock (the county's reply clock for a county), read the same way;
 *   - completed (办结): the lead department reported completion of its task; a county resolved and replied;
 *   - resolved (解决): completed and not rated dissatisfied (a final decision after dissatisfaction does not
 *     make it resolved); a county's resolved reply counts as resolved;
 *   - rating: the enterprise's rating of the task, silence included once its 5 days have passed.
 */
import { sql } from "kysely";
import { monthBounds } from "~/domain/cycle-schedule";
import type { AppealFacts } from "~/domain/figures";
import type { AppealStatus } from "../../db/schema";
import type { Db } from "./audit.server";
import { readThroughIndexes } from "./index-reads.server";

export interface FiguresPeriod {
  cycleId?: number;
  /** "2026-11": assignments made in that month (Asia/Shanghai). */
  month?: string;
}

/** The cycles that have appeals, the latest first: what the figures page offers to choose from. */
export function cyclesWithAppeals(db: Db) {
  return db
    .selectFrom("cycles as c")
    .select(["c.id", "c.number", "c.month"])
    .where((eb) => eb.exists(eb.selectFrom("appeals as a").select("a.id").whereRef("a.cycle_id", "=", "c.id")))
    .orderBy("c.number", "desc")
    .execute();
}

export async function figuresFacts(db: Db, period: FiguresPeriod, now: Date) {
  // A period's share of the year (a cycle's appeals, a month's assignments) through appeals_cycle_idx or
  // appeal_assignments_assigned_idx, then each row's assignment, task and clocks by their indexes.
  const { rows, clocks } = await readThroughIndexes(db, (db) => periodFacts(db, period));
  // Each assignment's clocks in id order, looked up once per fact rather than searched for in all of them.
  const clocksOf = new Map<number, typeof clocks>();
  for (const c of clocks) {
    const list = clocksOf.get(c.assignmentId);
    if (list) list.push(c);
    else clocksOf.set(c.assignmentId, [c]);
  }
  const clockFact = (assignmentId: number, kinds: string[]): boolean | null => {
    // The latest clock of the kind (a sent-back escalation starts the county's clock again).
    const c = (clocksOf.get(assignmentId) ?? []).filter((x) => kinds.includes(x.kind)).at(-1);
    if (!c) return null;
    if (c.finishedAt) return c.onTime ?? c.finishedAt <= c.dueAt;
    return now > c.dueAt ? false : null;
  };
  const byOrganisation = new Map<number, { id: number; name: string; kind: string; facts: AppealFacts[] }>();
  for (const r of rows) {
    const county = r.role === "county";
    const completed = county ? r.status === "county_resolved" : r.completedAt !== null;
    const fact: AppealFacts = {
      acceptedOnTime: clockFact(r.assignmentId, ["accept"]),
      repliedOnTime: clockFact(r.assignmentId, county ? ["county_reply"] : ["reply"]),
      completed,
      resolved: completed ? county || r.rating !== "dissatisfied" : null,
      rating: county ? null : r.rating,
    };
    const o = byOrganisation.get(r.organisationId) ?? {
      id: r.organisationId,
      name: r.organisationName,
      kind: r.organisationKind,
      facts: [],
    };
    o.facts.push(fact);
    byOrganisation.set(r.organisationId, o);
  }
  return [...byOrganisation.values()];
}

/**
 * The period's lead and county assignments with their appeal's status and their task's outcome, and all
 * their clocks (in id order). One table at a time, each through an index by the keys the step before found:
 * the planner has no join order to choose, and none that reads the whole of a table.
 */
async function periodFacts(db: Db, period: FiguresPeriod) {
  const anyOf = (column: string, ids: number[]) => sql<boolean>`${sql.ref(column)} = any(${ids}::int[])`;
  let assignments: { assignmentId: number; appealId: number; role: "county" | "lead" | "co"; organisationId: number }[];
  let statusOf: Map<number, AppealStatus>;
  const assignmentColumns = [
    "s.id as assignmentId",
    "s.appeal_id as appealId",
    "s.role",
    "s.organisation_id as organisationId",
  ] as const;
  if (period.month) {
    const [from, to] = monthBounds(period.month);
    assignments = await db
      .selectFrom("appeal_assignments as s")
      .select(assignmentColumns)
      .where("s.assigned_at", ">=", from)
      .where("s.assigned_at", "<", to)
      .where("s.role", "in", ["lead", "county"])
      .execute();
    const appeals = await db
      .selectFrom("appeals as a")
      .select(["a.id", "a.status"])
      .where(anyOf("a.id", [...new Set(assignments.map((s) => s.appealId))]))
      .execute();
    statusOf = new Map(appeals.map((a) => [a.id, a.status]));
  } else {
    let appealsQuery = db.selectFrom("appeals as a").select(["a.id", "a.status"]);
    if (period.cycleId) appealsQuery = appealsQuery.where("a.cycle_id", "=", period.cycleId);
    const appeals = await appealsQuery.execute();
    statusOf = new Map(appeals.map((a) => [a.id, a.status]));
    assignments = await db
      .selectFrom("appeal_assignments as s")
      .select(assignmentColumns)
      .where(
        anyOf(
          "s.appeal_id",
          appeals.map((a) => a.id),
        ),
      )
      .where("s.role", "in", ["lead", "county"])
      .execute();
  }
  if (assignments.length === 0) return { rows: [], clocks: [] };
  const appealIds = [...new Set(assignments.map((s) => s.appealId))];
  const organisationIds = [...new Set(assignments.map((s) => s.organisationId))];
  const [tasks, organisations, clocks] = await Promise.all([
    db
      .selectFrom("tasks as t")
      .select([
        "t.appeal_id as appealId",
        "t.organisation_id as organisationId",
        "t.completed_at as completedAt",
        "t.rating",
      ])
      .where(anyOf("t.appeal_id", appealIds))
      .execute(),
    db
      .selectFrom("organisations as o")
      .select(["o.id", "o.name", "o.kind"])
      .where(anyOf("o.id", organisationIds))
      .execute(),
    db
      .selectFrom("appeal_clocks as c")
      .select([
        "c.id",
        "c.assignment_id as assignmentId",
        "c.kind",
        "c.due_at as dueAt",
        "c.finished_at as finishedAt",
        "c.on_time as onTime",
      ])
      .where(
        anyOf(
          "c.assignment_id",
          assignments.map((s) => s.assignmentId),
        ),
      )
      .execute(),
  ]);
  // The task of an appeal counts for its lead department's assignment only.
  const taskOf = new Map(tasks.map((t) => [`${t.appealId}:${t.organisationId}`, t]));
  const organisationOf = new Map(organisations.map((o) => [o.id, o]));
  const rows = assignments.map((s) => {
    const o = organisationOf.get(s.organisationId)!;
    const t = taskOf.get(`${s.appealId}:${s.organisationId}`);
    return {
      assignmentId: s.assignmentId,
      role: s.role,
      organisationId: o.id,
      organisationName: o.name,
      organisationKind: o.kind,
      status: statusOf.get(s.appealId)!,
      completedAt: t?.completedAt ?? null,
      rating: t?.rating ?? null,
    };
  });
  return { rows, clocks: clocks.sort((a, b) => a.id - b.id) };
}
