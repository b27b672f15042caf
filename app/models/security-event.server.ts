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
