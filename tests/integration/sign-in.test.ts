/**
 * The password step of signing in and its throttle (issue 13, item 4), against PostgreSQL: counts per
 * (account, address) and per address, charged before the password is checked, shared by every pool (two
 * pools here stand for two app instances), growing delays, and no lockout that a stranger can set off.
 */
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo-city";
import { SIGN_IN, SIGN_IN_ADDRESS, signInAddressKey, signInKey } from "~/domain/sign-in-limit";
import { signIn, type SignInResult } from "~/services/sign-in.server";
import { chargeAttempt, clearAttempts, pruneAttempts, refundAttempt } from "~/services/throttle.server";
import { createSeededDb, type TestDb } from "./helpers/db";

let t: TestDb;
const T0 = new Date("2026-11-20T10:00:00+08:00");
const at = (ms: number) => new Date(T0.getTime() + ms);
const S = 1000;
const MIN = 60 * S;

beforeAll(async () => {
  t = await createSeededDb({ now: T0 });
});
afterAll(async () => t.drop());

async function events(kind: string, ip: string) {
  const rows = await t.db
    .selectFrom("security_events")
    .select(["username", "user_id", "ip", "user_agent", "detail", "at"])
    .where("kind", "=", kind)
    .where("ip", "=", ip)
    .orderBy("id")
    .execute();
  return rows;
}

const wrong = (username: string, ip: string, now: Date, db: Kysely<Database> = t.db) =>
  signIn(db, { username, password: "Wrong#Guess2026", ip, now });
const right = (username: string, ip: string, now: Date, db: Kysely<Database> = t.db) =>
  signIn(db, { username, password: DEMO_PASSWORD, ip, now });
const blockedUntil = (r: SignInResult) => (r.ok === false && r.reason === "blocked" ? r.until.getTime() : null);

describe("signing in", () => {
  it("accepts the right password, refuses a wrong one and an unknown user alike, and logs the failures", async () => {
    expect(await right("office", "10.0.0.1", T0)).toMatchObject({ ok: true });
    expect(
      await signIn(t.db, { username: "office", password: "demo@2026", ip: "10.0.0.1", userAgent: "UA/1", now: T0 }),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(await right("nobody", "10.0.0.1", T0)).toEqual({ ok: false, reason: "invalid" });
    const failed = await events("sign_in_failed", "10.0.0.1");
    expect(
      failed.map((e) => [e.username, e.user_id !== null, e.user_agent, (e.detail as { reason: string }).reason]),
    ).toEqual([
      ["office", true, "UA/1", "wrong_password"],
      ["nobody", false, null, "unknown_user"],
    ]);
    // The successful sign-in is the session's to record; this service records none.
    expect(await t.db.selectFrom("security_events").where("kind", "=", "sign_in").select("id").execute()).toEqual([]);
    const hash = await t.db
      .selectFrom("users")
      .select("password_hash")
      .where("username", "=", "office")
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash.password_hash).not.toContain(DEMO_PASSWORD);
    // The old table is no longer written.
    expect(await t.db.selectFrom("sign_in_attempts").select("id").execute()).toEqual([]);
  });

  it("refuses a disabled account with its right password", async () => {
    await t.db.updateTable("users").set({ active: false }).where("username", "=", "hotline").execute();
    expect(await right("hotline", "10.0.3.1", T0)).toEqual({ ok: false, reason: "invalid" });
    expect((await events("sign_in_failed", "10.0.3.1"))[0].detail).toMatchObject({ reason: "inactive" });
    await t.db.updateTable("users").set({ active: true }).where("username", "=", "hotline").execute();
  });
});

