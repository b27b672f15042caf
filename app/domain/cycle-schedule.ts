/**
 * The monthly cycle (期) schedule of SPEC §3. Pure: every function takes the working-day calendar.
 */
import {
  addDays,
  addWorkingDays,
  endOfDay,
  isWorkingDay,
  localDateOf,
  provisionalYears,
  startOfDay,
  weekday,
  type LocalDate,
  type WorkCalendar,
} from "./calendar";

/** "2026-10" */
export type YearMonth = string;

export interface CycleDates {
  onsiteDate: LocalDate;
  /** 00:00 of the 2nd working day after the previous cycle's on-site day. */
  bookingOpensAt: Date;
  /** 00:00 of the 5th working day before the on-site day (exclusive: from this instant the window is shut). */
  bookingClosesAt: Date;
  /** End of the 5th working day before the on-site day. */
  catalogDueAt: Date;
  /** End of the 1st working day before the on-site day. */
  agendaDueAt: Date;
  /** End of the 3rd working day after the on-site day. */
  commitmentsDueAt: Date;
}

export interface CyclePlan extends CycleDates {
  number: number;
  month: YearMonth;
  /** Years this cycle's dates depend on that have no confirmed official arrangement. */
  provisionalYears: number[];
}

const YEAR_MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isYearMonth(value: string): value is YearMonth {
  return YEAR_MONTH_RE.test(value);
}

export function yearMonth(year: number, month: number): YearMonth {
  return `${year}-${String(month).padStart(2, "0")}`;
}

export function addMonths(month: YearMonth, n: number): YearMonth {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + n;
  return yearMonth(Math.floor(index / 12), (index % 12) + 1);
}

/** The instants a month spans in Asia/Shanghai: from 00:00 of its 1st day to 00:00 of the next month's. */
export function monthBounds(month: YearMonth): [Date, Date] {
  return [startOfDay(`${month}-01`), startOfDay(`${addMonths(month, 1)}-01`)];
}

/** Months from `from` to `to` (0 when equal). */
export function monthsBetween(from: YearMonth, to: YearMonth): number {
  const [fy, fm] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  return ty * 12 + tm - (fy * 12 + fm);
}

/** 第N期: one sequence since the platform's first cycle month. */
export function cycleNumber(firstCycleMonth: YearMonth, month: YearMonth): number {
  return monthsBetween(firstCycleMonth, month) + 1;
}

export function secondWednesday(month: YearMonth): LocalDate {
  const first = `${month}-01`;
  const offset = (3 - weekday(first) + 7) % 7; // days to the first Wednesday
  return addDays(first, offset + 7);
}

/**
 * Default on-site day: the second Wednesday of the month; if that is not a working day, the nearest
 * working day before it in the same week (Tuesday, then Monday), else the next working day after it.
 */
export function defaultOnsiteDate(cal: WorkCalendar, month: YearMonth): LocalDate {
  const wednesday = secondWednesday(month);
  if (isWorkingDay(cal, wednesday)) return wednesday;
  for (const back of [1, 2]) {
    const day = addDays(wednesday, -back);
    if (isWorkingDay(cal, day)) return day;
  }
  return addWorkingDays(cal, wednesday, 1);
}

/** Every date of a cycle that follows from its on-site day and the previous cycle's. */
export function cycleDates(cal: WorkCalendar, onsiteDate: LocalDate, previousOnsiteDate: LocalDate): CycleDates {
  return {
    onsiteDate,
    bookingOpensAt: startOfDay(addWorkingDays(cal, previousOnsiteDate, 2)),
    bookingClosesAt: startOfDay(addWorkingDays(cal, onsiteDate, -5)),
    catalogDueAt: endOfDay(addWorkingDays(cal, onsiteDate, -5)),
    agendaDueAt: endOfDay(addWorkingDays(cal, onsiteDate, -1)),
    commitmentsDueAt: endOfDay(addWorkingDays(cal, onsiteDate, 3)),
  };
}

