/**
 * The task's transition table through its one writer: every row works for each role it lists (state, the
 * appeal's history event, the task's audit record, the owed notice), and for every other role, and from
 * every other state, it is refused with a Chinese message and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "~/domain/roles";
import { TASK_TRANSITIONS, type TaskState, type TaskTransition } from "~/domain/tasks";
import { transitionTask } from "~/services/task-state.server";
import { createSeededDb, type TestDb } from "./helpers/db";
import { bookedAppeal, expectRefusedUnchanged, personOfEveryRole } from "./helpers/transitions";

let t: TestDb;
let people: Map<Role, number>;
const ALL_STATES: TaskState[] = ["open", "committed", "completed", "reopened", "closed"];
const NOW = new Date("2026-12-20T10:00:00+08:00");

beforeAll(async () => {
  t = await createSeededDb();
  people = await personOfEveryRole(t.db);
});
afterAll(async () => t.drop());

/** A task of a fresh appeal, put straight into `state` (the test's own setup). */
async function taskIn(state: TaskState): Promise<number> {
  const appealId = await bookedAppeal(t.db, new Date("2026-11-20T10:00:00+08:00"));
  const a = await t.db.selectFrom("appeals").select("cycle_id").where("id", "=", appealId).executeTakeFirstOrThrow();
  const dept = await t.db
    .selectFrom("organisations")
    .select("id")
    .where("kind", "=", "department")
    .executeTakeFirstOrThrow();
  const row = await t.db
    .insertInto("tasks")
    .values({
      appeal_id: appealId,
      cycle_id: a.cycle_id,
      organisation_id: dept.id,
      decision: "现场议定:协调办理",
      due_date: "2027-01-31",
      state,
      created_at: NOW,
      commitment_due_at: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function snapshot(taskId: number) {
  const task = await t.db.selectFrom("tasks").selectAll().where("id", "=", taskId).executeTakeFirstOrThrow();
  const audit = await t.db
    .selectFrom("audit_events")
    .select("action")
    .where("entity", "=", "task")
    .where("entity_id", "=", String(taskId))
    .execute();
  const events = await t.db
    .selectFrom("appeal_events")
    .select("action")
    .where("appeal_id", "=", task.appeal_id)
    .execute();
  const notices = await t.db
    .selectFrom("notifications")
    .select("template")
    .where("appeal_id", "=", task.appeal_id)
    .execute();
  return { task, audit: audit.length, events: events.length, notices: notices.map((n) => n.template) };
}

function attempt(taskId: number, row: TaskTransition, actorId: number | null) {
  return t.db.transaction().execute((trx) =>
    transitionTask(trx, {
      taskId,
      action: row.action,
      to: row.to,
      actorId,
      at: NOW,
      patch:
        row.action === "task.completed"
          ? { completed_at: NOW, completion_result: "已办结", rating_due_at: NOW }
          : row.action === "task.rated"
            ? { rating: row.to === "closed" ? "satisfied" : "dissatisfied", rating_reason: "测试", rated_at: NOW }
            : {},
      publicNote: "测试",
    }),
  );
}

const NOTICE_TEMPLATES: Record<TaskTransition["notices"], string[]> = {
  completion: ["completion-notice"],
  dissatisfied: ["dissatisfied-notice"],
  none: [],
};

describe.each(TASK_TRANSITIONS.map((row) => [`${row.from} —${row.action}→ ${row.to}`, row] as const))(
  "%s",
  (_name, row) => {
    const allowed = () => row.roles.map((r) => (r === "system" ? null : people.get(r)!));

    it(`works for ${row.roles.join(", ")}`, async () => {
      for (const actorId of allowed()) {
        const id = await taskIn(row.from);
        const before = await snapshot(id);
        expect(await attempt(id, row, actorId)).toEqual({ from: row.from, to: row.to });
        const after = await snapshot(id);
        expect(after.task.state).toBe(row.to);
        expect(after.audit).toBe(before.audit + 1);
        expect(after.events).toBe(before.events + 1);
        const event = await t.db
          .selectFrom("appeal_events")
          .selectAll()
          .where("appeal_id", "=", after.task.appeal_id)
          .orderBy("id", "desc")
          .executeTakeFirstOrThrow();
        expect(event.action).toBe(row.event);
        const audit = await t.db
          .selectFrom("audit_events")
          .selectAll()
          .where("entity", "=", "task")
          .where("entity_id", "=", String(id))
          .orderBy("id", "desc")
          .executeTakeFirstOrThrow();
        expect(audit).toMatchObject({ action: row.action, actor_id: actorId });
        expect(after.notices.slice(before.notices.length).every((n) => NOTICE_TEMPLATES[row.notices].includes(n))).toBe(
          true,
        );
        expect(new Set(after.notices.slice(before.notices.length))).toEqual(new Set(NOTICE_TEMPLATES[row.notices]));
      }
    });

    it("is refused, changing nothing, for every other role (and for the platform, unless listed)", async () => {
      const id = await taskIn(row.from);
      const others = [
        ...ROLES.filter((r) => !row.roles.includes(r)).map((r) => people.get(r)!),
        ...(row.roles.includes("system") ? [] : [null]),
      ];
      for (const actorId of others)
        await expectRefusedUnchanged(
          () => attempt(id, row, actorId),
          () => snapshot(id),
        );
    });

    it("is refused, changing nothing, from every other state", async () => {
      for (const state of ALL_STATES.filter((s) => s !== row.from)) {
        const id = await taskIn(state);
        await expectRefusedUnchanged(
          () => attempt(id, row, allowed()[0]),
          () => snapshot(id),
        );
      }
    });
  },
);