describe("the count per account and address", () => {
  it("5 free failures, then 1 s, 2 s, 4 s … between guesses; a guess while waiting is refused uncounted", async () => {
    const ip = "10.1.0.1";
    for (let i = 0; i < 5; i++) expect(await wrong("dept", ip, at(i))).toEqual({ ok: false, reason: "invalid" });
    // The 6th, even with the right password, must wait 1 s after the 5th.
    const sixth = await right("dept", ip, at(10));
    expect(blockedUntil(sixth)).toBe(at(4 + S).getTime());
    expect(blockedUntil(await right("dept", ip, at(900)))).toBe(at(4 + S).getTime());
    expect(await wrong("dept", ip, at(4 + S))).toEqual({ ok: false, reason: "invalid" });
    expect(blockedUntil(await wrong("dept", ip, at(4 + S + 100)))).toBe(at(4 + 3 * S).getTime());
    expect(await wrong("dept", ip, at(4 + 3 * S))).toEqual({ ok: false, reason: "invalid" });
    expect(blockedUntil(await wrong("dept", ip, at(4 + 3 * S)))).toBe(at(4 + 7 * S).getTime());
    // Only the guesses that were let through reached the password check.
    expect(await events("sign_in_failed", ip)).toHaveLength(7);
    const throttled = await events("sign_in_throttled", ip);
    expect(throttled).toHaveLength(4);
    expect(throttled[0]).toMatchObject({ username: "dept", detail: { scope: "account_address" } });
    // The right password once the wait is over: in, and the count is gone.
    expect(await right("dept", ip, at(4 + 7 * S))).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) expect(await wrong("dept", ip, at(10 * S + i))).toMatchObject({ reason: "invalid" });
  });

  it("guesses from one address never refuse the right password from another", async () => {
    for (let i = 0; i < 12; i++) await wrong("leader", "10.2.0.1", at(i * 20 * S));
    expect(blockedUntil(await right("leader", "10.2.0.1", at(12 * 20 * S)))).not.toBeNull();
    expect(await right("leader", "10.2.0.2", at(12 * 20 * S))).toMatchObject({ ok: true });
    // And the right password from the guessing address, once its wait is over, is not refused either.
    const until = blockedUntil(await right("leader", "10.2.0.1", at(12 * 20 * S)))!;
    expect(await right("leader", "10.2.0.1", new Date(until))).toMatchObject({ ok: true });
  });

  it("the count starts again after 15 quiet minutes", async () => {
    const ip = "10.3.0.1";
    for (let i = 0; i < 5; i++) await wrong("county", ip, at(i));
    expect(blockedUntil(await wrong("county", ip, at(5)))).toBe(at(4 + S).getTime());
    // 14 minutes on, the count still stands: the 6th guess is let through, and the next waits 2 s.
    const sixth = 4 + 14 * MIN;
    expect(await wrong("county", ip, at(sixth))).toMatchObject({ reason: "invalid" });
    expect(blockedUntil(await wrong("county", ip, at(sixth + 1)))).toBe(at(sixth + 2 * S).getTime());
    // 15 quiet minutes after that last counted guess: 5 free guesses again, then 1 s.
    const restart = sixth + 15 * MIN;
    for (let i = 0; i < 5; i++) expect(await wrong("county", ip, at(restart + i))).toMatchObject({ reason: "invalid" });
    expect(blockedUntil(await wrong("county", ip, at(restart + 5)))).toBe(at(restart + 4 + S).getTime());
  });

  it("a success clears the count of the account at that address", async () => {
    const ip = "10.4.0.1";
    for (let i = 0; i < 4; i++) await wrong("secretary", ip, at(i));
    expect(await right("secretary", ip, at(10))).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) expect(await wrong("secretary", ip, at(20 + i))).toMatchObject({ reason: "invalid" });
    expect(blockedUntil(await wrong("secretary", ip, at(30)))).not.toBeNull();
  });
});

describe("concurrent guesses", () => {
  it("50 wrong guesses at once on two instances: at most 5 reach the password check", async () => {
    // Two pools on one database: two app instances.
    const a = createDb(t.url, 25);
    const b = createDb(t.url, 25);
    try {
      const ip = "10.5.0.1";
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => wrong("supervisor", ip, at(i % 3), i % 2 ? a : b)),
      );
      const invalid = results.filter((r) => r.ok === false && r.reason === "invalid").length;
      const blocked = results.filter((r) => blockedUntil(r) !== null).length;
      expect(invalid).toBe(SIGN_IN.free);
      expect(invalid + blocked).toBe(50);
      expect(await events("sign_in_failed", ip)).toHaveLength(invalid);
      expect(await events("sign_in_throttled", ip)).toHaveLength(blocked);
      const row = await t.db
        .selectFrom("auth_throttle")
        .select(["failures", "locked_until"])
        .where("key", "=", signInKey("supervisor", ip))
        .executeTakeFirstOrThrow();
      expect(row.failures).toBe(invalid);
      // The address count holds only the guesses that were checked.
      const address = await t.db
        .selectFrom("auth_throttle")
        .select("failures")
        .where("key", "=", signInAddressKey(ip))
        .executeTakeFirstOrThrow();
      expect(address.failures).toBe(invalid);
      // The right password from elsewhere, meanwhile.
      expect(await right("supervisor", "10.5.0.2", at(5))).toMatchObject({ ok: true });
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });

  it("a bare charge: 200 at once on one key let exactly the free count through", async () => {
    const a = createDb(t.url, 20);
    const b = createDb(t.url, 20);
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => chargeAttempt(i % 2 ? a : b, "test:bare|x", SIGN_IN_ADDRESS, T0)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(SIGN_IN_ADDRESS.free);
      const refused = results.filter((r) => !r.allowed);
      expect(new Set(refused.map((r) => (r.allowed ? 0 : r.retryAt.getTime())))).toEqual(new Set([T0.getTime() + S]));
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });
});

