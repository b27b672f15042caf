import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CalendarLegend, CycleCalendar } from "~/components/calendar/cycle-calendar";
import { MonthList } from "~/components/calendar/month-list";
import { ProvisionalNote } from "~/components/cycle-facts";
import { publicCalendarPage } from "~/services/calendar-page.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { monthQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "活动日历 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return publicCalendarPage(getDb(), monthQuery(new URL(request.url).searchParams) ?? null, now());
}

export default function PublicCalendar() {
  const { initialDate, today, provisionalYears, month, previousMonth, nextMonth, monthList } =
    useLoaderData<typeof loader>();
  return (
    <>
      <h1>“直通车”活动日历</h1>
      <p className="muted">
        每期现场活动日、企业预约开放与关闭时间、各项截止日期,以及国家法定节假日和调休上班日。点击期次查看详情与预约公告。
        <a href="/calendar.ics">订阅日历(iCalendar)</a>
      </p>
      <ProvisionalNote years={provisionalYears} />
      <CalendarLegend />
      <CycleCalendar initialDate={initialDate} today={today} cycleHref={(n) => `/cycles/${n}`} listBelow />
      <MonthList month={month} previousMonth={previousMonth} nextMonth={nextMonth} entries={monthList} />
    </>
  );
}
