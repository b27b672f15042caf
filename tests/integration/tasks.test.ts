/**
 * After the on-site day: the office records the leader's decisions and submits the handling opinions; the
 * leader returns them once, then approves, which starts one task per issue and notifies the enterprise, the
 * lead department and the supervision office; the department publishes its commitment (on time or late
 * against the cycle's commitments time), adds progress, reports completion; the enterprise rates, or its
 * silence counts as satisfied exactly when the 5 natural days have run out; dissatisfied, the department
 * records its talk and a final decision.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveOpinions, recordDecision, returnOpinions, submitOpinions } from "~/services/opinions.server";
import {
  addProgress,
  publishCommitment,
  rateTask,
  recordFinalDecision,
  reportCompletion,
  setDisclosure,
  sweepRatings,
} from "~/services/tasks.server";
import { publicDisclosures } from "~/models/disclosure.server";
import { printCycleDocument } from "~/services/documents.server";
import { approvedAgenda, type ApprovedAgenda } from "./helpers/agenda-fixture";
import { createSeededDb, organisationIds, organisationOfUser, type TestDb } from "./helpers/db";

const at = (s: string) => new Date(s);
let t: TestDb;
let g: ApprovedAgenda;
let org: Map<string, number>;
let enterpriseOrg: number;

beforeAll(async () => {
  t = await createSeededDb();
  g = await approvedAgenda(t.db, ["市工业和信息化局", "市工业和信息化局"]);
  org = await organisationIds(t.db);
  enterpriseOrg = await organisationOfUser(t.db, g.users.enterprise);
}, 120_000);
afterAll(async () => t?.drop());

const taskOf = (appealId: number) =>
  t.db.selectFrom("tasks").selectAll().where("appeal_id", "=", appealId).executeTakeFirstOrThrow();

describe("the handling opinions", () => {
  const ONSITE = () => at(`${g.onsiteDate}T11:00:00+08:00`);

  it("are recorded per agenda issue, checked, and submitted only when every issue has one", async () => {
    const [first, second] = g.items;
    const record = (itemId: number, over: Partial<Parameters<typeof recordDecision>[1]> = {}) =>
      recordDecision(t.db, {
        itemId,
        decision: "由市工业和信息化局牵头,会同市自然资源局一个月内完成用地报批。",
        leadId: org.get("市工业和信息化局")!,
        coIds: [org.get("市自然资源局")!],
        dueDate: "2026-12-31",
        actorId: g.users.office,
        now: ONSITE(),
        ...over,
      });
    expect(await record(first.itemId, { decision: "  " })).toMatchObject({ ok: false, field: "decision" });
    expect(await record(first.itemId, { dueDate: "2026-11-01" })).toMatchObject({ ok: false, field: "dueDate" });
    expect(await record(first.itemId, { leadId: org.get("湘桥区人民政府")! })).toMatchObject({
      ok: false,
      field: "leadId",
    });
    expect((await record(first.itemId)).ok).toBe(true);
    expect(await submitOpinions(t.db, { cycleId: g.cycleId, actorId: g.users.office, now: ONSITE() })).toMatchObject({
      ok: false,
      error: expect.stringContaining(`第${second.number}号`),
    });
    expect((await record(second.itemId, { decision: "由市工业和信息化局答复企业。", coIds: [] })).ok).toBe(true);
    expect((await submitOpinions(t.db, { cycleId: g.cycleId, actorId: g.users.office, now: ONSITE() })).ok).toBe(true);
    // The supervision office reads the printed opinions only once approved; the office and the leader before.
    const print = (id: number, role: "supervisor" | "platform_admin" | "leader") =>
      printCycleDocument(t.db, { kind: "opinions", cycleNumber: g.cycleNumber, user: { id, role }, now: ONSITE() });
    expect(await print(g.users.supervisor, "supervisor")).toBeNull();
    expect(await print(g.users.office, "platform_admin")).not.toBeNull();
    expect(await print(g.users.leader, "leader")).not.toBeNull();
    // Locked while the leader reads them.
    expect((await record(first.itemId)).ok).toBe(false);
  });

  it("are returned once by the leader, then approved: one task per issue, and everyone concerned is told", async () => {
    expect(
      await returnOpinions(t.db, { cycleId: g.cycleId, remarks: " ", userId: g.users.leader, now: ONSITE() }),
    ).toMatchObject({ ok: false, field: "remarks" });
    // Only the cycle's own leader.
    expect((await approveOpinions(t.db, { cycleId: g.cycleId, userId: g.users.secretary, now: ONSITE() })).ok).toBe(
      false,
    );
    expect(
      (
        await returnOpinions(t.db, {
          cycleId: g.cycleId,
          remarks: "请写明完成时限",
          userId: g.users.leader,
          now: ONSITE(),
        })
      ).ok,
    ).toBe(true);
    expect((await submitOpinions(t.db, { cycleId: g.cycleId, actorId: g.users.office, now: ONSITE() })).ok).toBe(true);
    const approved = await approveOpinions(t.db, { cycleId: g.cycleId, userId: g.users.leader, now: ONSITE() });
    expect(approved).toMatchObject({ ok: true, message: "处理意见已审定,已交办 2 项任务。" });
    // Approving twice starts nothing more.
    expect((await approveOpinions(t.db, { cycleId: g.cycleId, userId: g.users.leader, now: ONSITE() })).ok).toBe(false);

    const printed = await printCycleDocument(t.db, {
      kind: "opinions",
      cycleNumber: g.cycleNumber,
      user: { id: g.users.supervisor, role: "supervisor" },
      now: ONSITE(),
    });
    expect(printed?.fileName).toBe(`第${g.cycleNumber}期企业请求协调解决事项处理意见.pdf`);
    const tasks = await t.db.selectFrom("tasks").selectAll().where("cycle_id", "=", g.cycleId).execute();
    expect(tasks).toHaveLength(2);
    const cycle = await t.db
      .selectFrom("cycles")
      .select(["commitments_due_at", "opinions_status"])
      .where("id", "=", g.cycleId)
      .executeTakeFirstOrThrow();
    expect(cycle.opinions_status).toBe("approved");
    for (const task of tasks) {
      expect(task.state).toBe("open");
      expect(task.commitment_due_at).toEqual(cycle.commitments_due_at);
    }
    const first = tasks.find((x) => x.appeal_id === g.items[0].appealId)!;
    expect(first.co_ids).toEqual([org.get("市自然资源局")]);

    const sent = await t.db
      .selectFrom("notifications")
      .select(["template", "channel", "recipient", "body_text"])
      .where("appeal_id", "=", g.items[0].appealId)
      .where("template", "in", ["handling-opinion", "task-notice", "task-supervision"])
      .execute();
    const templates = sent.map((n) => `${n.template}:${n.channel}`).sort();
    expect(templates).toEqual(
      expect.arrayContaining([
        "handling-opinion:email",
        "handling-opinion:sms",
        "task-notice:sms",
        "task-supervision:sms",
      ]),
    );
    expect(sent.find((n) => n.template === "handling-opinion" && n.channel === "sms")!.body_text).toContain(
      "一个月内完成用地报批",
    );
  });
});

describe("the department's task", () => {
  it("publishes its commitment once, late when after the cycle's commitments time, and adds progress", async () => {
    const task = await taskOf(g.items[0].appealId);
    const dept = g.items[0].leadId;
    const commit = (over: Partial<Parameters<typeof publishCommitment>[1]> = {}) =>
      publishCommitment(t.db, {
        taskId: task.id,
        organisationId: dept,
        responsibleLeader: "王局长",
        responsiblePerson: "许丽娟",
        deadline: "2026-12-31",
        measures: "成立专班,每周调度。",
        userId: g.users.dept,
        now: new Date(task.commitment_due_at.getTime() - 60_000),
        ...over,
      });
    // Another organisation cannot touch it.
    expect((await commit({ organisationId: org.get("市自然资源局")! })).ok).toBe(false);
    expect(await commit({ deadline: "2026-01-01" })).toMatchObject({ ok: false, field: "deadline" });
    expect(await commit()).toEqual({ ok: true, message: "办理承诺已公布。" });
    expect((await commit()).ok).toBe(false);
    const after = await taskOf(g.items[0].appealId);
    expect(after).toMatchObject({ state: "committed", commitment_on_time: true, responsible_person: "许丽娟" });

    // The second task's commitment comes a day late and stays marked so.
    const late = await taskOf(g.items[1].appealId);
    const lateAt = new Date(late.commitment_due_at.getTime() + 24 * 3600_000);
    expect(await commit({ taskId: late.id, now: lateAt })).toEqual({
      ok: true,
      message: "办理承诺已公布(晚于公布期限)。",
    });
    expect(await taskOf(g.items[1].appealId)).toMatchObject({
      commitment_on_time: false,
      commitment_late_ms: 24 * 3600_000,
    });

    const key = randomUUID();
    const progress = () =>
      addProgress(t.db, {
        taskId: task.id,
        organisationId: dept,
        body: "已完成现场踏勘。",
        submissionKey: key,
        userId: g.users.dept,
        now: lateAt,
      });
    expect(await progress()).toEqual({ ok: true, message: "办理进展已记录。" });
    expect(await progress()).toEqual({ ok: true, message: "该进展已记录。" });
    expect(await t.db.selectFrom("task_progress").select("id").where("task_id", "=", task.id).execute()).toHaveLength(
      1,
    );
  });
});

describe("completion and rating", () => {
  it("asks the enterprise to rate within 5 natural days; its dissatisfaction goes back to the department", async () => {
    const task = await taskOf(g.items[0].appealId);
    const done = at("2026-12-21T15:00:00+08:00");
    expect(
      await reportCompletion(t.db, {
        taskId: task.id,
        organisationId: task.organisation_id,
        result: " ",
        userId: g.users.dept,
        now: done,
      }),
    ).toMatchObject({ ok: false, field: "result" });
    expect(
      (
        await reportCompletion(t.db, {
          taskId: task.id,
          organisationId: task.organisation_id,
          result: "用地手续已办结。",
          userId: g.users.dept,
          now: done,
        })
      ).ok,
    ).toBe(true);
    const completed = await taskOf(g.items[0].appealId);
    expect(completed.state).toBe("completed");
    // 12-21 (Monday) + 5 natural days → 24:00 of 12-26 (Saturday).
    expect(completed.rating_due_at).toEqual(at("2026-12-26T23:59:59.999+08:00"));
    const notice = await t.db
      .selectFrom("notifications")
      .select("body_text")
      .where("appeal_id", "=", g.items[0].appealId)
      .where("template", "=", "completion-notice")
      .where("channel", "=", "sms")
      .executeTakeFirstOrThrow();
    expect(notice.body_text).toContain("2026年12月26日(星期六) 24:00");

    const rate = (over: Partial<Parameters<typeof rateTask>[1]> = {}) =>
      rateTask(t.db, {
        appealId: g.items[0].appealId,
        enterpriseOrganisationId: enterpriseOrg,
        rating: "dissatisfied",
        reason: "",
        userId: g.users.enterprise,
        now: at("2026-12-24T09:00:00+08:00"),
        ...over,
      });
    // Not another enterprise's; a dissatisfied rating needs its reason.
    expect((await rate({ enterpriseOrganisationId: enterpriseOrg + 100000 })).ok).toBe(false);
    expect(await rate()).toMatchObject({ ok: false, field: "reason" });
    expect((await rate({ reason: "土地证仍未发放" })).ok).toBe(true);
    expect(await taskOf(g.items[0].appealId)).toMatchObject({ state: "reopened", rating: "dissatisfied" });
    expect((await rate({ rating: "satisfied" })).ok).toBe(false);

    const final = (talk: string, decision: string) =>
      recordFinalDecision(t.db, {
        taskId: task.id,
        organisationId: task.organisation_id,
        talkRecord: talk,
        finalDecision: decision,
        userId: g.users.dept,
        now: at("2026-12-25T10:00:00+08:00"),
      });
    expect(await final("", "x")).toMatchObject({ ok: false, field: "talkRecord" });
    expect((await final("12月25日与企业负责人面谈。", "土地证于次年1月10日前发放,逾期由局长约谈。")).ok).toBe(true);
    expect(await taskOf(g.items[0].appealId)).toMatchObject({ state: "closed" });

    const history = await t.db
      .selectFrom("appeal_events")
      .select(["action", "public_note"])
      .where("appeal_id", "=", g.items[0].appealId)
      .where("action", "like", "task.%")
      .orderBy("id")
      .execute();
    expect(history.map((h) => h.action)).toEqual([
      "task.started",
      "task.committed",
      "task.progress",
      "task.completed",
      "task.rated",
      "task.final",
    ]);
  });

  it("counts silence as satisfied exactly when the 5 natural days have run out, once", async () => {
    const task = await taskOf(g.items[1].appealId);
    const done = at("2026-12-21T15:00:00+08:00");
    expect(
      (
        await reportCompletion(t.db, {
          taskId: task.id,
          organisationId: task.organisation_id,
          result: "已答复企业。",
          userId: g.users.dept,
          now: done,
        })
      ).ok,
    ).toBe(true);
    const due = (await taskOf(g.items[1].appealId)).rating_due_at!;
    expect(await sweepRatings(t.db, due)).toBe(0);
    expect((await taskOf(g.items[1].appealId)).state).toBe("completed");
    const after = new Date(due.getTime() + 1);
    // The enterprise can no longer rate once the time has run out, even before the sweep has run.
    await t.db
      .updateTable("appeals")
      .set({ enterprise_organisation_id: enterpriseOrg })
      .where("id", "=", g.items[1].appealId)
      .execute();
    const rate = (now: Date) =>
      rateTask(t.db, {
        appealId: g.items[1].appealId,
        enterpriseOrganisationId: enterpriseOrg,
        rating: "satisfied",
        reason: "",
        userId: g.users.enterprise,
        now,
      });
    expect(await rate(after)).toEqual({ ok: false, error: "评价期限已过,已视为满意。" });
    // Two sweeps at once after the time ran out close it once.
    const [a, b] = await Promise.all([sweepRatings(t.db, after), sweepRatings(t.db, after)]);
    expect(a + b).toBe(1);
    expect(await taskOf(g.items[1].appealId)).toMatchObject({ state: "closed", rating: "default_satisfied" });
    expect(await sweepRatings(t.db, after)).toBe(0);
  });
});

describe("public disclosure", () => {
  it("publishes finished tasks only, withholds the name unless agreed, and can be withdrawn", async () => {
    const [first, second] = await Promise.all([taskOf(g.items[0].appealId), taskOf(g.items[1].appealId)]);
    const set = (taskId: number, disclose: boolean) =>
      setDisclosure(t.db, { taskId, disclose, actorId: g.users.office, now: at("2026-12-28T10:00:00+08:00") });
    expect(await publicDisclosures(t.db, { page: 1 })).toEqual({ total: 0, rows: [] });
    expect(await set(first.id, true)).toEqual({ ok: true, message: "已公开。" });
    expect(await set(first.id, true)).toEqual({ ok: true, message: "该事项已公开。" });
    expect((await set(second.id, true)).ok).toBe(true);
    const shown = await publicDisclosures(t.db, { page: 1 });
    expect(shown.total).toBe(2);
    // The first appeal's enterprise agreed to publication (the fixture's first), the second did not.
    const byTitle = new Map(shown.rows.map((r) => [r.title, r]));
    expect(byTitle.get("现场协调诉求1")!.enterpriseName).not.toBeNull();
    expect(byTitle.get("现场协调诉求2")!.enterpriseName).toBeNull();
    expect(byTitle.get("现场协调诉求1")!.finalDecision).toContain("土地证");
    expect(JSON.stringify(shown.rows)).not.toMatch(/1371234|contact\d@example/);
    expect((await publicDisclosures(t.db, { page: 1, q: "诉求2" })).total).toBe(1);
    expect(await set(second.id, false)).toEqual({ ok: true, message: "已撤回公开。" });
    expect((await publicDisclosures(t.db, { page: 1 })).total).toBe(1);
  });
});
