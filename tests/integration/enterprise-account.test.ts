import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCity } from "../../db/seed/index";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { registerEnterpriseSchema } from "~/schemas/enterprise-account";
import { registerEnterprise, updateEnterpriseContact } from "~/services/enterprise-account.server";
import { signIn } from "~/services/sign-in.server";
import { createTestDb, type TestDb } from "./helpers/db";

let t: TestDb;
const NOW = new Date("2026-11-20T10:00:00+08:00");
const registry = sampleRegistry();

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoCity(t.db, { now: NOW, firstCycleMonth: "2026-01", years: [2026] });
});
afterAll(async () => t.drop());

function form(entry = registry[20], over: Record<string, string> = {}) {
  return registerEnterpriseSchema.parse({
    creditCode: entry.credit_code.toLowerCase(),
    enterpriseName: entry.name,
    legalRepresentative: entry.legal_representative,
    contactName: "郑经理",
    mobile: "13712345678",
    password: "Secret2026",
    passwordConfirm: "Secret2026",
    ...over,
  });
}

describe("enterprise self-registration", () => {
  it("checks the registry: name, legal representative, region, and one account per enterprise", async () => {
    expect(await registerEnterprise(t.db, form(registry[21], { enterpriseName: "别的公司名称" }), NOW)).toMatchObject({
      ok: false,
      fieldErrors: { enterpriseName: [expect.stringContaining("不一致")] },
    });
    expect(await registerEnterprise(t.db, form(registry[21], { legalRepresentative: "张三丰" }), NOW)).toMatchObject({
      ok: false,
      fieldErrors: { legalRepresentative: ["法定代表人与法人库登记不一致"] },
    });
    const outside = registry.find((e) => e.region_code === "440300")!;
    expect(await registerEnterprise(t.db, form(outside), NOW)).toMatchObject({
      ok: false,
      formErrors: [expect.stringContaining("不在本市")],
    });
    // The demo enterprise (registry[0]) already has an account.
    expect(await registerEnterprise(t.db, form(registry[0], { mobile: "13700000001" }), NOW)).toMatchObject({
      ok: false,
      fieldErrors: { creditCode: [expect.stringContaining("已注册账号")] },
    });
  });

  it("creates the organisation linked to the registry entry and a user who signs in with the mobile number", async () => {
    const r = await registerEnterprise(t.db, form(), NOW);
    expect(r).toMatchObject({ ok: true });
    const org = await t.db
      .selectFrom("organisations")
      .innerJoin("enterprises", "enterprises.id", "organisations.enterprise_id")
      .select(["organisations.kind", "organisations.name", "organisations.contact_phone", "enterprises.credit_code"])
      .where("enterprises.credit_code", "=", registry[20].credit_code)
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ kind: "enterprise", name: registry[20].name, contact_phone: "13712345678" });
    expect(
      await signIn(t.db, { username: "13712345678", password: "Secret2026", ip: "10.1.1.1", now: NOW }),
    ).toMatchObject({ ok: true });
    expect(await registerEnterprise(t.db, form(registry[22]), NOW)).toMatchObject({
      ok: false,
      fieldErrors: { mobile: [expect.any(String)] },
    });
  });

  it("two registrations of one enterprise at once make one account", async () => {
    const results = await Promise.all([
      registerEnterprise(t.db, form(registry[30], { mobile: "13711110001" }), NOW),
      registerEnterprise(t.db, form(registry[30], { mobile: "13711110002" }), NOW),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const orgs = await t.db
      .selectFrom("organisations")
      .innerJoin("enterprises", "enterprises.id", "organisations.enterprise_id")
      .select("organisations.id")
      .where("enterprises.credit_code", "=", registry[30].credit_code)
      .execute();
    expect(orgs).toHaveLength(1);
  });

  it("updates the contact with an audit record", async () => {
    const user = await t.db
      .selectFrom("users")
      .select(["id", "organisation_id"])
      .where("username", "=", "13712345678")
      .executeTakeFirstOrThrow();
    const input = {
      organisationId: user.organisation_id,
      userId: user.id,
      contactName: "郑总",
      mobile: "13898765432",
      email: null,
      now: NOW,
    };
    expect(await updateEnterpriseContact(t.db, input)).toEqual({ changed: true });
    expect(await updateEnterpriseContact(t.db, input)).toEqual({ changed: false });
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["action", "to_value"])
      .where("entity", "=", "organisation")
      .where("entity_id", "=", String(user.organisation_id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["registered", "contact_updated"]);
  });
});
