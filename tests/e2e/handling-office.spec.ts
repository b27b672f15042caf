/**
 * The platform office's side of handling (办理协调), in the browser: a department's dispute reassigned to
 * another department with a new accept clock; an extension granted with a new limit (the original kept);
 * a county's escalation approved to a lead and a co-department (the county opinion kept) and another sent
 * back with a reason, after which the county's reply reaches the enterprise. The departments' and
 * counties' own steps are taken with the app's services on the run's database, as their pages would. The
 * app's clock stands at 2026-11-20 10:00 (a Friday); the steps before the office's come earlier that
 * morning, so the history reads in order.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import {
  acceptAssignment,
  countyReply,
  disputeAssignment,
  requestEscalation,
  requestExtension,
  type Actor,
} from "../../app/services/handling.server";
import { actorOf, hotlineGrantAppeal, organisationIdOf, screenAs } from "./service-setup";
import { runDatabase } from "./run-database";
import { signedInPage, signIn, tableRow } from "./helpers";

const APP_NOW = new Date("2026-11-20T10:00:00+08:00");
const HOUR = 3600_000;
const before = (hours: number) => new Date(APP_NOW.getTime() - hours * HOUR);

const db = runDatabase();
const actor = (username: string): Promise<Actor> => actorOf(db, username);
const organisationId = (name: string) => organisationIdOf(db, name);

/** The hotline's appeal of the demo enterprise, received an hour before the office screens it at `at`. */
async function screened(title: string, decision: Parameters<typeof screenAs>[2], at: Date) {
  const appeal = await hotlineGrantAppeal(db, title, new Date(at.getTime() - HOUR));
  await screenAs(db, appeal.appealId, decision, at);
  return appeal;
}

async function assignmentOf(appealId: number, organisation: string): Promise<number> {
  const id = await organisationId(organisation);
  return (
    await db
      .selectFrom("appeal_assignments")
      .select("id")
      .where("appeal_id", "=", appealId)
      .where("organisation_id", "=", id)
      .where("ended_at", "is", null)
      .executeTakeFirstOrThrow()
  ).id;
}

function ok(r: { ok: boolean; error?: string }) {
  if (!r.ok) throw new Error(r.error);
}

/** A city appeal led by 市工业和信息化局, which disputes it and proposes 市财政局. */
async function disputedAppeal(title: string) {
  const appeal = await screened(title, { lead: "市工业和信息化局" }, before(2));
  ok(
    await disputeAssignment(db, {
      assignmentId: await assignmentOf(appeal.appealId, "市工业和信息化局"),
      reason: "技改补助资金的拨付审核由财政部门负责,本局仅出具项目意见。",
      proposedOwnerId: await organisationId("市财政局"),
      actor: await actor("dept"),
      now: before(1),
    }),
  );
  return appeal;
}

/** A city appeal whose lead accepted and asks to reply by 2026-12-11 instead of 12-04. */
async function extensionAppeal(title: string) {
  const appeal = await screened(title, { lead: "市工业和信息化局" }, before(2));
  const dept = await actor("dept");
  const assignmentId = await assignmentOf(appeal.appealId, "市工业和信息化局");
  ok(await acceptAssignment(db, { assignmentId, actor: dept, now: before(1.5) }));
  ok(
    await requestExtension(db, {
      assignmentId,
      reason: "需会同市财政局现场核查设备采购发票,预计需要多一周。",
      requestedDueDate: "2026-12-11",
      actor: dept,
      now: before(1),
    }),
  );
  return appeal;
}

/** A county appeal of 湘桥区人民政府, which asks for escalation with its opinion. */
async function escalatedAppeal(title: string, opinion: string) {
  const appeal = await screened(title, { county: "湘桥区人民政府" }, before(2));
  ok(
    await requestEscalation(db, {
      assignmentId: await assignmentOf(appeal.appealId, "湘桥区人民政府"),
      opinion,
      attachments: [],
      submissionKey: `e2e:${randomUUID()}`,
      actor: await actor("county"),
      now: before(1),
    }),
  );
  return appeal;
}

