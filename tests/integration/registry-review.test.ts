/**
 * Registry review (法人库核实) by the market supervision reviewer: confirm by linking to the registry entry
 * (optionally correcting its name), confirm by entering a new entry, reject with a reason; a confirmed
 * enterprise registered outside the city is turned away; a second decision changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { OUTSIDE_CITY_REASON } from "~/domain/appeal";
import { composeCreditCode } from "~/domain/credit-code";
import { registryReviewQueue } from "~/models/screening.server";
import type { AppealInput } from "~/schemas/appeal";
import { registryDecisionSchema } from "~/schemas/screening";
import {
  confirmWithNewRegistryEntry,
  confirmWithRegistryEntry,
  registryRegionChoices,
  rejectAtRegistryReview,
} from "~/services/registry-review.server";
import { submitTestAppeal } from "./helpers/appeals";
import { createSeededDb, type TestDb, userIdOf } from "./helpers/db";

let t: TestDb;
let reviewerId: number;
let categoryId: number;
const NOW = new Date("2026-11-20T11:00:00+08:00");
const registry = sampleRegistry();
const outside = registry.find((e) => e.region_code === "440300")!;
let codeSeq = 0;

beforeAll(async () => {
  t = await createSeededDb({ years: [2026, 2027] });
  reviewerId = await userIdOf(t.db, "reviewer");
  categoryId = (await t.db.selectFrom("appeal_categories").select("id").orderBy("position").executeTakeFirstOrThrow())
    .id;
});
afterAll(async () => t.drop());

const ctx = () => ({ actorId: reviewerId, now: NOW });

/** A valid code the registry does not know. */
function unknownCode(): string {
  codeSeq += 1;
  return composeCreditCode("91", "445102", `MA8R${String(codeSeq).padStart(4, "0")}`);
}

async function newAppeal(over: Partial<AppealInput>, receivedAt = "2026-11-20T09:00:00+08:00") {
  return submitTestAppeal(
    t.db,
    {
      creditCode: registry[5].credit_code,
      enterpriseName: registry[5].name,
      contactName: "王先生",
      contactPhone: "13900001234",
      title: "出口退税办理进度咨询",
      content: "我司出口退税申报已逾两个月仍未到账,资金周转困难,请协调有关部门加快办理进度。",
      categoryId,
      ...over,
    },
    { channel: "hotline", now: new Date(receivedAt) },
  );
}

