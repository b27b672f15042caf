/** The run's database as a spec file reaches it (see database.ts for where it is). */
import { test } from "@playwright/test";
import type { Kysely } from "kysely";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { e2eDatabaseUrl } from "./database";

/**
 * The run's database for this spec file: connected before its tests (each group of them a worker runs) and
 * closed after. Call it at the top of the file; the handle it gives reaches the connection of the moment.
 */
export function runDatabase(): Kysely<Database> {
  let db: Kysely<Database> | undefined;
  test.beforeAll(() => {
    db = createDb(e2eDatabaseUrl(), 2);
  });
  test.afterAll(async () => {
    await db?.destroy();
    db = undefined;
  });
  return new Proxy({} as Kysely<Database>, {
    get(_target, prop) {
      if (!db) throw new Error("the run's database is open only while the spec's tests run");
      const value: unknown = Reflect.get(db, prop, db);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(db) : value;
    },
  });
}