describe("one address, many accounts", () => {
  it("spraying: 20 failures free, then the address waits, whatever account it names", async () => {
    const ip = "10.6.0.1";
    const real = new Map([
      [0, "window"],
      [7, "reviewer"],
      [13, "govoffice"],
      [25, "hotline"],
    ]);
    const names = Array.from({ length: 30 }, (_, i) => real.get(i) ?? `guess${i}`);
    const results: SignInResult[] = [];
    for (const [i, name] of names.entries()) results.push(await wrong(name, ip, at(i)));
    expect(results.filter((r) => r.ok === false && r.reason === "invalid")).toHaveLength(SIGN_IN_ADDRESS.free);
    expect(results.slice(20).map(blockedUntil)).toEqual(Array(10).fill(at(19 + S).getTime()));
    expect((await events("sign_in_throttled", ip)).map((e) => (e.detail as { scope: string }).scope)).toEqual(
      Array(10).fill("address"),
    );
    expect(await events("sign_in_failed", ip)).toHaveLength(20);
    // A refusal by the address does not count against the account at that address.
    const hotline = await t.db
      .selectFrom("auth_throttle")
      .select("failures")
      .where("key", "=", signInKey("hotline", ip))
      .executeTakeFirstOrThrow();
    expect(hotline.failures).toBe(0);
    // Elsewhere, the sprayed accounts sign in at once.
    for (const name of real.values()) expect(await right(name, "10.6.0.2", at(40)), name).toMatchObject({ ok: true });
    // The address waits growing delays: 1 s after the 20th failure, 2 s after the 21st.
    expect(await wrong("guess99", ip, at(19 + S))).toMatchObject({ reason: "invalid" });
    expect(blockedUntil(await wrong("guess98", ip, at(19 + S + 1)))).toBe(at(19 + 3 * S).getTime());
  }, 60_000);

  it("many people signing in from one address are not slowed: only failures count there", async () => {
    const ip = "10.7.0.1";
    const accounts = ["office", "dept", "county", "leader", "secretary", "supervisor", "govoffice", "window"];
    for (let round = 0; round < 3; round++)
      for (const [i, name] of accounts.entries())
        expect(await right(name, ip, at(round * 100 + i)), `${name} round ${round}`).toMatchObject({ ok: true });
    const address = await t.db
      .selectFrom("auth_throttle")
      .select("failures")
      .where("key", "=", signInAddressKey(ip))
      .executeTakeFirstOrThrow();
    expect(address.failures).toBe(0);
  }, 60_000);
});

describe("the throttle's own operations", () => {
  it("refund ends a wait once the count is under the free attempts; clear forgets; prune drops quiet keys", async () => {
    const key = "test:ops|y";
    for (let i = 0; i < 5; i++) expect(await chargeAttempt(t.db, key, SIGN_IN, T0)).toMatchObject({ allowed: true });
    expect(await chargeAttempt(t.db, key, SIGN_IN, T0)).toMatchObject({ allowed: false });
    await refundAttempt(t.db, key, SIGN_IN);
    expect(await chargeAttempt(t.db, key, SIGN_IN, T0)).toEqual({ allowed: true, count: 5 });
    await clearAttempts(t.db, key);
    expect(await chargeAttempt(t.db, key, SIGN_IN, T0)).toEqual({ allowed: true, count: 1 });
    // Quiet for longer than every window (1 h), and not waiting: gone. A fresh one stays.
    await chargeAttempt(t.db, "test:ops|fresh", SIGN_IN, at(61 * MIN));
    expect(await pruneAttempts(t.db, at(61 * MIN))).toBeGreaterThan(0);
    const left = await t.db.selectFrom("auth_throttle").select("key").execute();
    expect(left.map((r) => r.key)).toContain("test:ops|fresh");
    expect(left.map((r) => r.key)).not.toContain(key);
  });
});
