import { sql } from "kysely";
import type { Role } from "../../db/schema";
import type { Db } from "./audit.server";

export interface NewSession {
  tokenHash: string;
  userId: number;
  now: Date;
  expiresAt: Date;
  idleMinutes: number;
  secondFactorPending: boolean;
  ip: string;
  userAgent: string;
}

export async function insertSession(db: Db, s: NewSession): Promise<string> {
  const row = await db
    .insertInto("sessions")
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      idle_minutes: s.idleMinutes,
      second_factor_pending: s.secondFactorPending,
      ip: s.ip,
      user_agent: s.userAgent.slice(0, 300),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A session with what the app knows of its person; null when the token matches none. */
export interface SessionRecord {
  id: string;
  lastSeenAt: Date;
  expiresAt: Date;
  idleMinutes: number;
  secondFactorPending: boolean;
  user: {
    id: number;
    username: string;
    displayName: string;
    role: Role;
    organisationId: number;
    organisationName: string;
    organisationKind: string;
    active: boolean;
    mustChangePassword: boolean;
    passwordChangedAt: Date;
    hasSecondFactor: boolean;
  };
}

export async function findSessionByTokenHash(db: Db, tokenHash: string): Promise<SessionRecord | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "sessions.id",
      "sessions.last_seen_at",
      "sessions.expires_at",
      "sessions.idle_minutes",
      "sessions.second_factor_pending",
      "users.id as userId",
      "users.username",
      "users.display_name",
      "users.role",
      "users.organisation_id",
      "organisations.name as organisationName",
      "organisations.kind as organisationKind",
      (eb) => eb.and([eb("users.active", "=", true), eb("organisations.active", "=", true)]).as("active"),
      "users.must_change_password",
      "users.password_changed_at",
      "users.totp_enabled_at",
    ])
    .where("sessions.token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    idleMinutes: row.idle_minutes,
    secondFactorPending: row.second_factor_pending,
    user: {
      id: row.userId,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      organisationId: row.organisation_id,
      organisationName: row.organisationName,
      organisationKind: row.organisationKind,
      active: Boolean(row.active),
      mustChangePassword: row.must_change_password,
      passwordChangedAt: row.password_changed_at,
      hasSecondFactor: row.totp_enabled_at !== null,
    },
  };
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", id).execute();
}

/** The second factor was given: the session now opens everything. */
export async function markSecondFactorGiven(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ second_factor_pending: false, last_seen_at: now })
    .where("id", "=", id)
    .execute();
}

/** The same session under a new token (after a password change): a copied cookie stops working. */
export async function replaceSessionToken(db: Db, id: string, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable("sessions").set({ token_hash: tokenHash, last_seen_at: now }).where("id", "=", id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom("sessions").where("id", "=", id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** End a person's sessions (all of them, or all but one); returns how many ended. */
export async function deleteSessionsOfUser(db: Db, userId: number, exceptId?: string): Promise<number> {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptId) q = q.where("id", "!=", exceptId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteSessionsOfOrganisation(db: Db, organisationId: number): Promise<number> {
  const r = await db
    .deleteFrom("sessions")
    .where("user_id", "in", (eb) =>
      eb.selectFrom("users").select("users.id").where("users.organisation_id", "=", organisationId),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** A person's signed-in browsers, most recent first (for /account and the office's user page). */
export async function sessionsOfUser(db: Db, userId: number) {
  return db
    .selectFrom("sessions")
    .select([
      "id",
      "created_at as createdAt",
      "last_seen_at as lastSeenAt",
      "expires_at as expiresAt",
      "idle_minutes as idleMinutes",
      "ip",
      "user_agent as userAgent",
    ])
    .where("user_id", "=", userId)
    .where("second_factor_pending", "=", false)
    .orderBy("last_seen_at", "desc")
    .execute();
}

/** Sessions past their absolute end, or idle beyond their limit: removed by the scheduled sweep. */
export async function deleteEndedSessions(db: Db, now: Date): Promise<number> {
  const r = await db
    .deleteFrom("sessions")
    .where((eb) =>
      eb.or([eb("expires_at", "<=", now), sql<boolean>`last_seen_at + make_interval(mins => idle_minutes) <= ${now}`]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** End one of a person's own sessions (never another person's: the user id is part of the match). */
export async function deleteSessionOfUser(db: Db, userId: number, id: string): Promise<boolean> {
  const r = await db.deleteFrom("sessions").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}
