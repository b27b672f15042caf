import { describe, expect, it } from "vitest";
import { calendar2026, HOLIDAYS_2026, MAKEUP_WORKDAYS_2026 } from "../../tests/fixtures/calendar-2026";
import { officialDays, officialWorkCalendar } from "~/utils/official-calendar";
import {
  addWorkingDays,
  dayKind,
  endOfDay,
  formatDateZh,
  formatInstant,
  formatInstantZh,
  formatMonthDayZh,
  isLocalDate,
  isWorkingDay,
  localDateOf,
  makeWorkCalendar,
  parseShanghaiDateTime,
  provisionalYears,
  startOfDay,
  workingDaysDeadline,
  workingHoursDeadline,
  workingMillisBetween,
} from "./calendar";

const cal = calendar2026;
const at = (s: string) => new Date(s);
const HOUR = 3600_000;

describe("isWorkingDay on the 2026 official arrangement", () => {
  it.each(MAKEUP_WORKDAYS_2026)("make-up Saturday/Sunday %s is a working day", (d) => {
    expect(isWorkingDay(cal, d)).toBe(true);
    expect(dayKind(cal, d)).toBe("makeup");
  });

  it.each(HOLIDAYS_2026)("holiday %s is not a working day", (d) => {
    expect(isWorkingDay(cal, d)).toBe(false);
  });

  it("ordinary weekdays work and ordinary weekends do not", () => {
    expect(isWorkingDay(cal, "2026-10-09")).toBe(true); // Friday
    expect(isWorkingDay(cal, "2026-10-11")).toBe(false); // Sunday after the make-up Saturday
    expect(isWorkingDay(cal, "2026-11-21")).toBe(false); // Saturday
    expect(dayKind(cal, "2026-11-21")).toBe("weekend");
    expect(dayKind(cal, "2026-10-05")).toBe("holiday"); // a Monday off
    expect(dayKind(cal, "2026-11-20")).toBe("workday");
  });

  it("the shipped official data matches the State Council notice for 2026 exactly", () => {
    const shipped = officialDays().filter((d) => d.date.startsWith("2026"));
    expect(shipped.filter((d) => d.kind === "holiday").map((d) => d.date)).toEqual(HOLIDAYS_2026);
    expect(shipped.filter((d) => d.kind === "makeup").map((d) => d.date)).toEqual(MAKEUP_WORKDAYS_2026);
    expect(shipped.find((d) => d.date === "2026-10-10")?.name).toBe("国庆节");
    expect(officialWorkCalendar().confirmedYears.has(2026)).toBe(true);
    expect(officialWorkCalendar().confirmedYears.has(2027)).toBe(false);
  });
});

describe("addWorkingDays", () => {
  it("counts the make-up Saturday 2026-02-14", () => {
    expect(addWorkingDays(cal, "2026-02-11", 3)).toBe("2026-02-14");
    expect(addWorkingDays(cal, "2026-02-13", 1)).toBe("2026-02-14");
  });

  it("skips the Spring Festival and lands on the make-up Saturday 02-28", () => {
    expect(addWorkingDays(cal, "2026-02-14", 1)).toBe("2026-02-24");
    expect(addWorkingDays(cal, "2026-02-27", 1)).toBe("2026-02-28");
    expect(addWorkingDays(cal, "2026-02-28", 1)).toBe("2026-03-02");
  });

  it("counts back over the make-up Saturday 05-09", () => {
    expect(addWorkingDays(cal, "2026-05-13", -5)).toBe("2026-05-07");
    expect(addWorkingDays(cal, "2026-05-11", -1)).toBe("2026-05-09");
    expect(addWorkingDays(cal, "2026-05-09", -1)).toBe("2026-05-08");
    expect(addWorkingDays(cal, "2026-05-08", -1)).toBe("2026-05-07");
    expect(addWorkingDays(cal, "2026-05-07", -1)).toBe("2026-05-06");
    expect(addWorkingDays(cal, "2026-05-06", -1)).toBe("2026-04-30");
  });

  it("crosses National Day and counts 09-20 and 10-10", () => {
    expect(addWorkingDays(cal, "2026-09-18", 1)).toBe("2026-09-20");
    expect(addWorkingDays(cal, "2026-09-30", 1)).toBe("2026-10-08");
    expect(addWorkingDays(cal, "2026-10-09", 1)).toBe("2026-10-10");
    expect(addWorkingDays(cal, "2026-10-14", -5)).toBe("2026-10-08");
  });

  it("counts 2026-01-04 (a Sunday worked after New Year)", () => {
    expect(addWorkingDays(cal, "2025-12-31", 1)).toBe("2026-01-04");
    expect(addWorkingDays(cal, "2026-01-05", -1)).toBe("2026-01-04");
  });

  it("is the identity for 0 and rejects fractions", () => {
    expect(addWorkingDays(cal, "2026-10-03", 0)).toBe("2026-10-03");
    expect(() => addWorkingDays(cal, "2026-10-03", 1.5)).toThrow();
  });
});

