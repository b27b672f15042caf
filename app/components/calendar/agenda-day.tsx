import { useEffect, useState, type ComponentType } from "react";

export interface AgendaDaySlot {
  number: number;
  title: string;
  enterpriseName: string;
  /** "09:00" */
  start: string;
  end: string;
}

type GridProps = { date: string; slots: AgendaDaySlot[] };

/** The on-site day's agenda as a time grid (FullCalendar timeGridDay), loaded after hydration. */
export function AgendaDay({ date, slots }: GridProps) {
  const [Grid, setGrid] = useState<ComponentType<GridProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    import("./agenda-day.client").then((m) => live && setGrid(() => m.default)).catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  if (slots.length === 0) return null;
  return (
    <div className="calendar-box agenda-day" aria-busy={!Grid} aria-label="现场活动日时间安排" role="region">
      {Grid ? (
        <Grid date={date} slots={slots} />
      ) : (
        <p className="muted">{failed ? "日程加载失败,请刷新页面重试。" : "正在加载日程…"}</p>
      )}
    </div>
  );
}
