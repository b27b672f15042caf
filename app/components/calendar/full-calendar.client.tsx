import type { EventClickArg, EventSourceFuncArg, EventInput } from "@fullcalendar/core";
import zhCnLocale from "@fullcalendar/core/locales/zh-cn";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin from "@fullcalendar/interaction";
import listPlugin from "@fullcalendar/list";
import FullCalendar from "@fullcalendar/react";
import { useRef } from "react";
import { listViewEvents, type CalendarEvent } from "~/domain/calendar-events";

/** Browser-only: FullCalendar adds its stylesheet to <head> when imported, which must happen after hydration. */
export default function MonthView(props: { initialDate: string; today: string; onCycleClick: (n: number) => void }) {
  // A month grid is too narrow to read on a phone: there the list of the month comes first.
  const initialView = window.matchMedia("(max-width: 640px)").matches ? "listMonth" : "dayGridMonth";
  const viewType = useRef(initialView);

  function onClick(arg: EventClickArg) {
    const n = arg.event.extendedProps.cycleNumber as number | undefined;
    if (n) props.onCycleClick(n);
  }

  async function fetchEvents(info: EventSourceFuncArg): Promise<EventInput[]> {
    const res = await fetch(
      `/api/v1/calendar-events?start=${info.startStr.slice(0, 10)}&end=${info.endStr.slice(0, 10)}`,
    );
    if (!res.ok) throw new Error(`calendar events: ${res.status}`);
    const events = (await res.json()) as CalendarEvent[];
    return viewType.current.startsWith("list") ? listViewEvents(events) : events;
  }

  return (
    <FullCalendar
      now={props.today}
      plugins={[dayGridPlugin, listPlugin, interactionPlugin]}
      initialView={initialView}
      initialDate={props.initialDate}
      locale={zhCnLocale}
      firstDay={1}
      height="auto"
      headerToolbar={{ left: "prev,next today", center: "title", right: "dayGridMonth,listMonth" }}
      buttonText={{ dayGridMonth: "月历", listMonth: "列表" }}
      noEventsContent="本月没有安排"
      events={fetchEvents}
      datesSet={(arg) => {
        if (arg.view.type !== viewType.current) {
          viewType.current = arg.view.type;
          arg.view.calendar.refetchEvents();
        }
      }}
      eventClick={onClick}
      dayMaxEvents={4}
      eventDisplay="block"
    />
  );
}
