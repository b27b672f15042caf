import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCity } from "../../db/seed/index";
import { DEMO_ACCOUNTS } from "../../db/seed/demo-city";
import { checkCreditCode } from "~/domain/credit-code";
import { createTestDb, type TestDb } from "./helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

const NOW = new Date("2026-11-21T10:00:00+08:00");

describe("demo city seed", () => {
  it("creates the city and is idempotent", async () => {
    const first = await seedDemoCity(t.db, { now: NOW, firstCycleMonth: "2026-01", years: [2026, 2027] });
    expect(first.accounts).toBe(DEMO_ACCOUNTS.length);
    expect(first.cycles).toBe(24);
    const counts = async () => ({
      orgs: (await t.db.selectFrom("organisations").select("id").execute()).length,
      users: (await t.db.selectFrom("users").select("id").execute()).length,
      enterprises: (await t.db.selectFrom("enterprises").select("id").execute()).length,
      cycles: (await t.db.selectFrom("cycles").select("id").execute()).length,
      days: (await t.db.selectFrom("calendar_days").select("date").execute()).length,
      roster: (await t.db.selectFrom("roster_members").select("id").execute()).length,
    });
    const before = await counts();
    const second = await seedDemoCity(t.db, { now: NOW, firstCycleMonth: "2026-01", years: [2026, 2027] });
    expect(second.accounts).toBe(0);
    expect(second.cycles).toBe(0);
    expect(await counts()).toEqual(before);
    expect(before.enterprises).toBeGreaterThanOrEqual(300);
    expect(before.orgs).toBeGreaterThanOrEqual(5 + 15 + 6 + 1);
  });

  it("has the five counties and administrations, one account per role, valid registry codes", async () => {
    const counties = await t.db
      .selectFrom("organisations")
      .select("short_name")
      .where("kind", "=", "county")
      .orderBy("id")
      .execute();
    expect(counties.map((c) => c.short_name)).toEqual(["湘桥区", "潮安区", "饶平县", "枫溪区", "潮州新区"]);
    const roles = await t.db.selectFrom("users").select("role").distinct().execute();
    expect(roles).toHaveLength(11);
    const codes = await t.db.selectFrom("enterprises").select("credit_code").execute();
    expect(codes.every((c) => checkCreditCode(c.credit_code) === "valid")).toBe(true);
    const depts = await t.db
      .selectFrom("organisations")
      .select(["contact_name", "contact_phone"])
      .where("kind", "=", "department")
      .execute();
    expect(depts.length).toBe(15);
    expect(depts.every((d) => d.contact_name && d.contact_phone)).toBe(true);
    // Every staff organisation's contact has a mobile (SMS notices reach it) and an address of its own.
    const staff = await t.db
      .selectFrom("organisations")
      .select(["contact_phone", "contact_email"])
      .where("kind", "!=", "enterprise")
      .execute();
    expect(staff.every((o) => /^1[3-9]\d{9}$/.test(o.contact_phone ?? ""))).toBe(true);
    expect(new Set(staff.map((o) => o.contact_email)).size).toBe(staff.length);
  });

  it("pre-fills leaders and secretaries-general by rotating through the roster", async () => {
    const rows = await t.db
      .selectFrom("cycles")
      .innerJoin("roster_members as l", "l.id", "cycles.leader_id")
      .innerJoin("roster_members as s", "s.id", "cycles.secretary_general_id")
      .select(["cycles.number", "l.position as lp", "s.position as sp"])
      .orderBy("cycles.number")
      .execute();
    // 6 leaders and 4 secretaries-general: cycle n gets leader ((n-1) mod 6)+1 and SG ((n-1) mod 4)+1,
    // except the current month's cycle and the next (11 and 12 at NOW), named for the demo accounts below.
    expect(rows).toHaveLength(24);
    for (const r of rows.filter((r) => r.number !== 11 && r.number !== 12)) {
      expect(r.lp).toBe(((r.number - 1) % 6) + 1);
      expect(r.sp).toBe(((r.number - 1) % 4) + 1);
    }
  });

  it("names the demo leader and secretary-general for the current month's cycle and the next, once", async () => {
    const people = async () =>
      t.db
        .selectFrom("cycles")
        .innerJoin("roster_members as l", "l.id", "cycles.leader_id")
        .innerJoin("roster_members as s", "s.id", "cycles.secretary_general_id")
        .innerJoin("users as lu", "lu.id", "l.user_id")
        .innerJoin("users as su", "su.id", "s.user_id")
        .select(["cycles.number", "lu.username as leader", "su.username as secretary"])
        .orderBy("cycles.number")
        .execute();
    // Both by the rota only on cycles 1 and 13 (leader 1 of 6, secretary-general 1 of 4); 11 and 12 named.
    expect((await people()).map((p) => [p.number, p.leader, p.secretary])).toEqual(
      [1, 11, 12, 13].map((n) => [n, "leader", "secretary"]),
    );
    const assigned = await t.db
      .selectFrom("audit_events")
      .select("entity_id")
      .where("entity", "=", "cycle")
      .where("action", "=", "people_assigned")
      .execute();
    // Cycle 11 and 12 were changed by it; seeding again changes nothing.
    expect(assigned).toHaveLength(2);
  });
});
