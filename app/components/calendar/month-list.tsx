import { Link } from "@remix-run/react";
import { formatMonthDayZh } from "~/domain/calendar";
import { EVENT_STYLE } from "~/domain/calendar-events";
import type { MonthListEntry } from "~/services/calendar-page.server";

/**
 * The month's dates as a table in the page's HTML: what a slow phone, a screen reader or a search engine
 * reads without the month view's JavaScript. Plain links move a month back or forward.
 */
export function MonthList({
  month,
  previousMonth,
  nextMonth,
  entries,
}: {
  month: string;
  previousMonth: string;
  nextMonth: string;
  entries: MonthListEntry[];
}) {
  const [year, m] = month.split("-").map(Number);
  const title = `${year}年${m}月日程`;
  return (
    <section className="card" aria-labelledby="month-list-title" style={{ marginTop: "1rem" }}>
      <h2 id="month-list-title" style={{ marginTop: 0 }}>
        {title}
      </h2>
      <p className="inline-form">
        <Link to={`/calendar?month=${previousMonth}`}>上一月</Link>
        <Link to={`/calendar?month=${nextMonth}`}>下一月</Link>
      </p>
      {entries.length ? (
        <div className="table-wrap">
          <table className="table" aria-labelledby="month-list-title">
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">事项</th>
                <th scope="col">类别</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.date}-${i}`}>
                  <td style={{ whiteSpace: "nowrap" }}>{formatMonthDayZh(e.date)}</td>
                  <td>{e.cycleNumber ? <Link to={`/cycles/${e.cycleNumber}`}>{e.title}</Link> : e.title}</td>
                  <td>{EVENT_STYLE[e.kind].label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">本月没有日程。</p>
      )}
    </section>
  );
}
