/**
 * Scheduled work on PostgreSQL with pg-boss: the deadline sweep (reminders and late notices, and the
 * ratings whose time ran out, taken as satisfied) and the hand-off of the notification outbox. Run in the
 * app's process by default (WORKER_MODE=in-process) or by `npm run worker`; several processes may run them
 * at once.
 *
 * Both are jobs in pg-boss's tables, not timers in memory: a cron schedule adds one every minute, and the
 * outbox job queues its successor a few seconds ahead, so messages leave within seconds. Queues are
 * "stately" (at most one job waiting and one running), so schedules from several processes do not pile up.
 * A process killed mid-job leaves its job active until it expires, and pg-boss runs it again; what the job
 * does is safe to repeat: the sweep claims each notice by a conditional update in the notice's own
 * transaction, and the outbox claims each message with a lock (notification-worker.server.ts).
 */
import type { Kysely } from "kysely";
import PgBoss from "pg-boss";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";
import { sweepDeadlines } from "./deadline-sweep.server";
import { BATCH_SIZE, runNotificationBatch, type NotificationTransport } from "./notification-worker.server";
import { sweepRatings } from "./tasks.server";

export const SWEEP_QUEUE = "deadline-sweep";
export const OUTBOX_QUEUE = "outbox-send";

export interface Jobs {
  /** Let the running jobs finish (up to 10 s), then stop; the transport is closed too. */
  stop(): Promise<void>;
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
  await boss.start();
  for (const name of [SWEEP_QUEUE, OUTBOX_QUEUE]) {
    await boss.createQueue(name, { name, policy: "stately", expireInSeconds: 300, retryLimit: 3, retryDelay: 5 });
    await boss.schedule(name, "* * * * *", {}, { tz: "Asia/Shanghai" });
  }

  await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const at = now();
    const r = await sweepDeadlines(opts.db, at);
    if (r.reminders || r.lateNotices) log(`deadlines: ${r.reminders} reminders, ${r.lateNotices} late notices`);
    const silent = await sweepRatings(opts.db, at);
    if (silent) log(`ratings: ${silent} completed appeals not rated in time, taken as satisfied`);
  });
  await boss.work(OUTBOX_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
    try {
      for (;;) {
        const r = await runNotificationBatch(opts.db, { now, transport: opts.transport, log });
        if (r.outcomes.retry) log(`notifications: ${r.outcomes.retry} not delivered, will retry`);
        if (r.claimed < BATCH_SIZE) break;
      }
    } finally {
      await boss.send(OUTBOX_QUEUE, {}, { startAfter: interval });
    }
  });
  await boss.send(SWEEP_QUEUE, {});
  await boss.send(OUTBOX_QUEUE, {});

  return {
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
      opts.transport.email.close();
    },
  };
}
