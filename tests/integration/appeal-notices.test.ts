/**
 * What intake tells whom, through the outbox: the receipt on every channel, the registry review's result,
 * the screening result, and one assignment notice per organisation with its accept-or-dispute deadline.
 * Each is queued in the transaction of its step, once, however often the step is retried.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { composeCreditCode } from "~/domain/credit-code";
import { appealSchema, type AppealInput } from "~/schemas/appeal";
import { submitAppeal } from "~/services/appeals.server";
import { confirmWithNewRegistryEntry, rejectAtRegistryReview } from "~/services/registry-review.server";
import { screenAppeal } from "~/services/screening.server";
import { submitTestAppeal } from "./helpers/appeals";
import { categoryIds, createSeededDb, type TestDb, userIdOf } from "./helpers/db";

let t: TestDb;
let officeId: number;
let reviewerId: number;
const registry = sampleRegistry();
const xiangqiao = registry[0];
const org = new Map<string, { id: number; phone: string | null; email: string | null }>();
const category = new Map<string, number>();

beforeAll(async () => {
  t = await createSeededDb();
  officeId = await userIdOf(t.db, "office");
  reviewerId = await userIdOf(t.db, "reviewer");
  for (const o of await t.db
    .selectFrom("organisations")
    .select(["id", "name", "contact_phone", "contact_email"])
    .execute())
    org.set(o.name, { id: o.id, phone: o.contact_phone, email: o.contact_email });
  for (const [name, id] of await categoryIds(t.db)) category.set(name, id);
});
afterAll(async () => t.drop());

async function newAppeal(over: Partial<AppealInput>, receivedAt: string) {
  return submitTestAppeal(
    t.db,
    { contactEmail: "chen@example.com", categoryId: category.get("用地与规划"), ...over },
    { now: new Date(receivedAt) },
  );
}

async function messagesOf(appealId: number) {
  return t.db
    .selectFrom("notifications")
    .select(["template", "channel", "recipient", "subject", "body_text as text"])
    .where("appeal_id", "=", appealId)
    .orderBy("id")
    .execute();
}

describe("the receipt", () => {
  it("goes by SMS and email at once, saying the cycle and when screening is due", async () => {
    const a = await newAppeal({}, "2026-11-20T09:00:00+08:00");
    const m = await messagesOf(a.appealId);
    expect(m.map((x) => [x.template, x.channel, x.recipient])).toEqual([
      ["appeal-receipt", "sms", "13800001111"],
      ["appeal-receipt", "email", "chen@example.com"],
    ]);
    expect(m[0].text).toContain(a.trackingNumber);
    // Received Fri 2026-11-20: 3 working days → Wed 11-25, end of day.
    expect(m[1].text).toContain("2026年11月25日(星期三) 24:00");
  });

  it("is queued once when the same submission is retried", async () => {
    const key = `form:test:${randomUUID()}`;
    const input = appealSchema.parse({
      creditCode: xiangqiao.credit_code,
      enterpriseName: xiangqiao.name,
      contactName: "陈先生",
      contactPhone: "13800002222",
      title: "重复提交测试",
      content: "同一表单提交两次,只应生成一件诉求和一份回执。",
      categoryId: category.get("用地与规划"),
      publishName: false,
    });
    const c = {
      channel: "online" as const,
      submissionKey: key,
      registeredBy: null,
      enterpriseOrganisationId: null,
      now: new Date("2026-11-20T09:05:00+08:00"),
    };
    const [first, second] = await Promise.all([submitAppeal(t.db, input, [], c), submitAppeal(t.db, input, [], c)]);
    expect(first.ok && second.ok && first.appealId === second.appealId).toBe(true);
    if (!first.ok) return;
    expect((await messagesOf(first.appealId)).map((x) => x.channel)).toEqual(["sms"]);
  });

  it("says plainly when the appeal came in after the window closed and belongs to the next cycle", async () => {
    // The November window closed at 00:00 on 2026-11-04 (booking closes 5 working days before 11-11).
    const closed = await t.db
      .selectFrom("cycles")
      .select(["booking_closes_at", "onsite_date"])
      .where("month", "=", "2026-11")
      .executeTakeFirstOrThrow();
    const a = await newAppeal({}, new Date(closed.booking_closes_at.getTime() + 60_000).toISOString());
    const [sms] = await messagesOf(a.appealId);
    expect(sms.text).toContain("本期预约已截止");
    expect(sms.text).toContain("第12期");
  });

  it("for an enterprise outside the city, the receipt is followed by the rejection", async () => {
    const outside = registry.find((e) => e.region_code === "440300")!;
    const a = await newAppeal(
      { creditCode: outside.credit_code, enterpriseName: outside.name, contactEmail: undefined },
      "2026-11-20T09:10:00+08:00",
    );
    const m = await messagesOf(a.appealId);
    expect(m.map((x) => x.template)).toEqual(["appeal-receipt", "screening-result"]);
    expect(m[1].text).toContain("不予受理");
  });
});

describe("screening results and assignment notices", () => {
  it("a city routing tells the enterprise the lead and co-departments and each of them its deadline", async () => {
    const a = await newAppeal({ contactEmail: undefined }, "2026-11-20T09:20:00+08:00");
    const lead = org.get("市自然资源局")!;
    const co = org.get("市住房和城乡建设局")!;
    // Friday 2026-11-20 15:00: 24 working hours run to Monday 11-23 15:00.
    const out = await screenAppeal(
      t.db,
      a.appealId,
      { kind: "city", leadId: lead.id, coIds: [co.id] },
      { actorId: officeId, now: new Date("2026-11-20T15:00:00+08:00") },
    );
    expect(out.ok).toBe(true);
    const m = await messagesOf(a.appealId);
    const result = m.filter((x) => x.template === "screening-result");
    expect(result).toHaveLength(1);
    expect(result[0].text).toContain("市自然资源局");
    expect(result[0].text).toContain("市住房和城乡建设局");
    const notices = m.filter((x) => x.template === "assignment-notice");
    expect(notices.map((x) => x.recipient).sort()).toEqual(
      [lead.phone, lead.email, co.phone, co.email].filter(Boolean).sort(),
    );
    for (const n of notices) expect(n.text).toContain("2026年11月23日(星期一) 15:00");
  });

  it("a county routing notifies the county; a rejected decision queues nothing more", async () => {
    const a = await newAppeal({ contactEmail: undefined }, "2026-11-20T09:30:00+08:00");
    const now = new Date("2026-11-20T16:00:00+08:00");
    expect((await screenAppeal(t.db, a.appealId, { kind: "county" }, { actorId: officeId, now })).ok).toBe(true);
    const again = await screenAppeal(
      t.db,
      a.appealId,
      { kind: "reject", reason: "重复提交" },
      { actorId: officeId, now },
    );
    expect(again.ok).toBe(false);
    const m = await messagesOf(a.appealId);
    expect(m.filter((x) => x.template === "screening-result")).toHaveLength(1);
    const county = org.get("湘桥区人民政府") ?? [...org.entries()].find(([n]) => n.startsWith("湘桥区"))![1];
    expect(m.filter((x) => x.template === "assignment-notice").map((x) => x.recipient)).toContain(county.phone);
  });
});

describe("registry review results", () => {
  const unknown = (serial: string) => composeCreditCode("91", "445102", serial);

  it("a confirmation tells the enterprise its appeal goes on to screening", async () => {
    const a = await newAppeal(
      { creditCode: unknown("MA7N0001"), enterpriseName: "潮州市未登记通知甲有限公司" },
      "2026-11-20T10:00:00+08:00",
    );
    const before = await messagesOf(a.appealId);
    expect(before.map((x) => x.template)).toEqual(["appeal-receipt", "appeal-receipt"]);
    expect(before[0].text).toContain("企业信息待核实");
    const out = await confirmWithNewRegistryEntry(t.db, {
      appealId: a.appealId,
      regionCode: "445102",
      actorId: reviewerId,
      now: new Date("2026-11-20T11:00:00+08:00"),
    });
    expect(out.ok).toBe(true);
    const after = (await messagesOf(a.appealId)).filter((x) => x.template === "registry-confirmed");
    expect(after.map((x) => x.channel)).toEqual(["sms", "email"]);
    expect(after[0].text).toContain("企业信息已核实");
  });

  it("a rejection sends the reason; a refused decision sends nothing", async () => {
    const a = await newAppeal(
      { creditCode: unknown("MA7N0002"), enterpriseName: "潮州市未登记通知乙有限公司", contactEmail: undefined },
      "2026-11-20T10:05:00+08:00",
    );
    const now = new Date("2026-11-20T11:00:00+08:00");
    const refused = await rejectAtRegistryReview(t.db, {
      appealId: a.appealId,
      reason: "  ",
      actorId: reviewerId,
      now,
    });
    expect(refused.ok).toBe(false);
    expect((await messagesOf(a.appealId)).map((x) => x.template)).toEqual(["appeal-receipt"]);
    await rejectAtRegistryReview(t.db, { appealId: a.appealId, reason: "查无此企业", actorId: reviewerId, now });
    const m = await messagesOf(a.appealId);
    expect(m.map((x) => x.template)).toEqual(["appeal-receipt", "screening-result"]);
    expect(m[1].text).toContain("查无此企业");
  });
});
