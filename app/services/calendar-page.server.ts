import { localDateOf } from "~/domain/calendar";
import { isYearMonth } from "~/domain/cycle-schedule";
import type { Db } from "~/models/audit.server";
import { listCalendarYears } from "~/models/calendar.server";

/** Where a month view opens, and which nearby years are provisional. */
export async function calendarPageData(db: Db, month: string | null, now: Date) {
  const initialMonth = month && isYearMonth(month) ? month : localDateOf(now).slice(0, 7);
  const year = Number(initialMonth.slice(0, 4));
  const confirmed = new Set((await listCalendarYears(db)).filter((y) => y.confirmed).map((y) => y.year));
  const provisionalYears = [year - 1, year, year + 1].filter((y) => !confirmed.has(y));
  return { initialDate: `${initialMonth}-01`, today: localDateOf(now), provisionalYears };
}
