import { addDays, localDateOf, startOfDay, type LocalDate } from "~/domain/calendar";
import { cycleEvents, dayEvents, listViewEvents, type CalendarEvent, type EventKind } from "~/domain/calendar-events";
import { addMonths, isYearMonth } from "~/domain/cycle-schedule";
import type { Db } from "~/models/audit.server";
import { calendarDaysBetween, listCalendarYears } from "~/models/calendar.server";
import { cyclesBetween } from "~/services/schedule.server";

/** The month views' events from `start` to `end` (exclusive): cycles, their windows and due dates, days off. */
export async function calendarEventsBetween(db: Db, start: LocalDate, end: LocalDate): Promise<CalendarEvent[]> {
  const [{ cycles }, days] = await Promise.all([
    // A cycle's window reaches back about a month before its on-site day; widen the query so a
    // window that began before the visible range still shows.
    cyclesBetween(db, startOfDay(addDays(start, -62)), startOfDay(addDays(end, 62))),
    calendarDaysBetween(db, start, end),
  ]);
  return [...dayEvents(days), ...cycleEvents(cycles)].filter(
    (e) => (e.end ?? addDays(e.start, 1)) > start && e.start < end,
  );
}

/** One line of the month's list, served in the page's HTML (no JavaScript needed to read it). */
export interface MonthListEntry {
  date: LocalDate;
  title: string;
  kind: EventKind;
  cycleNumber: number | null;
}

const KIND_ORDER: EventKind[] = ["holiday", "makeup", "open", "onsite", "due", "closed"];

/** Where a month view opens, and which nearby years are provisional. */
export async function calendarPageData(db: Db, month: string | null, now: Date) {
  const initialMonth = month && isYearMonth(month) ? month : localDateOf(now).slice(0, 7);
  const year = Number(initialMonth.slice(0, 4));
  const confirmed = new Set((await listCalendarYears(db)).filter((y) => y.confirmed).map((y) => y.year));
  const provisionalYears = [year - 1, year, year + 1].filter((y) => !confirmed.has(y));
  return { initialDate: `${initialMonth}-01`, today: localDateOf(now), provisionalYears };
}

/**
 * The public calendar's page: the month view's opening, and that month's dates as a list (a window becomes
 * its first and last day), with the months before and after for plain links.
 */
export async function publicCalendarPage(db: Db, month: string | null, now: Date) {
  const page = await calendarPageData(db, month, now);
  const shown = page.initialDate.slice(0, 7);
  const start = page.initialDate;
  const end = `${addMonths(shown, 1)}-01`;
  const monthList: MonthListEntry[] = listViewEvents(await calendarEventsBetween(db, start, end))
    .filter((e) => e.start >= start && e.start < end)
    .map((e) => ({
      date: e.start,
      title: e.title,
      kind: e.extendedProps.kind,
      cycleNumber: e.extendedProps.cycleNumber ?? null,
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return { ...page, month: shown, previousMonth: addMonths(shown, -1), nextMonth: end.slice(0, 7), monthList };
}
