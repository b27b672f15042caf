/**
 * The assignment's transition table through its one writer: every row works for each role it lists and each
 * part it applies to; any other role, part or state is refused with a Chinese message and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AssignmentRole, AssignmentState } from "~/domain/appeal";
import { ASSIGNMENT_TRANSITIONS, type AssignmentTransition } from "~/domain/assignment-transitions";
import { ROLES, type Role } from "~/domain/roles";
import { transitionAssignment } from "~/services/assignment-state.server";
import { createSeededDb, type TestDb } from "./helpers/db";
import { bookedAppeal, expectRefusedUnchanged, personOfEveryRole } from "./helpers/transitions";

let t: TestDb;
let people: Map<Role, number>;
const STATES: AssignmentState[] = ["assigned", "accepted", "disputed", "done", "ended"];
const PARTS: AssignmentRole[] = ["lead", "co", "county"];
const NOW = new Date("2026-11-20T10:00:00+08:00");

beforeAll(async () => {
  t = await createSeededDb();
  people = await personOfEveryRole(t.db);
});
afterAll(async () => t.drop());

/** An assignment of a fresh appeal, in `state` and `part` (the test's own setup). */
async function assignmentIn(state: AssignmentState, part: AssignmentRole): Promise<number> {
  const appealId = await bookedAppeal(t.db, NOW);
  const org = await t.db
    .selectFrom("organisations")
    .select("id")
    .where("kind", "=", part === "county" ? "county" : "department")
    .executeTakeFirstOrThrow();
  const row = await t.db
    .insertInto("appeal_assignments")
    .values({ appeal_id: appealId, organisation_id: org.id, role: part, assigned_at: NOW, assigned_by: null, state })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const snapshot = (id: number) =>
  t.db.selectFrom("appeal_assignments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

const attempt = (id: number, row: AssignmentTransition, actorId: number | null) =>
  t.db
    .transaction()
    .execute((trx) =>
      transitionAssignment(trx, { assignmentId: id, action: row.action, actorId, patch: { ended_reason: "测试" } }),
    );

describe.each(ASSIGNMENT_TRANSITIONS.map((row) => [`${row.from} —${row.action}→ ${row.to}`, row] as const))(
  "%s",
  (_name, row) => {
    const allowedActor = () => people.get(row.roles[0] as Role)!;

    it(`works for ${row.roles.join(", ")} on a ${row.parts.join(" or ")} assignment`, async () => {
      for (const part of row.parts)
        for (const role of row.roles) {
          const id = await assignmentIn(row.from, part);
          expect(await attempt(id, row, people.get(role as Role)!)).toEqual({ from: row.from, to: row.to });
          expect(await snapshot(id)).toMatchObject({ state: row.to, ended_reason: "测试" });
        }
    });

    it("is refused, changing nothing, for another role, another part or from another state", async () => {
      const id = await assignmentIn(row.from, row.parts[0]);
      for (const role of ROLES.filter((r) => !row.roles.includes(r)))
        await expectRefusedUnchanged(
          () => attempt(id, row, people.get(role)!),
          () => snapshot(id),
        );
      for (const part of PARTS.filter((p) => !row.parts.includes(p))) {
        const other = await assignmentIn(row.from, part);
        await expectRefusedUnchanged(
          () => attempt(other, row, allowedActor()),
          () => snapshot(other),
        );
      }
      const froms = ASSIGNMENT_TRANSITIONS.filter((r) => r.action === row.action).map((r) => r.from);
      for (const state of STATES.filter((s) => !froms.includes(s))) {
        const other = await assignmentIn(state, row.parts[0]);
        await expectRefusedUnchanged(
          () => attempt(other, row, allowedActor()),
          () => snapshot(other),
        );
      }
    });
  },
);
