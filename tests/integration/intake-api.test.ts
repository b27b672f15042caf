/**
 * The intake API, called through its route modules as the server would: keys, validation, idempotency,
 * the receipt's cycle, and the OpenAPI document. The app clock stands at 2026-11-20 10:00 (第12期 open).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { appealSchema } from "~/schemas/appeal";
import { createApiKey, revokeApiKey, submitApiAppeal } from "~/services/api-keys.server";
import { LAND_APPEAL } from "./helpers/appeals";
import { createSeededDb, routesUse, type TestDb, userIdOf } from "./helpers/db";

let t: TestDb;
let officeId: number;
let hotlineOrgId: number;
let categoryId: number;
let key: string;
const local = sampleRegistry()[3];

beforeAll(async () => {
  t = await createSeededDb({ now: new Date("2026-11-20T10:00:00+08:00"), years: [2026, 2027] });
  routesUse(t);
  process.env.APP_NOW = "2026-11-20T10:00:00+08:00";
  officeId = await userIdOf(t.db, "office");
  hotlineOrgId = (
    await t.db.selectFrom("organisations").select("id").where("kind", "=", "hotline_center").executeTakeFirstOrThrow()
  ).id;
  categoryId = (await t.db.selectFrom("appeal_categories").select("id").orderBy("position").executeTakeFirstOrThrow())
    .id;
  key = await newKey("12345热线系统");
});
afterAll(async () => {
  // The routes' own pool, opened on DATABASE_URL, closes before its database is dropped.
  const { getDb } = await import("~/utils/db.server");
  await getDb().destroy();
  await t.drop();
});

async function newKey(name: string, organisationId = hotlineOrgId): Promise<string> {
  const r = await createApiKey(t.db, { name, organisationId, actorId: officeId, now: new Date() });
  if (!r.ok) throw new Error(r.error);
  return r.key;
}

function body(over: Record<string, unknown> = {}) {
  return {
    ...LAND_APPEAL,
    creditCode: local.credit_code,
    enterpriseName: local.name,
    categoryId,
    ...over,
  };
}

async function post(opts: {
  key?: string | null;
  body?: unknown;
  raw?: string;
  idempotencyKey?: string;
  contentType?: string;
  method?: string;
}): Promise<Response> {
  const headers = new Headers({ "Content-Type": opts.contentType ?? "application/json" });
  if (opts.key !== null) headers.set("Authorization", `Bearer ${opts.key ?? key}`);
  if (opts.idempotencyKey) headers.set("Idempotency-Key", opts.idempotencyKey);
  const request = new Request("http://localhost/api/v1/appeals", {
    method: opts.method ?? "POST",
    headers,
    body: opts.raw ?? JSON.stringify(opts.body ?? body()),
  });
  const mod = await import("~/routes/api.v1.appeals");
  return mod.action({ request, params: {}, context: {} });
}

async function getStatus(trackingNumber: string, withKey: string): Promise<Response> {
  const mod = await import("~/routes/api.v1.appeals.$trackingNumber");
  const request = new Request(`http://localhost/api/v1/appeals/${trackingNumber}`, {
    headers: { Authorization: `Bearer ${withKey}` },
  });
  return mod.loader({ request, params: { trackingNumber }, context: {} });
}

async function appealCount(): Promise<number> {
  const [{ n }] = await t.db
    .selectFrom("appeals")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .execute();
  return Number(n);
}

describe("POST /api/v1/appeals", () => {
  it("takes an appeal: 201 with the tracking number and 第12期, stored as channel api with the key", async () => {
    const res = await post({ idempotencyKey: randomUUID() });
    expect(res.status).toBe(201);
    const json = await res.json();
    expect(json).toMatchObject({
      status: "screening",
      statusLabel: "待甄别",
      cycle: { number: 12, onsiteDate: "2026-12-09" },
      nextCycle: false,
    });
    expect(json.trackingNumber).toMatch(/^ZT20261120\d{6}$/);
    expect(json.receivedAt).toMatch(/^2026-11-20T10:00:\d{2}\+08:00$/);
    expect(res.headers.get("Location")).toBe(`/api/v1/appeals/${json.trackingNumber}`);
    expect(res.headers.get("Idempotent-Replayed")).toBeNull();

    const row = await t.db
      .selectFrom("appeals")
      .innerJoin("api_keys", "api_keys.id", "appeals.api_key_id")
      .select(["appeals.channel", "appeals.registered_by", "api_keys.last_used_at"])
      .where("tracking_number", "=", json.trackingNumber)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: "api", registered_by: null });
    expect(row.last_used_at).toBeInstanceOf(Date);
  });

  it("after the window has closed, the receipt says the appeal joins the next cycle", async () => {
    const caller = await t.db
      .selectFrom("api_keys")
      .select(["id as keyId", "organisation_id as organisationId"])
      .executeTakeFirstOrThrow();
    const r = await submitApiAppeal(
      t.db,
      caller,
      appealSchema.parse(body()),
      null,
      new Date("2026-12-03T09:00:00+08:00"),
    );
    expect(r).toMatchObject({
      ok: true,
      appeal: { cycle: { number: 13, onsiteDate: "2027-01-13" }, nextCycle: true },
    });
  });

  it("answers 400 with the field errors in Chinese, and creates nothing", async () => {
    const before = await appealCount();
    const res = await post({
      body: body({ title: "短", contactPhone: "12345", categoryId: "x", publishName: "yes", creditCode: 91 }),
    });
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.error).toBe("请求内容有误");
    expect(json.fieldErrors).toEqual({
      title: ["诉求标题至少5个字"],
      contactPhone: ["请填写11位手机号码或带区号的固定电话"],
      categoryId: ["请选择诉求类别"],
      publishName: ["应为 true 或 false"],
      creditCode: ["请填写统一社会信用代码"],
    });
    const unknownCategory = await post({ body: body({ categoryId: 99999 }) });
    expect(unknownCategory.status).toBe(400);
    expect((await unknownCategory.json()).fieldErrors.categoryId[0]).toContain("诉求类别不存在");
    const notObject = await post({ body: [body()] });
    expect(notObject.status).toBe(400);
    expect((await notObject.json()).error).toBe("请求内容应为 JSON 对象");
    expect((await post({ raw: "{not json" })).status).toBe(400);
    expect((await post({ idempotencyKey: "clé" })).status).toBe(400);
    expect((await post({ idempotencyKey: "k".repeat(101) })).status).toBe(400);
    expect(await appealCount()).toBe(before);
  });

  it("answers 401 without a key or with a wrong one, with WWW-Authenticate: Bearer", async () => {
    const wrongSecret = key.slice(0, -4) + (key.endsWith("0000") ? "1111" : "0000");
    for (const k of [null, "not-a-key", wrongSecret, "ztk_zzzzzzzz_" + "0".repeat(64)]) {
      const res = await post({ key: k });
      expect(res.status, String(k)).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toBe("Bearer");
      expect((await res.json()).error).toMatch(/API 密钥/);
    }
  });

  it("answers 403 once the key is revoked", async () => {
    const k = await newKey("即将撤销的密钥");
    expect((await post({ key: k })).status).toBe(201);
    const row = await t.db
      .selectFrom("api_keys")
      .select("id")
      .where("name", "=", "即将撤销的密钥")
      .executeTakeFirstOrThrow();
    expect(await revokeApiKey(t.db, { id: row.id, actorId: officeId, now: new Date() })).toMatchObject({ ok: true });
    const res = await post({ key: k });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toContain("已被撤销");
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["action", "to_value"])
      .where("entity", "=", "api_key")
      .where("entity_id", "=", String(row.id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["created", "revoked"]);
    expect(JSON.stringify(audit)).not.toContain(k.slice(13));
  });

  it("answers 415 for a body that is not JSON, 413 above 64 KB, 405 for other methods", async () => {
    expect((await post({ contentType: "text/plain" })).status).toBe(415);
    expect((await post({ contentType: "application/x-www-form-urlencoded", raw: "title=x" })).status).toBe(415);
    expect((await post({ contentType: "application/json; charset=utf-8" })).status).toBe(201);
    const big = await post({ body: body({ content: "诉".repeat(25_000) }) });
    expect(big.status).toBe(413);
    expect((await post({ method: "PUT" })).status).toBe(405);
    const mod = await import("~/routes/api.v1.appeals");
    const get = await mod.loader();
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
  });

  it("replays an Idempotency-Key: the same appeal, 201 with Idempotent-Replayed, one row", async () => {
    const idem = randomUUID();
    const first = await post({ idempotencyKey: idem });
    const again = await post({ idempotencyKey: idem });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const a = await first.json();
    expect(await again.json()).toEqual(a);
    const rows = await t.db
      .selectFrom("appeals")
      .select("id")
      .where("tracking_number", "=", a.trackingNumber)
      .execute();
    expect(rows).toHaveLength(1);
    // The same Idempotency-Key under another API key is another submission.
    const other = await post({ key: await newKey("另一套系统"), idempotencyKey: idem });
    expect((await other.json()).trackingNumber).not.toBe(a.trackingNumber);
  });

  it("ten concurrent requests with one Idempotency-Key make one appeal", async () => {
    const idem = randomUUID();
    const before = await appealCount();
    const responses = await Promise.all(Array.from({ length: 10 }, () => post({ idempotencyKey: idem })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const numbers = new Set(await Promise.all(responses.map(async (r) => (await r.json()).trackingNumber)));
    expect(numbers.size).toBe(1);
    expect(responses.filter((r) => r.headers.get("Idempotent-Replayed") === null)).toHaveLength(1);
    expect(await appealCount()).toBe(before + 1);
  });

  it("refuses a different body under a used Idempotency-Key with 422", async () => {
    const idem = randomUUID();
    expect((await post({ idempotencyKey: idem })).status).toBe(201);
    const before = await appealCount();
    const res = await post({ idempotencyKey: idem, body: body({ title: "另一件事情的诉求标题" }) });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toContain("Idempotency-Key");
    expect(await appealCount()).toBe(before);
  });

  it("without an Idempotency-Key, each request is a new appeal", async () => {
    const before = await appealCount();
    await post({});
    await post({});
    expect(await appealCount()).toBe(before + 2);
  });
});

describe("GET /api/v1/appeals/:trackingNumber", () => {
  it("shows the status to the sending organisation only", async () => {
    const { trackingNumber } = await (await post({ idempotencyKey: randomUUID() })).json();
    const res = await getStatus(trackingNumber, key);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ trackingNumber, status: "screening", cycle: { number: 12 } });

    const hall = await t.db
      .selectFrom("organisations")
      .select("id")
      .where("kind", "=", "service_hall")
      .executeTakeFirstOrThrow();
    const otherOrgKey = await newKey("窗口系统", hall.id);
    expect((await getStatus(trackingNumber, otherOrgKey)).status).toBe(404);
    expect((await getStatus(trackingNumber, "ztk_bad")).status).toBe(401);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document naming the intake and schedule paths", async () => {
    const mod = await import("~/routes/api.v1.openapi[.]json");
    const res = await mod.loader();
    expect(res.status).toBe(200);
    const doc = JSON.parse(await res.text());
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/appeals", "/api/v1/cycles", "/api/v1/appeals/{trackingNumber}"]),
    );
    const post = doc.paths["/api/v1/appeals"].post;
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "413", "415", "422"]),
    );
    expect(post.parameters[0].name).toBe("Idempotency-Key");
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    const request = doc.components.schemas.AppealRequest;
    expect(request.required).toEqual(expect.arrayContaining(["creditCode", "title", "content", "categoryId"]));
    expect(request.properties.categoryId.enum).toContain(categoryId);
    expect(request.properties.title.description).toContain("诉求标题");
  });
});
