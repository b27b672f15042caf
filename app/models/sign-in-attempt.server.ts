import type { Db } from "./audit.server";

export async function recordSignInAttempt(db: Db, a: { username: string; ip: string; succeeded: boolean; at: Date }) {
  await db.insertInto("sign_in_attempts").values(a).execute();
}

/** Failures since `since` for this username and for this address, and the latest failure for each. */
export async function recentFailures(db: Db, username: string, ip: string, since: Date) {
  const [byUser, byIp] = await Promise.all([
    db
      .selectFrom("sign_in_attempts")
      .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.max("at").as("last")])
      .where("username", "=", username)
      .where("succeeded", "=", false)
      .where("at", ">", since)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("sign_in_attempts")
      .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.max("at").as("last")])
      .where("ip", "=", ip)
      .where("succeeded", "=", false)
      .where("at", ">", since)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    user: { count: Number(byUser.count), last: byUser.last as Date | null },
    ip: { count: Number(byIp.count), last: byIp.last as Date | null },
  };
}
