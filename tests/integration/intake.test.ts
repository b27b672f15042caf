import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { composeCreditCode } from "~/domain/credit-code";
import { appealSchema, type AppealInput } from "~/schemas/appeal";
import { submitAppeal } from "~/services/appeals.server";
import { LAND_APPEAL } from "./helpers/appeals";
import { createSeededDb, type TestDb } from "./helpers/db";

let t: TestDb;
let categoryId: number;
const registry = sampleRegistry();
const local = registry[3];

beforeAll(async () => {
  t = await createSeededDb({ years: [2026, 2027] });
  categoryId = (await t.db.selectFrom("appeal_categories").select("id").orderBy("position").executeTakeFirstOrThrow())
    .id;
});
afterAll(async () => t.drop());

function input(over: Partial<AppealInput> = {}): AppealInput {
  return appealSchema.parse({
    ...LAND_APPEAL,
    creditCode: local.credit_code,
    enterpriseName: local.name,
    categoryId,
    ...over,
  });
}

const ctx = (now: string, key = randomUUID()) => ({
  channel: "online" as const,
  submissionKey: `form:test:${key}`,
  registeredBy: null,
  enterpriseOrganisationId: null,
  now: new Date(now),
});

async function cycleOf(appealId: number) {
  return await t.db
    .selectFrom("appeals")
    .innerJoin("cycles", "cycles.id", "appeals.cycle_id")
    .select(["cycles.month", "appeals.status", "appeals.registry_check", "appeals.screening_due_at"])
    .where("appeals.id", "=", appealId)
    .executeTakeFirstOrThrow();
}

describe("which cycle an appeal joins", () => {
  it("23:59:59 the day before October's window closes is October; 00:00:00 on the closing day is November", async () => {
    const before = await submitAppeal(t.db, input(), [], ctx("2026-10-07T23:59:59+08:00"));
    const at = await submitAppeal(t.db, input(), [], ctx("2026-10-08T00:00:00+08:00"));
    expect(before.ok && at.ok).toBe(true);
    if (!before.ok || !at.ok) return;
    expect((await cycleOf(before.appealId)).month).toBe("2026-10");
    expect((await cycleOf(at.appealId)).month).toBe("2026-11");
    // The receipt's history says plainly that it joined the next cycle.
    const note = await t.db
      .selectFrom("appeal_events")
      .select("public_note")
      .where("appeal_id", "=", at.appealId)
      .executeTakeFirstOrThrow();
    expect(note.public_note).toContain("本期预约已截止,您的诉求纳入第11期(现场活动日 2026-11-11)");
  });
});

describe("one appeal per submission", () => {
  it("a retry of the same form returns the first appeal", async () => {
    const c = ctx("2026-11-20T10:00:00+08:00");
    const first = await submitAppeal(t.db, input(), [], c);
    const second = await submitAppeal(t.db, input(), [], c);
    expect(first).toMatchObject({ ok: true, created: true });
    expect(second).toMatchObject({ ok: true, created: false });
    expect(first.ok && second.ok && first.trackingNumber === second.trackingNumber).toBe(true);
  });

  it("ten concurrent submits of one form make exactly one appeal", async () => {
    const c = ctx("2026-11-20T10:00:00+08:00");
    const results = await Promise.all(Array.from({ length: 10 }, () => submitAppeal(t.db, input(), [], c)));
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.ok && r.trackingNumber)).size).toBe(1);
    const rows = await t.db.selectFrom("appeals").select("id").where("submission_key", "=", c.submissionKey).execute();
    expect(rows).toHaveLength(1);
  });
});

describe("registry match at intake", () => {
  it("a matching enterprise goes to screening with a 3-working-day deadline", async () => {
    const r = await submitAppeal(
      t.db,
      input({ enterpriseName: ` ${local.name.replace("潮州市", "潮州市 ")} ` }),
      [],
      ctx("2026-10-09T15:00:00+08:00"),
    );
    if (!r.ok) throw new Error(r.error);
    const a = await cycleOf(r.appealId);
    expect(a).toMatchObject({ status: "screening", registry_check: "match" });
    expect(a.screening_due_at.toISOString()).toBe(new Date("2026-10-13T23:59:59.999+08:00").toISOString());
    expect(r.trackingNumber).toMatch(/^ZT20261009\d{6}$/);
  });

  it("unknown codes, other names and bad check characters wait for the registry reviewer", async () => {
    const unknown = composeCreditCode("91", "445102", "MA9Y9999");
    const corrupted = local.credit_code.slice(0, 17) + (local.credit_code[17] === "0" ? "1" : "0");
    for (const [over, check] of [
      [{ creditCode: unknown }, "unknown_code"],
      [{ enterpriseName: "潮州市另一家有限公司" }, "name_mismatch"],
      [{ creditCode: corrupted }, "bad_check_character"],
    ] as const) {
      const r = await submitAppeal(t.db, input(over), [], ctx("2026-11-20T10:00:00+08:00"));
      if (!r.ok) throw new Error(r.error);
      expect(await cycleOf(r.appealId)).toMatchObject({ status: "registry_review", registry_check: check });
    }
  });

  it("an enterprise registered outside the city is turned away with that reason", async () => {
    const outside = registry.find((e) => e.region_code === "440300")!;
    const r = await submitAppeal(
      t.db,
      input({ creditCode: outside.credit_code, enterpriseName: outside.name }),
      [],
      ctx("2026-11-20T10:00:00+08:00"),
    );
    if (!r.ok) throw new Error(r.error);
    const row = await t.db
      .selectFrom("appeals")
      .select(["status", "rejection_reason"])
      .where("id", "=", r.appealId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("rejected");
    expect(row.rejection_reason).toContain("非本市注册企业");
  });
});

describe("categories", () => {
  it("an unknown or inactive category is refused in Chinese and nothing is written", async () => {
    const before = (await t.db.selectFrom("appeals").select("id").execute()).length;
    const inactive = await t.db
      .insertInto("appeal_categories")
      .values({ name: "已停用类别", position: 99, active: false, suggested_department_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const id of [inactive.id, 999_999]) {
      expect(await submitAppeal(t.db, input({ categoryId: id }), [], ctx("2026-11-20T10:00:00+08:00"))).toEqual({
        ok: false,
        error: "所选诉求类别不存在或已停用,请重新选择。",
      });
    }
    expect((await t.db.selectFrom("appeals").select("id").execute()).length).toBe(before);
  });
});
