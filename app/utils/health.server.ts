/**
 * For load balancers and monitoring (SPEC §7):
 *   GET /healthz  the process answers (200 "ok"), nothing else is checked;
 *   GET /readyz   this instance can serve: the database answers within READY_TIMEOUT_MS, every migration this
 *                 build knows has run, and the job worker is running (or runs apart, WORKER_MODE=separate).
 *                 503 with the failing checks otherwise, and from the moment a stop begins, so that the
 *                 balancer sends no new requests to an instance that is going away.
 */
import type { RequestHandler } from "express";
import { sql, type Kysely } from "kysely";
import { pendingMigrations } from "../../db/migrate";
import type { Database } from "../../db/schema";

export const READY_TIMEOUT_MS = 2000;

export type CheckResult = "ok" | { problem: string };

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; migrations: CheckResult; jobs: CheckResult; stopping?: CheckResult };
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const problem = (e: unknown): CheckResult => ({ problem: e instanceof Error ? e.message : String(e) });

export async function readiness(opts: {
  db: Kysely<Database>;
  /** Whether the job worker runs; null when it runs in a process of its own. */
  jobsRunning: (() => boolean) | null;
  stopping: boolean;
}): Promise<Readiness> {
  const database = await within(READY_TIMEOUT_MS, sql`select 1`.execute(opts.db)).then(() => "ok" as const, problem);
  const migrations: CheckResult =
    database === "ok"
      ? await within(READY_TIMEOUT_MS, pendingMigrations(opts.db)).then(
          (pending) => (pending.length ? { problem: `not yet run: ${pending.join(", ")}` } : "ok"),
          problem,
        )
      : { problem: "database unreachable" };
  const jobs: CheckResult =
    opts.jobsRunning === null || opts.jobsRunning() ? "ok" : { problem: "the job worker is not running" };
  const checks: Readiness["checks"] = { database, migrations, jobs };
  if (opts.stopping) checks.stopping = { problem: "this instance is stopping" };
  return { ready: Object.values(checks).every((c) => c === "ok"), checks };
}

/** The two endpoints, answered before the admission gate and the request log (they are polled often). */
export function healthRoutes(opts: Parameters<typeof readiness>[0] | (() => Parameters<typeof readiness>[0])) {
  const current = typeof opts === "function" ? opts : () => opts;
  const healthz: RequestHandler = (_req, res) => {
    res.status(200).type("text/plain").set("Cache-Control", "no-store").send("ok");
  };
  const readyz: RequestHandler = (_req, res) => {
    void readiness(current()).then((r) =>
      res
        .status(r.ready ? 200 : 503)
        .set("Cache-Control", "no-store")
        .json({ status: r.ready ? "ready" : "not ready", checks: r.checks }),
    );
  };
  return { healthz, readyz };
}
