import { describe, expect, it } from "vitest";
import { calendar2026 } from "../../tests/fixtures/calendar-2026";
import { formatInstant, makeWorkCalendar } from "./calendar";
import {
  addMonths,
  bookingWindowState,
  checkOnsiteMove,
  cycleForInstant,
  cycleNumber,
  defaultOnsiteDate,
  monthBounds,
  planCycle,
  planYear,
  rotate,
  secondWednesday,
} from "./cycle-schedule";
import { officialWorkCalendar } from "~/utils/official-calendar";

const cal = calendar2026;
const iso = (d: Date) => formatInstant(d);

function plan(month: string) {
  const p = planCycle(cal, "2026-01", month);
  return {
    onsite: p.onsiteDate,
    opens: iso(p.bookingOpensAt),
    closes: iso(p.bookingClosesAt),
    catalog: iso(p.catalogDueAt),
    agenda: iso(p.agendaDueAt),
    commitments: iso(p.commitmentsDueAt),
  };
}

describe("on-site day", () => {
  it("is the second Wednesday of the month", () => {
    expect(secondWednesday("2026-10")).toBe("2026-10-14");
    expect(secondWednesday("2026-04")).toBe("2026-04-08"); // April 1st is itself a Wednesday
    expect(secondWednesday("2026-07")).toBe("2026-07-08");
    expect(defaultOnsiteDate(cal, "2026-02")).toBe("2026-02-11");
  });

  it("moves to the next working day when Monday to Wednesday of that week are all off (2025-10-08)", () => {
    const official = officialWorkCalendar();
    expect(secondWednesday("2025-10")).toBe("2025-10-08");
    expect(defaultOnsiteDate(official, "2025-10")).toBe("2025-10-09");
  });

  it("prefers the nearest working day before it in the same week: Tuesday, then Monday", () => {
    const wedOff = makeWorkCalendar({ holidays: ["2026-10-14"], makeupWorkdays: [], confirmedYears: [2026] });
    expect(defaultOnsiteDate(wedOff, "2026-10")).toBe("2026-10-13");
    const tueWedOff = makeWorkCalendar({
      holidays: ["2026-10-13", "2026-10-14"],
      makeupWorkdays: [],
      confirmedYears: [2026],
    });
    expect(defaultOnsiteDate(tueWedOff, "2026-10")).toBe("2026-10-12");
  });

  it("never goes back past Monday into the previous week (a worked Sunday does not count)", () => {
    const c = makeWorkCalendar({
      holidays: ["2026-10-12", "2026-10-13", "2026-10-14"],
      makeupWorkdays: ["2026-10-11"],
      confirmedYears: [2026],
    });
    expect(defaultOnsiteDate(c, "2026-10")).toBe("2026-10-15");
  });
});

