import { SIGN_IN_WINDOW_MS, signInBlockedUntil } from "~/domain/sign-in-limit";
import type { Db } from "~/models/audit.server";
import { findUserByUsername } from "~/models/user.server";
import { recentFailures, recordSignInAttempt } from "~/models/sign-in-attempt.server";
import { verifyPassword } from "~/utils/password.server";

export type SignInResult =
  { ok: true; userId: number } | { ok: false; reason: "invalid" } | { ok: false; reason: "blocked"; until: Date };

// Compared against when the username is unknown, so that both paths take the same time.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export async function signIn(
  db: Db,
  input: { username: string; password: string; ip: string; now: Date },
): Promise<SignInResult> {
  const username = input.username.trim();
  const failures = await recentFailures(db, username, input.ip, new Date(input.now.getTime() - SIGN_IN_WINDOW_MS));
  const until = signInBlockedUntil(failures);
  if (until && until > input.now) return { ok: false, reason: "blocked", until };

  const user = await findUserByUsername(db, username);
  const matches = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  const ok = Boolean(user && user.active && matches);
  await recordSignInAttempt(db, { username, ip: input.ip, succeeded: ok, at: input.now });
  return ok && user ? { ok: true, userId: user.id } : { ok: false, reason: "invalid" };
}
