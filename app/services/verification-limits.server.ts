/**
 * Rate limits of registration and the SMS-code endpoints (issue 13, item 4): a count per key in PostgreSQL
 * (auth_throttle), one statement per attempt, so every instance of the app shares it. Each call stands
 * alone, outside the caller's transaction: the charge is committed before the secret is checked, so that
 * concurrent attempts see it.
 *
 * This is the one place where these endpoints ask "may this attempt go on?". The shared sign-in throttle
 * (app/services/throttle.server.ts, `chargeAttempt`) can take its place here without touching the callers.
 */
import { limitKey, refusalMessage, type RateLimit } from "~/domain/verification";
import type { Db } from "~/models/audit.server";
import { countInWindow } from "~/models/rate-limit.server";
import { recordSecurityEvent } from "~/models/security-event.server";

/** Who is asking: the socket's address (as the server saw it) and the browser, for the limits and the log. */
export interface Client {
  ip: string;
  userAgent?: string | null;
}

export type LimitResult = { allowed: true } | { allowed: false; retryAt: Date; message: string };

/**
 * Charge one attempt of `subject` (an address, a mobile) to `limit`. Refused attempts count too; the first
 * refusal in a window is written to the security log.
 */
export async function chargeLimit(
  db: Db,
  limit: RateLimit,
  subject: string,
  now: Date,
  client: Client,
): Promise<LimitResult> {
  const { count, windowStart } = await countInWindow(db, limitKey(limit, subject), limit.windowMs, now);
  if (count <= limit.max) return { allowed: true };
  const retryAt = new Date(windowStart.getTime() + limit.windowMs);
  if (count === limit.max + 1) {
    await recordSecurityEvent(db, {
      kind: "rate_limited",
      at: now,
      ip: client.ip,
      userAgent: client.userAgent,
      detail: { limit: limit.prefix, max: limit.max, windowMs: limit.windowMs, retryAt: retryAt.toISOString() },
    });
  }
  return { allowed: false, retryAt, message: refusalMessage(limit, now, retryAt) };
}

/** Charge each limit in turn; the first refusal is the answer (the later limits are not charged). */
export async function chargeLimits(
  db: Db,
  charges: [RateLimit, string][],
  now: Date,
  client: Client,
): Promise<LimitResult> {
  for (const [limit, subject] of charges) {
    const r = await chargeLimit(db, limit, subject, now, client);
    if (!r.allowed) return r;
  }
  return { allowed: true };
}
