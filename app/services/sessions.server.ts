/**
 * Ending sessions, and the security log entry that says why. Every change that must take a person's access
 * away at once (deactivation, a password change or reset, a new role or organisation, the office's "结束会话")
 * calls this inside its own transaction.
 */
import type { Kysely } from "kysely";
import { recordSecurityEvent } from "~/models/security-event.server";
import {
  deleteSessionOfUser,
  deleteSessionsOfOrganisation,
  deleteSessionsOfUser,
  sessionsOfUser,
} from "~/models/session.server";
import type { Db } from "~/models/audit.server";
import type { Database } from "../../db/schema";

export type EndReason =
  | "disabled"
  | "organisation_disabled"
  | "password_changed"
  | "password_reset"
  | "role_changed"
  | "second_factor_changed"
  | "by_office"
  | "by_user";

export async function endSessionsOfUser(
  db: Db,
  e: { userId: number; reason: EndReason; actorId: number | null; at: Date; exceptSessionId?: string; ip?: string },
): Promise<number> {
  const ended = await deleteSessionsOfUser(db, e.userId, e.exceptSessionId);
  if (ended > 0 || e.reason === "by_office" || e.reason === "by_user") {
    await recordSecurityEvent(db, {
      kind: "sessions_revoked",
      at: e.at,
      userId: e.userId,
      actorId: e.actorId,
      ip: e.ip ?? null,
      detail: { reason: e.reason, ended, keptCurrent: Boolean(e.exceptSessionId) },
    });
  }
  return ended;
}

export async function endSessionsOfOrganisation(
  db: Db,
  e: { organisationId: number; actorId: number; at: Date },
): Promise<number> {
  const ended = await deleteSessionsOfOrganisation(db, e.organisationId);
  if (ended > 0) {
    await recordSecurityEvent(db, {
      kind: "sessions_revoked",
      at: e.at,
      actorId: e.actorId,
      detail: { reason: "organisation_disabled", organisationId: e.organisationId, ended },
    });
  }
  return ended;
}

/** The office ends every session of one person (a lost phone, a departure). */
export async function endSessionsByOffice(
  db: Kysely<Database>,
  e: { userId: number; actorId: number; at: Date; ip: string },
): Promise<number> {
  return db
    .transaction()
    .execute((trx) =>
      endSessionsOfUser(trx, { userId: e.userId, reason: "by_office", actorId: e.actorId, at: e.at, ip: e.ip }),
    );
}

export { sessionsOfUser };

/** The person ends one of their own sessions from /account/sessions. */
export async function endOwnSession(
  db: Db,
  e: { userId: number; sessionId: string; at: Date; ip: string },
): Promise<boolean> {
  const ended = await deleteSessionOfUser(db, e.userId, e.sessionId);
  if (ended) {
    await recordSecurityEvent(db, {
      kind: "session_revoked",
      at: e.at,
      userId: e.userId,
      actorId: e.userId,
      ip: e.ip,
      detail: { reason: "by_user" },
    });
  }
  return ended;
}
