/**
 * The audit tables cannot be rewritten (issue 13, item 10; 等保2.0 安全审计 c): audit_events, appeal_events
 * and security_events refuse UPDATE, DELETE and TRUNCATE in the database itself, whoever asks — the
 * application's own database user (the owner of the tables, as the migrations made them), and a role with
 * every privilege on them but not their owner (how a deployment should run the app: such a role cannot
 * switch the triggers off either). Appending still works.
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { appendAudit } from "~/models/audit.server";
import { recordSecurityEvent } from "~/models/security-event.server";
import { submitTestAppeal } from "./helpers/appeals";
import { createSeededDb, type TestDb } from "./helpers/db";

const TABLES = ["audit_events", "appeal_events", "security_events"] as const;
type Table = (typeof TABLES)[number];

let t: TestDb;
let appealId: number;
const T0 = new Date("2026-11-20T10:00:00+08:00");

/** A login role of this run's own with every privilege on every table, owning none. */
const roleName = `zt_app_${randomBytes(5).toString("hex")}`;
const rolePassword = randomBytes(12).toString("hex");
let asRole: Kysely<Database>;

async function serverQuery(text: string) {
  const u = new URL(t.url);
  u.pathname = "/postgres";
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  t = await createSeededDb({ now: T0 });
  const local = sampleRegistry()[3];
  const category = await t.db
    .selectFrom("appeal_categories")
    .select("id")
    .orderBy("position")
    .executeTakeFirstOrThrow();
  const r = await submitTestAppeal(
    t.db,
    { creditCode: local.credit_code, enterpriseName: local.name, categoryId: category.id },
    { now: T0 },
  );
  appealId = r.appealId;
  await appendAudit(t.db, {
    entity: "user",
    entityId: 1,
    action: "updated",
    actorId: null,
    at: T0,
    to: { phone: "1" },
  });
  await recordSecurityEvent(t.db, { kind: "sign_in", at: T0, userId: 1, username: "office", ip: "192.0.2.1" });

  await serverQuery(`create role ${roleName} login password '${rolePassword}'`);
  await sql`grant select, insert, update, delete, truncate, references, trigger on all tables in schema public to ${sql.raw(roleName)}`.execute(
    t.db,
  );
  await sql`grant usage, select on all sequences in schema public to ${sql.raw(roleName)}`.execute(t.db);
  const u = new URL(t.url);
  u.username = roleName;
  u.password = rolePassword;
  asRole = createDb(u.toString(), 2);
});

afterAll(async () => {
  await asRole?.destroy();
  await t?.drop();
  await serverQuery(`drop role if exists ${roleName}`);
});

/** The table's rows as they are, to show that a refused statement changed nothing. */
async function snapshot(db: Kysely<Database>, table: Table) {
  const r = await sql<{ h: string; n: number }>`
    select md5(coalesce(string_agg(to_jsonb(x)::text, '|' order by x.id), '')) as h, count(*)::int as n
    from ${sql.table(table)} x`.execute(db);
  return r.rows[0];
}

async function refusal(run: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await run();
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { code: err.code, message: err.message };
  }
  throw new Error("the statement was not refused");
}

const COLUMN: Record<Table, string> = { audit_events: "reason", appeal_events: "reason", security_events: "username" };

describe.each([
  ["the application's own database user (owner of the tables)", () => t.db],
  ["a role with every privilege on the tables but not their owner", () => asRole],
])("as %s", (_who, dbOf) => {
  it.each(TABLES)("%s refuses UPDATE, DELETE and TRUNCATE, and nothing changes", async (table) => {
    const db = dbOf();
    const before = await snapshot(t.db, table);
    expect(before.n).toBeGreaterThan(0);
    const attempts = [
      sql`update ${sql.table(table)} set ${sql.ref(COLUMN[table])} = 'rewritten'`,
      sql`update ${sql.table(table)} set at = at - interval '1 day' where id = (select min(id) from ${sql.table(table)})`,
      sql`delete from ${sql.table(table)}`,
      sql`delete from ${sql.table(table)} where id = (select max(id) from ${sql.table(table)})`,
      sql`truncate ${sql.table(table)}`,
      sql`truncate ${sql.table(table)} cascade`,
    ];
    for (const statement of attempts) {
      const err = await refusal(() => statement.execute(db));
      expect(err.code, err.message).toBe("42501");
      expect(err.message).toBe(`audit table ${table} is append-only`);
    }
    // Through the query builder too, as application code would write it.
    const viaBuilder = await refusal(() =>
      db
        .updateTable(table as "security_events")
        .set({ [COLUMN[table]]: "rewritten" } as never)
        .execute(),
    );
    expect(viaBuilder.code).toBe("42501");
    expect(await refusal(() => db.deleteFrom(table).execute())).toMatchObject({ code: "42501" });
    expect(await snapshot(t.db, table)).toEqual(before);
  });

  it("appending still works, in each table", async () => {
    const db = dbOf();
    const before = await Promise.all(TABLES.map((table) => snapshot(t.db, table)));
    await appendAudit(db, {
      entity: "user",
      entityId: 2,
      action: "updated",
      actorId: null,
      at: T0,
      from: { phone: "13800000000" },
      to: { phone: "13900000000" },
    });
    await db
      .insertInto("appeal_events")
      .values({ appeal_id: appealId, at: T0, actor_id: null, action: "note", from_status: null, to_status: null })
      .execute();
    await recordSecurityEvent(db, { kind: "sign_out", at: T0, userId: 1, ip: "192.0.2.2" });
    const after = await Promise.all(TABLES.map((table) => snapshot(t.db, table)));
    expect(after.map((a) => a.n)).toEqual(before.map((b) => b.n + 1));
  });
});

describe("a role that is not the owner cannot switch the refusal off", () => {
  it("neither by disabling the triggers nor by replication mode", async () => {
    for (const table of TABLES) {
      const err = await refusal(() =>
        sql`alter table ${sql.table(table)} disable trigger ${sql.raw(`${table}_append_only`)}`.execute(asRole),
      );
      expect(err.message).toMatch(/must be owner/);
      const drop = await refusal(() =>
        sql`drop trigger ${sql.raw(`${table}_append_only`)} on ${sql.table(table)}`.execute(asRole),
      );
      expect(drop.message).toMatch(/must be owner/);
    }
    // Replication mode skips ordinary triggers; only a superuser may set it.
    const replica = await refusal(() => sql`set session_replication_role = replica`.execute(asRole));
    expect(replica.code).toBe("42501");
    const functionSwap = await refusal(() =>
      sql`create or replace function refuse_audit_rewrite() returns trigger language plpgsql as $$ begin return new; end $$`.execute(
        asRole,
      ),
    );
    expect(functionSwap.message).toMatch(/must be owner|permission denied/);
  });
});
