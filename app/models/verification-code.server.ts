import { sql } from "kysely";
import { MAX_CODE_TRIES, type VerificationPurpose } from "~/domain/verification";
import type { Db } from "./audit.server";

export interface VerificationCodeRow {
  id: number;
  purpose: VerificationPurpose;
  mobile: string;
  codeHash: string;
  attempts: number;
  createdAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
  userId: number | null;
  payload: unknown;
}

const columns = [
  sql<number>`id::integer`.as("id"),
  "purpose",
  "mobile",
  "code_hash as codeHash",
  "attempts",
  "created_at as createdAt",
  "expires_at as expiresAt",
  "consumed_at as consumedAt",
  "user_id as userId",
  "payload",
] as const;

export async function insertVerificationCode(
  db: Db,
  v: {
    purpose: VerificationPurpose;
    mobile: string;
    codeHash: string;
    now: Date;
    expiresAt: Date;
    userId: number | null;
    payload: unknown;
    ip: string;
  },
): Promise<{ id: number }> {
  const row = await db
    .insertInto("verification_codes")
    .values({
      purpose: v.purpose,
      mobile: v.mobile,
      code_hash: v.codeHash,
      created_at: v.now,
      expires_at: v.expiresAt,
      user_id: v.userId,
      payload: v.payload === null ? null : JSON.stringify(v.payload),
      ip: v.ip,
    })
    .returning(sql<number>`id::integer`.as("id"))
    .executeTakeFirstOrThrow();
  return { id: row.id };
}

export async function findVerificationCode(db: Db, id: number, purpose: VerificationPurpose) {
  return db
    .selectFrom("verification_codes")
    .select(columns)
    .where("id", "=", String(id))
    .where("purpose", "=", purpose)
    .executeTakeFirst() as Promise<VerificationCodeRow | undefined>;
}

/** The person's latest unconsumed change of mobile, expired or not. */
export async function latestMobileChange(db: Db, userId: number) {
  return db
    .selectFrom("verification_codes")
    .select(columns)
    .where("user_id", "=", userId)
    .where("purpose", "=", "change_mobile")
    .where("consumed_at", "is", null)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst() as Promise<VerificationCodeRow | undefined>;
}

/**
 * Take one try of an active code, in one statement: the try is counted only while the code is unused,
 * unexpired and under its tries, and the row stays locked until the caller's transaction ends, so concurrent
 * tries are counted one after another and never more than MAX_CODE_TRIES of them are ever compared.
 */
export async function takeCodeTry(db: Db, id: number, purpose: VerificationPurpose, now: Date) {
  return db
    .updateTable("verification_codes")
    .set({ attempts: sql`attempts + 1` })
    .where("id", "=", String(id))
    .where("purpose", "=", purpose)
    .where("consumed_at", "is", null)
    .where("expires_at", ">", now)
    .where("attempts", "<", MAX_CODE_TRIES)
    .returning(columns)
    .executeTakeFirst() as Promise<VerificationCodeRow | undefined>;
}

/** Mark the code used; false when another request used it first. */
export async function consumeVerificationCode(db: Db, id: number, now: Date): Promise<boolean> {
  const r = await db
    .updateTable("verification_codes")
    .set({ consumed_at: now })
    .where("id", "=", String(id))
    .where("consumed_at", "is", null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** End a code's validity now (a new code replaced it, or the person withdrew the change). */
export async function expireVerificationCodes(
  db: Db,
  where: { id: number } | { userId: number; purpose: VerificationPurpose },
  now: Date,
): Promise<void> {
  let q = db
    .updateTable("verification_codes")
    .set({ expires_at: now })
    .where("consumed_at", "is", null)
    .where("expires_at", ">", now);
  q =
    "id" in where
      ? q.where("id", "=", String(where.id))
      : q.where("user_id", "=", where.userId).where("purpose", "=", where.purpose);
  await q.execute();
}
