/**
 * One-time SMS codes: made with the system's CSPRNG, stored only as an HMAC-SHA-256 keyed with the
 * server's secret (a copy of the table alone does not give the codes away: six digits would fall to an
 * unkeyed hash at once), bound to the number and the purpose it was sent for.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { CODE_LENGTH, type VerificationPurpose } from "~/domain/verification";
import { env } from "./env.server";

export function newCode(): string {
  return String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, "0");
}

function key(): Buffer {
  const secret = env().SESSION_SECRET;
  if (!secret) throw new Error("SESSION_SECRET is not set");
  return createHmac("sha256", secret).update("zt:verification-code").digest();
}

export function codeDigest(code: string, purpose: VerificationPurpose, mobile: string): string {
  return createHmac("sha256", key()).update(`${purpose}|${mobile}|${code}`).digest("base64url");
}

/**
 * The digest of a secret nobody is told: a code row that no code can ever match (the answer to a mobile that
 * already has an account looks like any other, but can never complete).
 */
export function unmatchableDigest(): string {
  return createHmac("sha256", key())
    .update(`unmatchable|${randomBytes(32).toString("hex")}`)
    .digest("base64url");
}

export function codeMatches(code: string, purpose: VerificationPurpose, mobile: string, stored: string): boolean {
  const given = Buffer.from(codeDigest(code, purpose, mobile));
  const expected = Buffer.from(stored);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
