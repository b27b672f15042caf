/**
 * Departments and counties at work (SPEC §4 steps 4–5) in the browser: the lead department (市工业和信息化局,
 * account `dept`) accepts, reads a co-department's opinion and replies with an attachment; asks for more
 * time on another appeal; disputes a third with a proposed owner; the county (湘桥区, account `county`)
 * resolves one appeal and asks to escalate another; the inbox on a phone. The appeals are booked and
 * screened, and the co-department's opinion given, with the app's own services on the run's database. The
 * app's clock stands at 2026-11-20 10:00 (a Friday).
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { acceptAssignment, decideExtension, submitOpinion } from "../../app/services/handling.server";
import { hotlineGrantAppeal, organisationIdOf, screenAs, userIdOf } from "./service-setup";
import { runDatabase } from "./run-database";
import { staffOf } from "./database";
import { signedInPage, signIn } from "./helpers";

const APP_NOW = new Date("2026-11-20T10:00:00+08:00");
const LEAD = "市工业和信息化局";
const CO = "市财政局";
const CO_SILENT = "市人力资源和社会保障局";
const COUNTY = "湘桥区人民政府";
/** A PDF small enough to read in a test; its type is read from the %PDF- signature. */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

const db = runDatabase();
const userId = (username: string) => userIdOf(db, username);
const orgId = (name: string) => organisationIdOf(db, name);

/** A person of the co-department, who gives its opinion through the service (it has no demo account). */
async function coDepartmentActor() {
  return staffOf(db, "e2e-czj", "department", await orgId(CO), "财政局联络员 张晓红");
}

/** Booked by the hotline for the demo enterprise and screened to the lead department (with co-departments) at `at`. */
async function cityAppeal(title: string, co: string[] = [], at = APP_NOW) {
  const r = await hotlineGrantAppeal(db, title, at);
  await screenAs(db, r.appealId, { lead: LEAD, co }, at);
  return r;
}

async function countyAppeal(title: string, at = APP_NOW) {
  const r = await hotlineGrantAppeal(db, title, at);
  await screenAs(db, r.appealId, { county: COUNTY }, at);
  return r;
}

async function assignmentOf(appealId: number, organisation: string) {
  return (
    await db
      .selectFrom("appeal_assignments")
      .select("id")
      .where("appeal_id", "=", appealId)
      .where("organisation_id", "=", await orgId(organisation))
      .executeTakeFirstOrThrow()
  ).id;
}

const marker = () => `E2E${randomUUID().slice(0, 6)}`;

