import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCity } from "../../db/seed/index";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed/demo-city";
import { ROLES } from "~/domain/roles";
import { signIn } from "~/services/sign-in.server";
import { createTestDb, type TestDb } from "./helpers/db";
import { mintSession } from "../fixtures/sessions";

let t: TestDb;
const T0 = new Date("2026-11-20T10:00:00+08:00");
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoCity(t.db, { now: T0, firstCycleMonth: "2026-01", years: [2026] });
  process.env.DATABASE_URL = t.url;
  process.env.SESSION_SECRET ??= "integration-test-secret-0123456789";
});
afterAll(async () => t.drop());

describe("sign-in", () => {
  it("accepts the right password, refuses a wrong one and an unknown user alike", async () => {
    expect(await signIn(t.db, { username: "office", password: DEMO_PASSWORD, ip: "10.0.0.1", now: T0 })).toMatchObject({
      ok: true,
    });
    expect(await signIn(t.db, { username: "office", password: "demo@2026", ip: "10.0.0.1", now: T0 })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn(t.db, { username: "nobody", password: DEMO_PASSWORD, ip: "10.0.0.1", now: T0 })).toEqual({
      ok: false,
      reason: "invalid",
    });
    const hash = await t.db
      .selectFrom("users")
      .select("password_hash")
      .where("username", "=", "office")
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash.password_hash).not.toContain(DEMO_PASSWORD);
  });

  it("locks an account after 5 failures in 15 minutes, even for the right password, then lets it in again", async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        await signIn(t.db, { username: "dept", password: "wrong", ip: `10.0.1.${i}`, now: later(i) }),
      ).toMatchObject({ reason: "invalid" });
    }
    const blocked = await signIn(t.db, { username: "dept", password: DEMO_PASSWORD, ip: "10.0.2.1", now: later(5) });
    expect(blocked).toMatchObject({ ok: false, reason: "blocked" });
    expect(blocked.ok === false && blocked.reason === "blocked" && blocked.until.getTime()).toBe(
      later(4 + 15).getTime(),
    );
    expect(
      await signIn(t.db, { username: "dept", password: DEMO_PASSWORD, ip: "10.0.2.1", now: later(20) }),
    ).toMatchObject({ ok: true });
  });

  it("limits one address trying many accounts", async () => {
    for (let i = 0; i < 20; i++)
      await signIn(t.db, { username: `guess${i}`, password: "x", ip: "10.9.9.9", now: later(i % 10) });
    expect(
      await signIn(t.db, { username: "leader", password: DEMO_PASSWORD, ip: "10.9.9.9", now: later(10) }),
    ).toMatchObject({ reason: "blocked" });
    expect(
      await signIn(t.db, { username: "leader", password: DEMO_PASSWORD, ip: "10.9.9.8", now: later(10) }),
    ).toMatchObject({ ok: true });
  });

  it("refuses a disabled account", async () => {
    await t.db.updateTable("users").set({ active: false }).where("username", "=", "hotline").execute();
    expect(await signIn(t.db, { username: "hotline", password: DEMO_PASSWORD, ip: "10.0.3.1", now: T0 })).toMatchObject(
      { reason: "invalid" },
    );
    await t.db.updateTable("users").set({ active: true }).where("username", "=", "hotline").execute();
  });
});

describe("route guards", () => {
  async function requestAs(username: string | null, path: string) {
    const headers = new Headers();
    if (username) {
      const user = await t.db
        .selectFrom("users")
        .select("id")
        .where("username", "=", username)
        .executeTakeFirstOrThrow();
      const session = await mintSession(user.id);
      await t.db.insertInto("sessions").values(session.row).execute();
      headers.set("Cookie", session.cookie);
    }
    return new Request(`http://localhost${path}`, { headers });
  }

  it("every role but the platform office gets 403 in the office area; the anonymous visitor is sent to sign in", async () => {
    const { loader } = await import("~/routes/admin.cycles._index");
    expect(ROLES).toHaveLength(11);
    for (const account of DEMO_ACCOUNTS) {
      const outcome = await loader({
        request: await requestAs(account.username, "/admin/cycles"),
        params: {},
        context: {},
      }).then(
        () => 200,
        (e: Response) => e.status,
      );
      expect([account.role, outcome]).toEqual([account.role, account.role === "platform_admin" ? 200 : 403]);
    }
    const anonymous = await loader({ request: await requestAs(null, "/admin/cycles"), params: {}, context: {} }).catch(
      (e: Response) => e,
    );
    expect((anonymous as Response).status).toBe(302);
    expect((anonymous as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fcycles");
  });

  it("office actions refuse other roles before touching anything", async () => {
    const { action } = await import("~/routes/admin.cycles._index");
    const before = (await t.db.selectFrom("cycles").select("id").execute()).length;
    const req = await requestAs("county", "/admin/cycles");
    const post = new Request(req.url, {
      method: "POST",
      headers: req.headers,
      body: new URLSearchParams({ year: "2027" }),
    });
    const status = await action({ request: post, params: {}, context: {} }).then(
      () => 200,
      (e: Response) => e.status,
    );
    expect(status).toBe(403);
    expect((await t.db.selectFrom("cycles").select("id").execute()).length).toBe(before);
  });
});
