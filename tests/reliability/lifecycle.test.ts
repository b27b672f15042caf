/**
 * The server's life as an operator sees it (issue 14, SPEC §7):
 *   - `npm start` with the embedded PostgreSQL and two cluster workers; SIGTERM to the npm process alone (what
 *     kill, Docker and systemd send) stops the workers, the primary and the PostgreSQL within 10 s, with no
 *     error in the log; both ports are free afterwards and no postgres process is left on the data;
 *   - a second `npm start` without changes does not build again;
 *   - /readyz answers 503 while the database refuses connections and 200 once it takes them again, while
 *     /healthz answers throughout.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../db/embedded";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";

const START_PORT = 3590;
const START_PG_PORT = 54355;
const READY_PORT = 3591;
const DATABASE = "zt_rel_lifecycle";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3000) })).status;
  } catch {
    return 0;
  }
}

async function waitFor(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

/** Processes whose command line mentions `text` (pgrep -f), this test's own excepted. */
function processesMentioning(text: string): string[] {
  try {
    return execFileSync("pgrep", ["-af", text], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l && !l.includes("pgrep"));
  } catch {
    return [];
  }
}

describe("npm start, stopped by SIGTERM to its pid", () => {
  // The embedded PostgreSQL's data in a directory of this test's own (the postgres user must reach it).
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zt-lifecycle-"));
  chmodSync(dataDir, 0o755);
  const logFile = path.join(dataDir, "npm-start.log");
  let child: ChildProcess | undefined;
  const started: ChildProcess[] = [];

  afterAll(() => {
    // Whatever a failed test left: the whole groups, then the data.
    for (const c of started) {
      try {
        process.kill(-c.pid!, "SIGKILL");
      } catch {
        // gone
      }
    }
    // A PostgreSQL left on this test's data (it runs in a process group of its own).
    for (const line of processesMentioning(dataDir)) process.kill(Number(line.split(" ")[0]), "SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(): ChildProcess {
    const fd = openSync(logFile, "w");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(START_PORT),
      EMBEDDED_PG_PORT: String(START_PG_PORT),
      DATA_DIR: dataDir,
      WEB_CONCURRENCY: "2",
      COOKIE_SECURE: "false",
    };
    delete env.DATABASE_URL;
    delete env.SESSION_SECRET;
    // A process group of its own only so that afterAll can clean up; the signals below go to npm alone.
    const c = spawn("npm", ["start"], { cwd: PROJECT_ROOT, env, stdio: ["ignore", fd, fd], detached: true });
    closeSync(fd);
    started.push(c);
    return c;
  }

  async function stopByPid(c: ChildProcess): Promise<number> {
    const exited = new Promise<void>((resolve) => c.once("exit", () => resolve()));
    const t0 = Date.now();
    c.kill("SIGTERM");
    await exited;
    // npm is gone; the app's processes and the PostgreSQL must be too.
    await waitFor("every process of the start ended", 12_000, async () => {
      try {
        process.kill(-c.pid!, 0);
        return false;
      } catch {
        return true;
      }
    });
    return Date.now() - t0;
  }

  const log = () => readFileSync(logFile, "utf8");
  const jsonLines = () =>
    log()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { level: number; msg: string; role?: string });

  test("stops within 10 s: workers, primary and PostgreSQL, ports free, no error logged", async () => {
    child = start();
    await waitFor("npm start's two workers listen", 150_000, async () => log().includes("2 workers listening"));
    expect(await status(`http://127.0.0.1:${START_PORT}/readyz`)).toBe(200);
    expect(await status(`http://127.0.0.1:${START_PORT}/login`)).toBe(200);
    const workers = jsonLines().filter((l) => l.msg.startsWith("listening on") && l.role?.startsWith("worker"));
    expect(workers).toHaveLength(2);

    const took = await stopByPid(child);
    console.log(`[lifecycle] npm start (2 workers, embedded PostgreSQL) stopped ${took} ms after SIGTERM to npm`);
    await expectCleanStop(took);
    expect(stoppedRoles()).toEqual(["primary", "worker 1", "worker 2"]);
  }, 200_000);

  const stoppedRoles = () =>
    jsonLines()
      .filter((l) => l.msg === "stopped")
      .map((l) => l.role)
      .sort();

  /** Down within 10 s, nothing left, no error, and every process that logged anything logged its stop. */
  async function expectCleanStop(took: number): Promise<void> {
    expect(took).toBeLessThan(10_000);
    expect(await portFree(START_PORT)).toBe(true);
    expect(await portFree(START_PG_PORT)).toBe(true);
    expect(processesMentioning(dataDir)).toEqual([]);
    const lines = jsonLines();
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(log()).not.toMatch(/connection lost|Error:|ECONNREFUSED|job queue error/);
    expect(stoppedRoles()).toEqual([...new Set(lines.flatMap((l) => (l.role ? [l.role] : [])))].sort());
  }

  // CI's own check sent SIGTERM as soon as the first worker answered: the app had no stop hook yet, and the
  // embedded database's hook waited 9 s for it, then went down under the workers (10.5 s, "connection lost").
  test.each([
    ["the embedded database has started", (l: string) => l.includes("Embedded PostgreSQL on")],
    [
      "the first worker listens, the second does not yet",
      (l: string) => /"role":"worker 1"[^\n]*"msg":"listening on/.test(l),
    ],
  ])(
    "a SIGTERM as soon as %s stops just as cleanly",
    async (_moment, reached) => {
      child = start();
      await waitFor("that moment of the start", 150_000, async () => reached(log()));
      const took = await stopByPid(child);
      console.log(`[lifecycle] SIGTERM during the start: stopped ${took} ms after`);
      await expectCleanStop(took);
      expect(stoppedRoles()).toContain("primary");
    },
    200_000,
  );

  test("a second start without changes does not build again", async () => {
    const built = statSync(path.join(PROJECT_ROOT, "build", "index.js")).mtimeMs;
    child = start();
    await waitFor(
      "npm start answers /readyz",
      60_000,
      async () => (await status(`http://127.0.0.1:${START_PORT}/readyz`)) === 200,
    );
    expect(log()).toContain("build/ is current: nothing to build");
    expect(log()).not.toContain("remix build");
    expect(statSync(path.join(PROJECT_ROOT, "build", "index.js")).mtimeMs).toBe(built);
    await stopByPid(child);
  });
});

