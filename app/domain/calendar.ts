/**
 * The official working-day calendar (SPEC §3). Pure: the holiday data is passed in.
 *
 * Dates without a time are `LocalDate` strings ("2026-10-10") in Asia/Shanghai. Instants are `Date`s.
 * Shanghai has had a fixed +08:00 offset with no daylight saving since 1991, so a constant offset is exact.
 */

export type LocalDate = string;

export interface WorkCalendar {
  /** Official days off (放假), weekdays and weekends alike. */
  readonly holidays: ReadonlySet<LocalDate>;
  /** Official make-up working days (调休上班) that fall on a weekend. */
  readonly makeupWorkdays: ReadonlySet<LocalDate>;
  /** Years whose official arrangement is loaded and confirmed; any other year is provisional. */
  readonly confirmedYears: ReadonlySet<number>;
}

export const SHANGHAI_OFFSET = "+08:00";
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function makeWorkCalendar(data: {
  holidays: Iterable<LocalDate>;
  makeupWorkdays: Iterable<LocalDate>;
  confirmedYears: Iterable<number>;
}): WorkCalendar {
  return {
    holidays: new Set(data.holidays),
    makeupWorkdays: new Set(data.makeupWorkdays),
    confirmedYears: new Set(data.confirmedYears),
  };
}

export function isLocalDate(value: string): value is LocalDate {
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function toUtcMidnight(date: LocalDate): number {
  const m = LOCAL_DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3]);
}