test("the lead accepts, reads the co-departments' opinions and replies with an attachment, once", async ({
  page,
  browser,
}, testInfo) => {
  const m = marker();
  const appeal = await cityAppeal(`${m}技改补助审核`, [CO, CO_SILENT]);
  // 市财政局 accepts and gives its opinion; 市人力资源和社会保障局 says nothing yet.
  const co = await coDepartmentActor();
  const coAssignment = await assignmentOf(appeal.appealId, CO);
  expect((await acceptAssignment(db, { assignmentId: coAssignment, actor: co, now: APP_NOW })).ok).toBe(true);
  const opinion = await submitOpinion(db, {
    assignmentId: coAssignment,
    body: "经核,该企业技改项目已列入本年度市级技改补助资金计划,资金已下达,待工信局审核拨付。",
    attachments: [],
    submissionKey: randomUUID(),
    actor: co,
    now: APP_NOW,
  });
  expect(opinion.ok).toBe(true);

  // The workspace says what waits, and the inbox finds it.
  await signIn(page, "dept");
  await expect(page.getByTestId("handling-card")).toContainText("待办");
  await page.screenshot({ path: testInfo.outputPath("workspace.png"), fullPage: true });
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的待办" }).click();
  await expect(page.getByRole("heading", { name: "我的待办", level: 1 })).toBeVisible();
  await page.getByLabel("查找").fill(m);
  await page.getByRole("button", { name: "查找", exact: true }).click();
  const row = page.getByTestId("inbox-row").filter({ hasText: appeal.trackingNumber });
  await expect(row).toContainText(`${m}技改补助审核`);
  await expect(row).toContainText("牵头");
  await expect(row).toContainText("接收或提出异议");
  await expect(row).toContainText("11月23日 10:00");
  await page.screenshot({ path: testInfo.outputPath("inbox-desktop.png"), fullPage: true });
  await row.getByRole("link", { name: appeal.trackingNumber }).click();

  // The appeal and its accept clock; a dispute form beside the accept button.
  await expect(page.getByRole("heading", { name: new RegExp(`诉求 ${appeal.trackingNumber}`) })).toBeVisible();
  const mine = page.getByTestId("assignment");
  await expect(mine).toContainText("本单位职责:牵头部门");
  await expect(mine).toContainText("待接收");
  await expect(mine.getByTestId("clock")).toContainText("接收或提出异议");
  await expect(mine.getByTestId("clock")).toContainText("2026年11月23日(星期一) 10:00");
  await expect(page.getByRole("button", { name: "提交异议" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("appeal-assigned.png"), fullPage: true });
  await page.getByRole("button", { name: "接收", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "已接收" })).toContainText(
    "请于 2026年12月4日(星期五) 24:00 前答复办理意见",
  );
  await expect(mine).toContainText("已接收,待答复办理意见");
  await expect(mine.getByTestId("clock").filter({ hasText: "接收或提出异议" })).toContainText("按时完成");
  await expect(mine.getByTestId("clock").filter({ hasText: "答复办理意见" })).toContainText("办理中");

  // Above its form, the co-departments' opinions and who has not given one.
  const coBox = page.getByRole("region", { name: /协办意见/ });
  await expect(coBox).toContainText("协办意见(1 / 2)");
  await expect(coBox).toContainText(CO);
  await expect(coBox).toContainText("资金已下达,待工信局审核拨付");
  await expect(page.getByTestId("co-pending")).toContainText(`尚未提出协办意见:${CO_SILENT}(尚未接收)`);

  // An empty reply is refused next to the field.
  const form = page.getByRole("form", { name: "答复办理意见" });
  await form.getByRole("button", { name: "提交办理意见" }).click();
  await expect(form.getByText("请填写意见", { exact: true })).toBeVisible();

  await form
    .getByLabel("办理意见")
    .fill("经核实,企业技改补助资金已由市财政下达,我局已完成审核,将于12月10日前拨付到位。");
  await form
    .getByLabel("附件(选填)")
    .setInputFiles({ name: "办理意见说明.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.screenshot({ path: testInfo.outputPath("appeal-reply-form.png"), fullPage: true });
  // A double submit: the same form (its key) posted again while the first is on its way records one
  // reply, and neither answer is an error.
  const text = await form.getByLabel("办理意见").inputValue();
  const again = {
    intent: "opinion",
    assignmentId: await form.locator('input[name="assignmentId"]').inputValue(),
    submissionKey: await form.locator('input[name="submissionKey"]').inputValue(),
    body: text,
    attachments: { name: "办理意见说明.pdf", mimeType: "application/pdf", buffer: PDF },
  };
  const [second] = await Promise.all([
    page.request.post(`/handling/${appeal.trackingNumber}`, { multipart: again, maxRedirects: 0 }),
    form.getByRole("button", { name: "提交办理意见" }).click(),
  ]);
  expect(second.status()).toBe(200);
  expect(await second.text()).toContain("已提交。");
  await expect(page.getByRole("status").filter({ hasText: "已提交" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(mine).toContainText("已答复办理意见");
  await expect(page.getByRole("heading", { name: new RegExp(`诉求 ${appeal.trackingNumber}`) })).toContainText(
    "部门已答复",
  );
  const replies = await db
    .selectFrom("appeal_replies")
    .select(["id", "kind"])
    .where("appeal_id", "=", appeal.appealId)
    .where("kind", "=", "reply")
    .execute();
  expect(replies).toHaveLength(1);

  // The reply and its attachment are listed; the attachment downloads for this department only.
  const reply = page.getByTestId("reply").filter({ hasText: "牵头部门办理意见" });
  await expect(reply).toContainText("将于12月10日前拨付到位");
  const link = reply.getByRole("link", { name: "办理意见说明.pdf" });
  const href = (await link.getAttribute("href"))!;
  const download = await page.request.get(href);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect(download.headers()["content-disposition"]).toContain("attachment");
  expect(Buffer.from(await download.body()).equals(PDF)).toBe(true);

  // The history says who did what.
  const history = page.getByRole("list", { name: "办理记录" });
  await expect(history).toContainText("甄别:转市直部门办理");
  await expect(history).toContainText("协办部门提出意见");
  await expect(history).toContainText("接收交办");
  await expect(history).toContainText("牵头部门答复办理意见");
  await expect(history).toContainText("已转市直部门办理 → 部门已答复");
  await expect(history).toContainText("工信局联络员 许丽娟");
  await page.screenshot({ path: testInfo.outputPath("appeal-replied.png"), fullPage: true });

  // To an organisation it was never assigned to, the appeal and its files do not exist.
  const county = await signedInPage(browser, "county");
  const missing = await county.goto(`/handling/${appeal.trackingNumber}`);
  expect(missing?.status()).toBe(404);
  await expect(county.getByText("没有找到该诉求,请核对受理编号。")).toBeVisible();
  expect((await county.request.get(href)).status()).toBe(404);
  await county.context().close();
});

test("the department asks for more time, is refused a weekend, and sees the office's decision", async ({
  page,
}, testInfo) => {
  const m = marker();
  const appeal = await cityAppeal(`${m}技改项目用电增容`);
  const assignment = await assignmentOf(appeal.appealId, LEAD);
  const actor = { id: await userId("dept"), organisationId: await orgId(LEAD) };
  expect((await acceptAssignment(db, { assignmentId: assignment, actor, now: APP_NOW })).ok).toBe(true);

  await signIn(page, "dept");
  await page.goto(`/handling/${appeal.trackingNumber}`);
  const mine = page.getByTestId("assignment");
  await expect(mine.getByTestId("clock").filter({ hasText: "答复办理意见" })).toContainText(
    "2026年12月4日(星期五) 24:00",
  );
  await mine.getByText("申请延期", { exact: true }).click();
  await page.getByLabel("延期理由").fill("需会同供电部门现场踏勘,并报市政府研究。");
  await page.getByLabel("建议的新期限(选填)").fill("2026-12-12");
  await page.getByRole("button", { name: "提交延期申请" }).click();
  // A Saturday: refused next to the field, nothing recorded.
  await expect(page.getByRole("alert").filter({ hasText: "新的办理期限须为工作日" }).first()).toBeVisible();
  await expect(page.getByLabel("建议的新期限(选填)")).toHaveAttribute("aria-invalid", "true");
  expect(
    await db.selectFrom("appeal_extensions").select("id").where("appeal_id", "=", appeal.appealId).execute(),
  ).toHaveLength(0);
  await page.screenshot({ path: testInfo.outputPath("extension-error.png"), fullPage: true });

  await page.getByLabel("建议的新期限(选填)").fill("2026-12-11");
  await page.getByRole("button", { name: "提交延期申请" }).click();
  await expect(page.getByRole("status").filter({ hasText: "延期申请已提交" })).toBeVisible();
  await expect(mine).toContainText("“答复办理意见”的延期申请已提交,等待平台审核");
  await expect(mine).toContainText("待平台审核");
  await expect(mine).toContainText("申请延至 2026年12月11日(星期五)");
  await expect(page.getByRole("button", { name: "提交延期申请" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("extension-pending.png"), fullPage: true });

  // The office grants it; the department sees the decision and the new limit.
  const x = await db
    .selectFrom("appeal_extensions")
    .select("id")
    .where("appeal_id", "=", appeal.appealId)
    .executeTakeFirstOrThrow();
  const decided = await decideExtension(db, {
    extensionId: x.id,
    grant: true,
    newDueDate: "2026-12-11",
    note: "同意,请抓紧办理。",
    actorId: await userId("office"),
    now: APP_NOW,
  });
  expect(decided.ok).toBe(true);
  await page.reload();
  await expect(mine).toContainText("已同意");
  await expect(mine).toContainText("平台同意,新期限 2026年12月11日(星期五) 24:00:同意,请抓紧办理。");
  await expect(mine.getByTestId("clock").filter({ hasText: "答复办理意见" })).toContainText(
    "原期限 2026年12月4日(星期五) 24:00",
  );
  await expect(page.getByRole("list", { name: "办理记录" })).toContainText("同意延期");
  // Another request may follow.
  await expect(mine.getByText("申请延期", { exact: true })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("extension-granted.png"), fullPage: true });
});

test("the department disputes an assignment with a proposed owner", async ({ page }, testInfo) => {
  const m = marker();
  const appeal = await cityAppeal(`${m}厂区周边道路改造`);
  await signIn(page, "dept");
  await page.goto(`/handling/${appeal.trackingNumber}`);
  const form = page.getByRole("form", { name: "提出异议" });
  await form.getByLabel("异议理由").fill("道路改造属于交通运输和住建部门职责。");
  await form.getByRole("button", { name: "提交异议" }).click();
  await expect(form.getByText("请选择或填写建议的承办单位")).toBeVisible();

  await form.getByLabel("建议承办单位", { exact: true }).selectOption({ label: "市交通运输局" });
  await form.getByRole("button", { name: "提交异议" }).click();
  await expect(page.getByRole("status").filter({ hasText: "异议已提交" })).toContainText(
    "异议已提交,平台将重新研究交办。",
  );
  const mine = page.getByTestId("assignment");
  await expect(mine).toContainText("已提出异议,待平台重新交办");
  await expect(mine).toContainText("理由:道路改造属于交通运输和住建部门职责。(建议由市交通运输局承办)");
  await expect(mine.getByTestId("clock")).toContainText("(提出异议)");
  await expect(page.getByRole("button", { name: "接收", exact: true })).toHaveCount(0);
  await expect(page.getByRole("list", { name: "办理记录" })).toContainText("对交办提出异议");
  await page.screenshot({ path: testInfo.outputPath("disputed.png"), fullPage: true });

  // It has left the to-do list and shows among the finished ones.
  await page.goto(`/handling?q=${m}`);
  await expect(page.getByText(`没有符合“${m}”的诉求。`)).toBeVisible();
  await page.getByTestId("tab-done").click();
  await expect(page.getByTestId("inbox-row").filter({ hasText: appeal.trackingNumber })).toContainText(
    "已提出异议,待平台重新交办",
  );
});

test("the county resolves one appeal with a reply and asks to escalate another", async ({ page }, testInfo) => {
  const m = marker();
  const resolved = await countyAppeal(`${m}厂房消防验收`);
  const escalated = await countyAppeal(`${m}跨区供水管网接驳`);
  await signIn(page, "county");
  await page.goto(`/handling?q=${m}`);
  await expect(page.getByTestId("inbox-row")).toHaveCount(2);
  await expect(page.getByTestId("inbox-row").first()).toContainText("县区承办");
  await expect(page.getByTestId("inbox-row").first()).toContainText("县区办理答复");

  await page.getByRole("link", { name: resolved.trackingNumber }).click();
  const mine = page.getByTestId("assignment");
  await expect(mine).toContainText("本单位职责:县区承办");
  await expect(mine).toContainText("待办结答复或申请提级");
  await page.screenshot({ path: testInfo.outputPath("county-assigned.png"), fullPage: true });
  const replyForm = page.getByRole("form", { name: "办结答复" });
  await replyForm
    .getByLabel("答复内容")
    .fill("经区消防救援大队现场复核,该厂房已符合验收条件,验收意见书已于今日送达企业。");
  // A file that is not what its name says is refused next to the field; nothing is recorded.
  await replyForm
    .getByLabel("附件(选填)")
    .setInputFiles({ name: "验收意见书.pdf", mimeType: "application/pdf", buffer: Buffer.from("not a pdf") });
  await replyForm.getByRole("button", { name: "办结并答复企业" }).click();
  await expect(replyForm.getByRole("alert")).toContainText("“验收意见书.pdf”不是可接受的文件类型");
  await expect(mine).toContainText("待办结答复或申请提级");
  await expect(replyForm.getByLabel("答复内容")).toHaveValue(/验收意见书已于今日送达企业/);
  await replyForm.getByLabel("附件(选填)").setInputFiles([]);
  await replyForm.getByRole("button", { name: "办结并答复企业" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已办结" })).toContainText("已办结并答复企业。");
  await expect(mine).toContainText("已办结答复");
  await expect(page.getByRole("heading", { name: new RegExp(`诉求 ${resolved.trackingNumber}`) })).toContainText(
    "县区已办结答复",
  );
  await expect(page.getByTestId("reply")).toContainText("验收意见书已于今日送达企业");
  await expect(page.getByRole("list", { name: "办理记录" })).toContainText("已转县区办理 → 县区已办结答复");

  await page.goto(`/handling/${escalated.trackingNumber}`);
  const escalateForm = page.getByRole("form", { name: "申请提级" });
  await escalateForm.getByRole("button", { name: "提交提级申请" }).click();
  await expect(escalateForm.getByText("请填写县区意见,说明需要市级协调的原因", { exact: true })).toBeVisible();
  await escalateForm
    .getByLabel("县区意见")
    .fill("该供水管网接驳涉及潮安区和湘桥区两个供水企业,区级无法协调,建议由市水务局牵头解决。");
  await escalateForm
    .getByLabel("附件(选填)")
    .setInputFiles({ name: "现场照片.pdf", mimeType: "application/pdf", buffer: PDF });
  await escalateForm.getByRole("button", { name: "提交提级申请" }).click();
  await expect(page.getByRole("status").filter({ hasText: "提级申请已提交" })).toBeVisible();
  await expect(page.getByTestId("assignment")).toContainText("已申请提级,待平台审核");
  await expect(page.getByRole("form", { name: "办结答复" })).toHaveCount(0);
  await expect(page.getByTestId("reply")).toContainText("县区意见(申请提级)");
  await expect(page.getByTestId("reply").getByRole("link", { name: "现场照片.pdf" })).toBeVisible();
  await expect(page.getByRole("list", { name: "办理记录" })).toContainText("已转县区办理 → 县区申请提级,待平台审核");
  await page.screenshot({ path: testInfo.outputPath("county-escalated.png"), fullPage: true });
});

test(
  "the inbox on a phone: most urgent first, late and due-soon badges, tabs",
  { tag: ["@phone"] },
  async ({ page }, testInfo) => {
    const m = `${marker()}${testInfo.project.name}`;
    // Assigned on Wednesday 09:00: the 24 working hours ran out on Thursday 09:00.
    const late = await cityAppeal(`${m}逾期未接收`, [], new Date("2026-11-18T09:00:00+08:00"));
    // Assigned on Thursday 14:00: due Friday 14:00, reminded from 10:00.
    const soon = await cityAppeal(`${m}即将到期`, [], new Date("2026-11-19T14:00:00+08:00"));
    const fresh = await cityAppeal(`${m}新交办`);

    await signIn(page, "dept");
    await page.goto(`/handling?q=${m}`);
    const rows = page.getByTestId("inbox-row");
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText(late.trackingNumber);
    await expect(rows.nth(0)).toContainText(/已逾期 1天1小时/);
    await expect(rows.nth(1)).toContainText(soon.trackingNumber);
    await expect(rows.nth(1)).toContainText("即将到期");
    await expect(rows.nth(2)).toContainText(fresh.trackingNumber);
    await expect(page.getByTestId("inbox-summary")).toContainText("待办:共 3 件");
    await page.screenshot({ path: testInfo.outputPath("inbox.png"), fullPage: true });
    await page.locator("main").screenshot({ path: testInfo.outputPath("inbox-main.png") });

    await page.getByTestId("tab-late").click();
    await expect(page).toHaveURL(/view=late/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(late.trackingNumber);
    await page.getByTestId("tab-due_soon").click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(soon.trackingNumber);
    await page.getByTestId("tab-done").click();
    await expect(page.getByText(`没有符合“${m}”的诉求。`)).toBeVisible();

    await page.goto(`/handling/${late.trackingNumber}`);
    await expect(page.getByTestId("assignment").getByTestId("clock")).toContainText("已逾期 1天1小时");
    // Too late to ask for more time.
    await expect(page.getByText("已超过期限")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("appeal-phone.png"), fullPage: true });
    await page.getByTestId("assignment").screenshot({ path: testInfo.outputPath("assignment-phone.png") });
    // Nothing wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  },
);
