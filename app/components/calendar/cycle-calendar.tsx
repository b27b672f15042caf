import { useNavigate } from "@remix-run/react";
import { useEffect, useState, useSyncExternalStore, type ComponentType } from "react";
import { EVENT_STYLE, type EventKind } from "~/domain/calendar-events";

const noSubscription = () => () => {};

type MonthViewProps = { initialDate: string; today: string; onCycleClick: (n: number) => void };

/** A zh-CN month view of the cycles, fed by /api/v1/calendar-events; clicking a cycle opens it. */
export function CycleCalendar({
  initialDate,
  today,
  cycleHref,
  listBelow = false,
}: {
  initialDate: string;
  /** The app clock's date, so "today" matches the server and not the visitor's device. */
  today: string;
  cycleHref: (n: number) => string;
  /** The page lists the month's dates below the view (what a browser without JavaScript reads). */
  listBelow?: boolean;
}) {
  const navigate = useNavigate();
  const [MonthView, setMonthView] = useState<ComponentType<MonthViewProps> | null>(null);
  const [failed, setFailed] = useState(false);
  // Until the page runs its JavaScript (never, in a browser without it), say where the dates are.
  const running = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  useEffect(() => {
    let live = true;
    import("./full-calendar.client")
      .then((m) => live && setMonthView(() => m.default))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="calendar-box" aria-busy={!MonthView}>
      {MonthView ? (
        <MonthView initialDate={initialDate} today={today} onCycleClick={(n) => navigate(cycleHref(n))} />
      ) : (
        <p className="muted">
          {!running
            ? `月历需在浏览器启用 JavaScript 后显示${listBelow ? ";本月日程见下表。" : "。"}`
            : failed
              ? "日历加载失败,请刷新页面重试。"
              : "正在加载日历…"}
        </p>
      )}
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