test("a disputed assignment is reassigned to another department, with a new accept clock", async ({
  browser,
}, testInfo) => {
  const appeal = await disputedAppeal(`技改补助拨付${randomUUID().slice(0, 6)}`);
  const office = await signedInPage(browser, "office");
  await office.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "办理协调" }).click();
  await expect(office.getByRole("heading", { name: "办理协调", level: 1 })).toBeVisible();
  const row = tableRow(office, "异议待重新交办", appeal.trackingNumber);
  await expect(row).toContainText("市工业和信息化局");
  await expect(row).toContainText("牵头");
  await expect(row).toContainText("11月20日 09:00");
  await expect(row).toContainText("技改补助资金的拨付审核由财政部门负责");
  await expect(row).toContainText("市财政局");
  await office.screenshot({ path: testInfo.outputPath("handling-queue.png"), fullPage: true });

  await row.getByRole("link", { name: appeal.trackingNumber }).click();
  const decide = office.locator("#decide");
  await expect(decide.getByRole("heading", { name: "市工业和信息化局(牵头部门)对交办提出异议" })).toBeVisible();
  await expect(decide.getByLabel("重新交办给").locator("option:checked")).toHaveText("市财政局");
  // The note is required, and said so by the field.
  await decide.getByRole("button", { name: "重新交办" }).click();
  await expect(decide.getByText("请写明处理意见(至少2个字)")).toBeVisible();
  await decide.getByLabel("处理意见").fill("经核,技改补助资金拨付由市财政局牵头办理。");
  await office.screenshot({ path: testInfo.outputPath("reassign-form.png"), fullPage: true });
  await decide.getByRole("button", { name: "重新交办" }).click();
  await expect(office.getByRole("status").filter({ hasText: "已改由市财政局承办。" })).toBeVisible();

  // The disputed assignment has ended with why; 市财政局 must accept anew within 24 working hours.
  const assignments = office.getByRole("list", { name: "承办单位" });
  const ended = assignments.getByRole("listitem").filter({ hasText: "市工业和信息化局" });
  await expect(ended).toContainText("已结束");
  await expect(ended).toContainText("结束原因:异议处理:经核,技改补助资金拨付由市财政局牵头办理。");
  await expect(
    assignments.getByRole("listitem").filter({ has: office.getByText("市财政局", { exact: true }) }),
  ).toContainText("待接收");
  const clocks = office.getByRole("list", { name: "办理时限" });
  await expect(clocks.getByRole("listitem").filter({ hasText: "市工业和信息化局" })).toContainText("提出异议");
  const fresh = clocks.getByRole("listitem").filter({ hasText: "市财政局" });
  await expect(fresh).toContainText("接收或提出异议");
  await expect(fresh).toContainText("办理中");
  await expect(fresh).toContainText("期限2026年11月23日(星期一) 10:");
  const history = office.getByRole("list", { name: "办理记录" });
  await expect(history).toContainText("部门对交办提出异议");
  await expect(history).toContainText("重新交办");
  await expect(history).toContainText("改由市财政局承办:经核,技改补助资金拨付由市财政局牵头办理。");
  await expect(office.getByRole("heading", { name: "待平台处理" })).toBeVisible();
  await expect(office.getByRole("button", { name: "重新交办" })).toHaveCount(0);
  await office.screenshot({ path: testInfo.outputPath("reassigned.png"), fullPage: true });

  // It has left the queue.
  await office.goto("/admin/handling");
  await expect(office.getByRole("heading", { name: "办理协调", level: 1 })).toBeVisible();
  await expect(office.getByRole("link", { name: appeal.trackingNumber })).toHaveCount(0);
  await office.context().close();
});

test("an extension is granted: the clock shows the new limit and the original", async ({ browser }, testInfo) => {
  const appeal = await extensionAppeal(`设备发票核查${randomUUID().slice(0, 6)}`);
  const office = await signedInPage(browser, "office");
  await office.goto("/admin/handling");
  const row = tableRow(office, "延期申请待审核", appeal.trackingNumber);
  await expect(row).toContainText("市工业和信息化局");
  await expect(row).toContainText("答复办理意见");
  await expect(row).toContainText("12月4日 24:00");
  await expect(row).toContainText("2026年12月11日(星期五)");
  await expect(row).toContainText("需会同市财政局现场核查设备采购发票");

  await row.getByRole("link", { name: appeal.trackingNumber }).click();
  const grant = office.getByRole("form", { name: "同意延期" });
  await expect(grant.getByLabel("新的办理期限")).toHaveValue("2026-12-11");
  // A Saturday is refused by the server, by the field.
  await grant.getByLabel("新的办理期限").fill("2026-12-12");
  await grant.getByRole("button", { name: "同意延期" }).click();
  await expect(grant.getByText("新的办理期限须为工作日")).toBeVisible();
  // Refusing needs a reason.
  await office.getByRole("button", { name: "不同意" }).click();
  await expect(office.getByText("请写明不同意延期的理由(至少2个字)")).toBeVisible();

  await grant.getByLabel("新的办理期限").fill("2026-12-11");
  await grant.getByRole("button", { name: "同意延期" }).click();
  await expect(office.getByRole("status").filter({ hasText: "已同意延期至" })).toContainText(
    "已同意延期至 2026年12月11日(星期五) 24:00。",
  );
  const clock = office
    .getByRole("list", { name: "办理时限" })
    .getByRole("listitem")
    .filter({ hasText: "答复办理意见" });
  await expect(clock).toContainText("期限2026年12月11日(星期五) 24:00");
  await expect(clock).toContainText("原期限2026年12月4日(星期五) 24:00");
  await expect(clock).toContainText("办理中");
  const extension = office.getByRole("list", { name: "延期申请" }).getByRole("listitem");
  await expect(extension).toContainText("已同意");
  await expect(extension).toContainText("新的期限2026年12月11日(星期五) 24:00");
  await expect(office.getByRole("list", { name: "办理记录" })).toContainText("同意延期");
  await office.screenshot({ path: testInfo.outputPath("extension-granted.png"), fullPage: true });
  await office.context().close();
});

