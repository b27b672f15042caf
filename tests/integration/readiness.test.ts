/**
 * /readyz's checks (app/utils/health.server.ts) against a real database: ready on a migrated one; not ready,
 * with the reason, while migrations are missing, while the job worker is not running, and once a stop began.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readiness } from "~/utils/health.server";
import { createTestDb, type TestDb } from "./helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe("readiness", () => {
  it("is ready on a migrated database with the job worker running (or running apart)", async () => {
    expect(await readiness({ db: t.db, jobsRunning: () => true, stopping: false })).toEqual({
      ready: true,
      checks: { database: "ok", migrations: "ok", jobs: "ok" },
    });
    expect((await readiness({ db: t.db, jobsRunning: null, stopping: false })).ready).toBe(true);
  });

  it("is not ready while the job worker is stopped, or once the instance is stopping", async () => {
    const jobsDown = await readiness({ db: t.db, jobsRunning: () => false, stopping: false });
    expect(jobsDown.ready).toBe(false);
    expect(jobsDown.checks.jobs).toEqual({ problem: expect.stringContaining("job worker") });
    const stopping = await readiness({ db: t.db, jobsRunning: () => true, stopping: true });
    expect(stopping.ready).toBe(false);
    expect(stopping.checks.stopping).toBeDefined();
  });

  it("names a migration the database has not run", async () => {
    const last = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(t.db);
    const name = last.rows[0].name;
    await sql`delete from kysely_migration where name = ${name}`.execute(t.db);
    try {
      const r = await readiness({ db: t.db, jobsRunning: () => true, stopping: false });
      expect(r.ready).toBe(false);
      expect(r.checks.migrations).toEqual({ problem: `not yet run: ${name}` });
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${name}, now()::text)`.execute(t.db);
    }
  });
});
