import { sql } from "kysely";
import type { Db } from "./audit.server";

/**
 * Count one attempt of `key` in a fixed window of `windowMs` from its first attempt, in one statement (the
 * row lock of ON CONFLICT makes concurrent attempts count one after another, on any instance). Returns the
 * count within the window, this attempt included, and when the window began.
 */
export async function countInWindow(
  db: Db,
  key: string,
  windowMs: number,
  now: Date,
): Promise<{ count: number; windowStart: Date }> {
  const windowStartedBefore = new Date(now.getTime() - windowMs);
  const { rows } = await sql<{ failures: number; first_at: Date }>`
    insert into auth_throttle as t (key, failures, first_at, locked_until, updated_at)
    values (${key}, 1, ${now}, null, ${now})
    on conflict (key) do update set
      failures = case when t.first_at <= ${windowStartedBefore} then 1 else t.failures + 1 end,
      first_at = case when t.first_at <= ${windowStartedBefore} then ${now} else t.first_at end,
      updated_at = ${now}
    returning failures, first_at`.execute(db);
  return { count: rows[0].failures, windowStart: new Date(rows[0].first_at) };
}
