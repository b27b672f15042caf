import { describe, expect, it } from "vitest";
import { calendar2026 } from "../../tests/fixtures/calendar-2026";
import { formatInstant } from "./calendar";
import { cycleDates } from "./cycle-schedule";
import {
  allowedSteps,
  commitmentDeadlineProblem,
  mayTake,
  ratingDueAt,
  silenceCountsAsSatisfied,
  stateAfterRating,
  trackedDeadline,
} from "./tasks";

const at = (s: string) => new Date(s);
const iso = (d: Date) => formatInstant(d);

describe("commitments: by the end of the 3rd working day after the on-site day", () => {
  it("counts the make-up Saturday 2026-10-10 as a working day", () => {
    // On-site day Thursday 2026-10-08 (right after the National Day holiday): 10-09 (Fri) is the 1st working
    // day, 10-10 (make-up Saturday) the 2nd, 10-12 (Mon) the 3rd. Without the make-up day it would be 10-13.
    const d = cycleDates(calendar2026, "2026-10-08", "2026-09-09");
    expect(iso(d.commitmentsDueAt)).toBe("2026-10-12T23:59:59+08:00");
  });

  it("skips the Spring Festival holiday and counts the make-up Saturday 02-14", () => {
    // On-site day Thursday 2026-02-12: 02-13 (Fri) 1st, 02-14 (make-up Sat) 2nd, then 02-15..02-23 is the
    // holiday, 02-24 (Tue) the 3rd.
    const d = cycleDates(calendar2026, "2026-02-12", "2026-01-14");
    expect(iso(d.commitmentsDueAt)).toBe("2026-02-24T23:59:59+08:00");
  });
});

describe("rating: 5 natural days from the completion notice, silence counts as satisfied", () => {
  it("ends at 24:00 of the 5th natural day after the notice's day, weekends and holidays included", () => {
    expect(iso(ratingDueAt(at("2026-12-01T10:00:00+08:00")))).toBe("2026-12-06T23:59:59+08:00");
    // A notice late in the evening still gets five whole days after its own.
    expect(iso(ratingDueAt(at("2026-09-30T23:30:00+08:00")))).toBe("2026-10-05T23:59:59+08:00");
  });

  it("counts silence as satisfied only once the time has run out, not at its last moment", () => {
    const due = ratingDueAt(at("2026-12-01T10:00:00+08:00"));
    expect(silenceCountsAsSatisfied(due, due)).toBe(false);
    expect(silenceCountsAsSatisfied(due, new Date(due.getTime() - 1))).toBe(false);
    expect(silenceCountsAsSatisfied(due, new Date(due.getTime() + 1))).toBe(true);
    expect(silenceCountsAsSatisfied(due, at("2026-12-07T00:00:00+08:00"))).toBe(true);
  });

  it("closes the task when satisfied (or silent), returns it to the lead department when dissatisfied", () => {
    expect(stateAfterRating("satisfied")).toBe("closed");
    expect(stateAfterRating("default_satisfied")).toBe("closed");
    expect(stateAfterRating("dissatisfied")).toBe("reopened");
  });
});

describe("the steps each state allows", () => {
  it("commit once, then progress and completion, rating, and a final decision after dissatisfaction", () => {
    expect(allowedSteps("open")).toEqual(["commit"]);
    expect(mayTake("committed", "complete")).toBe(true);
    expect(mayTake("committed", "commit")).toBe(false);
    expect(mayTake("completed", "rate")).toBe(true);
    expect(mayTake("completed", "complete")).toBe(false);
    expect(mayTake("reopened", "final")).toBe(true);
    expect(mayTake("reopened", "rate")).toBe(false);
    expect(allowedSteps("closed")).toEqual([]);
  });

  it("refuses a completion deadline before the on-site day", () => {
    expect(commitmentDeadlineProblem("2026-12-08", "2026-12-09")).toMatch(/不能早于/);
    expect(commitmentDeadlineProblem("2026-12-09", "2026-12-09")).toBeNull();
  });
});

describe("the deadline the supervisor tracks", () => {
  const commitmentDueAt = at("2026-12-14T23:59:59.999+08:00");
  it("is the commitment's until published, then the committed completion date, then none", () => {
    expect(trackedDeadline({ state: "open", commitmentDueAt, committedDeadline: null })).toEqual({
      kind: "commitment",
      dueAt: commitmentDueAt,
    });
    expect(trackedDeadline({ state: "committed", commitmentDueAt, committedDeadline: "2027-01-15" })).toEqual({
      kind: "completion",
      dueAt: at("2027-01-15T23:59:59.999+08:00"),
    });
    expect(trackedDeadline({ state: "reopened", commitmentDueAt, committedDeadline: "2027-01-15" })?.kind).toBe(
      "completion",
    );
    expect(trackedDeadline({ state: "completed", commitmentDueAt, committedDeadline: "2027-01-15" })).toBeNull();
    expect(trackedDeadline({ state: "closed", commitmentDueAt, committedDeadline: "2027-01-15" })).toBeNull();
  });
});
