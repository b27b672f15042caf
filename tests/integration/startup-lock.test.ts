/**
 * Several instances starting together on one empty database (SPEC §7): the migrations run once and the
 * demo city is seeded once, whichever instance comes first; the others wait on the start-up lock and find
 * everything done.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type OpenDatabase } from "../../db/lifecycle";
import { seedDemoCity } from "../../db/seed/index";
import { adminUrl } from "./helpers/urls";

const NOW = new Date("2026-11-20T02:00:00Z");
const serverUrl = inject("pgServerUrl");
const name = `zt_lock_${randomBytes(5).toString("hex")}`;

async function admin(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

afterAll(() => admin(`drop database if exists ${name} with (force)`));

describe("four instances start at once on an empty database", () => {
  it("migrate once and seed once", async () => {
    await admin(`create database ${name}`);
    const url = adminUrl(serverUrl, name);
    const logs: string[][] = [[], [], [], []];
    const opened: OpenDatabase[] = await Promise.all(
      logs.map((lines) =>
        openDatabase({
          databaseUrl: url,
          embeddedPort: 1,
          log: (m) => lines.push(m),
          prepare: async (db) => {
            const seeded = await seedDemoCity(db, { now: NOW, firstCycleMonth: "2026-01", years: [2026, 2027] });
            lines.push(`seeded ${seeded.accounts} accounts`);
          },
        }),
      ),
    );
    try {
      const db = opened[0].db;
      // Each migration is recorded once, and exactly one instance says it applied them.
      const runs = await sql<{ name: string; n: number }>`
        select name, count(*)::int as n from kysely_migration group by name`.execute(db);
      expect(runs.rows.length).toBeGreaterThan(5);
      expect(runs.rows.every((r) => r.n === 1)).toBe(true);
      expect(logs.filter((l) => l.some((m) => m.startsWith("Migrations applied"))).length).toBe(1);
      // One instance seeded the accounts; the others found them there.
      const seededBy = logs.map((l) => l.find((m) => m.startsWith("seeded")));
      expect(seededBy.filter((m) => m !== "seeded 0 accounts")).toHaveLength(1);
      const users = await db.selectFrom("users").select(({ fn }) => fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      const usernames = await db.selectFrom("users").select("username").distinct().execute();
      expect(Number(users.n)).toBe(usernames.length);
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
  });
});
