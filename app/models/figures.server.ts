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
import { monthBounds } from "~/domain/cycle-schedule";
import type { AppealFacts } from "~/domain/figures";
import type { Db } from "./audit.server";

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
  let q = db
    .selectFrom("appeal_assignments as s")
    .innerJoin("appeals as a", "a.id", "s.appeal_id")
    .innerJoin("organisations as o", "o.id", "s.organisation_id")
    .leftJoin("tasks as t", (j) =>
      j.onRef("t.appeal_id", "=", "s.appeal_id").onRef("t.organisation_id", "=", "s.organisation_id"),
    )
    .select([
      "s.id as assignmentId",
      "s.role",
      "o.id as organisationId",
      "o.name as organisationName",
      "o.kind as organisationKind",
      "a.status",
      "t.completed_at as completedAt",
      "t.rating",
    ])
    .where("s.role", "in", ["lead", "county"]);
  if (period.cycleId) q = q.where("a.cycle_id", "=", period.cycleId);
  if (period.month) {
    const [from, to] = monthBounds(period.month);
    q = q.where("s.assigned_at", ">=", from).where("s.assigned_at", "<", to);
  }
  const rows = await q.execute();
  const clocks = rows.length
    ? await db
        .selectFrom("appeal_clocks")
        .select([
          "assignment_id as assignmentId",
          "kind",
          "due_at as dueAt",
          "finished_at as finishedAt",
          "on_time as onTime",
        ])
        .where(
          "assignment_id",
          "in",
          rows.map((r) => r.assignmentId),
        )
        .orderBy("id")
        .execute()
    : [];
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
