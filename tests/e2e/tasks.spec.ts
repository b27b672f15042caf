/**
 * After the on-site day (SPEC §4 steps 9 and 11, §5 public disclosure) in the browser. Through the services,
 * as the office's, the secretary-general's and the leader's pages would: four city-level appeals of a cycle
 * no other spec uses, on its approved agenda, each with the leader's decision, the opinions approved — one
 * task per appeal; three for 市工业和信息化局 (the demo enterprise's own appeal among them, its name not to be
 * published), one for 市自然资源局 whose commitment is published by the service. Then the department (`dept`)
 * sees its tasks most urgent first, publishes a commitment (a deadline before the on-site day refused), adds
 * progress (a replayed submission makes one), reports completion; the enterprise rates 不满意 with a reason;
 * the department records its talk and final decision; the public reads the commitments without the withheld
 * name and without anything unpublished, on a desktop and on a phone. The app's clock stands near
 * 2026-11-20 10:00, so the services' steps are dated just before it.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { addDays } from "../../app/domain/calendar";
import { approveAgenda, saveAgendaEntry, submitAgenda } from "../../app/services/agenda.server";
import { compileCatalog } from "../../app/services/catalog.server";
import { approveOpinions, recordDecision, submitOpinions } from "../../app/services/opinions.server";
import { publishCommitment } from "../../app/services/tasks.server";
import { catalogOf } from "../../app/models/catalog.server";
import { actorOf, bookAppeal, cycleOpeningAfter, ok, organisationIdOf, screenAs } from "./service-setup";
import { runDatabase } from "./run-database";
import { staffOf } from "./database";
import { signIn } from "./helpers";

const APP_NOW = new Date("2026-11-20T10:00:00+08:00");
const HOUR = 3600_000;
const MINUTE = 60_000;
const CONTENT = "我司技术改造项目已完成设备安装,因配套电力增容和专项资金拨付尚未落实,无法按期投产,请协调解决。";
const LEAD = "市工业和信息化局";
const OTHER_LEAD = "市自然资源局";
const WITHHELD = "(企业要求不公开名称)";

const db = runDatabase();
const userOf = (username: string) => actorOf(db, username);

async function newPage(browser: Browser, username?: string, phone = false): Promise<Page> {
  const context = await browser.newContext(
    phone ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {},
  );
  const page = await context.newPage();
  if (username) await signIn(page, username);
  return page;
}

interface Setup {
  cycle: { id: number; number: number; onsiteDate: string };
  run: string;
  enterpriseName: string;
  /** The demo enterprise's own appeal, name withheld: the department works it through in the browser. */
  own: { appealId: number; trackingNumber: string; title: string; taskId: number };
  /** Left open, its commitment due within the day. */
  soon: { trackingNumber: string; title: string };
  /** Left open, its commitment a day late. */
  late: { trackingNumber: string; title: string };
  /** Another department's, published by the service, its enterprise's name public. */
  other: { title: string; enterpriseName: string; taskId: number };
}

/**
 * The fourth cycle whose window opens after the app's now (the current, the next and the one after next
 * belong to other specs): four appeals received inside its window, compiled, put on the agenda, decided and
 * approved. Every step the services take is dated just before the app's clock, after the receipt.
 */
