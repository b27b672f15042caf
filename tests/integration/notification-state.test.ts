/**
 * The outbox message's table through its one writer: every row works for the actor it lists (the worker is
 * the platform itself; the office's step is audited), every other actor is refused with a Chinese message,
 * and from every other status, or under another worker's lock, nothing changes and the writer answers false.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOTIFICATION_TRANSITIONS, type NotificationStatus } from "~/domain/notification";
import { ROLES, type Role } from "~/domain/roles";
import { transitionNotification } from "~/services/notification-state.server";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeOrganisation } from "./helpers/factories";
import { expectRefusedUnchanged, personOfEveryRole } from "./helpers/transitions";

let t: TestDb;
let people: Map<Role, number>;
const NOW = new Date("2026-12-20T10:00:00+08:00");
const LOCK = new Date("2026-12-20T10:01:00+08:00");
const STATUSES: NotificationStatus[] = ["pending", "sent", "captured", "failed"];

beforeAll(async () => {
  t = await createTestDb();
  await makeOrganisation(t.db, "platform_office");
  people = await personOfEveryRole(t.db);
});
afterAll(async () => t.drop());

let n = 0;
async function messageIn(status: NotificationStatus, lockedUntil: Date | null = LOCK): Promise<number> {
  n++;
  const row = await t.db
    .insertInto("notifications")
    .values({
      dedupe_key: `state-test:${n}`,
      channel: "sms",
      recipient: "13800001111",
      template: "appeal-receipt",
      body_text: "测试",
      status,
      next_attempt_at: NOW,
      locked_until: lockedUntil,
      created_at: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function snapshot(id: number) {
  const message = await t.db.selectFrom("notifications").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const audit = await t.db
    .selectFrom("audit_events")
    .select("action")
    .where("entity", "=", "notification")
    .where("entity_id", "=", String(id))
    .execute();
  return { message, audit: audit.map((a) => a.action) };
}

type Row = (typeof NOTIFICATION_TRANSITIONS)[number];
const actorIdOf = (actor: Row["roles"][number]) => (actor === "system" ? null : people.get(actor)!);

function attempt(id: number, row: Row, actorId: number | null, lock: Date | undefined = LOCK) {
  return t.db.transaction().execute((trx) =>
    transitionNotification(trx, {
      id,
      action: row.action,
      actorId,
      at: NOW,
      lock: actorId === null ? lock : undefined,
      patch: { attempts: 3 },
    }),
  );
}

describe.each(NOTIFICATION_TRANSITIONS.map((row) => [`${row.from} —${row.action}→ ${row.to}`, row] as const))(
  "%s",
  (_name, row) => {
    it(`works for ${row.roles.join(", ")}`, async () => {
      for (const actor of row.roles) {
        const id = await messageIn(row.from);
        expect(await attempt(id, row, actorIdOf(actor))).toBe(true);
        const after = await snapshot(id);
        expect(after.message).toMatchObject({ status: row.to, attempts: 3 });
        expect(after.audit).toEqual(actor === "system" ? [] : [row.action]);
      }
    });

    it("is refused, changing nothing, for every other actor", async () => {
      const others = [...ROLES, "system" as const].filter((r) => !row.roles.includes(r));
      for (const actor of others) {
        const id = await messageIn(row.from);
        await expectRefusedUnchanged(
          () => attempt(id, row, actorIdOf(actor)),
          () => snapshot(id),
        );
      }
    });

    it("changes nothing from every other status", async () => {
      for (const status of STATUSES.filter((s) => s !== row.from)) {
        const id = await messageIn(status);
        const before = await snapshot(id);
        expect(await attempt(id, row, actorIdOf(row.roles[0]))).toBe(false);
        expect(await snapshot(id)).toEqual(before);
      }
    });
  },
);

it("leaves a message another worker has locked since alone", async () => {
  const id = await messageIn("pending", new Date(LOCK.getTime() + 60_000));
  const before = await snapshot(id);
  expect(await attempt(id, NOTIFICATION_TRANSITIONS[0], null, LOCK)).toBe(false);
  expect(await snapshot(id)).toEqual(before);
});
