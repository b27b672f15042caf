import { sql, type Kysely } from "kysely";
import { formatInstant, localDateOf, type LocalDate, type WorkCalendar } from "~/domain/calendar";
import type { AuditAction } from "~/domain/audit";
import {
  addMonths,
  checkOnsiteMove,
  cycleDates,
  cycleNumber,
  defaultOnsiteDate,
  ONSITE_MOVE_PROBLEM_ZH,
  rotate,
  yearMonth,
  type CycleDates,
  type YearMonth,
} from "~/domain/cycle-schedule";
import { appendAudit, type Db } from "~/models/audit.server";
import { loadWorkCalendar } from "~/models/calendar.server";
import type { Database } from "../../db/schema";

type StoredDates = {
  onsite_date: string;
  booking_opens_at: Date;
  booking_closes_at: Date;
  catalog_due_at: Date;
  agenda_due_at: Date;
  commitments_due_at: Date;
};

function toColumns(d: CycleDates): StoredDates {
  return {
    onsite_date: d.onsiteDate,
    booking_opens_at: d.bookingOpensAt,
    booking_closes_at: d.bookingClosesAt,
    catalog_due_at: d.catalogDueAt,
    agenda_due_at: d.agendaDueAt,
    commitments_due_at: d.commitmentsDueAt,
  };
}

/** A plain, comparable form of a cycle's dates for the audit record. */
function datesForAudit(d: StoredDates) {
  return {
    onsiteDate: d.onsite_date,
    bookingOpensAt: formatInstant(d.booking_opens_at),
    bookingClosesAt: formatInstant(d.booking_closes_at),
    catalogDueAt: formatInstant(d.catalog_due_at),
    agendaDueAt: formatInstant(d.agenda_due_at),
    commitmentsDueAt: formatInstant(d.commitments_due_at),
  };
}

async function storedOnsite(db: Db, month: YearMonth): Promise<{ id: number; onsite_date: string } | undefined> {
  return db.selectFrom("cycles").select(["id", "onsite_date"]).where("month", "=", month).executeTakeFirst();
}

async function activeRoster(db: Db, kind: "leader" | "secretary_general") {
  return db
    .selectFrom("roster_members")
    .select(["id"])
    .where("kind", "=", kind)
    .where("active", "=", true)
    .orderBy("position")
    .execute();
}

/**
 * Generate the cycles of a year that do not exist yet, on default on-site days, with the attending leader
 * and secretary-general pre-filled by rotating through the roster. Returns how many were created.
 */
export async function generateYear(
  db: Kysely<Database>,
  input: { year: number; firstCycleMonth: YearMonth; actorId: number | null; now: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // One generator at a time: concurrent clicks must not race on the unique month.
    await sql`select pg_advisory_xact_lock(hashtext('generate_cycles'))`.execute(trx);
    const cal = await loadWorkCalendar(trx);
    const leaders = await activeRoster(trx, "leader");
    const sgs = await activeRoster(trx, "secretary_general");
    let created = 0;
    for (let m = 1; m <= 12; m++) {
      const month = yearMonth(input.year, m);
      const number = cycleNumber(input.firstCycleMonth, month);
      if (number < 1) continue;
      if (await storedOnsite(trx, month)) continue;
      const previous =
        (await storedOnsite(trx, addMonths(month, -1)))?.onsite_date ?? defaultOnsiteDate(cal, addMonths(month, -1));
      const dates = cycleDates(cal, defaultOnsiteDate(cal, month), previous);
      const row = await trx
        .insertInto("cycles")
        .values({
          number,
          month,
          ...toColumns(dates),
          leader_id: rotate(leaders, number)?.id ?? null,
          secretary_general_id: rotate(sgs, number)?.id ?? null,
        })
        .onConflict((oc) => oc.column("month").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!row) continue;
      created += 1;
      await appendAudit(trx, {
        entity: "cycle",
        entityId: row.id,
        action: "generated",
        actorId: input.actorId,
        at: input.now,
        to: datesForAudit(toColumns(dates)),
      });
    }
    return created;
  });
}

export type MoveResult = { ok: true } | { ok: false; error: string };

