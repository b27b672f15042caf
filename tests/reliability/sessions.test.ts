/**
 * Sessions and the second factor, tried as an attacker who holds a copy of someone's cookie (issue 13,
 * items 1–3): the copy opens nothing after sign-out, an office password reset, a deactivation (also once
 * the account is enabled again), a change of role, idle time or the absolute end; the server keeps only a
 * hash of the id; staff must give a TOTP code when REQUIRE_STAFF_2FA=true, and a session that gave only the
 * password opens nothing; a staff password past its maximum age is changed before anything else.
 */
import { createHmac } from "node:crypto";
import type { Kysely } from "kysely";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo-city";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";
import { Client } from "./sweep-helpers";

const DATABASE = "zt_rel_sessions";
const PORT = 3571;

let server: PgServer;
let app: AppProcess;
let db: Kysely<Database>;

beforeAll(async () => {
  server = await pgServer({ name: "pg-rel-sessions", port: 54347 });
  const url = await freshDatabase(server, DATABASE);
  app = appProcess({ port: PORT, databaseUrl: url, env: { REQUIRE_STAFF_2FA: "true" } });
  await app.start();
  db = createDb(url, 2);
});

afterAll(async () => {
  await db?.destroy();
  await app?.stop();
  if (server) await dropDatabase(server, DATABASE);
  await server?.stop();
});

/** A staff account of our own, with the demo password, made like the demo account of the same role. */
async function account(like: string, role?: string): Promise<{ username: string; id: number }> {
  const username = `rel_${like}_${Math.random().toString(36).slice(2, 8)}`;
  const row = await db
    .insertInto("users")
    .columns(["username", "password_hash", "display_name", "role", "organisation_id"])
    .expression((eb) =>
      eb
        .selectFrom("users")
        .select([
          eb.val(username).as("username"),
          "password_hash",
          eb.val("可靠性测试").as("display_name"),
          role ? eb.val(role as Database["users"]["role"]).as("role") : "role",
          "organisation_id",
        ])
        .where("username", "=", like),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return { username, id: row.id };
}

const secretOf = (html: string) => html.match(/data-testid="totp-secret">([A-Z2-7 ]+)</)![1].replace(/ /g, "");
const field = (html: string, name: string) => html.match(new RegExp(`name="${name}" value="([^"]+)"`))![1];

/** Password, then (staff, 2FA required) enrolment with a code made from the secret the page shows. */
async function signInWithEnrolment(username: string): Promise<{ client: Client; secret: string }> {
  const c = new Client(app.url, username);
  const r = await c.post("/login", { username, password: DEMO_PASSWORD, redirectTo: "/workspace" });
  expect(r.status).toBe(302);
  expect(r.location).toMatch(/^\/login\/two-factor\?redirectTo=/);
  const page = await c.get(r.location!);
  const secret = secretOf(page.text);
  const done = await c.post("/login/two-factor?redirectTo=%2Fworkspace", {
    intent: "enrol",
    secret,
    signature: field(page.text, "signature"),
    code: await generate({ secret }),
  });
  expect(done.status, `${done.location} ${done.text.slice(0, 300)}`).toBe(200);
  expect(done.text).toContain("recovery-codes");
  expect((await c.get("/workspace")).status).toBe(200);
  return { client: c, secret };
}

/** A copy of the client's cookies: what an attacker who stole them would send. */
function copyOf(c: Client): Client {
  const copy = new Client(c.base, `${c.label}-copy`);
  (copy as unknown as { cookies: Map<string, string> }).cookies = new Map(
    (c as unknown as { cookies: Map<string, string> }).cookies,
  );
  return copy;
}

const refused = async (c: Client) => {
  const r = await c.get("/workspace");
  expect(r.status).toBe(302);
  expect(r.location).toMatch(/^\/login/);
};

describe("a copied cookie opens nothing once the session has ended", () => {
  test("after sign-out", async () => {
    const { client } = await signInWithEnrolment((await account("supervisor")).username);
    const stolen = copyOf(client);
    expect((await stolen.get("/workspace")).status).toBe(200);
    await client.post("/logout", {});
    await refused(stolen);
  });

  test("after the office resets the password, and the person must choose a new one", async () => {
    const me = await account("supervisor");
    const { client } = await signInWithEnrolment(me.username);
    const stolen = copyOf(client);
    const office = (await signInWithEnrolment((await account("office")).username)).client;
    const reset = await office.post(`/admin/users/${me.id}`, {
      intent: "reset-password",
      password: "临时密码-青山绿水-2026",
    });
    expect(reset.status).toBe(200);
    await refused(stolen);
    await refused(client);
    const u = await db
      .selectFrom("users")
      .select("must_change_password")
      .where("id", "=", me.id)
      .executeTakeFirstOrThrow();
    expect(u.must_change_password).toBe(true);
  });

  test("after deactivation, also when the account is enabled again; and after a change of role", async () => {
    const me = await account("supervisor");
    const { client } = await signInWithEnrolment(me.username);
    const stolen = copyOf(client);
    const office = (await signInWithEnrolment((await account("office")).username)).client;
    expect((await office.post(`/admin/users/${me.id}`, { intent: "set-active", active: "false" })).status).toBe(200);
    expect((await office.post(`/admin/users/${me.id}`, { intent: "set-active", active: "true" })).status).toBe(200);
    await refused(stolen);

    const other = await account("supervisor");
    const second = (await signInWithEnrolment(other.username)).client;
    const before = await db
      .selectFrom("users")
      .select("organisation_id")
      .where("id", "=", other.id)
      .executeTakeFirstOrThrow();
    const govOrg = await db
      .selectFrom("users")
      .select("organisation_id")
      .where("username", "=", "govoffice")
      .executeTakeFirstOrThrow();
    const moved = await office.post(`/admin/users/${other.id}`, {
      intent: "update",
      displayName: "可靠性测试",
      role: "government_office",
      organisationId: String(govOrg.organisation_id),
    });
    expect(moved.status).toBe(200);
    expect(before.organisation_id).not.toBe(govOrg.organisation_id);
    await refused(second);
  });

  test("after idle time and after the absolute end (time moved on in the database)", async () => {
    const idle = (await signInWithEnrolment((await account("supervisor")).username)).client;
    const me2 = await account("supervisor");
    const late = (await signInWithEnrolment(me2.username)).client;
    const ids = await db.selectFrom("sessions").select(["id", "user_id"]).orderBy("id", "desc").limit(2).execute();
    const [lateSession, idleSession] = ids;
    expect(lateSession.user_id).toBe(me2.id);
    await db
      .updateTable("sessions")
      .set((eb) => ({ last_seen_at: eb("last_seen_at", "-", sqlInterval("31 minutes")) }))
      .where("id", "=", idleSession.id)
      .execute();
    await db
      .updateTable("sessions")
      .set((eb) => ({
        created_at: eb("created_at", "-", sqlInterval("12 hours")),
        expires_at: eb("expires_at", "-", sqlInterval("12 hours")),
      }))
      .where("id", "=", lateSession.id)
      .execute();
    await refused(idle);
    await refused(late);
    expect(
      await db.selectFrom("sessions").select("id").where("id", "in", [idleSession.id, lateSession.id]).execute(),
    ).toEqual([]);
  });
});

import { sql } from "kysely";
function sqlInterval(v: string) {
  return sql<Date>`interval ${sql.lit(v)}`;
}

describe("what the server keeps", () => {
  test("a new random id at every sign-in; only its SHA-256 in the database", async () => {
    const me = await account("enterprise");
    const a = new Client(app.url, "a");
    const b = new Client(app.url, "b");
    for (const c of [a, b]) await c.post("/login", { username: me.username, password: DEMO_PASSWORD });
    const tokenOf = (c: Client) => {
      const raw = decodeURIComponent((c as unknown as { cookies: Map<string, string> }).cookies.get("__zt_session")!);
      return JSON.parse(Buffer.from(raw.split(".")[0], "base64").toString("utf8")) as string;
    };
    const [ta, tb] = [tokenOf(a), tokenOf(b)];
    expect(ta).not.toBe(tb);
    expect(Buffer.from(ta, "base64url").length).toBeGreaterThanOrEqual(16);
    const rows = await db.selectFrom("sessions").select("token_hash").where("user_id", "=", me.id).execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect([ta, tb]).not.toContain(r.token_hash);
    }
    // A cookie forged for a user id, signed with a guessed secret, opens nothing.
    const forged = new Client(app.url, "forged");
    const value = Buffer.from(JSON.stringify(String(me.id))).toString("base64");
    const sig = createHmac("sha256", "guess").update(value).digest("base64").replace(/=+$/, "");
    (forged as unknown as { cookies: Map<string, string> }).cookies.set("__zt_session", `${value}.${sig}`);
    await refused(forged);
  });
});

