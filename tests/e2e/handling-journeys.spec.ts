/**
 * The four handling journeys across roles, each step taken in the browser by the person whose step it is:
 * a department accepts and replies after the office screened the appeal to it; a department disputes and
 * the office reassigns; a county asks to escalate and the office approves; a department asks for more time
 * and the office grants it. Only the starting appeals are booked (and, where the journey does not start at
 * screening, screened) with the app's own services on the run's database. The app's clock stands at
 * 2026-11-20 10:00 (a Friday).
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { hotlineGrantAppeal, screenAs } from "./service-setup";
import { runDatabase } from "./run-database";
import { signedInPage, tableRow } from "./helpers";

const APP_NOW = new Date("2026-11-20T10:00:00+08:00");
const HOUR = 3600_000;
const LEAD = "市工业和信息化局";
const COUNTY = "湘桥区人民政府";

// Each journey signs in two or three people; with parallel workers on a small machine that takes a while.
test.describe.configure({ timeout: 60_000 });

const db = runDatabase();

/** An appeal of the demo enterprise (the `enterprise` account's) booked by the hotline two hours ago. */
const bookAppeal = (title: string) => hotlineGrantAppeal(db, title, new Date(APP_NOW.getTime() - 2 * HOUR));

/** Booked and already screened (half an hour ago) as told. */
async function screenedAppeal(title: string, decision: Parameters<typeof screenAs>[2]) {
  const r = await bookAppeal(title);
  await screenAs(db, r.appealId, decision, new Date(APP_NOW.getTime() - HOUR / 2));
  return r;
}

const marker = () => `J${Date.now().toString(36)}${randomUUID().slice(0, 4)}`;

test("screened by the office, accepted and replied by the department, read by the enterprise", async ({
  browser,
}, testInfo) => {
  const appeal = await bookAppeal(`${marker()}技改补助审核`);

  // The office screens it to 市工业和信息化局, which the routing table proposes as lead.
  const office = await signedInPage(browser, "office");
  await office.goto(`/admin/appeals/${appeal.trackingNumber}`);
  await expect(office.getByTestId("appeal-status")).toHaveText("待甄别");
  await expect(office.getByLabel("牵头部门").locator("option:checked")).toHaveText(LEAD);
  await office.getByRole("button", { name: "转市直部门办理" }).click();
  await expect(office.getByRole("status").filter({ hasText: "已处理" })).toContainText(`已转${LEAD}牵头办理`);
  await expect(office.getByTestId("appeal-status")).toHaveText("已转市直部门办理");

  // The department finds it in its inbox, accepts it and replies.
  const dept = await signedInPage(browser, "dept");
  await dept.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的待办" }).click();
  await dept.getByLabel("查找").fill(appeal.trackingNumber);
  await dept.getByRole("button", { name: "查找", exact: true }).click();
  await dept
    .getByTestId("inbox-row")
    .filter({ hasText: appeal.trackingNumber })
    .getByRole("link", { name: appeal.trackingNumber })
    .click();
  const mine = dept.getByTestId("assignment");
  await expect(mine).toContainText("本单位职责:牵头部门");
  await expect(mine).toContainText("待接收");
  await dept.getByRole("button", { name: "接收", exact: true }).click();
  await expect(dept.getByRole("status").filter({ hasText: "已接收" })).toBeVisible();
  await expect(mine).toContainText("已接收,待答复办理意见");
  const reply = "经核实,企业技改补助资金已完成审核,我局将于12月10日前拨付到位。";
  const form = dept.getByRole("form", { name: "答复办理意见" });
  await form.getByLabel("办理意见").fill(reply);
  await form.getByRole("button", { name: "提交办理意见" }).click();
  await expect(dept.getByRole("status").filter({ hasText: "已提交" })).toBeVisible();
  await expect(mine).toContainText("已答复办理意见");
  await dept.screenshot({ path: testInfo.outputPath("dept-replied.png"), fullPage: true });

  // The office reads the reply on the appeal's page.
  await office.reload();
  await expect(office.getByTestId("appeal-status")).toHaveText("部门已答复");
  await expect(office.getByRole("list", { name: "答复与意见" })).toContainText(reply);
  await expect(office.getByRole("list", { name: "答复与意见" })).toContainText(LEAD);
  await expect(office.getByRole("list", { name: "办理记录" })).toContainText("已转市直部门办理 → 部门已答复");
  await office.screenshot({ path: testInfo.outputPath("office-replied.png"), fullPage: true });

  // The enterprise reads where it stands in plain words.
  const enterprise = await signedInPage(browser, "enterprise");
  await enterprise.goto(`/appeals/${appeal.trackingNumber}`);
  await expect(enterprise.getByText("部门已答复", { exact: true })).toBeVisible();
  await expect(enterprise.getByText("牵头部门已提出办理意见,平台将汇总后答复您。")).toBeVisible();
  await enterprise.screenshot({ path: testInfo.outputPath("enterprise-replied.png"), fullPage: true });

  for (const p of [office, dept, enterprise]) await p.context().close();
});

