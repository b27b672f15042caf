import type { Kysely } from "kysely";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { env } from "./env.server";

/*
 * One pool per process, kept on `globalThis` under a registered symbol: the server (build/server.js) and the
 * Remix app (build/index.js) are bundled apart, and both must use, and the server must be able to close,
 * the same pool.
 */
const POOL = Symbol.for("zhitongche.db");
type Holder = { [POOL]?: Kysely<Database> };

/** The app's connection pool; DATABASE_URL is set by the server before the app is loaded. */
export function getDb(): Kysely<Database> {
  const g = globalThis as Holder;
  if (!g[POOL]) {
    const url = env().DATABASE_URL ?? process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; start the app with `npm start`");
    g[POOL] = createDb(url);
  }
  return g[POOL];
}

/** Close the pool (at a stop, before the database goes); a later getDb() would open a new one. */
export async function closeDb(): Promise<void> {
  const g = globalThis as Holder;
  const db = g[POOL];
  g[POOL] = undefined;
  await db?.destroy();
}
