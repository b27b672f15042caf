/**
 * The built app as a real process, for the reliability tests and the benches: a PostgreSQL server
 * (DATABASE_URL's, or an embedded one of this harness's own), a fresh database on it, and the compiled
 * server (build/server.js) started as one node process (WEB_CONCURRENCY=1, so that SIGKILL reaches the server itself and
 * nothing is left behind), stopped, killed and started again on the same database.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PROJECT_ROOT, startEmbeddedPostgres } from "../../db/embedded";

export interface PgServer {
  /** A URL of this server for the given database. */
  url(database: string): string;
  stop(): Promise<void>;
  embedded: boolean;
}

/** DATABASE_URL's server when set, else an embedded PostgreSQL (data in .data/<name>, port `port`). */
export async function pgServer(opts: { name?: string; port?: number } = {}): Promise<PgServer> {
  const base = process.env.DATABASE_URL;
  if (base) {
    return {
      url(database) {
        const u = new URL(base);
        u.pathname = `/${database}`;
        return u.toString();
      },
      async stop() {},
      embedded: false,
    };
  }
  const server = await startEmbeddedPostgres({
    name: opts.name ?? "pg-reliability",
    port: opts.port ?? Number(process.env.RELIABILITY_PG_PORT ?? 54332),
  });
  return { url: server.url, stop: server.stop, embedded: true };
}

/** Drop and create `database` on the server; returns its URL. */
export async function freshDatabase(server: PgServer, database: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`not a plain database name: ${database}`);
  const client = new pg.Client({ connectionString: server.url("postgres") });
  await client.connect();
  try {
    await client.query(`drop database if exists ${database} with (force)`);
    await client.query(`create database ${database}`);
  } finally {
    await client.end();
  }
  return server.url(database);
}

export async function dropDatabase(server: PgServer, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: server.url("postgres") });
  await client.connect();
  try {
    await client.query(`drop database if exists ${database} with (force)`);
  } finally {
    await client.end();
  }
}

export interface AppOptions {
  port: number;
  databaseUrl: string;
  /** Extra environment for server.ts (APP_NOW, SMTP_URL, SEED_DEMO …). */
  env?: Record<string, string>;
  /** Extra node flags for the server (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export interface AppProcess {
  url: string;
  pid(): number | undefined;
  /** Whether the server process is still there. */
  running(): boolean;
  /** Start (or start again) and wait until it answers. */
  start(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no chance to close anything. */
  kill(): Promise<void>;
  /** Everything the server printed, over all its starts. */
  output(): string;
}

export const SESSION_SECRET = "reliability-session-secret-not-for-production";

/** The built app (`npm run build` first; see ensureBuilt). */
export function appProcess(opts: AppOptions): AppProcess {
  const url = `http://127.0.0.1:${opts.port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  // The server's output goes to a file, not a pipe: a busy reader (the load generator) must not slow the
  // server's writes to stdout.
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), "zt-app-")), "server.log");

  const output = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  const tail = () => output().slice(-3000);

  async function waitUntilUp(): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (child?.exitCode !== null && child?.exitCode !== undefined)
        throw new Error(`server.ts exited with ${child.exitCode} before answering:\n${tail()}`);
      try {
        const r = await fetch(`${url}/api/v1/cycles?year=2026`, { signal: AbortSignal.timeout(2000) });
        if (r.status === 200) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`server.ts did not answer on ${url} within 120 s:\n${tail()}`);
  }

  async function waitForExit(signal: NodeJS.Signals): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  }

  return {
    url,
    pid: () => child?.pid,
    running: () => Boolean(child) && child!.exitCode === null && child!.signalCode === null,
    output,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) throw new Error("already running");
      const fd = openSync(logFile, "a");
      child = spawn(process.execPath, [...(opts.nodeArgs ?? []), "build/server.js"], {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          NODE_ENV: "production",
          PORT: String(opts.port),
          DATABASE_URL: opts.databaseUrl,
          COOKIE_SECURE: "false",
          SESSION_SECRET,
          SEED_DEMO: "true",
          // Every client of the harness sends from this one address, where there would be many in life; the
          // per-address limit itself is tested in edge.test.ts, from addresses of their own.
          MAX_REQUESTS_PER_CLIENT: "1000",
          // One process, so that SIGKILL reaches the server itself; a test asks for more by setting it.
          WEB_CONCURRENCY: "1",
          ...opts.env,
        },
        stdio: ["ignore", fd, fd],
      });
      closeSync(fd);
      const c = child;
      exited = new Promise((resolve) => c.once("exit", () => resolve()));
      await waitUntilUp();
    },
    stop: () => waitForExit("SIGTERM"),
    kill: () => waitForExit("SIGKILL"),
  };
}

/** The app must be built; the reliability run builds it once when it is not. */
export function buildExists(): boolean {
  return (
    existsSync(path.join(PROJECT_ROOT, "build", "index.js")) &&
    existsSync(path.join(PROJECT_ROOT, "build", "server.js"))
  );
}
