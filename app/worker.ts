/**
 * `npm run worker`: the scheduled jobs (deadline reminders and late notices, the notification outbox) as a
 * process of its own (WORKER_MODE=separate), on the database at DATABASE_URL until SIGTERM or SIGINT.
 * Several workers (and the app's in-process one) may run at once: see app/services/jobs.server.ts.
 */
import exitHook from "async-exit-hook";
import { openDatabase } from "../db/lifecycle";
import { startJobs } from "./services/jobs.server";
import { createNotificationTransport } from "./services/notification-worker.server";
import { parseEnv } from "./utils/env.server";

const log = (m: string) => console.log(`[直通车 worker] ${m}`);

const env = parseEnv();
if (!env.DATABASE_URL) {
  // Without DATABASE_URL the app runs an embedded PostgreSQL of its own; a second process must not start
  // (or stop) that server, so the worker needs to be told where the database is.
  console.error(
    "[直通车 worker] DATABASE_URL is not set. Point it at the app's database, or leave WORKER_MODE=in-process " +
      "so that `npm start` runs the worker itself.",
  );
  process.exit(1);
}

const opened = await openDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT, log });
const transport = createNotificationTransport(env);
const jobs = await startJobs({ connectionString: env.DATABASE_URL, db: opened.db, transport, log });
log(
  `running the jobs (deadline reminders, outbox): email ${transport.email.kind === "smtp" ? "through SMTP" : "captured"}, ` +
    `SMS ${transport.sms.kind === "http" ? "through the gateway" : "captured"}` +
    (env.WORKER_MODE === "in-process" ? " (WORKER_MODE is in-process: the app sends too, which is safe)" : ""),
);

/** Finish the batch in progress, close the pool, then let async-exit-hook end the process. */
exitHook((done) => {
  log("stopping");
  jobs
    .stop()
    .then(() => opened.close())
    .catch((e: unknown) => console.error(`[直通车 worker] error while stopping: ${String(e)}`))
    .finally(() => process.stdout.write("[直通车 worker] stopped\n", () => done()));
});
