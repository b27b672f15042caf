import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatInstant } from "~/domain/calendar";
import { auditHistory } from "~/models/audit.server";
import { loadWorkCalendar } from "~/models/calendar.server";
import { getCycleByMonth } from "~/models/cycle.server";
import { editCalendarDay, setYearConfirmed } from "~/services/calendar.server";
import { assignPeople, generateYear, moveOnsiteDate } from "~/services/cycles.server";
import { scheduleOfYear } from "~/services/schedule.server";
import { createSeededDb, type TestDb, userIdOf } from "./helpers/db";

let t: TestDb;
let officeId: number;
const NOW = new Date("2026-09-01T09:00:00+08:00");

beforeAll(async () => {
  t = await createSeededDb({ now: NOW, years: [2026, 2027] });
  officeId = await userIdOf(t.db, "office");
});
afterAll(async () => t.drop());

const iso = (d: Date) => formatInstant(d);

describe("stored cycles", () => {
  it("are generated once per month with the rule's dates", async () => {
    const oct = (await getCycleByMonth(t.db, "2026-10"))!;
    expect(oct.number).toBe(10);
    expect(oct.onsiteDate).toBe("2026-10-14");
    expect(iso(oct.bookingOpensAt)).toBe("2026-09-11T00:00:00+08:00");
    expect(iso(oct.bookingClosesAt)).toBe("2026-10-08T00:00:00+08:00");
    expect(iso(oct.catalogDueAt)).toBe("2026-10-08T23:59:59+08:00");
    expect(iso(oct.commitmentsDueAt)).toBe("2026-10-19T23:59:59+08:00");
    expect(await generateYear(t.db, { year: 2026, firstCycleMonth: "2026-01", actorId: officeId, now: NOW })).toBe(0);
  });

  it("concurrent generation of the same year makes each cycle once", async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => generateYear(t.db, { year: 2028, firstCycleMonth: "2026-01", actorId: officeId, now: NOW })),
    );
    expect(results.reduce((a, b) => a + b, 0)).toBe(12);
    const rows = await t.db.selectFrom("cycles").select("number").where("month", "like", "2028-%").execute();
    expect(rows.map((r) => r.number).sort((a, b) => a - b)).toEqual([25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36]);
  });

  it("2027 is provisional because its official arrangement is not loaded", async () => {
    const s = await scheduleOfYear(t.db, 2027, "2026-01");
    expect(s.yearConfirmed).toBe(false);
    expect(s.cycles.every((c) => c.provisionalYears.includes(2027))).toBe(true);
    const s26 = await scheduleOfYear(t.db, 2026, "2026-01");
    expect(s26.cycles.filter((c) => c.provisionalYears.length).map((c) => c.month)).toEqual([]);
  });
});

describe("moving an on-site day", () => {
  it("moves the cycle's dependent dates and the next cycle's opening, and records both", async () => {
    const oct = (await getCycleByMonth(t.db, "2026-10"))!;
    const r = await moveOnsiteDate(t.db, {
      cycleId: oct.id,
      onsiteDate: "2026-10-16",
      reason: "市领导公务安排",
      actorId: officeId,
      now: NOW,
    });
    expect(r).toEqual({ ok: true });
    const moved = (await getCycleByMonth(t.db, "2026-10"))!;
    expect(moved.onsiteMoved).toBe(true);
    // 5th working day before Fri 10-16: 15, 14, 13, 12, 10 (the make-up Saturday).
    expect(iso(moved.bookingClosesAt)).toBe("2026-10-10T00:00:00+08:00");
    expect(iso(moved.agendaDueAt)).toBe("2026-10-15T23:59:59+08:00");
    expect(iso(moved.commitmentsDueAt)).toBe("2026-10-21T23:59:59+08:00");
    const nov = (await getCycleByMonth(t.db, "2026-11"))!;
    expect(iso(nov.bookingOpensAt)).toBe("2026-10-20T00:00:00+08:00");
    const octHistory = await auditHistory(t.db, "cycle", oct.id);
    expect(octHistory[0]).toMatchObject({ action: "onsite_moved", reason: "市领导公务安排" });
    expect(octHistory[0].from_value).toMatchObject({ onsiteDate: "2026-10-14" });
    expect(octHistory[0].to_value).toMatchObject({ onsiteDate: "2026-10-16" });
    const novHistory = await auditHistory(t.db, "cycle", nov.id);
    expect(novHistory[0]).toMatchObject({ action: "dates_followed" });
  });

  it("refuses a day off, another month, a passed cycle, and changes nothing", async () => {
    const oct = (await getCycleByMonth(t.db, "2026-10"))!;
    const before = await t.db.selectFrom("cycles").selectAll().orderBy("id").execute();
    const cases: [string, Date, string, string][] = [
      ["2026-10-11", NOW, "2026-10", "现场活动日必须是工作日"],
      ["2026-10-03", NOW, "2026-10", "现场活动日必须是工作日"],
      ["2026-11-02", NOW, "2026-10", "现场活动日必须在本期所在月份内"],
      ["2026-10-20", new Date("2026-10-30T09:00:00+08:00"), "2026-10", "本期现场活动已经举行,不能再调整"],
    ];
    for (const [date, now, , error] of cases) {
      expect(
        await moveOnsiteDate(t.db, { cycleId: oct.id, onsiteDate: date, reason: "测试", actorId: officeId, now }),
      ).toEqual({ ok: false, error });
    }
    expect(await t.db.selectFrom("cycles").selectAll().orderBy("id").execute()).toEqual(before);
  });
});

