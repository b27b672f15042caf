/**
 * The second factor for sign-in (SPEC §7, 等保2.0 三级 身份鉴别 d: two combined techniques, one of them
 * cryptographic): TOTP (RFC 6238, otplib) with ten one-time recovery codes kept as SHA-256 hashes.
 * Codes are checked against `otpTime`, the real time (the phone's authenticator knows no APP_NOW).
 * A TOTP code is accepted for the step before and after the current one, and never twice (the last step
 * accepted is stored and compared in the same UPDATE, so two requests with one code cannot both pass).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { appendAudit, type Db } from "~/models/audit.server";
import { recordSecurityEvent } from "~/models/security-event.server";
import {
  clearSecondFactor,
  enableSecondFactor,
  replaceRecoveryCodes,
  secondFactorOf,
  takeRecoveryCode,
  takeTotpStep,
} from "~/models/second-factor.server";
import { env } from "~/utils/env.server";
import type { Database } from "../../db/schema";
import { SECOND_FACTOR, throttleKey, waitInWords } from "~/domain/sign-in-limit";
import { endSessionsOfUser } from "./sessions.server";
import { chargeAttempt, clearAttempts } from "./throttle.server";

export const ISSUER = "直通车";
export const RECOVERY_CODE_COUNT = 10;
const STEP_SECONDS = 30;

/** Ten codes of 10 characters from an alphabet without look-alikes (≈ 50 bits each), shown as XXXXX-XXXXX. */
const RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

/**
 * A secret offered for enrolment travels in the form, signed for this one person, so that it is kept
 * nowhere until the person proves with a code that their authenticator holds it.
 */
function signOffer(userId: number, secret: string): string {
  const key = env().SESSION_SECRET ?? "";
  return createHmac("sha256", key).update(`totp-offer:${userId}:${secret}`).digest("base64url");
}

export interface EnrolmentOffer {
  secret: string;
  signature: string;
  /** The otpauth:// URI as an inline SVG QR code. */
  qrSvg: string;
  /** The secret in groups of four, for typing into an authenticator by hand. */
  secretGroups: string;
}

export async function offerEnrolment(user: { id: number; username: string }): Promise<EnrolmentOffer> {
  const secret = generateSecret();
  const uri = generateURI({ issuer: ISSUER, label: user.username, secret });
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { secret, signature: signOffer(user.id, secret), qrSvg, secretGroups: secret.match(/.{1,4}/g)!.join(" ") };
}

