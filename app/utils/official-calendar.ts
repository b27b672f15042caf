/**
 * The official holiday arrangements shipped with the project (from the chinese-days package, which
 * follows the State Council's yearly notices). Used to seed the database and by the schedule CLI,
 * which must work without a database.
 */
import { createRequire } from "node:module";
import { makeWorkCalendar, type LocalDate, type WorkCalendar } from "~/domain/calendar";

export interface OfficialDay {
  date: LocalDate;
  kind: "holiday" | "makeup";
  /** 元旦, 春节 … */
  name: string;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);
const data = require("chinese-days/dist/chinese-days.json") as ChineseDaysData;

function nameOf(value: string): string {
  // "National Day,国庆节,3": English name, Chinese name, festival id
  return value.split(",")[1] ?? value;
}

export const OFFICIAL_SOURCE = "国务院办公厅关于部分节假日安排的通知(chinese-days 数据包)";

export function officialDays(): OfficialDay[] {
  const days: OfficialDay[] = [
    ...Object.entries(data.holidays).map(([date, v]) => ({ date, kind: "holiday" as const, name: nameOf(v) })),
    ...Object.entries(data.workdays).map(([date, v]) => ({ date, kind: "makeup" as const, name: nameOf(v) })),
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/** Years the shipped data covers: every year with at least one holiday entry. */
export function officialYears(): number[] {
  return [...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))].sort();
}

export function officialWorkCalendar(): WorkCalendar {
  const days = officialDays();
  return makeWorkCalendar({
    holidays: days.filter((d) => d.kind === "holiday").map((d) => d.date),
    makeupWorkdays: days.filter((d) => d.kind === "makeup").map((d) => d.date),
    confirmedYears: officialYears(),
  });
}
