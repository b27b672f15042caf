import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/seed/demo-city";
import { ROLES } from "~/domain/roles";
import { createSeededDb, routesUse, type TestDb } from "./helpers/db";
import { mintSession } from "../fixtures/sessions";

let t: TestDb;
const T0 = new Date("2026-11-20T10:00:00+08:00");

beforeAll(async () => {
  t = await createSeededDb({ now: T0 });
  routesUse(t);
});
afterAll(async () => t.drop());

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
