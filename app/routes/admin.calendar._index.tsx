import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CalendarLegend, CycleCalendar } from "~/components/calendar/cycle-calendar";
import { ProvisionalNote } from "~/components/cycle-facts";
import { listCalendarYears } from "~/models/calendar.server";
import { calendarPageData } from "~/services/calendar-page.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { monthQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "工作日历 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const db = getDb();
  const page = await calendarPageData(db, monthQuery(new URL(request.url).searchParams) ?? null, now());
  const years = await listCalendarYears(db);
  const thisYear = Number(page.initialDate.slice(0, 4));
  // Offer the next year even before any data for it exists, so the office can enter it.
  const shown = [...new Set([...years.map((y) => y.year).filter((y) => y >= thisYear - 3), thisYear + 1])].sort();
  return { ...page, years: shown.map((y) => ({ year: y, confirmed: years.some((r) => r.year === y && r.confirmed) })) };
}

export default function AdminCalendar() {
  const { initialDate, today, provisionalYears, years } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>工作日历</h1>
      <ProvisionalNote years={provisionalYears} />
      <section className="card">
        <h2 style={{ marginTop: 0 }}>年度节假日安排</h2>
        <p className="hint">依据国务院办公厅每年发布的部分节假日安排通知维护;新的一年通知发布后请逐日核对并确认。</p>
        <ul className="legend" aria-label="年份">
          {years.map((y) => (
            <li key={y.year}>
              <Link to={`/admin/calendar/${y.year}`}>{y.year}年</Link>
              <span className={`badge ${y.confirmed ? "badge--ok" : "badge--warn"}`}>
                {y.confirmed ? "已确认" : "暂定"}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <CalendarLegend />
      <CycleCalendar initialDate={initialDate} today={today} cycleHref={(n) => `/admin/cycles/${n}`} />
    </>
  );
}