test("a county's escalation is approved to a lead and a co-department, keeping the county opinion", async ({
  browser,
}, testInfo) => {
  const opinion = "该项目涉及市级技改专项资金,县区无权审核拨付,申请转市级协调。";
  const appeal = await escalatedAppeal(`专项资金拨付${randomUUID().slice(0, 6)}`, opinion);
  const office = await signedInPage(browser, "office");
  await office.goto("/admin/handling");
  const row = tableRow(office, "提级申请待审核", appeal.trackingNumber);
  await expect(row).toContainText("湘桥区人民政府");
  await expect(row).toContainText("11月20日 09:00");
  await row.getByRole("link", { name: appeal.trackingNumber }).click();

  await expect(office.getByTestId("appeal-status")).toHaveText("县区申请提级,待平台审核");
  const decide = office.locator("#decide");
  await expect(decide).toContainText(opinion);
  await expect(decide.getByLabel("牵头部门").locator("option:checked")).toHaveText("市工业和信息化局");
  await expect(decide.getByRole("checkbox", { name: "市工业和信息化局" })).toHaveCount(0);
  await decide.getByRole("checkbox", { name: "市财政局" }).check();
  await office.screenshot({ path: testInfo.outputPath("escalation-form.png"), fullPage: true });
  await decide.getByRole("button", { name: "同意提级" }).click();
  await expect(office.getByRole("status").filter({ hasText: "已同意提级" })).toContainText(
    "已同意提级,转市工业和信息化局牵头办理,市财政局协办。",
  );
  await expect(office.getByTestId("appeal-status")).toHaveText("已转市直部门办理");

  // The county opinion stays; the county's assignment ended; both departments have accept clocks.
  await expect(office.getByRole("list", { name: "答复与意见" })).toContainText(opinion);
  await expect(
    office.getByRole("list", { name: "承办单位" }).getByRole("listitem").filter({ hasText: "湘桥区人民政府" }),
  ).toContainText("结束原因:提级为市级诉求");
  const clocks = office.getByRole("list", { name: "办理时限" });
  for (const name of ["市工业和信息化局", "市财政局"])
    await expect(clocks.getByRole("listitem").filter({ hasText: name })).toContainText("接收或提出异议");
  await expect(office.getByRole("list", { name: "办理记录" })).toContainText(
    "县区申请提级,待平台审核 → 已转市直部门办理",
  );
  await office.screenshot({ path: testInfo.outputPath("escalation-approved.png"), fullPage: true });

  // The enterprise reads where it stands, but not the county's internal opinion.
  const enterprise = await signedInPage(browser, "enterprise");
  await enterprise.goto(`/appeals/${appeal.trackingNumber}`);
  await expect(enterprise.getByText("已转市直有关部门办理,部门将在规定时限内接收并办理。")).toBeVisible();
  await expect(
    enterprise.getByText("经平台审核,您的诉求转为市级诉求,由市工业和信息化局牵头办理,市财政局协办。"),
  ).toBeVisible();
  await expect(enterprise.getByText(opinion)).toHaveCount(0);
  await enterprise.context().close();
  await office.context().close();
});

