/** The published shape of a cycle schedule (GET /api/v1/cycles and `npm run schedule -- YEAR --json`). */
import { formatInstant } from "./calendar";
import type { CycleDates } from "./cycle-schedule";

export interface PersonJson {
  name: string;
  title: string;
}

export interface CycleJson {
  number: number;
  month: string;
  onsiteDate: string;
  bookingOpensAt: string;
  bookingClosesAt: string;
  catalogDueAt: string;
  agendaDueAt: string;
  commitmentsDueAt: string;
  leader: PersonJson | null;
  secretaryGeneral: PersonJson | null;
  /** True when a date of this cycle depends on a year without a confirmed official arrangement. */
  provisional: boolean;
}

export interface ScheduleJson {
  year: number;
  calendarConfirmed: boolean;
  cycles: CycleJson[];
}

export interface CycleInput extends CycleDates {
  number: number;
  month: string;
  leader?: PersonJson | null;
  secretaryGeneral?: PersonJson | null;
  provisionalYears: number[];
}

export function cycleJson(c: CycleInput): CycleJson {
  return {
    number: c.number,
    month: c.month,
    onsiteDate: c.onsiteDate,
    bookingOpensAt: formatInstant(c.bookingOpensAt),
    bookingClosesAt: formatInstant(c.bookingClosesAt),
    catalogDueAt: formatInstant(c.catalogDueAt),
    agendaDueAt: formatInstant(c.agendaDueAt),
    commitmentsDueAt: formatInstant(c.commitmentsDueAt),
    leader: c.leader ?? null,
    secretaryGeneral: c.secretaryGeneral ?? null,
    provisional: c.provisionalYears.length > 0,
  };
}

export function scheduleJson(year: number, cycles: CycleInput[], yearConfirmed: boolean): ScheduleJson {
  return {
    year,
    calendarConfirmed: yearConfirmed && cycles.every((c) => c.provisionalYears.length === 0),
    cycles: cycles.map(cycleJson),
  };
}