function fromUtcMidnight(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMidnight(toUtcMidnight(date) + days * DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(date: LocalDate): number {
  const d = new Date(toUtcMidnight(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** The Shanghai calendar date an instant falls on. */
export function localDateOf(instant: Date): LocalDate {
  return fromUtcMidnight(Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS);
}

/** 00:00 of a day in Shanghai. */
export function startOfDay(date: LocalDate): Date {
  return new Date(toUtcMidnight(date) - OFFSET_MS);
}

/**
 * "24:00" of a day, as the last millisecond of it: an act at or before this instant is on time.
 * Keeping the deadline inside its own day means its date is the working day the rule names.
 */
export function endOfDay(date: LocalDate): Date {
  return new Date(toUtcMidnight(date) + DAY_MS - OFFSET_MS - 1);
}

export function isWorkingDay(cal: WorkCalendar, date: LocalDate): boolean {
  if (cal.makeupWorkdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  return weekday(date) <= 5;
}

export type DayKind = "workday" | "weekend" | "holiday" | "makeup";

export function dayKind(cal: WorkCalendar, date: LocalDate): DayKind {
  if (cal.makeupWorkdays.has(date)) return "makeup";
  if (cal.holidays.has(date)) return "holiday";
  return weekday(date) <= 5 ? "workday" : "weekend";
}

/**
 * The |n|th working day after (n > 0) or before (n < 0) `date`; the day itself never counts.
 * addWorkingDays(cal, d, 0) is d itself.
 */
export function addWorkingDays(cal: WorkCalendar, date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError("n must be an integer");
  const step = n >= 0 ? 1 : -1;
  let remaining = Math.abs(n);
  let day = date;
  // A year has at most ~15 consecutive days off; this bound only guards against corrupt data.
  let guard = remaining * 40 + 40;
  while (remaining > 0) {
    day = addDays(day, step);
    if (isWorkingDay(cal, day)) remaining -= 1;
    if (--guard < 0) throw new RangeError(`no working day found near ${date}`);
  }
  return day;
}

/** The first working day on or after `date`. */
export function nextWorkingDayFrom(cal: WorkCalendar, date: LocalDate): LocalDate {
  return isWorkingDay(cal, date) ? date : addWorkingDays(cal, date, 1);
}

/**
 * "Within N working days of an event" (SPEC §3): ends at 24:00 of the Nth working day after the event's
 * day; the event's own day does not count.
 */
export function workingDaysDeadline(cal: WorkCalendar, event: Date, n: number): Date {
  return endOfDay(addWorkingDays(cal, localDateOf(event), n));
}

/**
 * "N hours of working-day time" (SPEC §3): the clock runs only during working days (whole days,
 * 00:00–24:00) and stops outside them. Starting on a day off, the clock starts at the next working day.
 */
export function workingHoursDeadline(cal: WorkCalendar, start: Date, hours: number): Date {
  if (!(hours > 0)) throw new RangeError("hours must be positive");
  let remaining = hours * 60 * 60 * 1000;
  let day = localDateOf(start);
  let cursor = start.getTime();
  for (let guard = 0; guard < 10_000; guard++) {
    const dayStart = startOfDay(day).getTime();
    const dayEnd = dayStart + DAY_MS;
    if (isWorkingDay(cal, day)) {
      const from = Math.max(cursor, dayStart);
      const available = dayEnd - from;
      // A clock that runs out exactly at midnight ends at 24:00 of that working day.
      if (remaining <= available) return new Date(remaining === available ? dayEnd - 1 : from + remaining);
      remaining -= available;
    }
    day = addDays(day, 1);
    cursor = dayEnd;
  }
  throw new RangeError("working-hours deadline out of range");
}

/** Working-day time elapsed between two instants (for "late by how much"). */
export function workingMillisBetween(cal: WorkCalendar, from: Date, to: Date): number {
  if (to <= from) return -workingMillisBetween(cal, to, from);
  let total = 0;
  let day = localDateOf(from);
  const last = localDateOf(to);
  for (;;) {
    if (isWorkingDay(cal, day)) {
      const s = Math.max(startOfDay(day).getTime(), from.getTime());
      const e = Math.min(startOfDay(day).getTime() + DAY_MS, to.getTime());
      if (e > s) total += e - s;
    }
    if (day === last) return total;
    day = addDays(day, 1);
  }
}

export function isYearConfirmed(cal: WorkCalendar, year: number): boolean {
  return cal.confirmedYears.has(year);
}

/** The years among `dates` whose official arrangement is not confirmed (dates depending on them are provisional). */
export function provisionalYears(cal: WorkCalendar, dates: Iterable<LocalDate>): number[] {
  const years = new Set<number>();
  for (const d of dates) if (!cal.confirmedYears.has(yearOf(d))) years.add(yearOf(d));
  return [...years].sort();
}

/** ISO 8601 with the Shanghai offset, seconds precision: 2026-10-08T00:00:00+08:00. */
export function formatInstant(instant: Date): string {
  const shifted = new Date(instant.getTime() + OFFSET_MS).toISOString();
  return `${shifted.slice(0, 19)}${SHANGHAI_OFFSET}`;
}

/** Parse "2026-10-08T00:00:00+08:00" or a bare local date-time as Shanghai time. */
export function parseShanghaiDateTime(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (m && isLocalDate(m[1])) {
    return new Date(startOfDay(m[1]).getTime() + ((+m[2] * 60 + +m[3]) * 60 + +(m[4] ?? 0)) * 1000);
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const WEEKDAY_ZH = ["", "一", "二", "三", "四", "五", "六", "日"];

/** 2026年10月14日(星期三) */
export function formatDateZh(date: LocalDate): string {
  return `${formatDateZhPlain(date)}(星期${WEEKDAY_ZH[weekday(date)]})`;
}

/** 12月9日(星期三): within a month whose year is already said. */
export function formatMonthDayZh(date: LocalDate): string {
  const [, m, d] = date.split("-").map(Number);
  return `${m}月${d}日(星期${WEEKDAY_ZH[weekday(date)]})`;
}

/** "2026年12月2日", as a document is dated (no weekday). */
export function formatDateZhPlain(date: LocalDate): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** A deadline or opening for people: end-of-day instants read "24:00" of their own day. */
export function formatInstantZh(instant: Date): string {
  const local = formatInstant(instant);
  const date = local.slice(0, 10);
  const time = local.slice(11, 16);
  if (local.slice(11, 19) === "23:59:59") return `${formatDateZh(date)} 24:00`;
  return `${formatDateZh(date)} ${time}`;
}