async function setUp(): Promise<Setup> {
  const cycle = await cycleOpeningAfter(db, APP_NOW, 3);
  const received = new Date(cycle.opensAt.getTime() + 6 * HOUR);
  const run = randomUUID().slice(0, 4);
  const [office, secretary, leader, enterprise] = await Promise.all(
    ["office", "secretary", "leader", "enterprise"].map(userOf),
  );
  const otherLead = await organisationIdOf(db, OTHER_LEAD);
  const own = await db
    .selectFrom("organisations as o")
    .innerJoin("enterprises as e", "e.id", "o.enterprise_id")
    .select(["e.credit_code", "e.name"])
    .where("o.id", "=", enterprise.organisationId)
    .executeTakeFirstOrThrow();
  const others = await db
    .selectFrom("enterprises as e")
    .innerJoin("organisations as o", (j) => j.onRef("o.region_code", "=", "e.region_code").on("o.kind", "=", "county"))
    .select(["e.credit_code", "e.name"])
    .where("e.name", "!=", own.name)
    .orderBy("e.id")
    .offset(40)
    .limit(3)
    .execute();

  const specs = [
    { title: `技改项目电力增容${run}`, e: own, lead: LEAD, publishName: false, ownAccount: true },
    { title: `专项资金拨付${run}`, e: others[0], lead: LEAD, publishName: true, ownAccount: false },
    { title: `排污许可变更${run}`, e: others[1], lead: LEAD, publishName: true, ownAccount: false },
    { title: `厂区用地报批${run}`, e: others[2], lead: OTHER_LEAD, publishName: true, ownAccount: false },
  ];
  const appeals = [];
  for (const [i, s] of specs.entries()) {
    const r = await bookAppeal(
      db,
      {
        enterprise: s.e,
        title: s.title,
        contactName: "陈经理",
        contactPhone: `1380013${String(7000 + i).padStart(4, "0")}`,
        contactEmail: `tasks${i}@example.com`,
        content: CONTENT,
        publishName: s.publishName,
      },
      { at: received, enterpriseOrganisationId: s.ownAccount ? enterprise.organisationId : null },
    );
    await screenAs(db, r.appealId, { lead: s.lead }, new Date(received.getTime() + HOUR));
    appeals.push({ ...r, ...s });
  }

  // The agenda, its approval and the leader's decisions, dated just before the app's now.
  const at = (minutesBefore: number) => new Date(APP_NOW.getTime() - minutesBefore * MINUTE);
  const member = async (userId: number) =>
    (await db.selectFrom("roster_members").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow()).id;
  await db
    .updateTable("cycles")
    .set({ secretary_general_id: await member(secretary.id), leader_id: await member(leader.id) })
    .where("id", "=", cycle.id)
    .execute();
  ok(await compileCatalog(db, { cycleId: cycle.id, actorId: office.id, now: at(60) }));
  const catalog = await catalogOf(db, cycle.id);
  for (const [k, item] of catalog.entries())
    ok(
      await saveAgendaEntry(db, {
        itemId: item.id,
        proposedOpinion: "建议牵头部门会同有关单位限期办结。",
        consultedIds: [],
        selected: true,
        slotStart: `${String(9 + k).padStart(2, "0")}:00`,
        slotEnd: `${String(9 + k).padStart(2, "0")}:30`,
        attendeeIds: [item.leadId!],
        userId: secretary.id,
        now: at(55),
      }),
    );
  ok(
    await submitAgenda(db, { cycleId: cycle.id, place: "市政务服务中心三楼会议室", userId: secretary.id, now: at(50) }),
  );
  ok(await approveAgenda(db, { cycleId: cycle.id, userId: leader.id, now: at(45) }));
  for (const item of catalog) {
    const mine = item.appealId === appeals[0].appealId;
    ok(
      await recordDecision(db, {
        itemId: item.id,
        decision: mine
          ? "由市工业和信息化局牵头,会同市自然资源局一个月内落实电力增容和专项资金拨付。"
          : "由牵头部门限期办结并答复企业。",
        leadId: item.leadId!,
        coIds: mine ? [otherLead] : [],
        dueDate: addDays(cycle.onsiteDate, 30),
        actorId: office.id,
        now: at(40),
      }),
    );
  }
  ok(await submitOpinions(db, { cycleId: cycle.id, actorId: office.id, now: at(35) }));
  ok(await approveOpinions(db, { cycleId: cycle.id, userId: leader.id, now: at(30) }));

  const taskOf = async (appealId: number) =>
    (await db.selectFrom("tasks").select("id").where("appeal_id", "=", appealId).executeTakeFirstOrThrow()).id;
  const [ownTask, soonTask, lateTask, otherTask] = await Promise.all(appeals.map((a) => taskOf(a.appealId)));
  // The commitments time of this cycle lies months ahead; two tasks are moved to show the badges.
  await db
    .updateTable("tasks")
    .set({ commitment_due_at: new Date(APP_NOW.getTime() + 20 * HOUR) })
    .where("id", "=", soonTask)
    .execute();
  await db
    .updateTable("tasks")
    .set({ commitment_due_at: new Date(APP_NOW.getTime() - 26 * HOUR) })
    .where("id", "=", lateTask)
    .execute();
  ok(
    await publishCommitment(db, {
      taskId: otherTask,
      organisationId: otherLead,
      responsibleLeader: "林副局长",
      responsiblePerson: "黄志明",
      deadline: addDays(cycle.onsiteDate, 20),
      measures: "会同县区核实用地范围,二十个工作日内完成报批材料审查。",
      userId: (await staffOf(db, "e2e-other-lead", "department", otherLead, "牵头部门联络员")).id,
      now: at(20),
    }),
  );

  return {
    cycle: { id: cycle.id, number: cycle.number, onsiteDate: cycle.onsiteDate },
    run,
    enterpriseName: own.name,
    own: {
      appealId: appeals[0].appealId,
      trackingNumber: appeals[0].trackingNumber,
      title: appeals[0].title,
      taskId: ownTask,
    },
    soon: { trackingNumber: appeals[1].trackingNumber, title: appeals[1].title },
    late: { trackingNumber: appeals[2].trackingNumber, title: appeals[2].title },
    other: { title: appeals[3].title, enterpriseName: others[2].name, taskId: otherTask },
  };
}

