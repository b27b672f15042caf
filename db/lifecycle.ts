/**
 * Open the app's database: the server of DATABASE_URL, or else an embedded PostgreSQL of the project's own.
 * Migrations run here, so every start leaves the schema at the latest version.
 */
import type { Kysely } from "kysely";
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

export async function openDatabase(opts: {
  databaseUrl?: string;
  embeddedPort: number;
  log?: (m: string) => void;
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
  const db = createDb(url);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) log(`Migrations applied: ${applied.join(", ")}`);
  } catch (e) {
    await db.destroy();
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
