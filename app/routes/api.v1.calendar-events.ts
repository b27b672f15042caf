import type { LoaderFunctionArgs } from "@remix-run/node";
import { addDays, isLocalDate, startOfDay } from "~/domain/calendar";
import { cycleEvents, dayEvents } from "~/domain/calendar-events";
import { calendarDaysBetween } from "~/models/calendar.server";
import { cyclesBetween } from "~/services/schedule.server";
import { getDb } from "~/utils/db.server";

/** GET /api/v1/calendar-events?start=YYYY-MM-DD&end=YYYY-MM-DD — the month views' event feed (public). */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const start = (params.get("start") ?? "").slice(0, 10);
  const end = (params.get("end") ?? "").slice(0, 10);
  if (!isLocalDate(start) || !isLocalDate(end) || end <= start || end > addDays(start, 400)) {
    return Response.json({ error: "start 与 end 应为日期(YYYY-MM-DD),且跨度不超过 400 天" }, { status: 400 });
  }
  const db = getDb();
  const [{ cycles }, days] = await Promise.all([
    // A cycle's window reaches back about a month before its on-site day; widen the query so a
    // window that began before the visible range still shows.
    cyclesBetween(db, startOfDay(addDays(start, -62)), startOfDay(addDays(end, 62))),
    calendarDaysBetween(db, start, end),
  ]);
  const events = [...dayEvents(days), ...cycleEvents(cycles)].filter(
    (e) => (e.end ?? addDays(e.start, 1)) > start && e.start < end,
  );
  return Response.json(events, { headers: { "Cache-Control": "no-store" } });
}