/** The local dates a cycle's schedule was computed over (for the provisional flag). */
function datesSpanned(dates: CycleDates, previousOnsiteDate: LocalDate): LocalDate[] {
  return [previousOnsiteDate, dates.onsiteDate, localDateOf(dates.bookingOpensAt), localDateOf(dates.commitmentsDueAt)];
}

export function planCycle(
  cal: WorkCalendar,
  firstCycleMonth: YearMonth,
  month: YearMonth,
  onsiteDate: LocalDate = defaultOnsiteDate(cal, month),
  previousOnsiteDate: LocalDate = defaultOnsiteDate(cal, addMonths(month, -1)),
): CyclePlan {
  const dates = cycleDates(cal, onsiteDate, previousOnsiteDate);
  return {
    number: cycleNumber(firstCycleMonth, month),
    month,
    ...dates,
    provisionalYears: provisionalYears(cal, datesSpanned(dates, previousOnsiteDate)),
  };
}

/** The default plan of a year: one cycle per month, on default on-site days. */
export function planYear(cal: WorkCalendar, firstCycleMonth: YearMonth, year: number): CyclePlan[] {
  return Array.from({ length: 12 }, (_, i) => planCycle(cal, firstCycleMonth, yearMonth(year, i + 1)));
}

export type OnsiteMoveProblem = "not_working_day" | "outside_month" | "window_inverted" | "next_window_inverted";

/**
 * Whether a cycle's on-site day may be moved to `onsiteDate`: it must be a working day in the cycle's
 * own month, and both this cycle's and the next cycle's booking windows must still open before they close.
 */
export function checkOnsiteMove(
  cal: WorkCalendar,
  month: YearMonth,
  onsiteDate: LocalDate,
  previousOnsiteDate: LocalDate,
  nextOnsiteDate: LocalDate | null,
): OnsiteMoveProblem | null {
  if (!onsiteDate.startsWith(month)) return "outside_month";
  if (!isWorkingDay(cal, onsiteDate)) return "not_working_day";
  const own = cycleDates(cal, onsiteDate, previousOnsiteDate);
  if (own.bookingOpensAt >= own.bookingClosesAt) return "window_inverted";
  if (nextOnsiteDate) {
    const next = cycleDates(cal, nextOnsiteDate, onsiteDate);
    if (next.bookingOpensAt >= next.bookingClosesAt) return "next_window_inverted";
  }
  return null;
}

export const ONSITE_MOVE_PROBLEM_ZH: Record<OnsiteMoveProblem, string> = {
  not_working_day: "现场活动日必须是工作日",
  outside_month: "现场活动日必须在本期所在月份内",
  window_inverted: "调整后本期预约窗口的开放时间不早于关闭时间,请选择更晚的日期",
  next_window_inverted: "调整后下一期预约窗口的开放时间不早于关闭时间,请选择更早的日期",
};

/** Which cycle an instant belongs to for booking: the first whose window closes after it. */
export function cycleForInstant<T extends { bookingClosesAt: Date }>(cycles: readonly T[], instant: Date): T | null {
  const sorted = [...cycles].sort((a, b) => a.bookingClosesAt.getTime() - b.bookingClosesAt.getTime());
  return sorted.find((c) => instant < c.bookingClosesAt) ?? null;
}

export type WindowState = "not_yet_open" | "open" | "closed";

export function bookingWindowState(
  cycle: Pick<CycleDates, "bookingOpensAt" | "bookingClosesAt">,
  now: Date,
): WindowState {
  if (now < cycle.bookingOpensAt) return "not_yet_open";
  if (now < cycle.bookingClosesAt) return "open";
  return "closed";
}

/**
 * Rotation: the k-th cycle gets roster[(start + k) mod n]. Numbers are the global cycle sequence, so the
 * rotation continues across years without gaps.
 */
export function rotate<T>(roster: readonly T[], cycleNumber: number): T | null {
  if (roster.length === 0) return null;
  const i = (((cycleNumber - 1) % roster.length) + roster.length) % roster.length;
  return roster[i];
}
