/**
 * Sending and checking one-time SMS codes, inside the caller's transaction: a code row and its SMS in the
 * outbox are written together (the worker sends it; in capture mode the office reads it at /admin/outbox),
 * and every check takes one of the code's tries in the same statement that finds it.
 */
import {
  CODE_TTL_MS,
  codeRefusal,
  codeState,
  MAX_CODE_TRIES,
  maskMobile,
  type VerificationPurpose,
} from "~/domain/verification";
import type { Db } from "~/models/audit.server";
import { recordSecurityEvent } from "~/models/security-event.server";
import {
  findVerificationCode,
  insertVerificationCode,
  takeCodeTry,
  type VerificationCodeRow,
} from "~/models/verification-code.server";
import { codeDigest, codeMatches, newCode, unmatchableDigest } from "~/utils/verification-code.server";
import type { SmsContent } from "../../emails/layout";
import { enqueueNotification } from "./notifications.server";
import type { Client } from "./verification-limits.server";

export interface IssueCode {
  purpose: VerificationPurpose;
  mobile: string;
  /** The account it concerns (a change of mobile), or null (a registration). */
  userId: number | null;
  /** The sign-in name given or held, for the security log. */
  username: string;
  payload: unknown;
  /**
   * The SMS: a code, or a notice in its place (a number that already has an account). A notice leaves a row
   * that no code can match, so that everything else about the answer is the same.
   */
  message: { code: (code: string) => SmsContent; template: string } | { notice: SmsContent; template: string };
  now: Date;
  client: Client;
}

/** Write a new code (only its HMAC) and queue its SMS. */
export async function issueCode(trx: Db, c: IssueCode): Promise<{ id: number; expiresAt: Date }> {
  const code = newCode();
  const isCode = "code" in c.message;
  const expiresAt = new Date(c.now.getTime() + CODE_TTL_MS);
  const { id } = await insertVerificationCode(trx, {
    purpose: c.purpose,
    mobile: c.mobile,
    codeHash: isCode ? codeDigest(code, c.purpose, c.mobile) : unmatchableDigest(),
    now: c.now,
    expiresAt,
    userId: c.userId,
    payload: c.payload,
    ip: c.client.ip,
  });
  const sms = "code" in c.message ? c.message.code(code) : c.message.notice;
  await enqueueNotification(trx, {
    dedupeKey: `verification:${id}:sms`,
    channel: "sms",
    recipient: c.mobile,
    template: c.message.template,
    text: sms.text,
    now: c.now,
  });
  await recordSecurityEvent(trx, {
    kind: "sms_code_sent",
    at: c.now,
    userId: c.userId,
    username: c.username,
    ip: c.client.ip,
    userAgent: c.client.userAgent,
    detail: {
      purpose: c.purpose,
      verificationId: id,
      mobile: maskMobile(c.mobile),
      ...(isCode ? {} : { notice: c.message.template }),
    },
  });
  return { id, expiresAt };
}

export type CheckOutcome =
  | { ok: true; code: VerificationCodeRow }
  | { ok: false; reason: "wrong" | "expired" | "used" | "exhausted" | "missing"; message: string };

/**
 * Check `code` against the code row `id`: one of its MAX_CODE_TRIES tries is taken whatever the answer. A
 * wrong code is written to the security log. Must run inside the transaction that acts on a match, so that
 * the row stays locked until the match has been used.
 */
export async function checkCode(
  trx: Db,
  c: { id: number; purpose: VerificationPurpose; code: string; now: Date; client: Client; username?: string | null },
): Promise<CheckOutcome> {
  const taken = await takeCodeTry(trx, c.id, c.purpose, c.now);
  if (!taken) {
    const row = await findVerificationCode(trx, c.id, c.purpose);
    if (!row) return { ok: false, reason: "missing", message: codeRefusal("missing") };
    const state = codeState(row, c.now);
    // Never "active" here (the update would have taken it); should it be, no try is left to give.
    const reason = state === "active" ? "exhausted" : state;
    return { ok: false, reason, message: codeRefusal(reason) };
  }
  if (codeMatches(c.code, c.purpose, taken.mobile, taken.codeHash)) return { ok: true, code: taken };
  await recordSecurityEvent(trx, {
    kind: "sms_code_failed",
    at: c.now,
    userId: taken.userId,
    username: c.username ?? taken.mobile,
    ip: c.client.ip,
    userAgent: c.client.userAgent,
    detail: { purpose: c.purpose, verificationId: taken.id, attempts: taken.attempts },
  });
  const triesLeft = MAX_CODE_TRIES - taken.attempts;
  return { ok: false, reason: "wrong", message: codeRefusal("wrong", triesLeft) };
}