describe("workingDaysDeadline: within N working days ends at 24:00 of the Nth working day after", () => {
  it("does not count the event's own day", () => {
    // Received Monday 2026-11-16 09:00: screening due end of Thursday 11-19.
    const due = workingDaysDeadline(cal, at("2026-11-16T09:00:00+08:00"), 3);
    expect(formatInstant(due)).toBe("2026-11-19T23:59:59+08:00");
    expect(due.getTime()).toBe(at("2026-11-20T00:00:00+08:00").getTime() - 1);
  });

  it("a Friday receipt runs over the make-up Saturday 10-10", () => {
    expect(formatInstant(workingDaysDeadline(cal, at("2026-10-09T16:00:00+08:00"), 3))).toBe(
      "2026-10-13T23:59:59+08:00",
    );
  });

  it("a receipt on a holiday counts from the holiday (its own day still does not count)", () => {
    expect(formatInstant(workingDaysDeadline(cal, at("2026-10-03T10:00:00+08:00"), 3))).toBe(
      "2026-10-10T23:59:59+08:00",
    );
  });

  it("uses the Shanghai date, not UTC: 23:30 Beijing time is still that day", () => {
    // 2026-02-10T23:30+08:00 is 15:30 UTC on the 10th; 00:30+08:00 on the 11th is 16:30 UTC on the 10th.
    expect(formatInstant(workingDaysDeadline(cal, at("2026-02-10T23:30:00+08:00"), 3))).toBe(
      "2026-02-13T23:59:59+08:00",
    );
    expect(formatInstant(workingDaysDeadline(cal, at("2026-02-11T00:30:00+08:00"), 3))).toBe(
      "2026-02-14T23:59:59+08:00",
    );
  });

  it("10 working days from an acceptance across the Spring Festival", () => {
    // Accepted Tue 02-10: 11,12,13,14(Sat make-up),24,25,26,27,28(Sat make-up),03-02.
    expect(formatInstant(workingDaysDeadline(cal, at("2026-02-10T11:00:00+08:00"), 10))).toBe(
      "2026-03-02T23:59:59+08:00",
    );
  });
});

