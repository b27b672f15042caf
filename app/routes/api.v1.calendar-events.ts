import type { LoaderFunctionArgs } from "@remix-run/node";
import { addDays, isLocalDate } from "~/domain/calendar";
import { calendarEventsBetween } from "~/services/calendar-page.server";
import { getDb } from "~/utils/db.server";

/** GET /api/v1/calendar-events?start=YYYY-MM-DD&end=YYYY-MM-DD — the month views' event feed (public). */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const start = (params.get("start") ?? "").slice(0, 10);
  const end = (params.get("end") ?? "").slice(0, 10);
  if (!isLocalDate(start) || !isLocalDate(end) || end <= start || end > addDays(start, 400)) {
    return Response.json({ error: "start 与 end 应为日期(YYYY-MM-DD),且跨度不超过 400 天" }, { status: 400 });
  }
  const events = await calendarEventsBetween(getDb(), start, end);
  return Response.json(events, { headers: { "Cache-Control": "no-store" } });
}
