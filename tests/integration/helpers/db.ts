import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import pg from "pg";
import { inject } from "vitest";
import { createDb } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { seedDemoCity } from "../../../db/seed/index";
import { adminUrl } from "./urls";

export interface TestDb {
  db: Kysely<Database>;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated, empty database for one test file. */
export async function createTestDb(): Promise<TestDb> {
  const serverUrl = inject("pgServerUrl");
  const name = `zt_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject("templateDb")}`);
  await admin.end();
  const url = adminUrl(serverUrl, name);
  const db = createDb(url, 5);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * A fresh database seeded with the demo city: by default as on 2026-09-01 09:00, cycles from 2026-01 for the
 * year 2026 (what most files need); `opts` changes any of these.
 */
export async function createSeededDb(opts: Partial<Parameters<typeof seedDemoCity>[1]> = {}): Promise<TestDb> {
  const t = await createTestDb();
  await seedDemoCity(t.db, {
    now: new Date("2026-09-01T09:00:00+08:00"),
    firstCycleMonth: "2026-01",
    years: [2026],
    ...opts,
  });
  return t;
}

/** The id of the seeded user `username` (office, reviewer, leader, …). */
export async function userIdOf(db: Kysely<Database>, username: string): Promise<number> {
  return (await db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow()).id;
}

/** Organisation ids by name. */
export async function organisationIds(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom("organisations").select(["id", "name"]).execute();
  return new Map(rows.map((o) => [o.name, o.id]));
}

/** Appeal category ids by name. */
export async function categoryIds(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom("appeal_categories").select(["id", "name"]).execute();
  return new Map(rows.map((c) => [c.name, c.id]));
}

/** Points the route modules (their own pool, their session cookies) at this test database. */
export function routesUse(t: TestDb): void {
  process.env.DATABASE_URL = t.url;
  process.env.SESSION_SECRET ??= "integration-test-secret-0123456789";
}

/** The organisation of the user. */
export async function organisationOfUser(db: Kysely<Database>, userId: number): Promise<number> {
  return (await db.selectFrom("users").select("organisation_id").where("id", "=", userId).executeTakeFirstOrThrow())
    .organisation_id;
}
