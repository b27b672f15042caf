/**
 * The appeal's transition table, taken through its one writer against a real database: every row works for
 * each role it lists (status, history event, owed notices), and for every other role, and from every other
 * status, the step is refused with a Chinese message and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppealStatus } from "~/domain/appeal";
import { APPEAL_TRANSITIONS, type AppealTransition } from "~/domain/appeal-transitions";
import { ROLES, type Role } from "~/domain/roles";
import { transitionAppeal } from "~/services/appeal-state.server";
import { Refusal } from "~/services/refusal.server";
import { createSeededDb, type TestDb } from "./helpers/db";
import { bookedAppeal, expectRefusedUnchanged, personOfEveryRole } from "./helpers/transitions";

let t: TestDb;
let people: Map<Role, number>;
const ALL_STATUSES: AppealStatus[] = [
  "registry_review",
  "screening",
  "rejected",
  "county",
  "escalation_review",
  "county_resolved",
  "city",
  "replied",
];
const NOW = new Date("2026-11-20T10:00:00+08:00");

beforeAll(async () => {
  t = await createSeededDb();
  people = await personOfEveryRole(t.db);
});
afterAll(async () => t.drop());

/** A fresh appeal, put straight into `status` (the test's own setup, not a transition). */
async function appealIn(status: AppealStatus): Promise<number> {
  const id = await bookedAppeal(t.db, NOW);
  await t.db.updateTable("appeals").set({ status }).where("id", "=", id).execute();
  return id;
}

async function snapshot(appealId: number) {
  const a = await t.db.selectFrom("appeals").selectAll().where("id", "=", appealId).executeTakeFirstOrThrow();
  const events = await t.db.selectFrom("appeal_events").select("action").where("appeal_id", "=", appealId).execute();
  const notices = await t.db.selectFrom("notifications").select("template").where("appeal_id", "=", appealId).execute();
  return { status: a.status, updatedAt: a.updated_at, events: events.length, notices: notices.map((n) => n.template) };
}

function attempt(appealId: number, row: AppealTransition, actorId: number | null) {
  return t.db.transaction().execute((trx) =>
    transitionAppeal(trx, {
      appealId,
      action: row.action,
      to: row.to,
      actorId,
      at: NOW,
      reason: "测试",
      owed: row.notices === "county_reply" ? { countyReply: { countyName: "湘桥区人民政府", body: "已办结" } } : {},
    }),
  );
}

const expectRefused = (appealId: number, row: AppealTransition, actorId: number | null) =>
  expectRefusedUnchanged(
    () => attempt(appealId, row, actorId),
    () => snapshot(appealId),
  );

const NOTICE_TEMPLATES: Record<AppealTransition["notices"], (to: AppealStatus) => string[]> = {
  decision: (to) => (to === "screening" ? ["registry-confirmed"] : ["screening-result"]),
  assignment: () => [],
  county_reply: () => ["county-reply"],
  none: () => [],
};

describe.each(APPEAL_TRANSITIONS.map((row) => [`${row.from} —${row.action}→ ${row.to}`, row] as const))(
  "%s",
  (_name, row) => {
    it.each(row.roles.filter((r): r is Role => r !== "system"))("works for %s", async (role) => {
      const id = await appealIn(row.from);
      const before = await snapshot(id);
      const out = await attempt(id, row, people.get(role)!);
      expect(out).toMatchObject({ from: row.from, to: row.to });
      const after = await snapshot(id);
      expect(after.status).toBe(row.to);
      expect(after.events).toBe(before.events + 1);
      const event = await t.db
        .selectFrom("appeal_events")
        .selectAll()
        .where("appeal_id", "=", id)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(event).toMatchObject({ action: row.action, from_status: row.from, to_status: row.to });
      expect(after.notices.slice(before.notices.length)).toEqual(NOTICE_TEMPLATES[row.notices](row.to));
    });

    it("is refused, changing nothing, for every other role and for the platform itself", async () => {
      const id = await appealIn(row.from);
      for (const role of ROLES.filter((r) => !row.roles.includes(r))) await expectRefused(id, row, people.get(role)!);
      if (!row.roles.includes("system")) await expectRefused(id, row, null);
    });

    it("is refused, changing nothing, from every other status", async () => {
      const allowed = people.get(row.roles[0] as Role)!;
      for (const status of ALL_STATUSES.filter((s) => s !== row.from))
        await expectRefused(await appealIn(status), row, allowed);
    });
  },
);

describe("a concurrent transition", () => {
  it("loses cleanly: of two screenings of one appeal, one routes it and the other is refused in Chinese", async () => {
    const id = await appealIn("screening");
    const office = people.get("platform_admin")!;
    const routes = APPEAL_TRANSITIONS.filter((r) => r.from === "screening");
    const results = await Promise.allSettled([attempt(id, routes[0], office), attempt(id, routes[1], office)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(Refusal);
    expect((lost.reason as Refusal).message).toContain("该诉求已由他人处理");
    const events = await t.db.selectFrom("appeal_events").select("action").where("appeal_id", "=", id).execute();
    expect(events.filter((e) => routes.some((r) => r.action === e.action))).toHaveLength(1);
  });
});
