import type { SecurityEventKind } from "~/domain/security-events";
import type { Db } from "./audit.server";

export interface SecurityEvent {
  kind: SecurityEventKind;
  at: Date;
  /** Whose account it concerns (null when the name given matches no account). */
  userId?: number | null;
  /** The name given at sign-in, kept even when it matches no account. */
  username?: string | null;
  /** Who did it, when not the account holder (the office ending sessions, resetting a password). */
  actorId?: number | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown> | null;
}

/** Append one event to the security log (the table refuses UPDATE and DELETE). */
export async function recordSecurityEvent(db: Db, e: SecurityEvent): Promise<void> {
  await db
    .insertInto("security_events")
    .values({
      kind: e.kind,
      at: e.at,
      user_id: e.userId ?? null,
      username: e.username ?? null,
      actor_id: e.actorId ?? null,
      ip: e.ip ?? null,
      user_agent: e.userAgent ? e.userAgent.slice(0, 300) : null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
    })
    .execute();
}

/** A person's own latest security events (sign-ins, failures, changes), for /account. */
export async function recentSecurityEventsOfUser(db: Db, userId: number, limit = 10) {
  return db
    .selectFrom("security_events")
    .select(["id", "at", "kind", "ip", "user_agent as userAgent"])
    .where("user_id", "=", userId)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

// ——— Reading the log: the office's security log page ———

export const SECURITY_LOG_PAGE_SIZE = 50;
/**
 * The most rows one filter counts. The log grows without bound (an attack alone writes thousands of failed
 * sign-ins), so the page counts at most this many and asks for narrower dates beyond it.
 */
export const SECURITY_LOG_COUNT_CAP = 10_000;
/** The most accounts an account-name fragment may name; a wider fragment lists the first ones and says so. */
export const SECURITY_LOG_ACCOUNT_CAP = 200;

export interface SecurityLogFilter {
  kind?: SecurityEventKind;
  /** Accounts whose user name or display name contains this. */
  account?: string;
  /** The client address, exactly. */
  ip?: string;
  /** From this instant (inclusive) … */
  from?: Date;
  /** … until this one (exclusive). */
  to?: Date;
}

const likeFragment = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The accounts an account-name fragment names, by id. The log is then read through its (user_id, at)
 * index, one account at a time, rather than by matching text in every row of the log.
 */
export async function accountsNamed(db: Db, fragment: string) {
  const like = likeFragment(fragment);
  const rows = await db
    .selectFrom("users")
    .select("id")
    .where((eb) => eb.or([eb("username", "ilike", like), eb("display_name", "ilike", like)]))
    .orderBy("id")
    .limit(SECURITY_LOG_ACCOUNT_CAP + 1)
    .execute();
  return {
    ids: rows.slice(0, SECURITY_LOG_ACCOUNT_CAP).map((r) => r.id),
    more: rows.length > SECURITY_LOG_ACCOUNT_CAP,
  };
}

/**
 * One page of the security log, newest first, with the columns the page shows (never a whole row), and
 * how many events match (counted up to SECURITY_LOG_COUNT_CAP). Reads through the indexes on (at),
 * (kind, at) and (user_id, at); the client address narrows what those give.
 */
export async function listSecurityEvents(db: Db, filter: SecurityLogFilter, page: number) {
  let accountIds: number[] | undefined;
  let moreAccounts = false;
  if (filter.account) {
    const named = await accountsNamed(db, filter.account);
    if (named.ids.length === 0) return { total: 0, capped: false, moreAccounts: false, rows: [] };
    accountIds = named.ids;
    moreAccounts = named.more;
  }
  let query = db.selectFrom("security_events as e");
  if (filter.kind) query = query.where("e.kind", "=", filter.kind);
  if (accountIds) query = query.where("e.user_id", "in", accountIds);
  if (filter.ip) query = query.where("e.ip", "=", filter.ip);
  if (filter.from) query = query.where("e.at", ">=", filter.from);
  if (filter.to) query = query.where("e.at", "<", filter.to);

  const [counted, rows] = await Promise.all([
    db
      // The newest events first here too, so that the count walks the same index as the page, whatever the
      // filter, and stops at the cap.
      .selectFrom(
        query
          .select("e.id")
          .orderBy("e.at", "desc")
          .limit(SECURITY_LOG_COUNT_CAP + 1)
          .as("matching"),
      )
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
    query
      .leftJoin("users as u", "u.id", "e.user_id")
      .leftJoin("users as actor", "actor.id", "e.actor_id")
      .select([
        "e.id",
        "e.at",
        "e.kind",
        "e.user_id as userId",
        "e.username as givenName",
        "u.username as accountUsername",
        "u.display_name as accountName",
        "e.actor_id as actorId",
        "actor.username as actorUsername",
        "actor.display_name as actorName",
        "e.ip",
        "e.user_agent as userAgent",
        "e.detail",
      ])
      .orderBy("e.at", "desc")
      .orderBy("e.id", "desc")
      .limit(SECURITY_LOG_PAGE_SIZE)
      .offset((page - 1) * SECURITY_LOG_PAGE_SIZE)
      .execute(),
  ]);
  const n = Number(counted.n);
  return { total: Math.min(n, SECURITY_LOG_COUNT_CAP), capped: n > SECURITY_LOG_COUNT_CAP, moreAccounts, rows };
}
