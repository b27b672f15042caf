/**
 * `npm run --silent schedule -- 2026 --json`: the default plan of a year from the calendar data shipped
 * with the project, with no database, in the shape of GET /api/v1/cycles. The dates are worked out by hand
 * from the State Council's 2026 arrangement: October's window closes on 10-08 because the make-up
 * Saturday 10-10 counts as a working day, May's on 05-07 because of the make-up Saturday 05-09.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CYCLE_10_OF_2026 } from "../fixtures/cycle-10-2026";

const ROOT = path.resolve(__dirname, "../..");

function schedule(...args: string[]): string {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["app/cli/schedule.ts", ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
  });
}

describe("npm run schedule", () => {
  it("prints the year's twelve cycles as JSON in the API's shape, without a database", () => {
    const out = JSON.parse(schedule("2026", "--json"));
    expect(out).toMatchObject({ year: 2026, calendarConfirmed: true });
    expect(out.cycles.map((c: { number: number }) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(out.cycles[9]).toEqual({
      ...CYCLE_10_OF_2026,
      leader: null,
      secretaryGeneral: null,
      provisional: false,
    });
    expect(out.cycles[4]).toMatchObject({
      month: "2026-05",
      onsiteDate: "2026-05-13",
      bookingClosesAt: "2026-05-07T00:00:00+08:00",
      commitmentsDueAt: "2026-05-18T23:59:59+08:00",
    });
  }, 30_000);

  it("marks a year without an official arrangement as provisional, and explains its usage", () => {
    const out = JSON.parse(schedule("2027", "--json"));
    expect(out.calendarConfirmed).toBe(false);
    expect(out.cycles.every((c: { provisional: boolean }) => c.provisional)).toBe(true);
    expect(() => schedule("twenty")).toThrow(/用法/);
  }, 30_000);
});
