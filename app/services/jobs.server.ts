/**
 * Background work: the deadline sweep (reminders and late notices, the ratings whose time ran out, taken
 * as satisfied, and the sign-in throttle's counts that have gone quiet) on pg-boss, and the sending of the notification outbox. Run in the app's process by default
 * (WORKER_MODE=in-process) or by `npm run worker`; several processes may run them at once.
 *
 * The sweep is a job in pg-boss's tables, not a timer in memory: a cron schedule adds one every minute, in a
 * "stately" queue (at most one job waiting and one running), so schedules from several processes do not
 * pile up. A process killed mid-job leaves its job active until it expires, and pg-boss runs it again. The
 * outbox needs no job: its rows are the queue, and each process polls them every few seconds. Both are safe
 * to repeat and to run side by side: the sweep claims each notice by a conditional update in the notice's
 * own transaction, and the outbox claims each message with a lock (notification-worker.server.ts).
 */
import type { Kysely } from "kysely";
import PgBoss from "pg-boss";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";
import { sweepDeadlines } from "./deadline-sweep.server";
import { failInterruptedImports } from "./registry-import.server";
import { BATCH_SIZE, runNotificationBatch, type NotificationTransport } from "./notification-worker.server";
import { sweepRatings } from "./tasks.server";
import { pruneAttempts } from "./throttle.server";
import { deleteEndedSessions } from "~/models/session.server";

export const SWEEP_QUEUE = "deadline-sweep";
const LEGACY_OUTBOX_QUEUE = "outbox-send";

/** A rejection pg-boss left unhandled inside its own code (see `tolerateQueueOutages`). */
export function isPgBossInternalRejection(reason: unknown): boolean {
  return reason instanceof Error && /node_modules[\\/]pg-boss[\\/]src[\\/]/.test(reason.stack ?? "");
}

/**
 * pg-boss 10 does not await its own `complete` and `fail` after a job (manager.js, onFetch): while the
 * database is down or restarting they reject with nobody listening, and Node ends the process on an
 * unhandled rejection. A PostgreSQL restart during the booking window took the app down that way
 * (tests/reliability/faults.test.ts). Those rejections are logged and the jobs run again once the database
 * is back (a job left active expires and is retried); any other unhandled rejection still ends the process.
 */
function tolerateQueueOutages(log: (m: string) => void): () => void {
  const listener = (reason: unknown) => {
    if (isPgBossInternalRejection(reason)) {
      log(`job queue could not record a job's outcome: ${(reason as Error).message}`);
      return;
    }
    throw reason;
  };
  process.on("unhandledRejection", listener);
  return () => process.off("unhandledRejection", listener);
}

/**
 * The outbox is a queue of its own (notification rows, each claimed with a lock), so each process polls it:
 * every `intervalSeconds` while nothing is waiting, batch after batch while messages are. A timer, not a
 * pg-boss job: a job whose completion could not be recorded while PostgreSQL restarted stayed active, and
 * the outbox stood still until it expired (tests/reliability/faults.test.ts). A failed round (the database
 * away) is logged once while it lasts, and the next round tries again.
 */
function pollOutbox(opts: {
  db: Kysely<Database>;
  now: () => Date;
  transport: NotificationTransport;
  log: (m: string) => void;
  intervalSeconds: number;
}): { stop(): Promise<void> } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let round: Promise<void> = Promise.resolve();
  let lastError = "";
  const run = async () => {
    try {
      for (;;) {
        const r = await runNotificationBatch(opts.db, { now: opts.now, transport: opts.transport, log: opts.log });
        if (r.outcomes.retry) opts.log(`notifications: ${r.outcomes.retry} not delivered, will retry`);
        lastError = "";
        if (r.claimed < BATCH_SIZE || stopped) break;
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message !== lastError) opts.log(`outbox: ${message}`);
      lastError = message;
    } finally {
      if (!stopped) timer = setTimeout(tick, opts.intervalSeconds * 1000);
    }
  };
  const tick = () => {
    round = run();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}

export interface Jobs {
  /** Let the running jobs finish (up to `graceMs`, 8 s by default), then stop; the transport is closed too. */
  stop(graceMs?: number): Promise<void>;
  /** Started and not stopped (what /readyz reports). */
  running(): boolean;
}

export async function startJobs(opts: {
  connectionString: string;
  db: Kysely<Database>;
  transport: NotificationTransport;
  now?: () => Date;
  log?: (m: string) => void;
  /** Seconds between outbox runs while nothing is waiting. */
  outboxIntervalSeconds?: number;
}): Promise<Jobs> {
  const now = opts.now ?? clockNow;
  const log = opts.log ?? ((m: string) => console.log(`[直通车] ${m}`));
  const interval = opts.outboxIntervalSeconds ?? 3;
  const boss = new PgBoss({ connectionString: opts.connectionString, schema: "pgboss", max: 3 });
  let lastError = "";
  boss.on("error", (e) => {
    // Say it once while it lasts (a database that is down fails every few seconds).
    const message = e instanceof Error ? e.message : String(e);
    if (message !== lastError) log(`job queue error: ${message}`);
    lastError = message;
  });
  const untolerate = tolerateQueueOutages(log);
  await boss.start();
  // A job whose outcome could not be recorded (the database away) stays active until it expires, and a
  // stately queue holds the next one back until then: a short expiry keeps that gap short. A second sweep
  // running beside a slow first one is harmless (see above).
  const sweepQueue = {
    name: SWEEP_QUEUE,
    policy: "stately",
    expireInSeconds: 60,
    retryLimit: 3,
    retryDelay: 5,
  } as const;
  await boss.createQueue(SWEEP_QUEUE, sweepQueue);
  await boss.updateQueue(SWEEP_QUEUE, sweepQueue);
  await boss.schedule(SWEEP_QUEUE, "* * * * *", {}, { tz: "Asia/Shanghai" });
  // Earlier versions handed the outbox on through a pg-boss queue of its own.
  if (await boss.getQueue(LEGACY_OUTBOX_QUEUE)) {
    await boss.unschedule(LEGACY_OUTBOX_QUEUE);
    await boss.deleteQueue(LEGACY_OUTBOX_QUEUE);
  }

  await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const at = now();
    const r = await sweepDeadlines(opts.db, at);
    if (r.reminders || r.lateNotices) log(`deadlines: ${r.reminders} reminders, ${r.lateNotices} late notices`);
    const silent = await sweepRatings(opts.db, at);
    if (silent) log(`ratings: ${silent} completed appeals not rated in time, taken as satisfied`);
    // Sign-in counts of names that were only guessed would otherwise pile up.
    await pruneAttempts(opts.db, at);
    // Sessions past their idle or absolute end are refused when used; here the unused ones go too.
    await deleteEndedSessions(opts.db, at);
    // A registry import whose instance died is failed here, without waiting for a restart.
    const cutOff = await failInterruptedImports(opts.db, at);
    if (cutOff.length) log(`registry imports whose instance stopped, marked failed: ${cutOff.join(", ")}`);
  });
  await boss.send(SWEEP_QUEUE, {});
  const outbox = pollOutbox({ db: opts.db, now, transport: opts.transport, log, intervalSeconds: interval });

  let running = true;
  return {
    async stop(graceMs = 8000) {
      running = false;
      await outbox.stop();
      await boss.stop({ graceful: true, timeout: graceMs, wait: true });
      untolerate();
      opts.transport.email.close();
    },
    running: () => running,
  };
}
