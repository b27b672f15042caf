/**
 * The extension table through its one writer: every row works for each role it lists (the request made or
 * decided, the appeal's history event under the same action), and for every other role, and from every other
 * state, it is refused with a Chinese message and nothing changes. Of two concurrent decisions, one wins.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCity } from "../../db/seed/index";
import { EXTENSION_TRANSITIONS, type ExtensionState } from "~/domain/extension-transitions";
import type { Transition } from "~/domain/transitions";
import { ROLES, type Role } from "~/domain/roles";
import { transitionExtension } from "~/services/extension-state.server";
import { Refusal } from "~/services/refusal.server";
import { createTestDb, type TestDb } from "./helpers/db";
import { bookedAppeal, expectRefusedUnchanged, personOfEveryRole } from "./helpers/transitions";

let t: TestDb;
let people: Map<Role, number>;
const NOW = new Date("2026-11-25T10:00:00+08:00");
const LATER = new Date("2026-12-10T16:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoCity(t.db, { now: new Date("2026-09-01T09:00:00+08:00"), firstCycleMonth: "2026-01", years: [2026] });
  people = await personOfEveryRole(t.db);
});
afterAll(async () => t.drop());

/** An appeal with an open reply clock and, for states past none, its extension request in `state`. */
async function clockWithRequestIn(state: ExtensionState) {
  const appealId = await bookedAppeal(t.db, new Date("2026-11-20T10:00:00+08:00"));
  const dept = await t.db
    .selectFrom("organisations")
    .select("id")
    .where("kind", "=", "department")
    .executeTakeFirstOrThrow();
  const assignment = await t.db
    .insertInto("appeal_assignments")
    .values({ appeal_id: appealId, organisation_id: dept.id, role: "lead", assigned_at: NOW, state: "accepted" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const clock = await t.db
    .insertInto("appeal_clocks")
    .values({
      appeal_id: appealId,
      assignment_id: assignment.id,
      organisation_id: dept.id,
      kind: "reply",
      started_at: NOW,
      due_at: LATER,
      original_due_at: LATER,
      remind_at: LATER,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  let extensionId = 0;
  if (state !== "none")
    extensionId = (
      await t.db
        .insertInto("appeal_extensions")
        .values({
          appeal_id: appealId,
          clock_id: clock.id,
          organisation_id: dept.id,
          reason: "需会商",
          requested_at: NOW,
          decision: state === "pending" ? null : state,
          decided_at: state === "pending" ? null : NOW,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  return { appealId, clockId: clock.id, organisationId: dept.id, extensionId };
}

async function snapshot(appealId: number) {
  const extensions = await t.db
    .selectFrom("appeal_extensions")
    .select(["id", "decision", "decided_at", "new_due_at"])
    .where("appeal_id", "=", appealId)
    .orderBy("id")
    .execute();
  const events = await t.db.selectFrom("appeal_events").select("action").where("appeal_id", "=", appealId).execute();
  return { extensions, events: events.map((e) => e.action) };
}

type Row = Transition<ExtensionState, (typeof EXTENSION_TRANSITIONS)[number]["action"]>;

function attempt(c: Awaited<ReturnType<typeof clockWithRequestIn>>, row: Row, actorId: number) {
  const common = { appealId: c.appealId, appealStatus: "city" as const, actorId, at: NOW, reason: "测试" };
  return t.db.transaction().execute((trx) =>
    transitionExtension(
      trx,
      row.action === "extension_requested"
        ? {
            ...common,
            action: row.action,
            request: {
              appealId: c.appealId,
              clockId: c.clockId,
              organisationId: c.organisationId,
              reason: "需会商",
              requestedDueDate: null,
            },
          }
        : row.action === "extension_granted"
          ? { ...common, action: row.action, extensionId: c.extensionId, newDueAt: LATER, note: null }
          : { ...common, action: row.action, extensionId: c.extensionId, note: "理由不充分" },
    ),
  );
}

const DECIDED: Record<ExtensionState, "granted" | "refused" | null> = {
  none: null,
  pending: null,
  granted: "granted",
  refused: "refused",
};

describe.each(EXTENSION_TRANSITIONS.map((row) => [`${row.from} —${row.action}→ ${row.to}`, row] as const))(
  "%s",
  (_name, row) => {
    it(`works for ${row.roles.join(", ")}`, async () => {
      for (const role of row.roles) {
        const c = await clockWithRequestIn(row.from);
        const before = await snapshot(c.appealId);
        await attempt(c, row, people.get(role as Role)!);
        const after = await snapshot(c.appealId);
        expect(after.extensions).toHaveLength(1);
        expect(after.extensions[0].decision).toBe(DECIDED[row.to]);
        expect(after.extensions[0].new_due_at).toEqual(row.to === "granted" ? LATER : null);
        expect(after.events).toEqual([...before.events, row.action]);
      }
    });

    it("is refused, changing nothing, for every other role", async () => {
      for (const role of ROLES.filter((r) => !row.roles.includes(r))) {
        const c = await clockWithRequestIn(row.from);
        await expectRefusedUnchanged(
          () => attempt(c, row, people.get(role)!),
          () => snapshot(c.appealId),
        );
      }
    });

    it("is refused, changing nothing, from every other state", async () => {
      const role = row.roles[0] as Role;
      // A clock may be extended more than once: a new request is refused only while one is pending.
      const others: ExtensionState[] =
        row.from === "none" ? ["pending"] : (["granted", "refused"] as const).filter((s) => s !== row.from);
      for (const state of others) {
        const c = await clockWithRequestIn(state);
        const before = await snapshot(c.appealId);
        const err = await attempt(c, row, people.get(role)!).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(Refusal);
        expect((err as Refusal).message).toMatch(/[\u4e00-\u9fff]/);
        expect(await snapshot(c.appealId)).toEqual(before);
      }
    });
  },
);

it("lets exactly one of two concurrent decisions on a request through", async () => {
  const c = await clockWithRequestIn("pending");
  const [grant, refuse] = [EXTENSION_TRANSITIONS[1], EXTENSION_TRANSITIONS[2]];
  const results = await Promise.allSettled([
    attempt(c, grant, people.get("platform_admin")!),
    attempt(c, refuse, people.get("platform_admin")!),
  ]);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  expect((await snapshot(c.appealId)).events).toHaveLength(2);
});
