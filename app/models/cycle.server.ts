import { sql, type Updateable } from "kysely";
import type { AgendaStatus } from "~/domain/agenda";
import type { CycleLife, CycleStateOf } from "~/domain/cycle-transitions";
import type { OpinionsStatus } from "~/domain/tasks";
import type { CyclesTable } from "../../db/schema";
import type { Db } from "./audit.server";

const CYCLE_COLUMNS = [
  "cycles.id",
  "cycles.number",
  "cycles.month",
  "cycles.onsite_date as onsiteDate",
  "cycles.onsite_moved as onsiteMoved",
  "cycles.booking_opens_at as bookingOpensAt",
  "cycles.booking_closes_at as bookingClosesAt",
  "cycles.catalog_due_at as catalogDueAt",
  "cycles.agenda_due_at as agendaDueAt",
  "cycles.commitments_due_at as commitmentsDueAt",
  "cycles.leader_id as leaderId",
  "cycles.secretary_general_id as secretaryGeneralId",
  "cycles.updated_at as updatedAt",
] as const;

function withPeople(db: Db) {
  return db
    .selectFrom("cycles")
    .leftJoin("roster_members as leader", "leader.id", "cycles.leader_id")
    .leftJoin("roster_members as sg", "sg.id", "cycles.secretary_general_id")
    .select(CYCLE_COLUMNS)
    .select([
      "leader.name as leaderName",
      "leader.title as leaderTitle",
      "sg.name as secretaryGeneralName",
      "sg.title as secretaryGeneralTitle",
    ]);
}

/** Cycles whose month falls in the year, in order. */
export async function listCyclesOfYear(db: Db, year: number) {
  return withPeople(db).where("cycles.month", "like", `${year}-%`).orderBy("cycles.month").execute();
}

export async function listAllCycles(db: Db) {
  return withPeople(db).orderBy("cycles.month").execute();
}

/** Cycles touching a span of dates (for calendar views). */
export async function listCyclesBetween(db: Db, from: Date, to: Date) {
  return withPeople(db)
    .where("cycles.booking_opens_at", "<", to)
    .where("cycles.commitments_due_at", ">=", from)
    .orderBy("cycles.month")
    .execute();
}

export async function getCycleByNumber(db: Db, number: number) {
  return withPeople(db).where("cycles.number", "=", number).executeTakeFirst();
}

export async function getCycleByMonth(db: Db, month: string) {
  return withPeople(db).where("cycles.month", "=", month).executeTakeFirst();
}

/** The cycle that takes an appeal received at `at`: the first whose window closes after it. */
export async function cycleTakingAppealsAt(db: Db, at: Date) {
  return withPeople(db)
    .where("cycles.booking_closes_at", ">", at)
    .orderBy("cycles.booking_closes_at")
    .executeTakeFirst();
}

/** Cycles whose window is open at `at` (normally one). */
export async function cyclesOpenAt(db: Db, at: Date) {
  return withPeople(db)
    .where("cycles.booking_opens_at", "<=", at)
    .where("cycles.booking_closes_at", ">", at)
    .orderBy("cycles.month")
    .execute();
}

export async function cycleYears(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom("cycles")
    .select(sql<number>`distinct cast(substr(month, 1, 4) as integer)`.as("year"))
    .execute();
  return rows.map((r) => Number(r.year)).sort();
}

export async function listRoster(db: Db, kind?: "leader" | "secretary_general") {
  let q = db.selectFrom("roster_members").select(["id", "kind", "name", "title", "position", "active"]);
  if (kind) q = q.where("kind", "=", kind);
  return q.orderBy("kind").orderBy("position").execute();
}

/** A cycle's three lives' states, the row locked until the transaction ends. */
export async function lockCycleStates(db: Db, cycleId: number): Promise<CycleStateOf | undefined> {
  const c = await db
    .selectFrom("cycles")
    .select(["agenda_status", "opinions_status", "catalog_sent_at"])
    .where("id", "=", cycleId)
    .forUpdate()
    .executeTakeFirst();
  return c && { catalog: c.catalog_sent_at ? "sent" : "open", agenda: c.agenda_status, opinions: c.opinions_status };
}

/** What a cycle's transition may set besides its state. */
export type CycleStatePatch = Partial<
  Pick<
    Updateable<CyclesTable>,
    "agenda_version" | "onsite_place" | "opinions_submitted_at" | "opinions_approved_at" | "opinions_approved_by"
  >
>;

/**
 * The one statement that changes a cycle's catalog, agenda or opinions state, only if it is still `from`
 * (the catalog's state is its sent time). Called by transitionCycle alone. False when another change won.
 */
export async function writeCycleState<L extends CycleLife>(
  db: Db,
  change: {
    cycleId: number;
    life: L;
    from: CycleStateOf[L];
    to: CycleStateOf[L];
    patch: CycleStatePatch;
    at: Date;
    actorId: number;
  },
): Promise<boolean> {
  let q = db
    .updateTable("cycles")
    .set({ ...change.patch, updated_at: change.at })
    .where("id", "=", change.cycleId);
  if (change.life === "catalog") {
    q = q.set({ catalog_sent_at: change.at, catalog_sent_by: change.actorId }).where("catalog_sent_at", "is", null);
  } else if (change.life === "agenda") {
    q = q.set({ agenda_status: change.to as AgendaStatus }).where("agenda_status", "=", change.from as AgendaStatus);
  } else {
    q = q
      .set({ opinions_status: change.to as OpinionsStatus })
      .where("opinions_status", "=", change.from as OpinionsStatus);
  }
  const r = await q.executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
