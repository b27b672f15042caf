import type { LoaderFunctionArgs } from "@remix-run/node";
import { scheduleJson } from "~/domain/schedule-json";
import { scheduleOfYear } from "~/services/schedule.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { now } from "~/utils/clock.server";
import { plainInt, YEAR_RANGE } from "~/utils/params";

/** GET /api/v1/cycles?year=YYYY — public, no sign-in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get("year");
  const year = raw === null || raw === "" ? Number(now().toISOString().slice(0, 4)) : plainInt(raw, YEAR_RANGE);
  if (year === null) {
    return Response.json({ error: "year 参数应为四位年份,例如 ?year=2026" }, { status: 400 });
  }
  const { cycles, yearConfirmed } = await scheduleOfYear(getDb(), year, env().FIRST_CYCLE_MONTH);
  return Response.json(scheduleJson(year, cycles, yearConfirmed), {
    headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" },
  });
}