test("a task from the commitment to the final decision, and the public commitments", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const s = await setUp();
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // ——— The department's list ———
  const dept = await newPage(browser, "dept");
  await dept.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "交办任务" }).click();
  await expect(dept.getByRole("heading", { name: "交办任务", level: 1 })).toBeVisible();
  await dept.getByLabel("查找").fill(s.run);
  await dept.getByRole("button", { name: "查找", exact: true }).click();
  const rows = dept.getByTestId("task-row");
  await expect(rows).toHaveCount(3);
  // Most urgent first: the late commitment, the one due today, then the one due months ahead.
  await expect(rows.nth(0)).toContainText(s.late.trackingNumber);
  await expect(rows.nth(0)).toContainText(/已逾期 1天2小时/);
  await expect(rows.nth(1)).toContainText(s.soon.trackingNumber);
  await expect(rows.nth(1)).toContainText("即将到期");
  await expect(rows.nth(2)).toContainText(s.own.trackingNumber);
  await expect(rows.nth(2)).toContainText(s.own.title);
  await expect(rows.nth(2)).toContainText(s.enterpriseName);
  await expect(rows.nth(2)).toContainText(`第${s.cycle.number}期`);
  await expect(rows.nth(2)).toContainText("待公布承诺");
  await expect(rows.nth(2)).not.toContainText("即将到期");
  await expect(dept.getByText(s.other.title)).toHaveCount(0);
  await shot(dept, "tasks-list");
  await dept.getByTestId("tab-completed").click();
  await expect(dept).toHaveURL(/view=completed/);
  await expect(dept.getByText(`没有符合“${s.run}”的任务。`)).toBeVisible();
  await dept.getByTestId("tab-open").click();
  await expect(rows).toHaveCount(3);

  // ——— The commitment ———
  await rows.nth(2).getByRole("link", { name: s.own.trackingNumber }).click();
  await expect(dept).toHaveURL(new RegExp(`/tasks/${s.own.taskId}$`));
  await expect(dept.getByRole("heading", { level: 1 })).toContainText(s.own.title);
  await expect(dept.getByTestId("decision")).toContainText("一个月内落实电力增容");
  await expect(dept.getByText(OTHER_LEAD, { exact: true })).toBeVisible();
  const commit = dept.getByRole("form", { name: "公布办理承诺" });
  await commit.getByRole("button", { name: "公布承诺" }).click();
  await expect(commit.getByText("请填写责任领导")).toBeVisible();
  await expect(commit.getByText("请填写责任人")).toBeVisible();
  await expect(commit.getByText("请选择完成时限")).toBeVisible();
  await expect(commit.getByText("请填写工作措施")).toBeVisible();
  await shot(dept, "task-open-errors");
  await commit.getByLabel("责任领导").fill("王建国 副局长");
  await commit.getByLabel("责任人").fill("许丽娟");
  await commit.getByLabel("工作措施").fill("成立工作专班,每周调度一次;协调供电部门完成增容,12月底前拨付专项资金。");
  // Earlier than the on-site day: refused by the service, nothing changes.
  await commit.getByLabel("完成时限").fill(addDays(s.cycle.onsiteDate, -1));
  await commit.getByRole("button", { name: "公布承诺" }).click();
  await expect(commit.getByText("完成时限不能早于现场活动日")).toBeVisible();
  expect(
    (await db.selectFrom("tasks").select("state").where("id", "=", s.own.taskId).executeTakeFirstOrThrow()).state,
  ).toBe("open");
  await commit.getByLabel("完成时限").fill(addDays(s.cycle.onsiteDate, 25));
  await commit.getByRole("button", { name: "公布承诺" }).click();
  await expect(dept.getByRole("status").filter({ hasText: "办理承诺已公布。" })).toBeVisible();
  await expect(dept.getByRole("heading", { level: 1 })).toContainText("办理中");
  await expect(dept.getByTestId("commitment")).toContainText("许丽娟");
  await expect(dept.getByRole("form", { name: "公布办理承诺" })).toHaveCount(0);

  // ——— Progress: one record per submission key ———
  const progress = dept.getByRole("form", { name: "添加办理进展" });
  await progress.getByRole("button", { name: "添加进展" }).click();
  await expect(progress.getByText("请填写办理进展")).toBeVisible();
  await progress.getByLabel("办理进展").fill("已会同供电部门完成现场踏勘。");
  await progress.getByRole("button", { name: "添加进展" }).click();
  await expect(dept.getByRole("status").filter({ hasText: "办理进展已记录。" })).toBeVisible();
  const list = dept.getByTestId("progress-list");
  await expect(list).toContainText("已会同供电部门完成现场踏勘。");
  // The same form sent twice (a double click, a retry) records it once.
  const key = await progress.locator('input[name="submissionKey"]').inputValue();
  for (let i = 0; i < 2; i++) {
    const res = await dept.request.post(`/tasks/${s.own.taskId}`, {
      form: { intent: "progress", body: "增容方案已报供电局审批。", submissionKey: key },
    });
    expect(res.status()).toBe(200);
  }
  await dept.reload();
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list.getByRole("listitem").filter({ hasText: "增容方案已报供电局审批。" })).toHaveCount(1);

  // ——— Completion ———
  const complete = dept.getByRole("form", { name: "报告办结" });
  await complete.getByRole("button", { name: "报告办结" }).click();
  await expect(complete.getByText("请填写办理结果")).toBeVisible();
  await complete.getByLabel("办理结果").fill("电力增容已完成送电,专项资金已拨付到位。");
  await complete.getByRole("button", { name: "报告办结" }).click();
  await expect(dept.getByRole("status").filter({ hasText: "已报告办结,平台已请企业评价。" })).toBeVisible();
  await expect(dept.getByTestId("completion")).toContainText("待企业评价,评价期限 2026年11月25日(星期三) 24:00");
  await shot(dept, "task-completed");

  // ——— The enterprise rates ———
  const ent = await newPage(browser, "enterprise");
  await ent.goto(`/appeals/${s.own.trackingNumber}`);
  const section = ent.getByTestId("task-section");
  await expect(section.getByRole("heading", { name: "办理情况" })).toBeVisible();
  await expect(section.getByTestId("task-decision")).toContainText("一个月内落实电力增容");
  await expect(section.getByTestId("task-commitment")).toContainText("王建国 副局长");
  await expect(section.getByTestId("task-commitment")).toContainText("每周调度一次");
  await expect(section.getByRole("list", { name: "办理进展" })).toContainText("增容方案已报供电局审批。");
  await expect(section.getByTestId("task-result")).toContainText("专项资金已拨付到位");
  await expect(section.getByTestId("rating-deadline")).toHaveText(
    "请于2026年11月25日(星期三) 24:00前评价,逾期未评价视为满意。",
  );
  await shot(ent, "appeal-rating-form");
  const rate = ent.getByRole("form", { name: "评价办理结果" });
  await rate.getByRole("button", { name: "提交评价" }).click();
  await expect(rate.getByText("请选择满意或不满意")).toBeVisible();
  await rate.getByLabel("不满意", { exact: true }).check();
  await rate.getByRole("button", { name: "提交评价" }).click();
  await expect(rate.getByText("请写明不满意的理由")).toBeVisible();
  await rate.getByLabel("不满意的理由").fill("专项资金只拨付了一半,余款何时到位没有答复。");
  await rate.getByRole("button", { name: "提交评价" }).click();
  await expect(ent.getByRole("status").filter({ hasText: "已收到您的评价,牵头部门将与您沟通。" })).toBeVisible();
  await expect(section.getByTestId("task-rating")).toContainText("不满意");
  await expect(section.getByTestId("task-rating")).toContainText("余款何时到位");
  await expect(ent.getByRole("form", { name: "评价办理结果" })).toHaveCount(0);
  await shot(ent, "appeal-rated");
  // Not the enterprise's page: the department's list answers 403.
  await ent.goto("/tasks");
  await expect(ent.getByRole("heading", { name: "无权访问" })).toBeVisible();

  const entPhone = await newPage(browser, "enterprise", true);
  await entPhone.goto(`/appeals/${s.own.trackingNumber}`);
  await expect(entPhone.getByTestId("task-rating")).toContainText("不满意");
  await shot(entPhone, "appeal-phone");

  // ——— The department's talk and final decision ———
  await dept.reload();
  await expect(dept.getByRole("heading", { level: 1 })).toContainText("企业不满意,待沟通");
  await expect(dept.getByTestId("rating")).toContainText("专项资金只拨付了一半");
  const final = dept.getByRole("form", { name: "沟通情况和最终处理意见" });
  await final.getByRole("button", { name: "提交最终处理意见" }).click();
  await expect(final.getByText("请记录与企业沟通的情况")).toBeVisible();
  await expect(final.getByText("请填写最终处理意见")).toBeVisible();
  await shot(dept, "task-reopened");
  await final.getByLabel("沟通情况").fill("11月20日与企业负责人面谈,说明余款须待项目验收后拨付。");
  await final.getByLabel("最终处理意见").fill("项目验收合格后10个工作日内拨付余款,由许丽娟跟踪落实。");
  await final.getByRole("button", { name: "提交最终处理意见" }).click();
  await expect(dept.getByRole("status").filter({ hasText: "最终处理意见已记录,任务已完结。" })).toBeVisible();
  await expect(dept.getByRole("heading", { level: 1 })).toContainText("已完结");
  await expect(dept.getByTestId("final")).toContainText("10个工作日内拨付余款");
  await shot(dept, "task-closed");
  // Another department's task does not exist for this one.
  await dept.goto(`/tasks/${s.other.taskId}`);
  await expect(dept.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await expect(dept.getByText("没有找到该任务。")).toBeVisible();

  await ent.goto(`/appeals/${s.own.trackingNumber}`);
  await expect(ent.getByTestId("task-final")).toContainText("10个工作日内拨付余款");

  // ——— The public ———
  const pub = await newPage(browser);
  await pub.goto("/");
  await pub.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "办理承诺" }).click();
  await expect(pub.getByRole("heading", { name: "办理承诺公开", level: 1 })).toBeVisible();
  // The latest cycle with any commitment is chosen; this spec's is the furthest ahead of all specs'.
  expect(Number(await pub.getByLabel("期次").inputValue())).toBeGreaterThanOrEqual(s.cycle.number);
  await pub.getByLabel("期次").selectOption(String(s.cycle.number));
  await pub.getByRole("button", { name: "查询" }).click();
  await expect(pub).toHaveURL(new RegExp(`cycle=${s.cycle.number}`));
  const published = pub.getByTestId("commitment-row");
  await expect(published).toHaveCount(2);
  const mine = published.filter({ hasText: s.own.title });
  await expect(mine).toContainText(WITHHELD);
  await expect(mine).toContainText(LEAD);
  await expect(mine).toContainText("王建国 副局长");
  await expect(mine).toContainText("许丽娟");
  await expect(mine).toContainText("每周调度一次");
  await expect(mine).toContainText("已完结");
  await expect(published.filter({ hasText: s.other.title })).toContainText(s.other.enterpriseName);
  const text = await pub.locator("main").innerText();
  expect(text).not.toContain(s.enterpriseName);
  // Nothing unpublished, and no contact details.
  expect(text).not.toContain(s.soon.title);
  expect(text).not.toContain(s.late.title);
  expect(text).not.toMatch(/1380013\d{4}|@example\.com|陈经理/);
  await shot(pub, "commitments");

  await pub.getByLabel("牵头部门").selectOption({ label: OTHER_LEAD });
  await pub.getByRole("button", { name: "查询" }).click();
  await expect(published).toHaveCount(1);
  await expect(published).toContainText(s.other.title);
  await pub.getByRole("link", { name: "清除条件" }).click();
  await expect(pub).not.toHaveURL(/dept=/);
  await expect(pub.getByLabel("牵头部门")).toHaveValue("");
  await pub.getByLabel("事项标题").fill(`电力增容${s.run}`);
  await pub.getByRole("button", { name: "查询" }).click();
  await expect(published).toHaveCount(1);
  await expect(published).toContainText(s.own.title);
  await pub.getByLabel("事项标题").fill(`没有这个事项${s.run}`);
  await pub.getByRole("button", { name: "查询" }).click();
  await expect(pub.getByText(`第${s.cycle.number}期没有符合条件的办理承诺。`)).toBeVisible();

  const phone = await newPage(browser, undefined, true);
  await phone.goto(`/commitments?cycle=${s.cycle.number}`);
  await expect(phone.getByTestId("commitment-row")).toHaveCount(2);
  await expect(phone.getByTestId("commitment-row").filter({ hasText: s.own.title })).toContainText(WITHHELD);
  // One card per commitment: nothing wider than the screen.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(phone, "commitments-phone");

  // ——— The office publishes the finished task; the public reads it without the enterprise's name ———
  const office = await newPage(browser, "office");
  await office.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "公开审核" }).click();
  await expect(office.getByRole("heading", { name: "办理结果公开", level: 1 })).toBeVisible();
  await office.getByLabel("期次").selectOption(String(s.cycle.id));
  await office.getByRole("button", { name: "查看" }).click();
  const finished = office.getByTestId("disclosure-row").filter({ hasText: s.own.trackingNumber });
  await expect(finished).toContainText("企业名称不公开");
  await finished.getByRole("button", { name: "公开" }).click();
  await expect(office.getByRole("status").filter({ hasText: "已公开。" })).toBeVisible();
  await expect(finished).toContainText("已公开");
  await pub.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "结果公开" }).click();
  // The commitments page has a field of the same name: wait for the disclosure page before filling it.
  await expect(pub.getByRole("heading", { name: "办理结果公开", level: 1 })).toBeVisible();
  await pub.getByLabel("事项标题").fill(s.own.title);
  await pub.getByRole("button", { name: "查询" }).click();
  const item = pub.getByTestId("disclosure");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("(企业要求不公开名称)");
  await expect(item).toContainText("10个工作日内拨付余款");
  await expect(item).toContainText("不满意");
  expect(await pub.locator("main").innerText()).not.toContain(s.enterpriseName);
  await shot(pub, "disclosure");

  for (const p of [dept, ent, entPhone, pub, phone, office]) await p.context().close();
});