describe("/readyz follows the database", () => {
  let server: PgServer;
  let app: AppProcess;

  async function admin(statement: string): Promise<void> {
    const c = new pg.Client({ connectionString: server.url("postgres") });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  }

  afterAll(async () => {
    if (server) await admin(`alter database ${DATABASE} allow_connections true`).catch(() => undefined);
    await app?.stop();
    if (server) await dropDatabase(server, DATABASE);
    await server?.stop();
  });

  test("503 while the database refuses connections, 200 again once it takes them; /healthz answers throughout", async () => {
    server = await pgServer({ name: "pg-rel-lifecycle", port: 54356 });
    app = appProcess({ port: READY_PORT, databaseUrl: await freshDatabase(server, DATABASE) });
    await app.start();
    const base = `http://127.0.0.1:${READY_PORT}`;
    expect(await status(`${base}/readyz`)).toBe(200);

    // The database goes away for this app: no new connection, and the open ones are cut.
    await admin(`alter database ${DATABASE} allow_connections false`);
    await admin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${DATABASE}'`);
    await waitFor("/readyz says not ready", 20_000, async () => (await status(`${base}/readyz`)) === 503);
    const body = (await (await fetch(`${base}/readyz`)).json()) as { checks: { database: unknown } };
    expect(body.checks.database).toMatchObject({ problem: expect.any(String) });
    expect(await status(`${base}/healthz`)).toBe(200);

    await admin(`alter database ${DATABASE} allow_connections true`);
    await waitFor("/readyz is ready again", 30_000, async () => (await status(`${base}/readyz`)) === 200);
    expect(app.running()).toBe(true);
  });
});
