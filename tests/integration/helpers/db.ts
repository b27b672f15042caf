import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import pg from "pg";
import { inject } from "vitest";
import { createDb } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { adminUrl } from "./urls";

export interface TestDb {
  db: Kysely<Database>;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated, empty database for one test file. */
export async function createTestDb(): Promise<TestDb> {
  const serverUrl = inject("pgServerUrl");
  const name = `zt_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject("templateDb")}`);
  await admin.end();
  const url = adminUrl(serverUrl, name);
  const db = createDb(url, 5);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
