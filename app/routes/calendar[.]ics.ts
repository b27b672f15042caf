import type { LoaderFunctionArgs } from "@remix-run/node";
import { cyclesToIcal } from "~/domain/ical";
import { allStoredCycles } from "~/services/schedule.server";
import { getDb } from "~/utils/db.server";

/** GET /calendar.ics — every cycle; ?deadlines=1 adds the booking window and due dates as events. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const cycles = await allStoredCycles(getDb());
  const body = cyclesToIcal(
    cycles.map((c) => ({ ...c, updatedAt: c.updatedAt ?? new Date(0) })),
    { includeDeadlines: url.searchParams.get("deadlines") === "1", url: url.origin },
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="zhitongche.ics"',
      "Cache-Control": "public, max-age=300",
    },
  });
}