describe("two factors for staff", () => {
  test("the password alone opens only the second-factor step; a wrong code and a replayed code are refused", async () => {
    const me = await account("dept");
    const { client, secret } = await signInWithEnrolment(me.username);
    await client.post("/logout", {});
    const c = new Client(app.url, "second");
    const r = await c.post("/login", { username: me.username, password: DEMO_PASSWORD, redirectTo: "/handling" });
    expect(r.location).toBe("/login/two-factor?redirectTo=%2Fhandling");
    for (const path of ["/workspace", "/handling", "/account", "/account/password"]) {
      const page = await c.get(path);
      expect(page.status, path).toBe(302);
      expect(page.location, path).toMatch(/^\/login\/two-factor/);
    }
    expect((await c.post("/login/two-factor?redirectTo=%2Fhandling", { code: "123456" })).status).toBe(400);
    // The enrolment used this step's code: the same code is not accepted again.
    const used = await generate({ secret });
    const replay = await c.post("/login/two-factor?redirectTo=%2Fhandling", { code: used });
    const lastStep = await db
      .selectFrom("users")
      .select("totp_last_step")
      .where("id", "=", me.id)
      .executeTakeFirstOrThrow();
    if (Math.floor(Date.now() / 30_000) <= Number(lastStep.totp_last_step)) expect(replay.status).toBe(400);
    const events = await db.selectFrom("security_events").select("kind").where("user_id", "=", me.id).execute();
    expect(events.map((e) => e.kind)).toContain("second_factor_failed");
  });

  test("enterprises sign in with the password alone", async () => {
    const me = await account("enterprise");
    const c = new Client(app.url, "ent");
    const r = await c.post("/login", { username: me.username, password: DEMO_PASSWORD, redirectTo: "/appeals" });
    expect(r.location).toBe("/appeals");
  });

  test("a staff password past its maximum age is changed before anything else", async () => {
    const me = await account("leader");
    const { client } = await signInWithEnrolment(me.username);
    await db
      .updateTable("users")
      .set((eb) => ({ password_changed_at: eb("password_changed_at", "-", sqlInterval("181 days")) }))
      .where("id", "=", me.id)
      .execute();
    const r = await client.get("/agenda");
    expect(r.status).toBe(302);
    expect(r.location).toBe("/account/password?redirectTo=%2Fagenda");
    expect((await client.get("/account/password")).text.replace(/<!-- -->/g, "")).toContain(
      "您的密码已使用超过 180 天",
    );
  });
});
