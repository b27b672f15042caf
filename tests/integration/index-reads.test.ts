/**
 * Reads held to index paths (models/index-reads.server.ts): their statements plan without sequential scans
 * or parallel workers, in a transaction of their own, or in the caller's, which gets its settings back.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readThroughIndexes } from "~/models/index-reads.server";
import type { Db } from "~/models/audit.server";
import { createTestDb, type TestDb } from "./helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const settings = async (db: Db) =>
  (
    await sql<{ seq: string; workers: string }>`
      select current_setting('enable_seqscan') as seq, current_setting('max_parallel_workers_per_gather') as workers
    `.execute(db)
  ).rows[0];

describe("readThroughIndexes", () => {
  it("runs the read with sequential scans and parallel workers off, and leaves the connection as it was", async () => {
    const outside = await settings(t.db);
    expect(await readThroughIndexes(t.db, settings)).toEqual({ seq: "off", workers: "0" });
    expect(await settings(t.db)).toEqual(outside);
  });

  it("inside the caller's transaction, restores the caller's settings for what follows", async () => {
    await t.db.transaction().execute(async (trx) => {
      await sql`set local max_parallel_workers_per_gather = 1`.execute(trx);
      expect(await readThroughIndexes(trx, settings)).toEqual({ seq: "off", workers: "0" });
      expect(await settings(trx)).toEqual({ seq: "on", workers: "1" });
    });
  });
});