/** Move a cycle's on-site day; its own dates and the next cycle's opening follow; both changes are recorded. */
export async function moveOnsiteDate(
  db: Kysely<Database>,
  input: { cycleId: number; onsiteDate: LocalDate; reason: string; actorId: number; now: Date },
): Promise<MoveResult> {
  return db.transaction().execute(async (trx) => {
    const cycle = await trx
      .selectFrom("cycles")
      .selectAll()
      .where("id", "=", input.cycleId)
      .forUpdate()
      .executeTakeFirst();
    if (!cycle) return { ok: false, error: "该期不存在" };
    if (cycle.onsite_date < localDateOf(input.now)) return { ok: false, error: "本期现场活动已经举行,不能再调整" };
    if (cycle.onsite_date === input.onsiteDate) return { ok: false, error: "新日期与当前现场活动日相同" };
    const cal = await loadWorkCalendar(trx);
    const prevMonth = addMonths(cycle.month, -1);
    const previous = (await storedOnsite(trx, prevMonth))?.onsite_date ?? defaultOnsiteDate(cal, prevMonth);
    const next = await trx
      .selectFrom("cycles")
      .selectAll()
      .where("month", "=", addMonths(cycle.month, 1))
      .forUpdate()
      .executeTakeFirst();
    const problem = checkOnsiteMove(cal, cycle.month, input.onsiteDate, previous, next?.onsite_date ?? null);
    if (problem) return { ok: false, error: ONSITE_MOVE_PROBLEM_ZH[problem] };
    if (localDateOf(input.now) > input.onsiteDate) return { ok: false, error: "不能把现场活动日调整到已经过去的日期" };

    await rewriteDates(trx, cycle, cycleDates(cal, input.onsiteDate, previous), {
      action: "onsite_moved",
      actorId: input.actorId,
      now: input.now,
      reason: input.reason,
      moved: true,
    });
    if (next) {
      await rewriteDates(trx, next, cycleDates(cal, next.onsite_date, input.onsiteDate), {
        action: "dates_followed",
        actorId: input.actorId,
        now: input.now,
        reason: `第${cycle.number}期现场活动日调整为 ${input.onsiteDate}`,
        moved: next.onsite_moved,
      });
    }
    return { ok: true };
  });
}

async function rewriteDates(
  trx: Db,
  cycle: StoredDates & { id: number },
  dates: CycleDates,
  how: { action: AuditAction<"cycle">; actorId: number | null; now: Date; reason: string; moved: boolean },
) {
  const before = datesForAudit(cycle);
  const after = datesForAudit(toColumns(dates));
  if (JSON.stringify(before) === JSON.stringify(after)) return false;
  await trx
    .updateTable("cycles")
    .set({ ...toColumns(dates), onsite_moved: how.moved, updated_at: how.now })
    .where("id", "=", cycle.id)
    .execute();
  await appendAudit(trx, {
    entity: "cycle",
    entityId: cycle.id,
    action: how.action,
    actorId: how.actorId,
    at: how.now,
    from: before,
    to: after,
    reason: how.reason,
  });
  return true;
}

/**
 * After a calendar correction, cycles whose on-site day has not passed follow it: a cycle on its default
 * day takes the new default day; a moved one keeps its day; all their dependent dates are recomputed.
 */
export async function recomputeUpcomingCycles(
  trx: Db,
  input: { cal: WorkCalendar; actorId: number | null; now: Date; reason: string },
): Promise<number> {
  const today = localDateOf(input.now);
  const cycles = await trx
    .selectFrom("cycles")
    .selectAll()
    .where("onsite_date", ">=", today)
    .orderBy("month")
    .forUpdate()
    .execute();
  let changed = 0;
  for (const cycle of cycles) {
    const prevMonth = addMonths(cycle.month, -1);
    const previous = (await storedOnsite(trx, prevMonth))?.onsite_date ?? defaultOnsiteDate(input.cal, prevMonth);
    const onsite = cycle.onsite_moved ? cycle.onsite_date : defaultOnsiteDate(input.cal, cycle.month);
    const updated = await rewriteDates(trx, cycle, cycleDates(input.cal, onsite, previous), {
      action: "dates_followed",
      actorId: input.actorId,
      now: input.now,
      reason: input.reason,
      moved: cycle.onsite_moved,
    });
    if (updated) changed += 1;
  }
  return changed;
}

export async function assignPeople(
  db: Kysely<Database>,
  input: { cycleId: number; leaderId: number | null; secretaryGeneralId: number | null; actorId: number; now: Date },
): Promise<MoveResult> {
  return db.transaction().execute(async (trx) => {
    const cycle = await trx
      .selectFrom("cycles")
      .select(["id", "leader_id", "secretary_general_id"])
      .where("id", "=", input.cycleId)
      .forUpdate()
      .executeTakeFirst();
    if (!cycle) return { ok: false, error: "该期不存在" };
    for (const [id, kind] of [
      [input.leaderId, "leader"],
      [input.secretaryGeneralId, "secretary_general"],
    ] as const) {
      if (id === null) continue;
      const member = await trx
        .selectFrom("roster_members")
        .select("id")
        .where("id", "=", id)
        .where("kind", "=", kind)
        .executeTakeFirst();
      if (!member) return { ok: false, error: kind === "leader" ? "所选市领导不在名单中" : "所选秘书长不在名单中" };
    }
    if (cycle.leader_id === input.leaderId && cycle.secretary_general_id === input.secretaryGeneralId) {
      return { ok: false, error: "出席市领导和轮值秘书长均未改变" };
    }
    await trx
      .updateTable("cycles")
      .set({ leader_id: input.leaderId, secretary_general_id: input.secretaryGeneralId, updated_at: input.now })
      .where("id", "=", input.cycleId)
      .execute();
    await appendAudit(trx, {
      entity: "cycle",
      entityId: input.cycleId,
      action: "people_assigned",
      actorId: input.actorId,
      at: input.now,
      from: { leaderId: cycle.leader_id, secretaryGeneralId: cycle.secretary_general_id },
      to: { leaderId: input.leaderId, secretaryGeneralId: input.secretaryGeneralId },
    });
    return { ok: true };
  });
}
