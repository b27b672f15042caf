/**
 * Screening (甄别) by the platform office: rejection with a reason, county and city routing, the routing
 * table's pre-fill, guarded decisions (a second one changes nothing), bulk runs that skip what someone else
 * screened meanwhile, the queue with its deadlines, and the routing table's own changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { composeCreditCode } from "~/domain/credit-code";
import { listCategories } from "~/models/appeal.server";
import { screeningQueue } from "~/models/screening.server";
import type { AppealInput } from "~/schemas/appeal";
import { bulkScreeningSchema, decisionOf, screeningActionSchema } from "~/schemas/screening";
import {
  addCategory,
  renameCategory,
  screenAppeal,
  screenAppeals,
  setCategoryActive,
  setCategoryDepartment,
} from "~/services/screening.server";
import { submitTestAppeal } from "./helpers/appeals";
import { categoryIds, createSeededDb, organisationIds, type TestDb, userIdOf } from "./helpers/db";

let t: TestDb;
let officeId: number;
const NOW = new Date("2026-11-20T10:00:00+08:00");
const registry = sampleRegistry();
/** The sample registry cycles through the counties: index 0 湘桥区 (the default appeal's), 1 潮安区, 2 饶平县… */
const chaoan = registry[1];
const org = new Map<string, number>();
const category = new Map<string, number>();

beforeAll(async () => {
  t = await createSeededDb({ years: [2026, 2027] });
  officeId = await userIdOf(t.db, "office");
  for (const [name, id] of await organisationIds(t.db)) org.set(name, id);
  for (const [name, id] of await categoryIds(t.db)) category.set(name, id);
  // An enterprise registered with the city itself (市本级): no county follows from its registry entry.
  await t.db
    .insertInto("enterprises")
    .values({
      credit_code: composeCreditCode("91", "445100", "MA7C0001"),
      name: "潮州市市本级测试有限公司",
      region_code: "445100",
      legal_representative: null,
      address: null,
      registered_on: null,
    })
    .execute();
});
afterAll(async () => t.drop());

const ctx = {
  get actorId() {
    return officeId;
  },
  now: NOW,
};

async function newAppeal(over: Partial<AppealInput> = {}, receivedAt = "2026-11-20T09:00:00+08:00") {
  return submitTestAppeal(t.db, { categoryId: category.get("用地与规划"), ...over }, { now: new Date(receivedAt) });
}

