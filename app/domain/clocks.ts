/**
 * The clocks of an appeal's handling (SPEC §3, §4 steps 4–5), pure. A clock is stored data: started, due,
 * when to remind, finished, on time or late by how much. Nothing here reads the time: the caller passes it.
 */
import {
  addDays,
  endOfDay,
  isWorkingDay,
  localDateOf,
  startOfDay,
  workingDaysDeadline,
  workingHoursDeadline,
  type LocalDate,
  type WorkCalendar,
} from "./calendar";

const DAY_MS = 24 * 60 * 60 * 1000;

/** done: the step was taken; disputed: answered by a dispute; stopped: the assignment ended first. */
export type ClockFinish = "done" | "disputed" | "stopped";
export type ClockKind = "accept" | "reply" | "opinion" | "county_reply";
export { CLOCK_LABEL, CLOCK_STATE_LABEL } from "./labels";

const HOUR_MS = 60 * 60 * 1000;

/**
 * The limit of each clock: accepting or disputing, 24 hours of working-day time from the assignment; the
 * lead's reply, 10 working days from acceptance. Two limits SPEC leaves open are set the same way: a
 * co-department's opinion, 10 working days from its acceptance; a county's reply, 10 working days from
 * the assignment (the county has no accept step).
 */
export function clockDueAt(cal: WorkCalendar, kind: ClockKind, startedAt: Date): Date {
  return kind === "accept" ? workingHoursDeadline(cal, startedAt, 24) : workingDaysDeadline(cal, startedAt, 10);
}

/** How long before the limit a reminder goes out, in working-day time: 4 hours to accept, 2 days otherwise. */
export function reminderLead(kind: ClockKind): number {
  return kind === "accept" ? 4 * HOUR_MS : 2 * DAY_MS;
}

/**
 * The instant from which only `ms` of working-day time is left until `due`, counting back over working days
 * only: 4 working hours before a Monday 02:00 limit is the Friday before at 22:00.
 */
export function workingTimeBefore(cal: WorkCalendar, due: Date, ms: number): Date {
  let remaining = ms;
  // A limit at 23:59:59.999 is the end of that day: count from its 24:00.
  let cursor = due.getTime() % 1000 === 999 ? due.getTime() + 1 : due.getTime();
  let day = localDateOf(new Date(cursor - 1));
  for (let guard = 0; guard < 10_000; guard++) {
    const dayStart = startOfDay(day).getTime();
    if (isWorkingDay(cal, day)) {
      const available = cursor - dayStart;
      if (remaining <= available) return new Date(cursor - remaining);
      remaining -= available;
    }
    cursor = dayStart;
    day = addDays(day, -1);
  }
  throw new RangeError("reminder time out of range");
}

/** When to remind: the reminder lead before the limit, never before the clock started. */
export function reminderAt(cal: WorkCalendar, kind: ClockKind, startedAt: Date, due: Date): Date {
  const at = workingTimeBefore(cal, due, reminderLead(kind));
  return at < startedAt ? startedAt : at;
}

export interface ClockTimes {
  dueAt: Date;
  remindAt: Date;
  finishedAt: Date | null;
}

export type ClockState = "ok" | "due_soon" | "late" | "done_on_time" | "done_late";

/** From the stored times and the clock of the caller: due soon from the reminder time on, late past the limit. */
export function clockState(c: ClockTimes, now: Date): ClockState {
  if (c.finishedAt) return c.finishedAt > c.dueAt ? "done_late" : "done_on_time";
  if (now > c.dueAt) return "late";
  return now >= c.remindAt ? "due_soon" : "ok";
}

/** Frozen when a clock finishes: on time, or late by so many milliseconds (natural time). */
export function finishOutcome(dueAt: Date, finishedAt: Date): { onTime: boolean; lateMs: number } {
  const late = finishedAt.getTime() - dueAt.getTime();
  return late > 0 ? { onTime: false, lateMs: late } : { onTime: true, lateMs: 0 };
}

/** "2天3小时", "45分钟": how late, for people. */
export function formatDurationZh(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`;
  if (hours > 0) return mins > 0 ? `${hours}小时${mins}分钟` : `${hours}小时`;
  return `${mins}分钟`;
}

/** An extension's new limit: 24:00 of the chosen working day, which must be later than the current limit. */
export function extendedDueAt(
  cal: WorkCalendar,
  currentDue: Date,
  newDueDate: LocalDate,
): { ok: true; dueAt: Date } | { ok: false; error: string } {
  if (!isWorkingDay(cal, newDueDate)) return { ok: false, error: "新的办理期限须为工作日" };
  const dueAt = endOfDay(newDueDate);
  if (dueAt <= currentDue) return { ok: false, error: "新的办理期限须晚于原期限" };
  return { ok: true, dueAt };
}