function offerIsGenuine(userId: number, secret: string, signature: string): boolean {
  const expected = Buffer.from(signOffer(userId, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The time step a TOTP code is good for around `now`, or null when it is not right. */
async function totpStep(secret: string, code: string, now: Date, afterStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: STEP_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  if (!result.valid) return null;
  return "timeStep" in result && typeof result.timeStep === "number"
    ? result.timeStep
    : Math.floor(now.getTime() / 1000 / STEP_SECONDS) + (result.delta ?? 0);
}

export type EnrolResult = { ok: true; recoveryCodes: string[] } | { ok: false; message: string };

/** The person typed a code from their authenticator for the offered secret: the second factor is on. */
export async function confirmEnrolment(
  db: Kysely<Database>,
  input: {
    userId: number;
    username: string;
    secret: string;
    signature: string;
    code: string;
    now: Date;
    otpTime: Date;
    ip: string;
  },
): Promise<EnrolResult> {
  if (!offerIsGenuine(input.userId, input.secret, input.signature)) {
    return { ok: false, message: "绑定信息已失效,请刷新页面后重新扫描二维码" };
  }
  const step = await totpStep(input.secret, input.code.trim(), input.otpTime, null);
  if (step === null) {
    return { ok: false, message: "动态口令不正确,请核对手机时间是否准确,并输入验证器中当前显示的 6 位数字" };
  }
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const done = await db.transaction().execute(async (trx) => {
    const enabled = await enableSecondFactor(trx, input.userId, input.secret, step, input.now);
    if (!enabled) return false;
    await replaceRecoveryCodes(trx, input.userId, codes.map(hashRecoveryCode), input.now);
    await recordSecurityEvent(trx, {
      kind: "second_factor_enrolled",
      at: input.now,
      userId: input.userId,
      username: input.username,
      ip: input.ip,
    });
    return true;
  });
  if (!done) return { ok: false, message: "该账号已启用动态口令" };
  return { ok: true, recoveryCodes: codes };
}

export type VerifyResult = { ok: true; method: "totp" | "recovery_code" } | { ok: false; message: string };

/** A code at the second-factor step: a TOTP code, or one of the recovery codes (used up by this). */
export async function verifySecondFactor(
  db: Db,
  input: { userId: number; username: string; code: string; now: Date; otpTime: Date; ip: string },
): Promise<VerifyResult> {
  const factor = await secondFactorOf(db, input.userId);
  if (!factor) return { ok: false, message: "该账号尚未启用动态口令" };
  // Charged before the code is checked: concurrent guesses cannot pass the count (SPEC §7).
  const key = throttleKey(SECOND_FACTOR, String(input.userId));
  const charge = await chargeAttempt(db, key, SECOND_FACTOR, input.now);
  if (!charge.allowed) {
    await recordSecurityEvent(db, {
      kind: "sign_in_throttled",
      at: input.now,
      userId: input.userId,
      username: input.username,
      ip: input.ip,
      detail: { scope: "second_factor", retryAt: charge.retryAt.toISOString() },
    });
    return { ok: false, message: `动态口令错误次数过多,请 ${waitInWords(charge.retryAt, input.now)}后再试` };
  }
  const code = input.code.trim().replace(/\s+/g, "");
  if (/^\d{6}$/.test(code)) {
    const step = await totpStep(factor.secret, code, input.otpTime, factor.lastStep);
    if (step !== null && (await takeTotpStep(db, input.userId, step))) {
      await clearAttempts(db, key);
      return { ok: true, method: "totp" };
    }
  } else if (normaliseRecoveryCode(code).length === 10) {
    if (await takeRecoveryCode(db, input.userId, hashRecoveryCode(code), input.now)) {
      await clearAttempts(db, key);
      await recordSecurityEvent(db, {
        kind: "recovery_code_used",
        at: input.now,
        userId: input.userId,
        username: input.username,
        ip: input.ip,
      });
      return { ok: true, method: "recovery_code" };
    }
  }
  await recordSecurityEvent(db, {
    kind: "second_factor_failed",
    at: input.now,
    userId: input.userId,
    username: input.username,
    ip: input.ip,
  });
  return { ok: false, message: "动态口令或恢复码不正确(每个动态口令和恢复码只能使用一次)" };
}

/** New recovery codes (the old ones stop working), after a current TOTP code. */
export async function regenerateRecoveryCodes(
  db: Kysely<Database>,
  input: { userId: number; username: string; code: string; now: Date; otpTime: Date; ip: string },
): Promise<EnrolResult> {
  const factor = await secondFactorOf(db, input.userId);
  if (!factor) return { ok: false, message: "该账号尚未启用动态口令" };
  const key = throttleKey(SECOND_FACTOR, String(input.userId));
  const charge = await chargeAttempt(db, key, SECOND_FACTOR, input.now);
  if (!charge.allowed) {
    return { ok: false, message: `动态口令错误次数过多,请 ${waitInWords(charge.retryAt, input.now)}后再试` };
  }
  const step = await totpStep(factor.secret, input.code.trim(), input.otpTime, factor.lastStep);
  if (step === null || !(await takeTotpStep(db, input.userId, step))) {
    return { ok: false, message: "动态口令不正确" };
  }
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.transaction().execute(async (trx) => {
    await replaceRecoveryCodes(trx, input.userId, codes.map(hashRecoveryCode), input.now);
    await recordSecurityEvent(trx, {
      kind: "recovery_codes_generated",
      at: input.now,
      userId: input.userId,
      username: input.username,
      ip: input.ip,
    });
  });
  return { ok: true, recoveryCodes: codes };
}

/**
 * The office resets a person's second factor (a lost phone): the secret and recovery codes are removed and
 * every session ends; at the next sign-in the person enrols again (staff, where required) or signs in with
 * the password.
 */
export async function resetSecondFactorByOffice(
  db: Kysely<Database>,
  input: { userId: number; actorId: number; now: Date; ip: string; reason?: string | null },
): Promise<{ ok: boolean }> {
  return db.transaction().execute(async (trx) => {
    const cleared = await clearSecondFactor(trx, input.userId);
    if (!cleared) return { ok: false };
    await endSessionsOfUser(trx, {
      userId: input.userId,
      reason: "second_factor_changed",
      actorId: input.actorId,
      at: input.now,
    });
    await recordSecurityEvent(trx, {
      kind: "second_factor_reset",
      at: input.now,
      userId: input.userId,
      username: cleared.username,
      actorId: input.actorId,
      ip: input.ip,
      detail: input.reason ? { reason: input.reason } : null,
    });
    await appendAudit(trx, {
      entity: "user",
      entityId: input.userId,
      action: "second_factor_reset",
      actorId: input.actorId,
      at: input.now,
      reason: input.reason ?? null,
    });
    return { ok: true };
  });
}
