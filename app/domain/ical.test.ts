import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { calendar2026 } from "../../tests/fixtures/calendar-2026";
import { planYear } from "./cycle-schedule";
import { cyclesToIcal, foldLine } from "./ical";

const cycles = planYear(calendar2026, "2026-01", 2026).map((p) => ({
  ...p,
  leader: { name: "陈立新", title: "市长" },
  secretaryGeneral: null,
  updatedAt: new Date("2026-11-01T00:00:00Z"),
}));

describe("iCalendar feed", () => {
  it("parses with a standard parser: one event per cycle with a stable UID", () => {
    const text = cyclesToIcal(cycles, { includeDeadlines: false });
    const comp = new ICAL.Component(ICAL.parse(text));
    const events = comp.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(12);
    const oct = events.find((e) => e.uid === "cycle-2026-10@zhitongche.chaozhou")!;
    expect(oct.summary).toBe("“直通车”第10期现场活动日");
    expect(oct.startDate.toString()).toBe("2026-10-14");
    expect(oct.startDate.isDate).toBe(true);
    expect(oct.description).toContain("2026年10月8日(星期四) 00:00");
    expect(oct.description).toContain("陈立新");
    expect(cyclesToIcal(cycles, { includeDeadlines: false })).toBe(text); // same input, same feed
    expect(comp.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("Asia/Shanghai");
  });

  it("with deadlines, the booking window is in Asia/Shanghai time", () => {
    const text = cyclesToIcal(cycles, { includeDeadlines: true });
    const comp = new ICAL.Component(ICAL.parse(text));
    const events = comp.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(12 * 5);
    expect(new Set(events.map((e) => e.uid)).size).toBe(60);
    const window = events.find((e) => e.uid === "cycle-2026-10-booking@zhitongche.chaozhou")!;
    expect(window.startDate.toString()).toBe("2026-09-11T00:00:00");
    expect(window.component.getFirstProperty("dtstart")?.getParameter("tzid")).toBe("Asia/Shanghai");
    expect(window.endDate.toString()).toBe("2026-10-08T00:00:00");
  });

  it("uses CRLF and folds long lines at 75 octets without splitting characters", () => {
    const text = cyclesToIcal(cycles, { includeDeadlines: false });
    expect(text.includes("\r\n")).toBe(true);
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    const folded = foldLine("DESCRIPTION:" + "直".repeat(60));
    expect(folded.split("\r\n ").join("")).toBe("DESCRIPTION:" + "直".repeat(60));
  });
});
