import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRoster } from "~/models/cycle.server";
import { generateYear } from "~/services/cycles.server";
import { addRosterMember, moveRosterMember, setRosterMemberActive } from "~/services/roster.server";
import { createSeededDb, type TestDb, userIdOf } from "./helpers/db";

let t: TestDb;
let officeId: number;
const NOW = new Date("2026-11-20T10:00:00+08:00");

beforeAll(async () => {
  t = await createSeededDb({ now: NOW, years: [] });
  officeId = await userIdOf(t.db, "office");
});
afterAll(async () => t.drop());

const names = async (kind: "leader" | "secretary_general") => (await listRoster(t.db, kind)).map((m) => m.name);

describe("rotation roster", () => {
  it("adds at the end, refuses a duplicate, reorders and deactivates; generation follows the roster", async () => {
    expect(
      await addRosterMember(t.db, { kind: "leader", name: "方志诚", title: "副市长", actorId: officeId, now: NOW }),
    ).toEqual({ ok: true });
    expect(
      await addRosterMember(t.db, { kind: "leader", name: "方志诚", title: "副市长", actorId: officeId, now: NOW }),
    ).toMatchObject({ ok: false, field: "name" });
    expect((await names("leader")).at(-1)).toBe("方志诚");

    const roster = await listRoster(t.db, "leader");
    expect(await moveRosterMember(t.db, { id: roster[1].id, direction: "up", actorId: officeId, now: NOW })).toEqual({
      ok: true,
    });
    expect((await names("leader")).slice(0, 2)).toEqual([roster[1].name, roster[0].name]);
    expect(
      await moveRosterMember(t.db, { id: roster[1].id, direction: "up", actorId: officeId, now: NOW }),
    ).toMatchObject({ ok: false });

    // Deactivate the first: cycle 1 of a newly generated year goes to the next active one.
    expect(await setRosterMemberActive(t.db, { id: roster[1].id, active: false, actorId: officeId, now: NOW })).toEqual(
      { ok: true },
    );
    await generateYear(t.db, { year: 2026, firstCycleMonth: "2026-01", actorId: officeId, now: NOW });
    const jan = await t.db
      .selectFrom("cycles")
      .innerJoin("roster_members", "roster_members.id", "cycles.leader_id")
      .select("roster_members.name")
      .where("month", "=", "2026-01")
      .executeTakeFirstOrThrow();
    expect(jan.name).toBe(roster[0].name);
    const audit = await t.db
      .selectFrom("audit_events")
      .select("action")
      .where("entity", "=", "roster")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["added", "reordered", "deactivated"]);
  });
});
