/**
 * Per-process copies of what rarely changes and every request reads (the working calendar: 769 rows; the
 * appeal categories), kept right across any number of instances: each copy is stored with its cache's version
 * (`cache_versions`, moved by a trigger in the transaction of every write to the cache's tables, from a
 * sequence, so a number is never used twice), and a read first asks the version — one small query — and
 * loads again only when it moved. No LISTEN connection to keep, and a transaction that edits the calendar
 * reads its own edit (its version moved too).
 *
 * The version is read before the data: data read after it is never older than it, so a copy is never older
 * than its version says. The key holds the database's name: the tests run several databases in one process.
 */
import { sql } from "kysely";
import type { Db } from "./audit.server";

export type CacheName = "calendar" | "categories";

const copies = new Map<string, { version: number; value: unknown }>();

/** The value `load` gives, from this process's copy while the cache's version has not moved. */
export async function cachedByVersion<T>(db: Db, name: CacheName, variant: string, load: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ version: string; database: string }>`
    select version::text as version, current_database() as database from cache_versions where name = ${name}`.execute(db);
  if (rows.length === 0) return load();
  const key = `${rows[0].database}\u0000${name}\u0000${variant}`;
  const version = Number(rows[0].version);
  const copy = copies.get(key);
  if (copy && copy.version === version) return copy.value as T;
  const value = await load();
  // Whatever was loaded last is kept: a copy is only ever served for exactly its version, so an older one
  // (or one a rolled-back transaction loaded) costs one more load, never a wrong answer.
  copies.set(key, { version, value });
  return value;
}
