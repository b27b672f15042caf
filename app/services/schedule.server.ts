/** Read side of the schedule: stored cycles with their people and the provisional flag. */
import { localDateOf, provisionalYears, type WorkCalendar } from "~/domain/calendar";
import { planYear, type YearMonth } from "~/domain/cycle-schedule";
import type { CycleInput } from "~/domain/schedule-json";
import type { Db } from "~/models/audit.server";
import { loadWorkCalendar } from "~/models/calendar.server";
import {
  cycleTakingAppealsAt,
  getCycleByNumber,
  listAllCycles,
  listCyclesBetween,
  listCyclesOfYear,
} from "~/models/cycle.server";

type StoredCycle = Awaited<ReturnType<typeof listCyclesOfYear>>[number];

export interface ScheduledCycle extends CycleInput {
  id: number | null;
  onsiteMoved: boolean;
  updatedAt: Date | null;
}

export function toScheduledCycle(cal: WorkCalendar, c: StoredCycle): ScheduledCycle {
  return {
    id: c.id,
    number: c.number,
    month: c.month,
    onsiteDate: c.onsiteDate,
    onsiteMoved: c.onsiteMoved,
    updatedAt: c.updatedAt,
    bookingOpensAt: c.bookingOpensAt,
    bookingClosesAt: c.bookingClosesAt,
    catalogDueAt: c.catalogDueAt,
    agendaDueAt: c.agendaDueAt,
    commitmentsDueAt: c.commitmentsDueAt,
    leader: c.leaderName ? { name: c.leaderName, title: c.leaderTitle ?? "" } : null,
    secretaryGeneral: c.secretaryGeneralName
      ? { name: c.secretaryGeneralName, title: c.secretaryGeneralTitle ?? "" }
      : null,
    provisionalYears: provisionalYears(cal, [
      localDateOf(c.bookingOpensAt),
      c.onsiteDate,
      localDateOf(c.commitmentsDueAt),
    ]),
  };
}

/**
 * The cycles of a year: the stored ones, or, for a year not generated yet, the default plan computed
 * from the calendar (no people assigned).
 */
export async function scheduleOfYear(db: Db, year: number, firstCycleMonth: YearMonth) {
  const cal = await loadWorkCalendar(db);
  const stored = await listCyclesOfYear(db, year);
  const generated = stored.length > 0;
  const cycles: ScheduledCycle[] = generated
    ? stored.map((c) => toScheduledCycle(cal, c))
    : planYear(cal, firstCycleMonth, year)
        .filter((p) => p.number >= 1)
        .map((p) => ({ ...p, id: null, onsiteMoved: false, updatedAt: null, leader: null, secretaryGeneral: null }));
  return { cal, generated, cycles, yearConfirmed: cal.confirmedYears.has(year) };
}

export async function cyclesBetween(db: Db, from: Date, to: Date) {
  const cal = await loadWorkCalendar(db);
  const rows = await listCyclesBetween(db, from, to);
  return { cal, cycles: rows.map((c) => toScheduledCycle(cal, c)) };
}

export async function allStoredCycles(db: Db) {
  const cal = await loadWorkCalendar(db);
  return (await listAllCycles(db)).map((c) => toScheduledCycle(cal, c));
}

export async function scheduledCycle(db: Db, number: number): Promise<ScheduledCycle | null> {
  const [cal, row] = await Promise.all([loadWorkCalendar(db), getCycleByNumber(db, number)]);
  return row ? toScheduledCycle(cal, row) : null;
}

/** The cycle an appeal received now would join (its window is open, or it is the next to open). */
export async function cycleTakingAppeals(db: Db, now: Date): Promise<ScheduledCycle | null> {
  const [cal, row] = await Promise.all([loadWorkCalendar(db), cycleTakingAppealsAt(db, now)]);
  return row ? toScheduledCycle(cal, row) : null;
}
