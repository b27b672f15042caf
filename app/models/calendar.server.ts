import { makeWorkCalendar, type WorkCalendar } from "~/domain/calendar";
import type { Db } from "./audit.server";
import { cachedByVersion } from "./cache-version.server";

/** The working calendar, from this process's copy while nobody changed it (cache-version.server.ts). */
export function loadWorkCalendar(db: Db): Promise<WorkCalendar> {
  return cachedByVersion(db, "calendar", "", async () => {
    const [days, years] = await Promise.all([
      db.selectFrom("calendar_days").select(["date", "kind"]).execute(),
      db.selectFrom("calendar_years").select("year").where("confirmed", "=", true).execute(),
    ]);
    return makeWorkCalendar({
      holidays: days.filter((d) => d.kind === "holiday").map((d) => d.date),
      makeupWorkdays: days.filter((d) => d.kind === "makeup").map((d) => d.date),
      confirmedYears: years.map((y) => y.year),
    });
  });
}

export async function calendarDaysBetween(db: Db, from: string, to: string) {
  return db
    .selectFrom("calendar_days")
    .leftJoin("users", "users.id", "calendar_days.updated_by")
    .select([
      "calendar_days.date",
      "calendar_days.kind",
      "calendar_days.name",
      "calendar_days.source",
      "calendar_days.updated_at as updatedAt",
      "users.display_name as updatedByName",
    ])
    .where("calendar_days.date", ">=", from)
    .where("calendar_days.date", "<=", to)
    .orderBy("calendar_days.date")
    .execute();
}

export async function getCalendarYear(db: Db, year: number) {
  return db
    .selectFrom("calendar_years")
    .leftJoin("users", "users.id", "calendar_years.confirmed_by")
    .select([
      "calendar_years.year",
      "calendar_years.confirmed",
      "calendar_years.source",
      "calendar_years.confirmed_at as confirmedAt",
      "users.display_name as confirmedByName",
    ])
    .where("calendar_years.year", "=", year)
    .executeTakeFirst();
}

export async function listCalendarYears(db: Db) {
  return db.selectFrom("calendar_years").select(["year", "confirmed"]).orderBy("year").execute();
}
