/**
 * The shared throttle of guessable secrets (passwords, second-factor codes): counted in
 * PostgreSQL, one statement per attempt, so any number of app instances share each count. The policies and
 * their numbers are in app/domain/sign-in-limit.ts. (Registration and SMS codes have quotas per window
 * instead: app/domain/verification.ts and app/services/verification-limits.server.ts.)
 *
 * Use: `chargeAttempt` BEFORE the secret is checked; refuse when it says so; after a success,
 * `clearAttempts` (a key of one account) or `refundAttempt` (a key of an address shared by many people).
 * Each call stands alone (no surrounding transaction): a charge must be committed before the secret is
 * checked, so that concurrent attempts see it.
 */
import { delaySchedule, THROTTLE_POLICIES, type ThrottlePolicy } from "~/domain/sign-in-limit";
import type { Db } from "~/models/audit.server";
import {
  chargeThrottleKey,
  deleteQuietThrottleKeys,
  deleteThrottleKey,
  throttleLockedUntil,
  uncountThrottleKey,
} from "~/models/auth-throttle.server";

export {
  SECOND_FACTOR,
  SIGN_IN,
  SIGN_IN_ADDRESS,
  throttleKey,
  addressKey,
  type ThrottlePolicy,
} from "~/domain/sign-in-limit";

export type ChargeResult = { allowed: true; count: number } | { allowed: false; retryAt: Date };

const schedules = new WeakMap<ThrottlePolicy, number[]>();
function scheduleOf(policy: ThrottlePolicy): number[] {
  let s = schedules.get(policy);
  if (!s) schedules.set(policy, (s = delaySchedule(policy)));
  return s;
}

/**
 * Charge one attempt to `key` under `policy` at `now`: allowed (the attempt may go on to check its secret;
 * `count` is its place in the window), or refused until `retryAt` (nothing charged).
 */
export async function chargeAttempt(db: Db, key: string, policy: ThrottlePolicy, now: Date): Promise<ChargeResult> {
  const rule = { now, windowMs: policy.windowMs, schedule: scheduleOf(policy) };
  // A refusal reads the wait in a second statement; if the wait ended (or the key went) in between, the
  // attempt is charged again rather than refused with a time already past.
  for (let tries = 0; tries < 3; tries++) {
    const charged = await chargeThrottleKey(db, key, rule);
    if (charged) return { allowed: true, count: charged.failures };
    const until = await throttleLockedUntil(db, key);
    if (until && until > now) return { allowed: false, retryAt: until };
  }
  return { allowed: false, retryAt: new Date(now.getTime() + policy.baseDelayMs) };
}

/** Forget every attempt of `key` (after a success on a key of one account). */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await deleteThrottleKey(db, key);
}

/**
 * Give back one charged attempt of `key` (a success on an address many people share, or an attempt refused
 * by another key before its secret was checked).
 */
export async function refundAttempt(db: Db, key: string, policy: ThrottlePolicy): Promise<void> {
  await uncountThrottleKey(db, key, policy.free);
}

/** Drop the counts that would start again anyway (quiet for longer than every policy's window). */
export async function pruneAttempts(db: Db, now: Date): Promise<number> {
  const longest = Math.max(...Object.values(THROTTLE_POLICIES).map((p) => p.windowMs));
  return deleteQuietThrottleKeys(db, new Date(now.getTime() - longest), now);
}
