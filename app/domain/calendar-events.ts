/**
 * What the month views show: cycles, windows, closures, due dates, holidays and make-up days, each kind
 * with its own colour. Pure: plain event objects FullCalendar reads as they are.
 */
import { addDays, formatInstant, localDateOf, type LocalDate } from "./calendar";
import type { CycleInput } from "./schedule-json";

export type EventKind = "onsite" | "open" | "closed" | "due" | "holiday" | "makeup";

export const EVENT_STYLE: Record<EventKind, { label: string; color: string; text: string }> = {
  onsite: { label: "现场活动日", color: "#b3261e", text: "#ffffff" },
  open: { label: "预约开放", color: "#c6ebd1", text: "#0f5132" },
  closed: { label: "预约关闭(准备期)", color: "#e2e3e5", text: "#41464b" },
  due: { label: "截止日期", color: "#f0a202", text: "#1f1300" },
  holiday: { label: "法定节假日", color: "#f8d7da", text: "#842029" },
  makeup: { label: "调休上班日", color: "#cfe2ff", text: "#084298" },
};

export interface CalendarEvent {
  id: string;
  title: string;
  start: string;
  end?: string;
  allDay: true;
  display?: "background" | "block";
  backgroundColor: string;
  borderColor: string;
  textColor: string;
  classNames: string[];
  extendedProps: { kind: EventKind; cycleNumber?: number; provisional?: boolean };
}

function ev(
  kind: EventKind,
  id: string,
  title: string,
  start: LocalDate,
  end: LocalDate | undefined,
  extra: Partial<CalendarEvent["extendedProps"]> = {},
  background = false,
): CalendarEvent {
  const s = EVENT_STYLE[kind];
  return {
    id,
    title,
    start,
    ...(end ? { end } : {}),
    allDay: true,
    ...(background ? { display: "background" as const } : {}),
    backgroundColor: s.color,
    borderColor: s.color,
    textColor: s.text,
    classNames: [`zt-${kind}`],
    extendedProps: { kind, ...extra },
  };
}

/** The local date an instant falls in, treating 00:00 as the start of its day (for exclusive ends). */
function dayOfStart(instant: Date): LocalDate {
  return formatInstant(instant).slice(0, 10);
}

export function cycleEvents(cycles: CycleInput[]): CalendarEvent[] {
  const sorted = [...cycles].sort((a, b) => a.month.localeCompare(b.month));
  const out: CalendarEvent[] = [];
  sorted.forEach((c, i) => {
    const tag = c.provisionalYears.length ? "(暂定)" : "";
    const meta = { cycleNumber: c.number, provisional: c.provisionalYears.length > 0 };
    out.push(ev("onsite", `onsite-${c.month}`, `第${c.number}期现场活动日${tag}`, c.onsiteDate, undefined, meta));
    // The window opens at 00:00 of its first day and closes at 00:00 of the closing day (exclusive).
    out.push(
      ev(
        "open",
        `open-${c.month}`,
        `第${c.number}期预约开放${tag}`,
        dayOfStart(c.bookingOpensAt),
        dayOfStart(c.bookingClosesAt),
        meta,
      ),
    );
    const next = sorted[i + 1];
    const closedEnd = next && next.month > c.month ? dayOfStart(next.bookingOpensAt) : addDays(c.onsiteDate, 1);
    out.push(
      ev(
        "closed",
        `closed-${c.month}`,
        `第${c.number}期预约关闭`,
        dayOfStart(c.bookingClosesAt),
        closedEnd,
        meta,
        true,
      ),
    );
    for (const [key, label, at] of [
      ["catalog", "问题目录报送截止", c.catalogDueAt],
      ["agenda", "议程审定截止", c.agendaDueAt],
      ["commitments", "承诺公布截止", c.commitmentsDueAt],
    ] as const) {
      out.push(ev("due", `${key}-${c.month}`, `第${c.number}期${label}`, localDateOf(at), undefined, meta));
    }
  });
  return out;
}

export function dayEvents(days: { date: LocalDate; kind: "holiday" | "makeup"; name: string }[]): CalendarEvent[] {
  return days.flatMap((d) => [
    ev(d.kind, `${d.kind}-bg-${d.date}`, "", d.date, undefined, {}, true),
    ev(
      d.kind,
      `${d.kind}-${d.date}`,
      d.kind === "holiday" ? `${d.name} 放假` : `${d.name} 调休上班`,
      d.date,
      undefined,
    ),
  ]);
}

/**
 * For a list of the month: a window spanning weeks would repeat on every day, so it becomes its opening
 * and its closing day; background shading has no place in a list.
 */
export function listViewEvents(events: CalendarEvent[]): CalendarEvent[] {
  return events.flatMap((e) => {
    if (e.display === "background") return [];
    if (e.extendedProps.kind !== "open" || !e.end) return [e];
    const name = e.title.replace("预约开放", "");
    const { end, ...point } = e;
    return [
      { ...point, id: `${e.id}-start`, title: `${name}企业预约开始(00:00)` },
      { ...point, id: `${e.id}-end`, title: `${name}企业预约截止(当日 00:00 起顺延下一期)`, start: end },
    ];
  });
}
