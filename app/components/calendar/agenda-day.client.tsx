import zhCnLocale from "@fullcalendar/core/locales/zh-cn";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { EVENT_STYLE } from "~/domain/calendar-events";
import type { AgendaDaySlot } from "./agenda-day";

/** Browser-only: the on-site day as a time grid, one block per issue in its slot. */
export default function AgendaDayGrid({ date, slots }: { date: string; slots: AgendaDaySlot[] }) {
  // Show the working day, widened on the hour to any slot outside it, so the hour labels fall on the hour.
  const firstHour = Math.min(8, ...slots.map((s) => Number(s.start.slice(0, 2))));
  const lastHour = Math.max(
    18,
    ...slots.map((s) => Math.ceil(Number(s.end.slice(0, 2)) + Number(s.end.slice(3)) / 60)),
  );
  const hour = (h: number) => `${String(Math.min(h, 24)).padStart(2, "0")}:00:00`;
  return (
    <FullCalendar
      plugins={[timeGridPlugin]}
      initialView="timeGridDay"
      initialDate={date}
      locale={zhCnLocale}
      headerToolbar={false}
      allDaySlot={false}
      slotMinTime={hour(firstHour)}
      slotMaxTime={hour(lastHour)}
      slotDuration="00:15:00"
      slotLabelInterval="01:00"
      expandRows
      height="auto"
      nowIndicator={false}
      eventTimeFormat={{ hour: "2-digit", minute: "2-digit", hour12: false }}
      slotLabelFormat={{ hour: "2-digit", minute: "2-digit", hour12: false }}
      events={slots.map((s) => ({
        id: String(s.number),
        title: `第${s.number}号 ${s.title}`,
        // No offset: the slot is Shanghai time and is shown as written, whatever the reader's device says.
        start: `${date}T${s.start}:00`,
        end: `${date}T${s.end}:00`,
        backgroundColor: EVENT_STYLE.onsite.color,
        borderColor: EVENT_STYLE.onsite.color,
        textColor: EVENT_STYLE.onsite.text,
        extendedProps: { enterprise: s.enterpriseName },
      }))}
      eventContent={(arg) => (
        <div className="agenda-day__event">
          <strong>{arg.timeText}</strong> {arg.event.title}
          <div>{arg.event.extendedProps.enterprise as string}</div>
        </div>
      )}
    />
  );
}