describe("assigning people", () => {
  it("changes the leader and secretary-general and refuses someone not on the roster", async () => {
    const dec = (await getCycleByMonth(t.db, "2026-12"))!;
    const roster = await t.db.selectFrom("roster_members").select(["id", "kind"]).orderBy("id").execute();
    const leader = roster.filter((r) => r.kind === "leader")[2];
    const sg = roster.filter((r) => r.kind === "secretary_general")[0];
    expect(
      await assignPeople(t.db, {
        cycleId: dec.id,
        leaderId: leader.id,
        secretaryGeneralId: sg.id,
        actorId: officeId,
        now: NOW,
      }),
    ).toEqual({ ok: true });
    expect((await getCycleByMonth(t.db, "2026-12"))!.leaderId).toBe(leader.id);
    // A secretary-general given as the leader is refused.
    expect(
      await assignPeople(t.db, {
        cycleId: dec.id,
        leaderId: sg.id,
        secretaryGeneralId: sg.id,
        actorId: officeId,
        now: NOW,
      }),
    ).toMatchObject({ ok: false });
    const h = await auditHistory(t.db, "cycle", dec.id);
    expect(h[0]).toMatchObject({ action: "people_assigned" });
  });
});

describe("calendar corrections", () => {
  it("a new holiday on an upcoming default on-site day moves that cycle and its dates follow", async () => {
    // 2026-12-09 is December's default day; declare it a day off (and Tue 12-08 too).
    for (const date of ["2026-12-08", "2026-12-09"]) {
      const r = await editCalendarDay(
        t.db,
        { date, kind: "holiday", name: "测试假日", source: "测试通知" },
        { id: officeId, now: NOW },
      );
      expect(r.ok).toBe(true);
    }
    const dec = (await getCycleByMonth(t.db, "2026-12"))!;
    expect(dec.onsiteDate).toBe("2026-12-07"); // Monday of the same week
    expect(iso(dec.bookingClosesAt)).toBe("2026-11-30T00:00:00+08:00");
    // The moved October cycle keeps its day.
    expect((await getCycleByMonth(t.db, "2026-10"))!.onsiteDate).toBe("2026-10-16");
    const cal = await loadWorkCalendar(t.db);
    expect(cal.holidays.has("2026-12-09")).toBe(true);
  });

  it("resetting a day restores the weekday rule; a weekday cannot become a make-up day", async () => {
    expect(
      (await editCalendarDay(t.db, { date: "2026-12-08", kind: "normal", source: "更正" }, { id: officeId, now: NOW }))
        .ok,
    ).toBe(true);
    expect(
      (await editCalendarDay(t.db, { date: "2026-12-09", kind: "normal", source: "更正" }, { id: officeId, now: NOW }))
        .ok,
    ).toBe(true);
    expect((await getCycleByMonth(t.db, "2026-12"))!.onsiteDate).toBe("2026-12-09");
    expect(
      await editCalendarDay(
        t.db,
        { date: "2026-12-10", kind: "makeup", name: "x", source: "测试通知" },
        { id: officeId, now: NOW },
      ),
    ).toMatchObject({ ok: false });
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["action", "entity_id"])
      .where("entity", "=", "calendar_day")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => `${a.entity_id}:${a.action}`)).toEqual([
      "2026-12-08:added",
      "2026-12-09:added",
      "2026-12-08:reset",
      "2026-12-09:reset",
    ]);
  });

  it("confirming a year removes the provisional flag", async () => {
    expect(
      await setYearConfirmed(t.db, {
        year: 2027,
        confirmed: true,
        source: "国务院办公厅关于2027年部分节假日安排的通知",
        actorId: officeId,
        now: NOW,
      }),
    ).toMatchObject({ ok: true });
    expect((await scheduleOfYear(t.db, 2027, "2026-01")).yearConfirmed).toBe(true);
    expect(
      await setYearConfirmed(t.db, { year: 2027, confirmed: true, source: null, actorId: officeId, now: NOW }),
    ).toMatchObject({ ok: false });
  });
});
