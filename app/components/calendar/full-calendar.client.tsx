import type { EventClickArg } from "@fullcalendar/core";
import zhCnLocale from "@fullcalendar/core/locales/zh-cn";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin from "@fullcalendar/interaction";
import FullCalendar from "@fullcalendar/react";

/** Browser-only: FullCalendar adds its stylesheet to <head> when imported, which must happen after hydration. */
export default function MonthView(props: { initialDate: string; today: string; onCycleClick: (n: number) => void }) {
  function onClick(arg: EventClickArg) {
    const n = arg.event.extendedProps.cycleNumber as number | undefined;
    if (n) props.onCycleClick(n);
  }
  return (
    <FullCalendar
      now={props.today}
      plugins={[dayGridPlugin, interactionPlugin]}
      initialView="dayGridMonth"
      initialDate={props.initialDate}
      locale={zhCnLocale}
      firstDay={1}
      height="auto"
      headerToolbar={{ left: "prev,next today", center: "title", right: "" }}
      events="/api/v1/calendar-events"
      eventClick={onClick}
      dayMaxEvents={4}
      eventDisplay="block"
    />
  );
}