test("an escalation is sent back with a reason; the county's reply then reaches the enterprise", async ({
  browser,
}, testInfo) => {
  const appeal = await escalatedAppeal(`厂区道路${randomUUID().slice(0, 6)}`, "厂区外道路破损涉及市政道路,申请提级。");
  const enterprise = await signedInPage(browser, "enterprise");
  await enterprise.goto(`/appeals/${appeal.trackingNumber}`);
  await expect(enterprise.getByText(/已申请转市直部门办理,平台正在审核/)).toBeVisible();

  const office = await signedInPage(browser, "office");
  await office.goto(`/admin/appeals/${appeal.trackingNumber}`);
  const back = office.getByRole("form", { name: "退回县区继续办理" });
  await back.getByRole("button", { name: "退回县区" }).click();
  await expect(back.getByText("请写明退回的理由(至少2个字)")).toBeVisible();
  await back.getByLabel("退回理由").fill("该道路属区管道路,请湘桥区协调区住建部门修复。");
  await back.getByRole("button", { name: "退回县区" }).click();
  await expect(office.getByRole("status").filter({ hasText: "已退回" })).toContainText(
    "已退回湘桥区人民政府,由其继续办理。",
  );
  await expect(office.getByTestId("appeal-status")).toHaveText("已转县区办理");
  const history = office.getByRole("list", { name: "办理记录" });
  await expect(history).toContainText("提级申请退回县区");
  await expect(history).toContainText("提级申请退回湘桥区人民政府:该道路属区管道路,请湘桥区协调区住建部门修复。");
  // The county has a new reply clock.
  await expect(
    office.getByRole("list", { name: "办理时限" }).getByRole("listitem").filter({ hasText: "办理中" }),
  ).toContainText("县区办理答复");
  await office.screenshot({ path: testInfo.outputPath("escalation-sent-back.png"), fullPage: true });

  // The county resolves it; the enterprise reads the reply.
  const reply = "区住建局已于11月21日完成厂区外道路修复,感谢企业监督。";
  ok(
    await countyReply(db, {
      assignmentId: await assignmentOf(appeal.appealId, "湘桥区人民政府"),
      body: reply,
      attachments: [],
      submissionKey: `e2e:${randomUUID()}`,
      actor: await actor("county"),
      now: new Date(APP_NOW.getTime() + 2 * HOUR),
    }),
  );
  await enterprise.reload();
  await expect(enterprise.getByText("县区已办结答复", { exact: true })).toBeVisible();
  await expect(enterprise.getByText(/县区已办结并答复,答复内容见下方/)).toBeVisible();
  await expect(enterprise.getByTestId("county-reply")).toHaveText(reply);
  await enterprise.screenshot({ path: testInfo.outputPath("enterprise-county-reply.png"), fullPage: true });
  await enterprise.context().close();
  await office.context().close();
});

test("办理协调 on a phone: the three queues and the late clocks", { tag: ["@phone"] }, async ({ page }, testInfo) => {
  const marker = randomUUID().slice(0, 6);
  const [dispute, extension, escalation] = await Promise.all([
    disputedAppeal(`异议${marker}`),
    extensionAppeal(`延期${marker}`),
    escalatedAppeal(`提级${marker}`, "涉及市级审批事项,申请提级。"),
  ]);
  // Assigned on Monday and never accepted: late by Friday.
  const late = await screened(`逾期${marker}`, { lead: "市商务局" }, new Date("2026-11-16T10:00:00+08:00"));

  await signIn(page, "office");
  await page.goto("/admin/handling");
  await expect(page.getByRole("heading", { name: "办理协调", level: 1 })).toBeVisible();
  for (const [table, appeal] of [
    ["异议待重新交办", dispute],
    ["延期申请待审核", extension],
    ["提级申请待审核", escalation],
  ] as const)
    await expect(
      page.getByRole("table", { name: table }).getByRole("link", { name: appeal.trackingNumber }),
    ).toBeVisible();
  await expect(page.getByTestId("count-late")).not.toHaveText("0");
  const lateRow = tableRow(page, "已逾期的办理时限", late.trackingNumber);
  await expect(lateRow).toContainText("市商务局");
  await expect(lateRow).toContainText("接收或提出异议");
  await expect(lateRow).toContainText("已逾期");
  await expect(lateRow).toContainText("已超 3天");
  await page.screenshot({ path: testInfo.outputPath("handling-phone.png"), fullPage: true });

  await page.getByTestId("view-open").click();
  await expect(page).toHaveURL(/view=open/);
  await expect(page.getByRole("table", { name: "全部办理中的办理时限" })).toBeVisible();

  await page
    .getByRole("table", { name: "延期申请待审核" })
    .getByRole("link", { name: extension.trackingNumber })
    .click();
  await expect(page.getByRole("heading", { name: "待平台处理" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("appeal-decide-phone.png"), fullPage: true });
});