test("disputed by the department, reassigned by the office with a new accept clock", async ({ browser }, testInfo) => {
  const appeal = await screenedAppeal(`${marker()}技改补助拨付`, { lead: LEAD });
  const reason = "技改补助资金的拨付审核由财政部门负责,本局仅出具项目意见。";

  const dept = await signedInPage(browser, "dept");
  await dept.goto(`/handling/${appeal.trackingNumber}`);
  const dispute = dept.getByRole("form", { name: "提出异议" });
  await dispute.getByLabel("异议理由").fill(reason);
  await dispute.getByLabel("建议承办单位", { exact: true }).selectOption({ label: "市财政局" });
  await dispute.getByRole("button", { name: "提交异议" }).click();
  await expect(dept.getByRole("status").filter({ hasText: "异议已提交" })).toBeVisible();
  await expect(dept.getByTestId("assignment")).toContainText("已提出异议,待平台重新交办");

  // The office finds it in 办理协调 and reassigns it to the proposed owner.
  const office = await signedInPage(browser, "office");
  await office.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "办理协调" }).click();
  const row = tableRow(office, "异议待重新交办", appeal.trackingNumber);
  await expect(row).toContainText(LEAD);
  await expect(row).toContainText(reason);
  await expect(row).toContainText("市财政局");
  await row.getByRole("link", { name: appeal.trackingNumber }).click();
  const decide = office.locator("#decide");
  await expect(decide.getByLabel("重新交办给").locator("option:checked")).toHaveText("市财政局");
  await decide.getByLabel("处理意见").fill("经核,技改补助资金拨付由市财政局牵头办理。");
  await decide.getByRole("button", { name: "重新交办" }).click();
  await expect(office.getByRole("status").filter({ hasText: "已改由市财政局承办。" })).toBeVisible();

  const assignments = office.getByRole("list", { name: "承办单位" });
  await expect(assignments.getByRole("listitem").filter({ hasText: LEAD })).toContainText("已结束");
  await expect(
    assignments.getByRole("listitem").filter({ has: office.getByText("市财政局", { exact: true }) }),
  ).toContainText("待接收");
  const fresh = office.getByRole("list", { name: "办理时限" }).getByRole("listitem").filter({ hasText: "市财政局" });
  await expect(fresh).toContainText("接收或提出异议");
  await expect(fresh).toContainText("办理中");
  await expect(fresh).toContainText("期限2026年11月23日(星期一) 10:");
  await expect(office.getByRole("list", { name: "办理记录" })).toContainText("重新交办");
  await office.screenshot({ path: testInfo.outputPath("reassigned.png"), fullPage: true });

  for (const p of [office, dept]) await p.context().close();
});

