import { sql } from "kysely";
import type { Db } from "./audit.server";

export interface ChargeRule {
  now: Date;
  /** The count starts again when the key's last charged attempt is at least this old. */
  windowMs: number;
  /** Element i: the wait (ms) after i + 1 charged attempts; counts past the end take the last element. */
  schedule: readonly number[];
}

/**
 * Charge one attempt to `key` in one statement, unless the key must still wait: the row is inserted, or
 * updated only where no wait is running (the WHERE of ON CONFLICT DO UPDATE, evaluated on the row's latest
 * version after any concurrent charge has committed), so two racing attempts can never both see the old
 * count. Returns the new count, or null when the key is waiting (nothing was charged).
 */
export async function chargeThrottleKey(
  db: Db,
  key: string,
  rule: ChargeRule,
): Promise<{ failures: number; lockedUntil: Date | null } | null> {
  const { now, schedule } = rule;
  const cutoff = new Date(now.getTime() - rule.windowMs);
  const first = schedule[0] ?? 0;
  const scheduleArray = sql`${[...schedule]}::bigint[]`;
  const stale = sql<boolean>`auth_throttle.updated_at <= ${cutoff}`;
  const count = sql<number>`case when ${stale} then 1 else auth_throttle.failures + 1 end`;
  const wait = sql<number>`(${scheduleArray})[least(${count}, ${schedule.length})]`;
  const row = await db
    .insertInto("auth_throttle")
    .values({
      key,
      failures: 1,
      first_at: now,
      locked_until: first > 0 ? new Date(now.getTime() + first) : null,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({
          failures: count,
          first_at: sql`case when ${stale} then ${now}::timestamptz else auth_throttle.first_at end`,
          locked_until: sql`case when ${wait} > 0 then ${now}::timestamptz + ${wait} * interval '1 millisecond' end`,
          updated_at: now,
        })
        .where((eb) =>
          eb.or([eb("auth_throttle.locked_until", "is", null), eb("auth_throttle.locked_until", "<=", now)]),
        ),
    )
    .returning(["failures", "locked_until"])
    .executeTakeFirst();
  return row ? { failures: row.failures, lockedUntil: row.locked_until as Date | null } : null;
}

/** Until when `key` must wait, if it exists. */
export async function throttleLockedUntil(db: Db, key: string): Promise<Date | null> {
  const row = await db.selectFrom("auth_throttle").select("locked_until").where("key", "=", key).executeTakeFirst();
  return (row?.locked_until as Date | null | undefined) ?? null;
}

/** Forget `key` (after a success). */
export async function deleteThrottleKey(db: Db, key: string): Promise<void> {
  await db.deleteFrom("auth_throttle").where("key", "=", key).execute();
}

/**
 * Give one charged attempt back (a success, or an attempt refused by another key before its secret was
 * checked); a running wait ends once the count is under the free attempts again.
 */
export async function uncountThrottleKey(db: Db, key: string, free: number): Promise<void> {
  await db
    .updateTable("auth_throttle")
    .set({
      failures: sql`greatest(failures - 1, 0)`,
      locked_until: sql`case when failures - 1 < ${free} then null else locked_until end`,
    })
    .where("key", "=", key)
    .execute();
}

/** Drop the keys whose count would start again anyway: quiet since `before`, and not waiting. */
export async function deleteQuietThrottleKeys(db: Db, before: Date, now: Date): Promise<number> {
  const r = await db
    .deleteFrom("auth_throttle")
    .where("updated_at", "<", before)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