describe("workingHoursDeadline: 24 hours of working-day time", () => {
  it("on an ordinary weekday is the same time the next working day", () => {
    expect(formatInstant(workingHoursDeadline(cal, at("2026-11-17T10:15:00+08:00"), 24))).toBe(
      "2026-11-18T10:15:00+08:00",
    );
  });

  it("stops over a weekend", () => {
    expect(formatInstant(workingHoursDeadline(cal, at("2026-11-20T15:00:00+08:00"), 24))).toBe(
      "2026-11-23T15:00:00+08:00",
    );
  });

  it("runs on the make-up Saturday 10-10 and stops on Sunday 10-11", () => {
    expect(formatInstant(workingHoursDeadline(cal, at("2026-10-09T15:00:00+08:00"), 24))).toBe(
      "2026-10-10T15:00:00+08:00",
    );
    expect(formatInstant(workingHoursDeadline(cal, at("2026-10-10T09:00:00+08:00"), 24))).toBe(
      "2026-10-12T09:00:00+08:00",
    );
  });

  it("stops over National Day: assigned 09-30 17:00 is due 10-08 17:00", () => {
    expect(formatInstant(workingHoursDeadline(cal, at("2026-09-30T17:00:00+08:00"), 24))).toBe(
      "2026-10-08T17:00:00+08:00",
    );
  });

  it("assigned on a holiday starts at the next working day and ends at its 24:00", () => {
    const due = workingHoursDeadline(cal, at("2026-10-04T12:00:00+08:00"), 24);
    expect(formatInstant(due)).toBe("2026-10-08T23:59:59+08:00");
    expect(formatInstantZh(due)).toBe("2026年10月8日(星期四) 24:00");
  });

  it("assigned on Friday 02-13 runs into the make-up Saturday 02-14", () => {
    expect(formatInstant(workingHoursDeadline(cal, at("2026-02-13T20:00:00+08:00"), 24))).toBe(
      "2026-02-14T20:00:00+08:00",
    );
  });

  it("measures working time elapsed for lateness", () => {
    // Due Fri 15:00, done Mon 10:00: 9 h on Friday + 10 h on Monday.
    expect(workingMillisBetween(cal, at("2026-11-20T15:00:00+08:00"), at("2026-11-23T10:00:00+08:00"))).toBe(19 * HOUR);
    expect(workingMillisBetween(cal, at("2026-11-23T10:00:00+08:00"), at("2026-11-20T15:00:00+08:00"))).toBe(
      -19 * HOUR,
    );
  });
});

describe("days and instants in Asia/Shanghai", () => {
  it("start and end of a day", () => {
    expect(formatInstant(startOfDay("2026-10-08"))).toBe("2026-10-08T00:00:00+08:00");
    expect(startOfDay("2026-10-08").toISOString()).toBe("2026-10-07T16:00:00.000Z");
    expect(formatInstant(endOfDay("2026-10-08"))).toBe("2026-10-08T23:59:59+08:00");
    expect(localDateOf(endOfDay("2026-10-08"))).toBe("2026-10-08");
    expect(localDateOf(startOfDay("2026-10-08"))).toBe("2026-10-08");
  });

  it("validates and parses", () => {
    expect(isLocalDate("2026-02-29")).toBe(false);
    expect(isLocalDate("2028-02-29")).toBe(true);
    expect(isLocalDate("2026-1-1")).toBe(false);
    expect(parseShanghaiDateTime("2026-10-08T00:00")?.toISOString()).toBe("2026-10-07T16:00:00.000Z");
    expect(parseShanghaiDateTime("2026-10-08T00:00:00+08:00")?.toISOString()).toBe("2026-10-07T16:00:00.000Z");
    expect(parseShanghaiDateTime("yesterday")).toBeNull();
  });

  it("flags the years without a confirmed arrangement", () => {
    const c = makeWorkCalendar({ holidays: [], makeupWorkdays: [], confirmedYears: [2026] });
    expect(provisionalYears(c, ["2026-12-09", "2027-01-13", "2027-01-15"])).toEqual([2027]);
    expect(provisionalYears(c, ["2026-12-09"])).toEqual([]);
  });
});

describe("dates in words", () => {
  it("names the day and weekday, with the year where the context does not say it", () => {
    expect(formatDateZh("2026-12-09")).toBe("2026年12月9日(星期三)");
    expect(formatMonthDayZh("2026-12-09")).toBe("12月9日(星期三)");
    expect(formatMonthDayZh("2026-10-04")).toBe("10月4日(星期日)");
  });
});