test("escalation asked by the county, approved by the office to a chosen lead, keeping the county opinion", async ({
  browser,
}, testInfo) => {
  const appeal = await screenedAppeal(`${marker()}跨区供水管网接驳`, { county: COUNTY });
  const opinion = "该供水管网接驳涉及两个区的供水企业,区级无法协调,建议由市级牵头解决。";

  const county = await signedInPage(browser, "county");
  await county.goto(`/handling/${appeal.trackingNumber}`);
  await expect(county.getByTestId("assignment")).toContainText("待办结答复或申请提级");
  const escalate = county.getByRole("form", { name: "申请提级" });
  await escalate.getByLabel("县区意见").fill(opinion);
  await escalate.getByRole("button", { name: "提交提级申请" }).click();
  await expect(county.getByRole("status").filter({ hasText: "提级申请已提交" })).toBeVisible();
  await expect(county.getByTestId("assignment")).toContainText("已申请提级,待平台审核");

  const office = await signedInPage(browser, "office");
  await office.goto("/admin/handling");
  const row = tableRow(office, "提级申请待审核", appeal.trackingNumber);
  await expect(row).toContainText(COUNTY);
  await row.getByRole("link", { name: appeal.trackingNumber }).click();
  await expect(office.getByTestId("appeal-status")).toHaveText("县区申请提级,待平台审核");
  const decide = office.locator("#decide");
  await expect(decide).toContainText(opinion);
  await decide.getByLabel("牵头部门").selectOption({ label: "市财政局" });
  await decide.getByRole("button", { name: "同意提级" }).click();
  await expect(office.getByRole("status").filter({ hasText: "已同意提级" })).toContainText("市财政局牵头办理");
  await expect(office.getByTestId("appeal-status")).toHaveText("已转市直部门办理");
  await expect(office.getByRole("list", { name: "答复与意见" })).toContainText(opinion);
  await expect(
    office.getByRole("list", { name: "办理时限" }).getByRole("listitem").filter({ hasText: "市财政局" }),
  ).toContainText("接收或提出异议");
  await office.screenshot({ path: testInfo.outputPath("escalation-approved.png"), fullPage: true });

  for (const p of [office, county]) await p.context().close();
});

test("an extension asked by the department after accepting, granted by the office", async ({ browser }, testInfo) => {
  const appeal = await screenedAppeal(`${marker()}设备发票核查`, { lead: LEAD });

  const dept = await signedInPage(browser, "dept");
  await dept.goto(`/handling/${appeal.trackingNumber}`);
  const mine = dept.getByTestId("assignment");
  await dept.getByRole("button", { name: "接收", exact: true }).click();
  await expect(dept.getByRole("status").filter({ hasText: "已接收" })).toBeVisible();
  const replyClock = mine.getByTestId("clock").filter({ hasText: "答复办理意见" });
  await expect(replyClock).toContainText("2026年12月4日(星期五) 24:00");
  await mine.getByText("申请延期", { exact: true }).click();
  await dept.getByLabel("延期理由").fill("需会同市财政局现场核查设备采购发票,预计需要多一周。");
  await dept.getByLabel("建议的新期限(选填)").fill("2026-12-11");
  await dept.getByRole("button", { name: "提交延期申请" }).click();
  await expect(dept.getByRole("status").filter({ hasText: "延期申请已提交" })).toBeVisible();
  await expect(mine).toContainText("待平台审核");

  const office = await signedInPage(browser, "office");
  await office.goto("/admin/handling");
  const row = tableRow(office, "延期申请待审核", appeal.trackingNumber);
  await expect(row).toContainText("2026年12月11日(星期五)");
  await row.getByRole("link", { name: appeal.trackingNumber }).click();
  const grant = office.getByRole("form", { name: "同意延期" });
  await expect(grant.getByLabel("新的办理期限")).toHaveValue("2026-12-11");
  await grant.getByRole("button", { name: "同意延期" }).click();
  await expect(office.getByRole("status").filter({ hasText: "已同意延期至" })).toContainText(
    "已同意延期至 2026年12月11日(星期五) 24:00。",
  );

  // The department sees the new limit and the original.
  await dept.reload();
  await expect(mine).toContainText("已同意");
  await expect(replyClock).toContainText("2026年12月11日(星期五) 24:00");
  await expect(replyClock).toContainText("原期限 2026年12月4日(星期五) 24:00");
  await dept.screenshot({ path: testInfo.outputPath("dept-extension-granted.png"), fullPage: true });

  for (const p of [office, dept]) await p.context().close();
});