async function appealRow(id: number) {
  return t.db
    .selectFrom("appeals")
    .select(["status", "registry_check", "enterprise_id", "rejection_reason", "enterprise_organisation_id"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function lastEvent(id: number) {
  return t.db
    .selectFrom("appeal_events")
    .selectAll()
    .where("appeal_id", "=", id)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
}

async function enterpriseAudit(id: number) {
  return t.db
    .selectFrom("audit_events")
    .select(["action", "actor_id", "from_value", "to_value", "reason"])
    .where("entity", "=", "enterprise")
    .where("entity_id", "=", String(id))
    .orderBy("id")
    .execute();
}

describe("confirming by linking to the registry entry", () => {
  it("a name mismatch, confirmed as is: linked, confirmed, on to screening; the registry is unchanged", async () => {
    const entry = registry[6];
    const a = await newAppeal({ creditCode: entry.credit_code, enterpriseName: `${entry.name}(旧名)` });
    expect((await appealRow(a.appealId)).registry_check).toBe("name_mismatch");
    const out = await confirmWithRegistryEntry(t.db, { appealId: a.appealId, correctName: false, ...ctx() });
    expect(out).toMatchObject({ ok: true, status: "screening", assignedOrganisationIds: [], appealId: a.appealId });
    const e = await t.db
      .selectFrom("enterprises")
      .select(["id", "name"])
      .where("credit_code", "=", entry.credit_code)
      .executeTakeFirstOrThrow();
    expect(await appealRow(a.appealId)).toMatchObject({
      status: "screening",
      registry_check: "confirmed",
      enterprise_id: e.id,
    });
    expect(e.name).toBe(entry.name);
    expect(await lastEvent(a.appealId)).toMatchObject({
      actor_id: reviewerId,
      action: "registry_confirmed",
      from_status: "registry_review",
      to_status: "screening",
      public_note: "市市场监督管理局已核实企业信息,诉求进入甄别。",
    });
    expect(await enterpriseAudit(e.id)).toHaveLength(0);
  });

  it("with the name corrected: the registry takes the appeal's name, audited", async () => {
    const entry = registry[7];
    const newName = entry.name.replace("有限公司", "集团有限公司");
    const a = await newAppeal({ creditCode: entry.credit_code, enterpriseName: newName });
    const out = await confirmWithRegistryEntry(t.db, { appealId: a.appealId, correctName: true, ...ctx() });
    expect(out).toMatchObject({ ok: true, status: "screening" });
    const e = await t.db
      .selectFrom("enterprises")
      .select(["id", "name"])
      .where("credit_code", "=", entry.credit_code)
      .executeTakeFirstOrThrow();
    expect(e.name).toBe(newName);
    expect(await enterpriseAudit(e.id)).toEqual([
      {
        action: "renamed",
        actor_id: reviewerId,
        from_value: { name: entry.name },
        to_value: { name: newName },
        reason: `法人库核实诉求 ${a.trackingNumber}`,
      },
    ]);
    expect((await lastEvent(a.appealId)).reason).toContain(`由“${entry.name}”更正为“${newName}”`);
  });

  it("the enterprise's account sees an appeal the hotline registered for it, once confirmed", async () => {
    const demo = registry[0];
    const account = await t.db
      .selectFrom("organisations")
      .select("id")
      .where("enterprise_id", "is not", null)
      .where("kind", "=", "enterprise")
      .executeTakeFirstOrThrow();
    const a = await newAppeal({ creditCode: demo.credit_code, enterpriseName: "潮州市某某公司" });
    // As if registered before the enterprise opened its account: no account linked at intake.
    await t.db.updateTable("appeals").set({ enterprise_organisation_id: null }).where("id", "=", a.appealId).execute();
    await confirmWithRegistryEntry(t.db, { appealId: a.appealId, correctName: false, ...ctx() });
    expect((await appealRow(a.appealId)).enterprise_organisation_id).toBe(account.id);
  });

  it("an entry registered outside the city: confirmed, and turned away for that reason", async () => {
    const a = await newAppeal({ creditCode: outside.credit_code, enterpriseName: "深圳市海湾科技股份有限公司" });
    expect((await appealRow(a.appealId)).status).toBe("registry_review");
    const out = await confirmWithRegistryEntry(t.db, { appealId: a.appealId, correctName: false, ...ctx() });
    expect(out).toMatchObject({ ok: true, status: "rejected" });
    expect(await appealRow(a.appealId)).toMatchObject({
      status: "rejected",
      registry_check: "confirmed",
      rejection_reason: OUTSIDE_CITY_REASON,
    });
    const e = await lastEvent(a.appealId);
    expect(e).toMatchObject({ from_status: "registry_review", to_status: "rejected" });
    expect(e.public_note).toContain(OUTSIDE_CITY_REASON);
  });

  it("linking needs an entry with the code", async () => {
    const a = await newAppeal({ creditCode: unknownCode(), enterpriseName: "潮州市未登记甲有限公司" });
    const out = await confirmWithRegistryEntry(t.db, { appealId: a.appealId, correctName: false, ...ctx() });
    expect(out).toMatchObject({ ok: false });
    expect(await appealRow(a.appealId)).toMatchObject({ status: "registry_review", registry_check: "unknown_code" });
  });
});

describe("confirming with a new registry entry", () => {
  it("enters the enterprise with the appeal's code, name and the chosen region, audited, and links it", async () => {
    const code = unknownCode();
    const a = await newAppeal({ creditCode: code, enterpriseName: "潮州市未登记乙有限公司" });
    expect((await appealRow(a.appealId)).registry_check).toBe("unknown_code");
    const out = await confirmWithNewRegistryEntry(t.db, { appealId: a.appealId, regionCode: "445122", ...ctx() });
    expect(out).toMatchObject({ ok: true, status: "screening" });
    const e = await t.db
      .selectFrom("enterprises")
      .selectAll()
      .where("credit_code", "=", code)
      .executeTakeFirstOrThrow();
    expect(e).toMatchObject({ name: "潮州市未登记乙有限公司", region_code: "445122" });
    expect(await appealRow(a.appealId)).toMatchObject({
      status: "screening",
      registry_check: "confirmed",
      enterprise_id: e.id,
    });
    const audit = await enterpriseAudit(e.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "created",
      actor_id: reviewerId,
      to_value: { creditCode: code, name: "潮州市未登记乙有限公司", regionCode: "445122" },
    });
    expect((await lastEvent(a.appealId)).reason).toContain("新增法人库登记");
  });

  it("offers the city and its counties as regions, and refuses any other", async () => {
    const choices = await registryRegionChoices(t.db);
    expect(choices.map((c) => c.code)).toEqual(["445100", "445102", "445103", "445122", "445171", "445172"]);
    const a = await newAppeal({ creditCode: unknownCode(), enterpriseName: "潮州市未登记丙有限公司" });
    const out = await confirmWithNewRegistryEntry(t.db, { appealId: a.appealId, regionCode: "440300", ...ctx() });
    expect(out).toMatchObject({ ok: false, field: "regionCode" });
    expect((await appealRow(a.appealId)).status).toBe("registry_review");
  });

  it("refuses to enter a second entry for a code the registry has", async () => {
    const entry = registry[8];
    const a = await newAppeal({ creditCode: entry.credit_code, enterpriseName: "潮州市别名有限公司" });
    const out = await confirmWithNewRegistryEntry(t.db, { appealId: a.appealId, regionCode: "445102", ...ctx() });
    expect(out).toMatchObject({ ok: false });
    expect((await appealRow(a.appealId)).status).toBe("registry_review");
  });
});

describe("rejecting at registry review", () => {
  it("stores the written reason and tells the enterprise", async () => {
    const a = await newAppeal({ creditCode: unknownCode(), enterpriseName: "潮州市查无此企业有限公司" });
    const out = await rejectAtRegistryReview(t.db, {
      appealId: a.appealId,
      reason: "经核查无此企业登记信息",
      ...ctx(),
    });
    expect(out).toMatchObject({ ok: true, status: "rejected" });
    expect(await appealRow(a.appealId)).toMatchObject({
      status: "rejected",
      rejection_reason: "经核查无此企业登记信息",
    });
    expect(await lastEvent(a.appealId)).toMatchObject({
      actor_id: reviewerId,
      action: "registry_rejected",
      from_status: "registry_review",
      to_status: "rejected",
      reason: "经核查无此企业登记信息",
      public_note: "经市市场监督管理局核实,不予受理。原因:经核查无此企业登记信息",
    });
  });

  it("the form asks for a reason", () => {
    const r = registryDecisionSchema.safeParse({ intent: "reject", reason: " " });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["reason"] });
  });
});

