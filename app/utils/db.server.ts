import type { Kysely } from "kysely";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { env } from "./env.server";

let db: Kysely<Database> | undefined;

/** The app's connection pool; DATABASE_URL is set by the server before the app is loaded. */
export function getDb(): Kysely<Database> {
  if (!db) {
    const url = env().DATABASE_URL ?? process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; start the app with `npm start`");
    db = createDb(url);
  }
  return db;
}
