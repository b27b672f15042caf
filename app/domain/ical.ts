/** The cycles as an RFC 5545 iCalendar feed. Pure: cycles in, text out. */
import { addDays, formatDateZh, formatInstant, formatInstantZh, type LocalDate } from "./calendar";
import type { CycleInput } from "./schedule-json";

export interface IcalCycle extends CycleInput {
  updatedAt: Date;
}

const PRODID = "-//Chaozhou Government Service and Data Administration//Zhitongche//ZH";
const UID_DOMAIN = "zhitongche.chaozhou";

function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Fold at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

function utcStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function localStamp(d: Date): string {
  // formatInstant gives Shanghai wall time: 2026-10-08T00:00:00+08:00 → 20261008T000000
  return formatInstant(d).slice(0, 19).replace(/[-:]/g, "");
}

function dateValue(d: LocalDate): string {
  return d.replace(/-/g, "");
}

const VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:Asia/Shanghai",
  "X-LIC-LOCATION:Asia/Shanghai",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0800",
  "TZOFFSETTO:+0800",
  "TZNAME:CST",
  "DTSTART:19700101T000000",
  "END:STANDARD",
  "END:VTIMEZONE",
];

function event(lines: string[]): string[] {
  return ["BEGIN:VEVENT", ...lines, "END:VEVENT"];
}

export function cyclesToIcal(cycles: IcalCycle[], opts: { includeDeadlines: boolean; url?: string }): string {
  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "X-WR-CALNAME:潮州市解决企业诉求“直通车”",
    "X-WR-TIMEZONE:Asia/Shanghai",
    ...VTIMEZONE,
  ];
  for (const c of cycles) {
    const stamp = utcStamp(c.updatedAt);
    const who = c.leader ? `出席市领导:${c.leader.name}(${c.leader.title})\n` : "";
    const description =
      `${who}企业预约时间:${formatInstantZh(c.bookingOpensAt)} 至 ${formatInstantZh(c.bookingClosesAt)}(不含)\n` +
      `预约方式:“直通车”平台网上预约、市政务服务大厅“难办事”窗口、12345 热线\n` +
      `问题目录报送截止:${formatInstantZh(c.catalogDueAt)}\n议程审定截止:${formatInstantZh(c.agendaDueAt)}\n承诺公布截止:${formatInstantZh(c.commitmentsDueAt)}` +
      (c.provisionalYears.length ? `\n(${c.provisionalYears.join("、")}年官方节假日安排未确认,日期为暂定)` : "");
    lines.push(
      ...event([
        `UID:cycle-${c.month}@${UID_DOMAIN}`,
        `DTSTAMP:${stamp}`,
        `LAST-MODIFIED:${stamp}`,
        `DTSTART;VALUE=DATE:${dateValue(c.onsiteDate)}`,
        `DTEND;VALUE=DATE:${dateValue(addDays(c.onsiteDate, 1))}`,
        `SUMMARY:${escapeText(`“直通车”第${c.number}期现场活动日`)}`,
        `DESCRIPTION:${escapeText(description)}`,
        "TRANSP:TRANSPARENT",
        ...(opts.url ? [`URL:${opts.url}/cycles/${c.number}`] : []),
      ]),
    );
    if (opts.includeDeadlines) {
      lines.push(
        ...event([
          `UID:cycle-${c.month}-booking@${UID_DOMAIN}`,
          `DTSTAMP:${stamp}`,
          `DTSTART;TZID=Asia/Shanghai:${localStamp(c.bookingOpensAt)}`,
          `DTEND;TZID=Asia/Shanghai:${localStamp(c.bookingClosesAt)}`,
          `SUMMARY:${escapeText(`第${c.number}期企业预约开放`)}`,
          "TRANSP:TRANSPARENT",
        ]),
      );
      for (const [key, label, at] of [
        ["catalog", "问题目录报送截止", c.catalogDueAt],
        ["agenda", "议程审定截止", c.agendaDueAt],
        ["commitments", "承诺公布截止", c.commitmentsDueAt],
      ] as const) {
        lines.push(
          ...event([
            `UID:cycle-${c.month}-${key}@${UID_DOMAIN}`,
            `DTSTAMP:${stamp}`,
            `DTSTART;TZID=Asia/Shanghai:${localStamp(at)}`,
            `DURATION:PT0S`,
            `SUMMARY:${escapeText(`第${c.number}期${label}(${formatDateZh(formatInstant(at).slice(0, 10))})`)}`,
            "TRANSP:TRANSPARENT",
          ]),
        );
      }
    }
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
