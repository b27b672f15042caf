import { describe, expect, it } from "vitest";
import { calendar2026 } from "../../tests/fixtures/calendar-2026";
import { endOfDay, formatInstant } from "./calendar";
import {
  nextUrge,
  RED_AFTER_LATE_WORKING_DAYS,
  REMINDER_LEAD_WORKING_DAYS,
  URGE_LABEL,
  URGE_RECIPIENTS,
  urgingLevel,
  urgingReminderFrom,
  yellowUrgingUntil,
  type UrgeLevel,
  type UrgingLevel,
} from "./urging";

const cal = calendar2026;
const at = (s: string) => new Date(s);
const iso = (d: Date) => formatInstant(d);
const level = (due: Date, now: string) => urgingLevel(due, at(now), cal);
const plusMs = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe("the constants", () => {
  it("remind one working day ahead and turn red after three working days late", () => {
    expect(REMINDER_LEAD_WORKING_DAYS).toBe(1);
    expect(RED_AFTER_LATE_WORKING_DAYS).toBe(3);
  });
});

describe("urgingLevel: a deadline just before a weekend", () => {
  // 24:00 of Friday 2026-11-20.
  const due = endOfDay("2026-11-20");

  it("reminds from 00:00 of the Friday, one working day before", () => {
    expect(iso(urgingReminderFrom(due, cal))).toBe("2026-11-20T00:00:00+08:00");
    expect(level(due, "2026-11-19T23:59:59.999+08:00")).toBe("none");
    expect(level(due, "2026-11-20T00:00:00+08:00")).toBe("reminder");
  });

  it("is on time at the due instant and yellow one millisecond after", () => {
    expect(urgingLevel(due, due, cal)).toBe("reminder");
    expect(urgingLevel(due, plusMs(due, 1), cal)).toBe("yellow");
  });

  it("does not grow later over the weekend: red only after Mon, Tue and Wed have passed", () => {
    expect(level(due, "2026-11-22T23:00:00+08:00")).toBe("yellow");
    // Late by exactly 3 working days at 24:00 of Wednesday 11-25: still yellow; a millisecond more, red.
    expect(iso(yellowUrgingUntil(due, cal))).toBe("2026-11-25T23:59:59+08:00");
    expect(level(due, "2026-11-25T23:59:59.999+08:00")).toBe("yellow");
    expect(level(due, "2026-11-26T00:00:00+08:00")).toBe("red");
  });

  it("a Friday 15:00 deadline: reminded from Thursday 15:00, red one millisecond after Wednesday 15:00", () => {
    const due1500 = at("2026-11-20T15:00:00+08:00");
    expect(iso(urgingReminderFrom(due1500, cal))).toBe("2026-11-19T15:00:00+08:00");
    expect(level(due1500, "2026-11-19T14:59:59.999+08:00")).toBe("none");
    expect(level(due1500, "2026-11-19T15:00:00+08:00")).toBe("reminder");
    // Late by Friday's 9 hours + Monday + Tuesday + Wednesday's 15 hours = 72 hours of working-day time.
    const threeDaysLate = at("2026-11-25T15:00:00+08:00");
    expect(yellowUrgingUntil(due1500, cal)).toEqual(threeDaysLate);
    expect(urgingLevel(due1500, threeDaysLate, cal)).toBe("yellow");
    expect(urgingLevel(due1500, plusMs(threeDaysLate, 1), cal)).toBe("red");
  });
});

