/**
 * A person changes their own password (等保 "定期更换"; after an office reset they must): the current
 * password first, then a new one that passes the policy. Every other session of theirs ends; the browser
 * that made the change keeps its session under a new id.
 */
import type { Kysely } from "kysely";
import { appendAudit } from "~/models/audit.server";
import { recordSecurityEvent } from "~/models/security-event.server";
import { accountOverview, passwordHashOf, updateUserRow } from "~/models/user.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { passwordProblem } from "~/utils/password-policy.server";
import type { Database } from "../../db/schema";
import { SIGN_IN, throttleKey, waitInWords } from "~/domain/sign-in-limit";
import { endSessionsOfUser } from "./sessions.server";
import { chargeAttempt, clearAttempts } from "./throttle.server";

export type PasswordChangeResult =
  { ok: true; endedSessions: number } | { ok: false; field: "currentPassword" | "newPassword"; message: string };

export async function changeOwnPassword(
  db: Kysely<Database>,
  input: {
    userId: number;
    sessionId: string;
    currentPassword: string;
    newPassword: string;
    now: Date;
    ip: string;
    userAgent: string;
  },
): Promise<PasswordChangeResult> {
  // Guesses of the current password through a stolen session are slowed like sign-ins (per account).
  const key = throttleKey(SIGN_IN, `password-change:${input.userId}`);
  const charge = await chargeAttempt(db, key, SIGN_IN, input.now);
  if (!charge.allowed) {
    return {
      ok: false,
      field: "currentPassword",
      message: `当前密码错误次数过多,请 ${waitInWords(charge.retryAt, input.now)}后再试`,
    };
  }
  const stored = await passwordHashOf(db, input.userId);
  if (!stored || !(await verifyPassword(input.currentPassword, stored))) {
    await recordSecurityEvent(db, {
      kind: "password_change_failed",
      at: input.now,
      userId: input.userId,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    return { ok: false, field: "currentPassword", message: "当前密码不正确" };
  }
  await clearAttempts(db, key);
  const account = await accountOverview(db, input.userId);
  const problem = passwordProblem(input.newPassword, [account.username, account.displayName, account.phone]);
  if (problem) return { ok: false, field: "newPassword", message: problem };
  const hash = await hashPassword(input.newPassword);
  const ended = await db.transaction().execute(async (trx) => {
    await updateUserRow(
      trx,
      input.userId,
      { password_hash: hash, password_changed_at: input.now, must_change_password: false },
      input.now,
    );
    const n = await endSessionsOfUser(trx, {
      userId: input.userId,
      reason: "password_changed",
      actorId: input.userId,
      at: input.now,
      exceptSessionId: input.sessionId,
      ip: input.ip,
    });
    await recordSecurityEvent(trx, {
      kind: "password_changed",
      at: input.now,
      userId: input.userId,
      username: account.username,
      ip: input.ip,
      userAgent: input.userAgent,
      detail: { endedSessions: n },
    });
    await appendAudit(trx, {
      entity: "user",
      entityId: input.userId,
      action: "password_changed",
      actorId: input.userId,
      at: input.now,
    });
    return n;
  });
  return { ok: true, endedSessions: ended };
}