describe("the 2026 cycles around the make-up working days", () => {
  it.each([
    {
      what: "February: commitments fall due on the make-up Saturday 02-14",
      month: "2026-02",
      expected: {
        onsite: "2026-02-11",
        opens: "2026-01-16T00:00:00+08:00", // 2nd working day after 01-14: 15, 16
        closes: "2026-02-04T00:00:00+08:00", // 5th working day before 02-11: 10, 9, 6, 5, 4
        catalog: "2026-02-04T23:59:59+08:00",
        agenda: "2026-02-10T23:59:59+08:00",
        commitments: "2026-02-14T23:59:59+08:00", // 12, 13, 14 (Saturday worked)
      },
    },
    {
      what: "March: the window opens on Friday 02-13, before the holiday",
      month: "2026-03",
      expected: {
        onsite: "2026-03-11",
        opens: "2026-02-13T00:00:00+08:00",
        closes: "2026-03-04T00:00:00+08:00",
        catalog: "2026-03-04T23:59:59+08:00",
        agenda: "2026-03-10T23:59:59+08:00",
        commitments: "2026-03-16T23:59:59+08:00",
      },
    },
    {
      what: "May: the window closes counting the make-up Saturday 05-09",
      month: "2026-05",
      expected: {
        onsite: "2026-05-13",
        opens: "2026-04-10T00:00:00+08:00", // April's on-site day is 04-08: 9, 10
        closes: "2026-05-07T00:00:00+08:00", // 12, 11, 9 (Saturday worked), 8, 7
        catalog: "2026-05-07T23:59:59+08:00",
        agenda: "2026-05-12T23:59:59+08:00",
        commitments: "2026-05-18T23:59:59+08:00",
      },
    },
    {
      what: "October: the window closes counting the make-up Saturday 10-10, across National Day",
      month: "2026-10",
      expected: {
        onsite: "2026-10-14",
        opens: "2026-09-11T00:00:00+08:00", // September's on-site day is 09-09: 10, 11
        closes: "2026-10-08T00:00:00+08:00", // 13, 12, 10 (Saturday worked), 9, 8
        catalog: "2026-10-08T23:59:59+08:00",
        agenda: "2026-10-13T23:59:59+08:00",
        commitments: "2026-10-19T23:59:59+08:00",
      },
    },
  ])("$what", ({ month, expected }) => {
    expect(plan(month)).toEqual(expected);
  });

  it("January opens from December 2025's on-site day", () => {
    expect(plan("2026-01")).toMatchObject({
      onsite: "2026-01-14",
      opens: "2025-12-12T00:00:00+08:00", // 2025-12-10 on-site: 11, 12
      closes: "2026-01-07T00:00:00+08:00", // 13, 12, 9, 8, 7
    });
  });

  it("a full year has 12 cycles in one number sequence, each window open before it closes", () => {
    const year = planYear(cal, "2026-01", 2026);
    expect(year.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(year.map((c) => c.onsiteDate)).toEqual([
      "2026-01-14",
      "2026-02-11",
      "2026-03-11",
      "2026-04-08",
      "2026-05-13",
      "2026-06-10",
      "2026-07-08",
      "2026-08-12",
      "2026-09-09",
      "2026-10-14",
      "2026-11-11",
      "2026-12-09",
    ]);
    for (const [i, c] of year.entries()) {
      expect(c.bookingOpensAt < c.bookingClosesAt).toBe(true);
      if (i > 0) expect(year[i - 1].onsiteDate < iso(c.bookingOpensAt).slice(0, 10)).toBe(true);
      expect(c.provisionalYears).toEqual([]);
    }
  });

  it("flags a cycle whose dates reach a year without an official arrangement", () => {
    const jan2027 = planCycle(officialWorkCalendar(), "2026-01", "2027-01");
    expect(jan2027.provisionalYears).toEqual([2027]);
    expect(jan2027.number).toBe(13);
  });
});

describe("numbering and rotation", () => {
  it("numbers cycles in one sequence across years", () => {
    expect(cycleNumber("2022-01", "2026-10")).toBe(58);
    expect(cycleNumber("2026-01", "2027-01")).toBe(13);
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
  });

  it("rotates through the roster in order and wraps", () => {
    const roster = ["甲", "乙", "丙"];
    expect([1, 2, 3, 4, 5].map((n) => rotate(roster, n))).toEqual(["甲", "乙", "丙", "甲", "乙"]);
    expect(rotate([], 1)).toBeNull();
  });
});

describe("moving an on-site day", () => {
  it("accepts a working day of the same month and refuses the rest with a reason", () => {
    expect(checkOnsiteMove(cal, "2026-10", "2026-10-15", "2026-09-09", "2026-11-11")).toBeNull();
    expect(checkOnsiteMove(cal, "2026-10", "2026-10-10", "2026-09-09", "2026-11-11")).toBeNull(); // make-up Saturday
    expect(checkOnsiteMove(cal, "2026-10", "2026-10-11", "2026-09-09", "2026-11-11")).toBe("not_working_day");
    expect(checkOnsiteMove(cal, "2026-10", "2026-10-05", "2026-09-09", "2026-11-11")).toBe("not_working_day");
    expect(checkOnsiteMove(cal, "2026-10", "2026-11-02", "2026-09-09", "2026-11-11")).toBe("outside_month");
    // 2026-09-14 on-site → opens 09-16; moving October to 10-09 closes the window 09-29: fine.
    // Moving September to 09-30 → October would open 10-09 but close 10-08: inverted.
    expect(checkOnsiteMove(cal, "2026-09", "2026-09-30", "2026-08-12", "2026-10-14")).toBe("next_window_inverted");
    expect(checkOnsiteMove(cal, "2026-10", "2026-10-08", "2026-09-30", null)).toBe("window_inverted");
  });
});

describe("which cycle takes an appeal", () => {
  const cycles = planYear(cal, "2026-01", 2026);
  const byInstant = (s: string) => cycleForInstant(cycles, new Date(s))?.month;

  it("the last second before the close is this cycle; the close itself is the next", () => {
    expect(byInstant("2026-10-07T23:59:59+08:00")).toBe("2026-10");
    expect(byInstant("2026-10-08T00:00:00+08:00")).toBe("2026-11");
  });

  it("window states", () => {
    const oct = cycles[9];
    expect(bookingWindowState(oct, new Date("2026-09-10T23:59:59+08:00"))).toBe("not_yet_open");
    expect(bookingWindowState(oct, new Date("2026-09-11T00:00:00+08:00"))).toBe("open");
    expect(bookingWindowState(oct, new Date("2026-10-08T00:00:00+08:00"))).toBe("closed");
  });
});

describe("the instants a month spans", () => {
  it("runs from 00:00 of the 1st to 00:00 of the next month's 1st, Shanghai time, across the year's end", () => {
    expect(monthBounds("2026-11").map((d) => formatInstant(d))).toEqual([
      "2026-11-01T00:00:00+08:00",
      "2026-12-01T00:00:00+08:00",
    ]);
    expect(monthBounds("2026-12").map((d) => formatInstant(d))).toEqual([
      "2026-12-01T00:00:00+08:00",
      "2027-01-01T00:00:00+08:00",
    ]);
  });
});
