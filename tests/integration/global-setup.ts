/**
 * One PostgreSQL for the whole run: DATABASE_URL's server when set (CI), else an embedded one of the
 * project's own. A migrated template database is made once; each test file copies it (≈50 ms).
 */
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/connection";
import { startEmbeddedPostgres } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { randomBytes } from "node:crypto";
import { adminUrl } from "./helpers/urls";
import pg from "pg";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
  }
}

export default async function setup(project: TestProject) {
  let serverUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({
      name: "pg-test",
      port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54330),
    });
    serverUrl = server.url("postgres");
    stop = server.stop;
  }
  // A template of this run's own, so that two runs against one server do not disturb each other.
  const templateDb = `zt_tpl_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${templateDb}`);
  await admin.end();
  const db = createDb(adminUrl(serverUrl, templateDb), 1);
  await migrateToLatest(db);
  await db.destroy();
  project.provide("pgServerUrl", serverUrl);
  project.provide("templateDb", templateDb);
  return async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${templateDb} with (force)`);
    await c.end();
    await stop?.();
  };
}
