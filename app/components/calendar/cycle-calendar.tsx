import type { EventClickArg } from "@fullcalendar/core";
import zhCnLocale from "@fullcalendar/core/locales/zh-cn";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin from "@fullcalendar/interaction";
import FullCalendar from "@fullcalendar/react";
import { useNavigate } from "@remix-run/react";
import { useEffect, useState } from "react";
import { EVENT_STYLE, type EventKind } from "~/domain/calendar-events";

/** A zh-CN month view of the cycles, fed by /api/v1/calendar-events; clicking a cycle opens it. */
export function CycleCalendar({
  initialDate,
  today,
  cycleHref,
}: {
  initialDate: string;
  /** The app clock's date, so "today" matches the server and not the visitor's device. */
  today: string;
  cycleHref: (n: number) => string;
}) {
  const navigate = useNavigate();
  // FullCalendar measures the page; render it only in the browser so server and client HTML agree.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  function onClick(arg: EventClickArg) {
    const n = arg.event.extendedProps.cycleNumber as number | undefined;
    if (n) navigate(cycleHref(n));
  }
  if (!hydrated) {
    return (
      <div className="calendar-box" aria-busy="true">
        <p className="muted">正在加载日历…</p>
      </div>
    );
  }
  return (
    <div className="calendar-box">
      <FullCalendar
        now={today}
        plugins={[dayGridPlugin, interactionPlugin]}
        initialView="dayGridMonth"
        initialDate={initialDate}
        locale={zhCnLocale}
        firstDay={1}
        height="auto"
        headerToolbar={{ left: "prev,next today", center: "title", right: "" }}
        events="/api/v1/calendar-events"
        eventClick={onClick}
        dayMaxEvents={4}
        eventDisplay="block"
      />
    </div>
  );
}

export function CalendarLegend() {
  return (
    <ul className="legend" aria-label="图例">
      {(Object.keys(EVENT_STYLE) as EventKind[]).map((k) => (
        <li key={k}>
          <span className="legend__swatch" style={{ background: EVENT_STYLE[k].color }} aria-hidden="true" />
          {EVENT_STYLE[k].label}
        </li>
      ))}
    </ul>
  );
}
