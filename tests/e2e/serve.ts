/**
 * Playwright's web server: the compiled production server (build/server.js, from ../../server.ts) on a database made fresh for this run.
 * With DATABASE_URL, the database E2E_DATABASE (zhitongche_e2e) on that server is dropped and created again; without it,
 * an embedded PostgreSQL of its own (data in .data/pg-e2e, port E2E_PG_PORT or 54331) holds it, and is
 * stopped when this process ends, so no server is left behind.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { PROJECT_ROOT, startEmbeddedPostgres } from "../../db/embedded";
import { E2E_DATABASE } from "./database";

const DATABASE = E2E_DATABASE;
const log = (m: string) => console.log(`[e2e] ${m}`);

function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function recreateDatabase(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${DATABASE} with (force)`);
    await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
}

let embeddedPid: number | undefined;

// The embedded server is a child of ours: signal it on the way out, whichever way that is (server.ts
// ends with process.exit after closing its pool). PostgreSQL then finishes shutting down by itself.
process.on("exit", () => {
  if (embeddedPid === undefined) return;
  try {
    process.kill(embeddedPid, "SIGINT");
  } catch {
    // already gone
  }
});

// Until server.ts has installed its own handlers, a signal must still end the process (and so the database).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) > 1) return;
    log(`${signal} before the server was up: stopping`);
    process.exit(1);
  });
}

let serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  const port = Number(process.env.E2E_PG_PORT ?? 54331);
  const embedded = await startEmbeddedPostgres({ name: "pg-e2e", port, log });
  embeddedPid = Number(readFileSync(path.join(embedded.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  serverUrl = embedded.url("postgres");
  log(`embedded PostgreSQL on 127.0.0.1:${port} (pid ${embeddedPid}), data in ${embedded.dataDir}`);
}
await recreateDatabase(serverUrl);
process.env.DATABASE_URL = databaseUrl(serverUrl, DATABASE);
log(`fresh database ${DATABASE}`);

// The compiled server, as `npm start` runs it (`npm run build` first).
await import(pathToFileURL(path.join(PROJECT_ROOT, "build", "server.js")).href);
