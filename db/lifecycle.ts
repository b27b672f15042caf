/**
 * Open the app's database: the server of DATABASE_URL, or else an embedded PostgreSQL of the project's own.
 * Migrations run here, so every start leaves the schema at the latest version. Several instances may start
 * on one database at once: the migrations and whatever else must happen once at a start (`prepare`: the
 * demo seed, settling cut-off imports) run under one advisory lock, one instance after the other.
 */
import type { Kysely } from "kysely";
import pg from "pg";
import { createDb } from "./connection";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded";
import { migrateToLatest } from "./migrate";
import type { Database } from "./schema";

export interface OpenDatabase {
  db: Kysely<Database>;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** The advisory lock (a session lock, key in PostgreSQL's bigint space) held while an instance starts. */
export const STARTUP_LOCK = 7_208_330_001;

/** Run `fn` holding the start-up lock, on a connection of its own that is closed afterwards. */
export async function withStartupLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [STARTUP_LOCK]);
    return await fn();
  } finally {
    // Ending the session releases the lock in any case.
    await client.end().catch(() => undefined);
  }
}

export async function openDatabase(opts: {
  databaseUrl?: string;
  embeddedPort: number;
  log?: (m: string) => void;
  /** Start-up work after the migrations, under the same lock. */
  prepare?: (db: Kysely<Database>) => Promise<void>;
  /** The pool to use (by default a new one). */
  createPool?: (url: string) => Kysely<Database>;
}): Promise<OpenDatabase> {
  const log = opts.log ?? (() => {});
  let url = opts.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({ name: "pg", port: opts.embeddedPort, log });
    stopEmbedded = server.stop;
    await ensureDatabase(server.url("postgres"), "zhitongche");
    url = server.url("zhitongche");
    log(`Embedded PostgreSQL on 127.0.0.1:${opts.embeddedPort}, data in ${server.dataDir}`);
  }
  let db: Kysely<Database> | undefined;
  try {
    db = (opts.createPool ?? createDb)(url);
    const pool = db;
    await withStartupLock(url, async () => {
      const applied = await migrateToLatest(pool);
      if (applied.length) log(`Migrations applied: ${applied.join(", ")}`);
      await opts.prepare?.(pool);
    });
  } catch (e) {
    await db?.destroy();
    await stopEmbedded?.();
    throw e;
  }
  return {
    db,
    url,
    embedded: Boolean(stopEmbedded),
    async close() {
      await db.destroy();
      await stopEmbedded?.();
    },
  };
}
