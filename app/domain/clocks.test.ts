import { describe, expect, it } from "vitest";
import { calendar2026 } from "../../tests/fixtures/calendar-2026";
import { formatInstant } from "./calendar";
import {
  clockDueAt,
  clockState,
  extendedDueAt,
  finishOutcome,
  formatDurationZh,
  reminderAt,
  workingTimeBefore,
} from "./clocks";

const cal = calendar2026;
const at = (s: string) => new Date(s);
const iso = (d: Date) => formatInstant(d);

describe("accept-or-dispute: 24 hours of working-day time from the assignment", () => {
  it("crosses a weekend: Friday 15:00 → Monday 15:00, reminded 4 working hours before", () => {
    const start = at("2026-11-20T15:00:00+08:00");
    const due = clockDueAt(cal, "accept", start);
    expect(iso(due)).toBe("2026-11-23T15:00:00+08:00");
    expect(iso(reminderAt(cal, "accept", start, due))).toBe("2026-11-23T11:00:00+08:00");
  });

  it("runs on the make-up Saturday 02-14 before the Spring Festival", () => {
    const start = at("2026-02-13T20:00:00+08:00");
    const due = clockDueAt(cal, "accept", start);
    expect(iso(due)).toBe("2026-02-14T20:00:00+08:00");
    expect(iso(reminderAt(cal, "accept", start, due))).toBe("2026-02-14T16:00:00+08:00");
  });

  it("runs on the make-up Saturday 10-10 after the National Day holiday", () => {
    expect(iso(clockDueAt(cal, "accept", at("2026-10-09T22:00:00+08:00")))).toBe("2026-10-10T22:00:00+08:00");
  });

  it("assigned during a holiday, starts on the next working day", () => {
    expect(iso(clockDueAt(cal, "accept", at("2026-10-03T10:00:00+08:00")))).toBe("2026-10-08T23:59:59+08:00");
  });
});

describe("reply: 10 working days from acceptance", () => {
  it("crosses the Mid-Autumn and National Day holidays and the make-up Sunday 09-20", () => {
    const start = at("2026-09-18T11:00:00+08:00");
    const due = clockDueAt(cal, "reply", start);
    expect(iso(due)).toBe("2026-10-09T23:59:59+08:00");
    // Two working days before 24:00 of Friday 10-09: from 00:00 of Thursday 10-08.
    expect(iso(reminderAt(cal, "reply", start, due))).toBe("2026-10-08T00:00:00+08:00");
  });

  it("crosses the Labour Day holiday and the make-up Saturday 05-09", () => {
    const start = at("2026-04-30T16:00:00+08:00");
    const due = clockDueAt(cal, "reply", start);
    expect(iso(due)).toBe("2026-05-18T23:59:59+08:00");
    // Two working days before 24:00 of Monday 05-18 skip the weekend: from 00:00 of Friday 05-15.
    expect(iso(reminderAt(cal, "reply", start, due))).toBe("2026-05-15T00:00:00+08:00");
  });

  it("a county's reply and a co-department's opinion have the same limit", () => {
    const start = at("2026-04-30T16:00:00+08:00");
    expect(clockDueAt(cal, "county_reply", start)).toEqual(clockDueAt(cal, "reply", start));
    expect(clockDueAt(cal, "opinion", start)).toEqual(clockDueAt(cal, "reply", start));
  });
});

describe("workingTimeBefore", () => {
  it("counts back over a weekend", () => {
    expect(iso(workingTimeBefore(cal, at("2026-11-23T02:00:00+08:00"), 4 * 3600_000))).toBe(
      "2026-11-20T22:00:00+08:00",
    );
  });
  it("counts back over the National Day holiday to the working Wednesday 09-30", () => {
    expect(iso(workingTimeBefore(cal, at("2026-10-08T01:00:00+08:00"), 3 * 3600_000))).toBe(
      "2026-09-30T22:00:00+08:00",
    );
  });
  it("never reminds before the clock started", () => {
    const start = at("2026-11-23T08:00:00+08:00");
    expect(reminderAt(cal, "reply", start, at("2026-11-23T23:59:59.999+08:00"))).toEqual(start);
  });
});

describe("clock state from stored times", () => {
  const c = {
    dueAt: at("2026-11-23T15:00:00+08:00"),
    remindAt: at("2026-11-23T11:00:00+08:00"),
    finishedAt: null as Date | null,
  };
  it("is running, due soon from the reminder time, late after the limit", () => {
    expect(clockState(c, at("2026-11-23T10:59:59+08:00"))).toBe("ok");
    expect(clockState(c, at("2026-11-23T11:00:00+08:00"))).toBe("due_soon");
    expect(clockState(c, at("2026-11-23T15:00:00+08:00"))).toBe("due_soon");
    expect(clockState(c, at("2026-11-23T15:00:01+08:00"))).toBe("late");
  });
  it("is frozen once finished, whatever the time now", () => {
    const done = { ...c, finishedAt: at("2026-11-23T16:30:00+08:00") };
    expect(clockState(done, at("2026-12-31T00:00:00+08:00"))).toBe("done_late");
    expect(finishOutcome(done.dueAt, done.finishedAt)).toEqual({ onTime: false, lateMs: 90 * 60_000 });
    expect(finishOutcome(done.dueAt, done.dueAt)).toEqual({ onTime: true, lateMs: 0 });
    expect(clockState({ ...c, finishedAt: c.dueAt }, at("2026-12-31T00:00:00+08:00"))).toBe("done_on_time");
  });
  it("says how late in words", () => {
    expect(formatDurationZh(90 * 60_000)).toBe("1小时30分钟");
    expect(formatDurationZh((2 * 24 + 3) * 3600_000)).toBe("2天3小时");
    expect(formatDurationZh(1000)).toBe("1分钟");
  });
});

describe("extensions", () => {
  const due = at("2026-10-09T23:59:59.999+08:00");
  it("grant a new limit at 24:00 of a later working day, the make-up Saturday 10-10 included", () => {
    expect(extendedDueAt(cal, due, "2026-10-10")).toEqual({ ok: true, dueAt: at("2026-10-10T23:59:59.999+08:00") });
  });
  it("refuse a day off and a day not after the current limit", () => {
    expect(extendedDueAt(cal, due, "2026-10-11")).toEqual({ ok: false, error: "新的办理期限须为工作日" });
    expect(extendedDueAt(cal, due, "2026-10-09")).toEqual({ ok: false, error: "新的办理期限须晚于原期限" });
  });
});
