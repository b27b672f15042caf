/**
 * Reads that must go through indexes whatever the planner estimates. These servers run PostgreSQL with
 * its default random_page_cost (made for spinning disks) and without autovacuum, and for a join that keeps
 * a few per cent of a large table (a department's appeals, a cycle's assignments, the disclosed tasks) the
 * planner prefers one pass over the whole table to thousands of index probes. Measured on the pages'
 * bench (tests/bench/pages.ts) the probes are as fast or faster at 100,000 appeals, and unlike the scan
 * their cost stays with the rows asked for as the years of data grow. The registry's name search holds its
 * statements the same way (registry.server.ts).
 */
import { sql } from "kysely";
import type { Db } from "./audit.server";

/**
 * Run `read` with sequential scans and parallel workers off for its statements only: in a transaction of
 * its own, or, when the caller already holds one, in the caller's (whose settings it then leaves as
 * they were, for the statements that follow).
 */
export async function readThroughIndexes<T>(db: Db, read: (db: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    const before = await sql<{ seq: string; workers: string }>`
      select current_setting('enable_seqscan') as seq, current_setting('max_parallel_workers_per_gather') as workers
    `.execute(db);
    await holdToIndexes(db);
    const result = await read(db);
    const { seq, workers } = before.rows[0];
    await sql`select set_config('enable_seqscan', ${seq}, true), set_config('max_parallel_workers_per_gather', ${workers}, true)`.execute(
      db,
    );
    return result;
  }
  return db.transaction().execute(async (trx) => {
    await holdToIndexes(trx);
    return read(trx);
  });
}

async function holdToIndexes(db: Db) {
  // A page's statements are short and many run at once on few cores: parallel workers only add their start-up.
  await sql`set local enable_seqscan = off`.execute(db);
  await sql`set local max_parallel_workers_per_gather = 0`.execute(db);
}
