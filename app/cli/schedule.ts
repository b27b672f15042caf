/**
 * npm run --silent schedule -- 2026 [--json]
 * The default plan of a year from the calendar data shipped with the project; needs no database.
 */
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { planYear } from "~/domain/cycle-schedule";
import { scheduleJson } from "~/domain/schedule-json";
import { parseEnv } from "~/utils/env.server";
import { officialWorkCalendar } from "~/utils/official-calendar";

// Piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on("error", (e: NodeJS.ErrnoException) => process.exit(e.code === "EPIPE" ? 0 : 1));

const args = process.argv.slice(2);
const yearArg = args.find((a) => /^\d{4}$/.test(a));
const unknown = args.filter((a) => a !== yearArg && a !== "--json");
if (!yearArg || unknown.length) {
  console.error("用法: npm run --silent schedule -- <年份> [--json]   例如: npm run --silent schedule -- 2026 --json");
  process.exit(2);
}
const year = Number(yearArg);
const env = parseEnv();
const cal = officialWorkCalendar();
const plan = planYear(cal, env.FIRST_CYCLE_MONTH, year).filter((p) => p.number >= 1);
const confirmed = cal.confirmedYears.has(year);

if (args.includes("--json")) {
  process.stdout.write(`${JSON.stringify(scheduleJson(year, plan, confirmed), null, 2)}\n`);
} else {
  console.log(`${year}年“直通车”默认日程${confirmed ? "" : "(该年官方节假日安排未发布,日期为暂定)"}`);
  for (const c of plan) {
    console.log(
      `第${c.number}期 ${c.month}  现场活动日 ${formatDateZh(c.onsiteDate)}  预约 ${formatInstantZh(c.bookingOpensAt)} 至 ${formatInstantZh(c.bookingClosesAt)}  目录报送 ${formatInstantZh(c.catalogDueAt)}  议程审定 ${formatInstantZh(c.agendaDueAt)}  承诺公布 ${formatInstantZh(c.commitmentsDueAt)}${c.provisionalYears.length ? "  [暂定]" : ""}`,
    );
  }
}