describe("one decision per appeal", () => {
  it("a second click is refused with a clear message and changes nothing", async () => {
    const a = await newAppeal({ creditCode: unknownCode(), enterpriseName: "潮州市重复点击有限公司" });
    expect(
      await rejectAtRegistryReview(t.db, { appealId: a.appealId, reason: "经核查无此企业登记信息", ...ctx() }),
    ).toMatchObject({
      ok: true,
    });
    const events = await t.db.selectFrom("appeal_events").select("id").where("appeal_id", "=", a.appealId).execute();
    const again = await confirmWithNewRegistryEntry(t.db, { appealId: a.appealId, regionCode: "445102", ...ctx() });
    expect(again).toMatchObject({ ok: false });
    expect(!again.ok && again.error).toBe("该诉求已由他人处理(当前状态:不予受理),本次操作未执行。");
    expect(
      await t.db.selectFrom("appeal_events").select("id").where("appeal_id", "=", a.appealId).execute(),
    ).toHaveLength(events.length);
    const code = (
      await t.db.selectFrom("appeals").select("credit_code").where("id", "=", a.appealId).executeTakeFirstOrThrow()
    ).credit_code;
    expect(
      await t.db.selectFrom("enterprises").select("id").where("credit_code", "=", code).executeTakeFirst(),
    ).toBeUndefined();
  });

  it("of two reviewers deciding at once, one decides and the other's entry is not made", async () => {
    const code = unknownCode();
    const a = await newAppeal({ creditCode: code, enterpriseName: "潮州市并发核实有限公司" });
    const results = await Promise.all([
      confirmWithNewRegistryEntry(t.db, { appealId: a.appealId, regionCode: "445102", ...ctx() }),
      confirmWithNewRegistryEntry(t.db, { appealId: a.appealId, regionCode: "445103", ...ctx() }),
      rejectAtRegistryReview(t.db, { appealId: a.appealId, reason: "经核查无此企业登记信息", ...ctx() }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const decided = await t.db
      .selectFrom("appeal_events")
      .select("id")
      .where("appeal_id", "=", a.appealId)
      .where("from_status", "=", "registry_review")
      .execute();
    expect(decided).toHaveLength(1);
    const entries = await t.db.selectFrom("enterprises").select("id").where("credit_code", "=", code).execute();
    expect(entries.length).toBe((await appealRow(a.appealId)).status === "rejected" ? 0 : 1);
  });
});

describe("the reviewer's queue", () => {
  it("lists appeals in review oldest first, beside the registry entry of their code and the reason", async () => {
    const entry = registry[9];
    const newer = await newAppeal(
      { creditCode: unknownCode(), enterpriseName: "潮州市队列乙有限公司" },
      "2026-11-20T09:30:00+08:00",
    );
    const older = await newAppeal(
      { creditCode: entry.credit_code, enterpriseName: "潮州市队列甲有限公司" },
      "2026-11-16T09:00:00+08:00",
    );
    const q = await registryReviewQueue(t.db);
    const mine = q.filter((r) => r.id === newer.appealId || r.id === older.appealId);
    expect(mine.map((r) => r.id)).toEqual([older.appealId, newer.appealId]);
    expect(mine[0]).toMatchObject({
      registryCheck: "name_mismatch",
      registryName: entry.name,
      registryRegionCode: entry.region_code,
    });
    expect(mine[1]).toMatchObject({ registryCheck: "unknown_code", registryName: null });
    expect(q.every((r, i) => i === 0 || q[i - 1].receivedAt <= r.receivedAt)).toBe(true);
  });
});
