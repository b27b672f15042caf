/**
 * The catalog and the agenda: compiling the cycle's city-level appeals with stable numbers, the order that
 * sticks, sending with lateness, the leader's confirmation, the secretary-general's entries and
 * submission (refused while something is missing), the leader's return and approval with invitations, and
 * a change after approval inviting again only those it concerns.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { catalogOf } from "~/models/catalog.server";
import { approveAgenda, returnAgenda, saveAgendaEntry, submitAgenda } from "~/services/agenda.server";
import { compileCatalog, confirmLeader, moveItem, sendCatalog, updateSummary } from "~/services/catalog.server";
import { screenAppeal } from "~/services/screening.server";
import { enterpriseOf, submitTestAppeal } from "./helpers/appeals";
import { createSeededDb, organisationIds, type TestDb } from "./helpers/db";

let t: TestDb;
let officeId: number;
let secretaryId: number;
let leaderUserId: number;
let cycleId: number;
const org = new Map<string, number>();
const category = new Map<string, number>();
const registry = sampleRegistry();
const at = (s: string) => new Date(s);

beforeAll(async () => {
  t = await createSeededDb();
  const users = await t.db.selectFrom("users").select(["id", "username"]).execute();
  const user = (n: string) => users.find((u) => u.username === n)!.id;
  officeId = user("office");
  secretaryId = user("secretary");
  leaderUserId = user("leader");
  for (const [name, id] of await organisationIds(t.db)) org.set(name, id);
  for (const c of await t.db.selectFrom("appeal_categories").select(["id", "name"]).execute())
    category.set(c.name, c.id);
  // December's cycle (第12期? whichever holds 2026-11-20), with the demo secretary-general and leader.
  const cycle = await t.db
    .selectFrom("cycles")
    .select("id")
    .where("booking_opens_at", "<=", at("2026-11-20T10:00:00+08:00"))
    .where("booking_closes_at", ">", at("2026-11-20T10:00:00+08:00"))
    .executeTakeFirstOrThrow();
  cycleId = cycle.id;
  const sg = await t.db
    .selectFrom("roster_members")
    .select("id")
    .where("user_id", "=", secretaryId)
    .executeTakeFirstOrThrow();
  const leader = await t.db
    .selectFrom("roster_members")
    .select("id")
    .where("user_id", "=", leaderUserId)
    .executeTakeFirstOrThrow();
  await t.db
    .updateTable("cycles")
    .set({ secretary_general_id: sg.id, leader_id: leader.id })
    .where("id", "=", cycleId)
    .execute();

  // Four city-level appeals to two departments in two categories, one county-level, one rejected.
  const routes: [string, string][] = [
    ["市自然资源局", "用地与规划"],
    ["市工业和信息化局", "工业发展与技术改造"],
    ["市自然资源局", "用地与规划"],
    ["市工业和信息化局", "用地与规划"],
    ["county", "用地与规划"],
  ];
  for (const [i, [dest, cat]] of routes.entries()) {
    const e = registry[i * 3];
    const r = await submitTestAppeal(
      t.db,
      {
        ...enterpriseOf(e),
        contactName: "联系人",
        contactPhone: `1380000000${i}`,
        title: `目录测试诉求第${i + 1}件`,
        content: "企业反映的问题内容,用于检验目录汇总、编号和排序。",
        categoryId: category.get(cat),
      },
      { now: at(`2026-11-1${i}T09:00:00+08:00`) },
    );
    const out = await screenAppeal(
      t.db,
      r.appealId,
      dest === "county" ? { kind: "county" } : { kind: "city", leadId: org.get(dest)!, coIds: [] },
      { actorId: officeId, now: at("2026-11-20T10:00:00+08:00") },
    );
    if (!out.ok) throw new Error(out.error);
  }
}, 60_000);
afterAll(async () => t.drop());

const NOW = at("2026-11-30T10:00:00+08:00");

describe("the catalog", () => {
  it("takes the cycle's city-level appeals, numbered once, grouped by department then category", async () => {
    expect(await compileCatalog(t.db, { cycleId, actorId: officeId, now: NOW })).toMatchObject({ ok: true });
    const items = await catalogOf(t.db, cycleId);
    expect(items.map((i) => i.number).sort()).toEqual([1, 2, 3, 4]);
    // Grouped: the lead departments in the city's order, then categories in the list's order.
    const keys = items.map((i) => [i.leadId!, i.categoryPosition]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(new Set(items.map((i) => i.leadName))).toEqual(new Set(["市工业和信息化局", "市自然资源局"]));
    // Numbers follow the catalog order when first given.
    expect(items.map((i) => i.number)).toEqual([1, 2, 3, 4]);
    // Compiling again adds nothing and renumbers nothing.
    expect(await compileCatalog(t.db, { cycleId, actorId: officeId, now: NOW })).toEqual({
      ok: true,
      message: "没有新的市级诉求需要纳入目录。",
    });
  });

  it("keeps a manual order within a group, and the numbers", async () => {
    const before = await catalogOf(t.db, cycleId);
    const [third, fourth] = before.filter((i) => i.leadName === "市自然资源局");
    expect((await moveItem(t.db, { itemId: fourth.id, direction: "up", actorId: officeId, now: NOW })).ok).toBe(true);
    const after = await catalogOf(t.db, cycleId);
    expect(after.filter((i) => i.leadName === "市自然资源局").map((i) => i.number)).toEqual([
      fourth.number,
      third.number,
    ]);
    // Not across groups.
    expect((await moveItem(t.db, { itemId: fourth.id, direction: "up", actorId: officeId, now: NOW })).ok).toBe(true);
    expect((await catalogOf(t.db, cycleId)).map((i) => i.id)).toEqual(after.map((i) => i.id));
    expect(await updateSummary(t.db, { itemId: third.id, summary: " ", actorId: officeId, now: NOW })).toMatchObject({
      ok: false,
      field: "summary",
    });
    expect(
      (await updateSummary(t.db, { itemId: third.id, summary: "企业用地审批滞后", actorId: officeId, now: NOW })).ok,
    ).toBe(true);
  });

  it("is sent once; sending after the due time is marked late", async () => {
    const due = await t.db
      .selectFrom("cycles")
      .select("catalog_due_at")
      .where("id", "=", cycleId)
      .executeTakeFirstOrThrow();
    const late = new Date(due.catalog_due_at.getTime() + 60_000);
    expect(await sendCatalog(t.db, { cycleId, actorId: officeId, now: late })).toEqual({
      ok: true,
      message: "目录已报送(晚于报送期限)。",
    });
    expect((await sendCatalog(t.db, { cycleId, actorId: officeId, now: late })).ok).toBe(false);
  });

  it("the government office confirms a leader from the roster only", async () => {
    const sg = await t.db
      .selectFrom("roster_members")
      .select("id")
      .where("kind", "=", "secretary_general")
      .executeTakeFirstOrThrow();
    expect(await confirmLeader(t.db, { cycleId, leaderId: sg.id, actorId: officeId, now: NOW })).toMatchObject({
      ok: false,
      field: "leaderId",
    });
    const leader = await t.db
      .selectFrom("roster_members")
      .select("id")
      .where("user_id", "=", leaderUserId)
      .executeTakeFirstOrThrow();
    expect((await confirmLeader(t.db, { cycleId, leaderId: leader.id, actorId: officeId, now: NOW })).ok).toBe(true);
  });
});

describe("the agenda", () => {
  const entry = (itemId: number, over: Partial<Parameters<typeof saveAgendaEntry>[1]> = {}) =>
    saveAgendaEntry(t.db, {
      itemId,
      proposedOpinion: "建议由牵头部门会同有关单位限期解决。",
      consultedIds: [org.get("市财政局")!],
      selected: false,
      slotStart: null,
      slotEnd: null,
      attendeeIds: [],
      userId: secretaryId,
      now: NOW,
      ...over,
    });

  it("only the cycle's secretary-general edits it; submission says what is missing", async () => {
    const items = await catalogOf(t.db, cycleId);
    expect(await entry(items[0].id, { userId: officeId })).toEqual({ ok: false, error: "没有找到该期次的议程。" });
    await entry(items[0].id, { selected: true, slotStart: "09:00", slotEnd: "09:30", attendeeIds: [items[0].leadId!] });
    const refused = await submitAgenda(t.db, {
      cycleId,
      place: "市政务服务中心三楼会议室",
      userId: secretaryId,
      now: NOW,
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error).toContain(`第${items[1].number}号问题尚无拟办意见`);
    }
    for (const i of items.slice(1)) await entry(i.id);
    await entry(items[1].id, { selected: true, slotStart: "09:30", slotEnd: "10:00", attendeeIds: [items[1].leadId!] });
    expect(await submitAgenda(t.db, { cycleId, place: " ", userId: secretaryId, now: NOW })).toMatchObject({
      field: "place",
    });
    expect(
      (await submitAgenda(t.db, { cycleId, place: "市政务服务中心三楼会议室", userId: secretaryId, now: NOW })).ok,
    ).toBe(true);
    // Locked while the leader decides.
    expect((await entry(items[2].id, { selected: true })).ok).toBe(false);
  });

  it("the leader returns it once with remarks, then approves: everyone concerned is invited", async () => {
    expect((await returnAgenda(t.db, { cycleId, remarks: "", userId: leaderUserId, now: NOW })).ok).toBe(false);
    expect((await returnAgenda(t.db, { cycleId, remarks: "请增加第3项议题", userId: leaderUserId, now: NOW })).ok).toBe(
      true,
    );
    const items = await catalogOf(t.db, cycleId);
    await entry(items[2].id, {
      selected: true,
      slotStart: "10:00",
      slotEnd: "10:30",
      attendeeIds: [items[2].leadId!, org.get("市财政局")!],
    });
    expect(
      (await submitAgenda(t.db, { cycleId, place: "市政务服务中心三楼会议室", userId: secretaryId, now: NOW })).ok,
    ).toBe(true);
    expect((await approveAgenda(t.db, { cycleId, userId: secretaryId, now: NOW })).ok).toBe(false);
    expect((await approveAgenda(t.db, { cycleId, userId: leaderUserId, now: NOW })).ok).toBe(true);
    const invites = await t.db
      .selectFrom("notifications")
      .select(["dedupe_key", "recipient", "body_text"])
      .where("template", "=", "agenda-invitation")
      .execute();
    // Three enterprises (SMS only) and the departments attending (SMS and email each).
    const enterprises = invites.filter((n) => n.dedupe_key.includes(":appeal:"));
    expect(enterprises).toHaveLength(3);
    expect(enterprises.map((n) => n.body_text).join()).toContain("09:00—09:30");
    const orgs = new Set(invites.filter((n) => n.dedupe_key.includes(":org:")).map((n) => n.dedupe_key.split(":")[4]));
    expect(orgs.size).toBe(3); // the two lead departments and 市财政局
    const reviews = await t.db
      .selectFrom("agenda_reviews")
      .select(["action", "version"])
      .where("cycle_id", "=", cycleId)
      .orderBy("id")
      .execute();
    expect(reviews).toEqual([
      { action: "submitted", version: 1 },
      { action: "returned", version: 1 },
      { action: "submitted", version: 2 },
      { action: "approved", version: 2 },
    ]);
  });

  it("a change after approval is approved again and invites only those it concerns", async () => {
    const items = await catalogOf(t.db, cycleId);
    const moved = items.find((i) => i.slotStart === "10:00")!;
    await entry(moved.id, {
      selected: true,
      slotStart: "10:30",
      slotEnd: "11:00",
      attendeeIds: [moved.leadId!, org.get("市财政局")!],
    });
    expect(
      (await submitAgenda(t.db, { cycleId, place: "市政务服务中心三楼会议室", userId: secretaryId, now: NOW })).ok,
    ).toBe(true);
    expect((await approveAgenda(t.db, { cycleId, userId: leaderUserId, now: NOW })).ok).toBe(true);
    const changes = await t.db
      .selectFrom("notifications")
      .select(["dedupe_key", "body_text"])
      .where("template", "=", "agenda-change")
      .execute();
    const appeals = changes.filter((n) => n.dedupe_key.includes(":appeal:"));
    expect(appeals.map((n) => n.dedupe_key)).toEqual([`agenda:${cycleId}:v3:appeal:${moved.appealId}:sms`]);
    expect(appeals[0].body_text).toContain("10:30—11:00");
    const orgs = new Set(
      changes.filter((n) => n.dedupe_key.includes(":org:")).map((n) => Number(n.dedupe_key.split(":")[4])),
    );
    expect([...orgs].sort()).toEqual([moved.leadId!, org.get("市财政局")!].sort());
  });
});