async function appealRow(id: number) {
  return t.db
    .selectFrom("appeals")
    .select(["status", "level", "county_id", "rejection_reason", "screened_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function eventsOf(id: number) {
  return t.db.selectFrom("appeal_events").selectAll().where("appeal_id", "=", id).orderBy("id").execute();
}

async function assignmentsOf(id: number) {
  return t.db
    .selectFrom("appeal_assignments")
    .select(["organisation_id", "role", "assigned_by", "assigned_at", "ended_at"])
    .where("appeal_id", "=", id)
    .orderBy("id")
    .execute();
}

describe("rejecting at screening", () => {
  it("records the reason, the time screened, and an event the enterprise can read", async () => {
    const a = await newAppeal();
    const out = await screenAppeal(t.db, a.appealId, { kind: "reject", reason: "重复提交" }, ctx);
    expect(out).toMatchObject({ ok: true, status: "rejected", assignedOrganisationIds: [], appealId: a.appealId });
    expect(await appealRow(a.appealId)).toMatchObject({
      status: "rejected",
      level: null,
      rejection_reason: "重复提交",
      screened_at: NOW,
    });
    const last = (await eventsOf(a.appealId)).at(-1)!;
    expect(last).toMatchObject({
      actor_id: officeId,
      action: "screening_rejected",
      from_status: "screening",
      to_status: "rejected",
      reason: "重复提交",
      public_note: "经甄别,您的诉求不予受理。原因:重复提交",
    });
    expect(await assignmentsOf(a.appealId)).toHaveLength(0);
  });

  it("“其他” needs a written reason, which is what is stored", () => {
    const bad = screeningActionSchema.safeParse({ intent: "reject", reasonChoice: "其他" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["reasonText"] });
    const good = screeningActionSchema.parse({
      intent: "reject",
      reasonChoice: "其他",
      reasonText: "诉求内容与企业经营无关",
    });
    expect(decisionOf(good)).toEqual({ kind: "reject", reason: "其他:诉求内容与企业经营无关" });
    expect(screeningActionSchema.safeParse({ intent: "reject", reasonChoice: "随便写的" }).success).toBe(false);
  });
});

describe("routing to a county", () => {
  it("defaults to the county of the enterprise's registry entry", async () => {
    const a = await newAppeal({ creditCode: chaoan.credit_code, enterpriseName: chaoan.name });
    const out = await screenAppeal(t.db, a.appealId, { kind: "county" }, ctx);
    const county = org.get("潮安区人民政府")!;
    expect(out).toMatchObject({ ok: true, status: "county", assignedOrganisationIds: [county] });
    expect(await appealRow(a.appealId)).toMatchObject({
      status: "county",
      level: "county",
      county_id: county,
      screened_at: NOW,
    });
    expect(await assignmentsOf(a.appealId)).toEqual([
      { organisation_id: county, role: "county", assigned_by: officeId, assigned_at: NOW, ended_at: null },
    ]);
    const last = (await eventsOf(a.appealId)).at(-1)!;
    expect(last).toMatchObject({ action: "routed_to_county", from_status: "screening", to_status: "county" });
    expect(last.public_note).toBe("经甄别,您的诉求已转交潮安区人民政府办理。");
  });

  it("the office may choose another county, and the event says so", async () => {
    const a = await newAppeal();
    const chosen = org.get("饶平县人民政府")!;
    const out = await screenAppeal(t.db, a.appealId, { kind: "county", countyId: chosen }, ctx);
    expect(out).toMatchObject({ ok: true, assignedOrganisationIds: [chosen] });
    expect((await appealRow(a.appealId)).county_id).toBe(chosen);
    expect((await eventsOf(a.appealId)).at(-1)!.reason).toContain("法人库登记地属湘桥区人民政府");
  });

  it("an enterprise registered with the city itself needs the county chosen; nothing changes until then", async () => {
    const a = await newAppeal({
      creditCode: composeCreditCode("91", "445100", "MA7C0001"),
      enterpriseName: "潮州市市本级测试有限公司",
    });
    expect((await appealRow(a.appealId)).status).toBe("screening");
    const out = await screenAppeal(t.db, a.appealId, { kind: "county" }, ctx);
    expect(out).toMatchObject({ ok: false, field: "countyId" });
    expect(await appealRow(a.appealId)).toMatchObject({ status: "screening", county_id: null, screened_at: null });
    expect(await assignmentsOf(a.appealId)).toHaveLength(0);
    const chosen = org.get("湘桥区人民政府")!;
    expect(await screenAppeal(t.db, a.appealId, { kind: "county", countyId: chosen }, ctx)).toMatchObject({ ok: true });
  });

  it("refuses an organisation that is not a county", async () => {
    const a = await newAppeal();
    const out = await screenAppeal(t.db, a.appealId, { kind: "county", countyId: org.get("市财政局")! }, ctx);
    expect(out).toMatchObject({ ok: false, field: "countyId" });
    expect((await appealRow(a.appealId)).status).toBe("screening");
  });
});

describe("routing to city departments", () => {
  it("the lead comes from the routing table when none is named, with co-departments beside it", async () => {
    const a = await newAppeal({ categoryId: category.get("用地与规划") });
    const lead = org.get("市自然资源局")!;
    const co = [org.get("市住房和城乡建设局")!, org.get("市生态环境局")!];
    const out = await screenAppeal(t.db, a.appealId, { kind: "city", coIds: co }, ctx);
    expect(out).toMatchObject({ ok: true, status: "city", assignedOrganisationIds: [lead, ...co] });
    expect(await appealRow(a.appealId)).toMatchObject({
      status: "city",
      level: "city",
      county_id: null,
      screened_at: NOW,
    });
    expect((await assignmentsOf(a.appealId)).map((x) => [x.organisation_id, x.role])).toEqual([
      [lead, "lead"],
      [co[0], "co"],
      [co[1], "co"],
    ]);
    const last = (await eventsOf(a.appealId)).at(-1)!;
    expect(last).toMatchObject({
      action: "routed_to_city",
      from_status: "screening",
      to_status: "city",
      actor_id: officeId,
    });
    expect(last.public_note).toBe("经甄别,您的诉求已转交市自然资源局牵头办理,市住房和城乡建设局、市生态环境局协办。");
  });

  it("the office may name another lead", async () => {
    const a = await newAppeal();
    const lead = org.get("市工业和信息化局")!;
    expect(await screenAppeal(t.db, a.appealId, { kind: "city", leadId: lead, coIds: [] }, ctx)).toMatchObject({
      ok: true,
      assignedOrganisationIds: [lead],
    });
    expect((await eventsOf(a.appealId)).at(-1)!.public_note).toBe("经甄别,您的诉求已转交市工业和信息化局牵头办理。");
  });

  it("co-departments never include the lead: refused by the form and by the service", async () => {
    const lead = org.get("市自然资源局")!;
    const parsed = screeningActionSchema.safeParse({
      intent: "city",
      leadId: lead,
      coIds: [lead, org.get("市水务局")],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["coIds"], message: "协办部门不能包含牵头部门" });

    const a = await newAppeal();
    const out = await screenAppeal(t.db, a.appealId, { kind: "city", leadId: lead, coIds: [lead] }, ctx);
    expect(out).toMatchObject({ ok: false, field: "coIds" });
    // Without a named lead, the routing table's lead is the one excluded.
    const out2 = await screenAppeal(t.db, a.appealId, { kind: "city", coIds: [lead] }, ctx);
    expect(out2).toMatchObject({ ok: false, field: "coIds" });
    expect(await appealRow(a.appealId)).toMatchObject({ status: "screening", screened_at: null });
    expect(await assignmentsOf(a.appealId)).toHaveLength(0);
  });

  it("a category with no suggested lead needs one named", async () => {
    const a = await newAppeal({ categoryId: category.get("其他") });
    expect(await screenAppeal(t.db, a.appealId, { kind: "city", coIds: [] }, ctx)).toMatchObject({
      ok: false,
      field: "leadId",
    });
    expect((await appealRow(a.appealId)).status).toBe("screening");
  });

  it("refuses a county as a department", async () => {
    const a = await newAppeal();
    const out = await screenAppeal(
      t.db,
      a.appealId,
      { kind: "city", leadId: org.get("湘桥区人民政府")!, coIds: [] },
      ctx,
    );
    expect(out).toMatchObject({ ok: false, field: "leadId" });
  });
});

describe("one decision per appeal", () => {
  it("a second decision is refused with a clear message and changes nothing", async () => {
    const a = await newAppeal();
    expect(await screenAppeal(t.db, a.appealId, { kind: "county" }, ctx)).toMatchObject({ ok: true });
    const events = (await eventsOf(a.appealId)).length;
    const again = await screenAppeal(t.db, a.appealId, { kind: "reject", reason: "重复提交" }, ctx);
    expect(again).toMatchObject({ ok: false });
    expect(!again.ok && again.error).toBe("该诉求已由他人处理(当前状态:已转县区办理),本次操作未执行。");
    expect(await appealRow(a.appealId)).toMatchObject({ status: "county", rejection_reason: null });
    expect(await eventsOf(a.appealId)).toHaveLength(events);
    expect(await assignmentsOf(a.appealId)).toHaveLength(1);
  });

  it("of two concurrent decisions exactly one takes effect", async () => {
    const a = await newAppeal();
    const results = await Promise.all([
      screenAppeal(t.db, a.appealId, { kind: "city", coIds: [] }, ctx),
      screenAppeal(t.db, a.appealId, { kind: "county" }, ctx),
      screenAppeal(t.db, a.appealId, { kind: "reject", reason: "重复提交" }, ctx),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const screened = (await eventsOf(a.appealId)).filter((e) => e.from_status === "screening");
    expect(screened).toHaveLength(1);
    const assignments = await assignmentsOf(a.appealId);
    const winner = results.find((r) => r.ok)!;
    expect(assignments).toHaveLength(winner.ok ? winner.assignedOrganisationIds.length : -1);
  });

  it("an appeal still in registry review cannot be screened", async () => {
    const a = await newAppeal({ enterpriseName: "潮州市另一家有限公司" });
    expect((await appealRow(a.appealId)).status).toBe("registry_review");
    expect(await screenAppeal(t.db, a.appealId, { kind: "county" }, ctx)).toMatchObject({ ok: false });
    expect((await appealRow(a.appealId)).status).toBe("registry_review");
  });
});

describe("bulk screening", () => {
  it("applies the decision to each appeal and skips, with a message, one screened meanwhile", async () => {
    const [a, b, c] = [await newAppeal(), await newAppeal(), await newAppeal()];
    await screenAppeal(t.db, b.appealId, { kind: "county" }, ctx);
    const parsed = bulkScreeningSchema.parse({
      ids: [a.appealId, b.appealId, c.appealId],
      intent: "reject",
      reasonChoice: "非企业诉求",
    });
    const outcomes = await screenAppeals(t.db, parsed.ids, decisionOf(parsed), ctx);
    expect(outcomes.map((o) => [o.appealId, o.ok])).toEqual([
      [a.appealId, true],
      [b.appealId, false],
      [c.appealId, true],
    ]);
    expect(outcomes[1]).toMatchObject({
      trackingNumber: b.trackingNumber,
      error: expect.stringContaining("已由他人处理"),
    });
    expect((await appealRow(a.appealId)).status).toBe("rejected");
    expect((await appealRow(b.appealId)).status).toBe("county");
    expect((await appealRow(c.appealId)).status).toBe("rejected");
  });

  it("county routing goes to each enterprise's own county; one with none is reported, the rest go ahead", async () => {
    const a = await newAppeal();
    const b = await newAppeal({ creditCode: chaoan.credit_code, enterpriseName: chaoan.name });
    const c = await newAppeal({
      creditCode: composeCreditCode("91", "445100", "MA7C0001"),
      enterpriseName: "潮州市市本级测试有限公司",
    });
    const outcomes = await screenAppeals(t.db, [a.appealId, b.appealId, c.appealId], { kind: "county" }, ctx);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false]);
    expect((await appealRow(a.appealId)).county_id).toBe(org.get("湘桥区人民政府"));
    expect((await appealRow(b.appealId)).county_id).toBe(org.get("潮安区人民政府"));
    expect((await appealRow(c.appealId)).status).toBe("screening");
  });

  it("city routing takes each appeal's suggested lead unless one is named", async () => {
    const a = await newAppeal({ categoryId: category.get("税费") });
    const b = await newAppeal({ categoryId: category.get("用地与规划") });
    const outcomes = await screenAppeals(t.db, [a.appealId, b.appealId], { kind: "city", coIds: [] }, ctx);
    expect(outcomes.map((o) => o.ok && o.assignedOrganisationIds)).toEqual([
      [org.get("国家税务总局潮州市税务局")],
      [org.get("市自然资源局")],
    ]);
  });

  it("asks for at least one appeal", () => {
    const r = bulkScreeningSchema.safeParse({ intent: "county" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["ids"] });
  });
});

describe("the screening queue", () => {
  it("sorts by deadline and counts what is due soon and late, from the stored due dates and the clock", async () => {
    const marker = "队列排序测试";
    const late = await newAppeal({ title: `${marker}甲项诉求` }, "2026-11-16T10:00:00+08:00");
    const soon = await newAppeal({ title: `${marker}乙项诉求` }, "2026-11-17T10:00:00+08:00");
    const fresh = await newAppeal({ title: `${marker}丙项诉求` }, "2026-11-20T09:30:00+08:00");
    const q = await screeningQueue(t.db, { q: marker }, NOW, 1, 50);
    expect(q.rows.map((r) => r.trackingNumber)).toEqual([
      late.trackingNumber,
      soon.trackingNumber,
      fresh.trackingNumber,
    ]);
    expect(q.counts).toEqual({ total: 3, dueSoon: 1, late: 1 });
    const onlyLate = await screeningQueue(t.db, { q: marker, due: "late" }, NOW, 1, 50);
    expect(onlyLate.rows.map((r) => r.trackingNumber)).toEqual([late.trackingNumber]);
    expect(onlyLate.matching).toBe(1);
    const bySearch = await screeningQueue(t.db, { q: soon.trackingNumber }, NOW, 1, 50);
    expect(bySearch.rows).toHaveLength(1);
    await screenAppeal(t.db, soon.appealId, { kind: "county" }, ctx);
    expect((await screeningQueue(t.db, { q: marker }, NOW, 1, 50)).counts).toEqual({ total: 2, dueSoon: 0, late: 1 });
  });
});

describe("the routing table", () => {
  it("adds, renames, re-routes and deactivates categories, auditing each change", async () => {
    const added = await addCategory(t.db, { name: "数据与算力", departmentId: org.get("市工业和信息化局"), ...ctx });
    expect(added).toMatchObject({ ok: true });
    expect(await addCategory(t.db, { name: "数据与算力", ...ctx })).toMatchObject({ ok: false, field: "name" });
    const id = (
      await t.db.selectFrom("appeal_categories").select("id").where("name", "=", "数据与算力").executeTakeFirstOrThrow()
    ).id;

    expect(await renameCategory(t.db, { id, name: "数据要素与算力", ...ctx })).toMatchObject({ ok: true });
    expect(await renameCategory(t.db, { id, name: "税费", ...ctx })).toMatchObject({ ok: false, field: "name" });
    expect(await setCategoryDepartment(t.db, { id, departmentId: org.get("市科学技术局"), ...ctx })).toMatchObject({
      ok: true,
    });
    expect(await setCategoryDepartment(t.db, { id, departmentId: org.get("湘桥区人民政府"), ...ctx })).toMatchObject({
      ok: false,
    });
    expect(await setCategoryActive(t.db, { id, active: false, ...ctx })).toMatchObject({ ok: true });

    const all = await listCategories(t.db, false);
    expect(all.find((c) => c.id === id)).toMatchObject({
      name: "数据要素与算力",
      active: false,
      suggestedDepartmentName: "市科学技术局",
    });
    expect((await listCategories(t.db)).some((c) => c.id === id)).toBe(false);
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["action", "actor_id", "from_value", "to_value"])
      .where("entity", "=", "appeal_category")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(audit.map((e) => e.action)).toEqual(["created", "renamed", "routed", "deactivated"]);
    expect(audit.every((e) => e.actor_id === officeId)).toBe(true);
    expect(audit[2]).toMatchObject({
      from_value: { name: "数据要素与算力", suggestedDepartment: "市工业和信息化局" },
      to_value: { name: "数据要素与算力", suggestedDepartment: "市科学技术局" },
    });
    // Nothing is deleted: the row is still there.
    expect(
      await t.db.selectFrom("appeal_categories").select("id").where("id", "=", id).executeTakeFirst(),
    ).toBeTruthy();
  });

  it("a changed routing table pre-fills new decisions", async () => {
    const tax = category.get("税费")!;
    await setCategoryDepartment(t.db, { id: tax, departmentId: org.get("市财政局"), ...ctx });
    const a = await newAppeal({ categoryId: tax });
    expect(await screenAppeal(t.db, a.appealId, { kind: "city", coIds: [] }, ctx)).toMatchObject({
      ok: true,
      assignedOrganisationIds: [org.get("市财政局")],
    });
    await setCategoryDepartment(t.db, { id: tax, departmentId: org.get("国家税务总局潮州市税务局"), ...ctx });
  });
});
