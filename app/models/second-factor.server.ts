import { sql } from "kysely";
import type { Db } from "./audit.server";

/** The person's TOTP secret and the last time step accepted, or null when none is set up. */
export async function secondFactorOf(
  db: Db,
  userId: number,
): Promise<{ secret: string; lastStep: number | null } | null> {
  const row = await db
    .selectFrom("users")
    .select(["totp_secret", "totp_last_step", "totp_enabled_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!row?.totp_secret || !row.totp_enabled_at) return null;
  return { secret: row.totp_secret, lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step) };
}

/** Turn the second factor on; false when it already is (a double submit). */
export async function enableSecondFactor(db: Db, userId: number, secret: string, step: number, now: Date) {
  const r = await db
    .updateTable("users")
    .set({ totp_secret: secret, totp_enabled_at: now, totp_last_step: step, updated_at: now })
    .where("id", "=", userId)
    .where("totp_enabled_at", "is", null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Accept a TOTP time step once: false when this step (or a later one) was accepted already. */
export async function takeTotpStep(db: Db, userId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable("users")
    .set({ totp_last_step: step })
    .where("id", "=", userId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", sql<string>`${step}`)]))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function replaceRecoveryCodes(db: Db, userId: number, hashes: string[], now: Date): Promise<void> {
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await db
    .insertInto("recovery_codes")
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now, used_at: null })))
    .execute();
}

/** Use a recovery code up; false when it is not one of the person's unused codes. */
export async function takeRecoveryCode(db: Db, userId: number, hash: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable("recovery_codes")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("code_hash", "=", hash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function unusedRecoveryCodes(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Remove the second factor and its recovery codes; returns the user name, or null when none was set up. */
export async function clearSecondFactor(db: Db, userId: number): Promise<{ username: string } | null> {
  const row = await db
    .updateTable("users")
    .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
    .where("id", "=", userId)
    .where("totp_enabled_at", "is not", null)
    .returning("username")
    .executeTakeFirst();
  if (!row) return null;
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  return row;
}
