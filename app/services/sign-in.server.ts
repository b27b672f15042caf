/**
 * The password step of signing in (SPEC §7): failed sign-ins are slowed per (account, client address) and
 * per client address, never by the account alone, so guesses from one address never refuse the right
 * password from another. Both counts are charged before the password is checked (app/services/
 * throttle.server.ts), so concurrent guesses cannot get past them on any number of instances.
 *
 * Failures and refusals go to the security log; the successful sign-in is recorded where its session is made.
 */
import { SIGN_IN, SIGN_IN_ADDRESS, signInAddressKey, signInKey } from "~/domain/sign-in-limit";
import type { Db } from "~/models/audit.server";
import { recordSecurityEvent } from "~/models/security-event.server";
import { findUserByUsername } from "~/models/user.server";
import { verifyPassword } from "~/utils/password.server";
import { chargeAttempt, clearAttempts, refundAttempt } from "./throttle.server";

export type SignInResult =
  { ok: true; userId: number } | { ok: false; reason: "invalid" } | { ok: false; reason: "blocked"; until: Date };

// Compared against when the username is unknown, so that both paths take the same time.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export async function signIn(
  db: Db,
  input: { username: string; password: string; ip: string; userAgent?: string | null; now: Date },
): Promise<SignInResult> {
  const username = input.username.trim();
  const { ip, now } = input;
  const who = { username, ip, userAgent: input.userAgent ?? null, at: now };
  const accountKey = signInKey(username, ip);
  const addressKey = signInAddressKey(ip);

  const account = await chargeAttempt(db, accountKey, SIGN_IN, now);
  if (!account.allowed) {
    await recordSecurityEvent(db, {
      ...who,
      kind: "sign_in_throttled",
      detail: { scope: "account_address", retryAt: account.retryAt.toISOString() },
    });
    return { ok: false, reason: "blocked", until: account.retryAt };
  }
  const address = await chargeAttempt(db, addressKey, SIGN_IN_ADDRESS, now);
  if (!address.allowed) {
    // The password is not checked: this attempt does not count against the account at this address.
    await refundAttempt(db, accountKey, SIGN_IN);
    await recordSecurityEvent(db, {
      ...who,
      kind: "sign_in_throttled",
      detail: { scope: "address", retryAt: address.retryAt.toISOString() },
    });
    return { ok: false, reason: "blocked", until: address.retryAt };
  }

  const user = await findUserByUsername(db, username);
  const matches = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (user && user.active && matches) {
    await clearAttempts(db, accountKey);
    // Many people may sign in from one address (an office behind one gateway): only failures count there.
    await refundAttempt(db, addressKey, SIGN_IN_ADDRESS);
    return { ok: true, userId: user.id };
  }
  await recordSecurityEvent(db, {
    ...who,
    kind: "sign_in_failed",
    userId: user?.id ?? null,
    detail: {
      reason: !user ? "unknown_user" : !matches ? "wrong_password" : "inactive",
      accountAddressFailures: account.count,
      addressFailures: address.count,
    },
  });
  return { ok: false, reason: "invalid" };
}
