import { formatInstant } from "~/domain/calendar";

/**
 * "11月25日 24:00" for a list whose year is its own (the full date goes in the title); given `clock`, an
 * instant of another year than the clock's says its year ("2025年11月25日 24:00").
 */
export function shortInstant(d: Date, clock?: Date): string {
  const s = formatInstant(d);
  const time = s.slice(11, 19) === "23:59:59" ? "24:00" : s.slice(11, 16);
  const year = !clock || s.slice(0, 4) === formatInstant(clock).slice(0, 4) ? "" : `${s.slice(0, 4)}年`;
  return `${year}${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${time}`;
}