describe("urgingLevel: across the National Day holiday (10-01..07) and the make-up Saturday 10-10", () => {
  it("a deadline on Wednesday 09-30 stays yellow over the holiday and turns red after Saturday 10-10", () => {
    const due = endOfDay("2026-09-30");
    expect(iso(urgingReminderFrom(due, cal))).toBe("2026-09-30T00:00:00+08:00");
    expect(level(due, "2026-10-05T12:00:00+08:00")).toBe("yellow");
    // Late by Thursday 10-08, Friday 10-09 and the make-up Saturday 10-10: exactly 3 working days.
    expect(iso(yellowUrgingUntil(due, cal))).toBe("2026-10-10T23:59:59+08:00");
    expect(level(due, "2026-10-10T23:59:59.999+08:00")).toBe("yellow");
    // Were the make-up Saturday not counted, yellow would last until 24:00 of Monday 10-12.
    expect(level(due, "2026-10-11T00:00:00+08:00")).toBe("red");
    expect(level(due, "2026-10-12T09:00:00+08:00")).toBe("red");
  });

  it("a deadline just after the holiday is reminded before the holiday starts", () => {
    const due = at("2026-10-08T12:00:00+08:00");
    // One working day back: 12 hours of 10-08, then over the holiday to 12:00 of Wednesday 09-30.
    expect(iso(urgingReminderFrom(due, cal))).toBe("2026-09-30T12:00:00+08:00");
    expect(level(due, "2026-09-30T11:59:59.999+08:00")).toBe("none");
    expect(level(due, "2026-09-30T12:00:00+08:00")).toBe("reminder");
    expect(level(due, "2026-10-04T09:00:00+08:00")).toBe("reminder");
  });

  it("a deadline on the make-up Saturday 10-10 is reminded that day and turns red after Wednesday 10-14", () => {
    const due = endOfDay("2026-10-10");
    expect(iso(urgingReminderFrom(due, cal))).toBe("2026-10-10T00:00:00+08:00");
    expect(level(due, "2026-10-09T23:59:59.999+08:00")).toBe("none");
    expect(level(due, "2026-10-11T10:00:00+08:00")).toBe("yellow");
    expect(iso(yellowUrgingUntil(due, cal))).toBe("2026-10-14T23:59:59+08:00");
    expect(level(due, "2026-10-14T23:59:59.999+08:00")).toBe("yellow");
    expect(level(due, "2026-10-15T00:00:00+08:00")).toBe("red");
  });

  it("a deadline falling on a holiday starts being late only when work resumes", () => {
    const due = endOfDay("2026-10-03");
    // One working day back from a day off is the last working day before the holiday.
    expect(iso(urgingReminderFrom(due, cal))).toBe("2026-09-30T00:00:00+08:00");
    expect(level(due, "2026-10-04T08:00:00+08:00")).toBe("yellow");
    // 10-08, 10-09, 10-10 worked: exactly 3 working days late at 24:00 of 10-10, as for 09-30 above.
    expect(yellowUrgingUntil(due, cal)).toEqual(yellowUrgingUntil(endOfDay("2026-09-30"), cal));
    expect(level(due, "2026-10-10T23:59:59.999+08:00")).toBe("yellow");
    expect(level(due, "2026-10-11T00:00:00+08:00")).toBe("red");
  });
});

describe("nextUrge", () => {
  const cases: Array<[UrgingLevel, UrgeLevel[], UrgeLevel | null]> = [
    ["none", [], null],
    ["reminder", [], "reminder"],
    ["reminder", ["reminder"], null],
    // A reminder never sent is not sent once late: the yellow notice only.
    ["yellow", [], "yellow"],
    ["yellow", ["reminder"], "yellow"],
    ["yellow", ["reminder", "yellow"], null],
    // A task found already red gets the red notice only, not a yellow then a red.
    ["red", [], "red"],
    ["red", ["reminder"], "red"],
    ["red", ["yellow"], "red"],
    ["red", ["reminder", "yellow", "red"], null],
    // Never a lower notice after a higher one.
    ["reminder", ["yellow"], null],
    ["yellow", ["red"], null],
  ];
  it.each(cases)("at %s having sent %j owes %s", (current, sent, owed) => {
    expect(nextUrge(current, sent)).toBe(owed);
  });

  it("climbs the ladder once, a notice per rung, as a job polling the clock would", () => {
    const due = endOfDay("2026-09-30");
    const sent: UrgeLevel[] = [];
    for (const now of [
      "2026-09-29T12:00:00+08:00",
      "2026-09-30T08:00:00+08:00",
      "2026-09-30T20:00:00+08:00",
      "2026-10-02T09:00:00+08:00",
      "2026-10-09T09:00:00+08:00",
      "2026-10-11T09:00:00+08:00",
      "2026-10-12T09:00:00+08:00",
    ]) {
      const owed = nextUrge(level(due, now), sent);
      if (owed) sent.push(owed);
    }
    expect(sent).toEqual(["reminder", "yellow", "red"]);
  });
});

describe("whom each notice reaches, and its label", () => {
  it("reminder and yellow the contact; red the contact and the head", () => {
    expect(URGE_RECIPIENTS).toEqual({ reminder: ["contact"], yellow: ["contact"], red: ["contact", "head"] });
  });

  it("names the notices in Chinese", () => {
    expect(URGE_LABEL).toEqual({ reminder: "到期提醒", yellow: "黄牌督办", red: "红牌督办" });
  });
});

describe("yellowUrgingUntil: red starts when the grace runs out, not when work resumes", () => {
  it("a limit whose 3rd working day late is a Friday turns red at 00:00 of the Saturday", () => {
    // 24:00 of Tuesday 11-24 + Wednesday, Thursday, Friday = 24:00 of Friday 11-27.
    const due = endOfDay("2026-11-24");
    expect(iso(yellowUrgingUntil(due, cal))).toBe("2026-11-27T23:59:59+08:00");
    expect(level(due, "2026-11-28T00:00:00+08:00")).toBe("red");
    expect(level(due, "2026-11-29T12:00:00+08:00")).toBe("red");
  });
});
