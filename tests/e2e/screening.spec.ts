/**
 * Screening (甄别) and registry review in the browser: an appeal booked online is screened by the office to
 * a city department and leaves the queue; a bulk run skips an appeal someone else screened meanwhile; the
 * registry reviewer confirms an enterprise the registry does not know. The app's clock stands at
 * 2026-11-20 10:00. Appeals the pages cannot make (a code the registry does not know, an appeal screened
 * "by someone else") are made with the app's own services on the run's database.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { composeCreditCode, CREDIT_CODE_CHARSET } from "../../app/domain/credit-code";
import { screenAppeal } from "../../app/services/screening.server";
import { GRANT_CONTENT, hotlineGrantAppeal, userIdOf } from "./service-setup";
import { runDatabase } from "./run-database";
import { signedInPage, signIn } from "./helpers";

const APP_NOW = new Date("2026-11-20T10:00:00+08:00");

const db = runDatabase();

test(
  "the office screens an appeal booked online to a city department, and the queue count drops",
  { tag: ["@phone"] },
  async ({ page, browser }, testInfo) => {
    // The enterprise books online.
    await signIn(page, "enterprise");
    await page.goto("/appeals/new");
    const title = `技改补助审核${testInfo.project.name}`;
    await page.getByLabel("诉求标题").fill(title);
    await page.getByLabel("诉求类别").selectOption({ label: "工业发展与技术改造" });
    await page.getByLabel("诉求内容").fill(GRANT_CONTENT);
    await page.getByLabel("联系人").fill("陈先生");
    await page.getByLabel("联系电话").fill("13800000000");
    await page.getByRole("button", { name: "提交诉求" }).click();
    const number = (await page.getByTestId("tracking-number").textContent())!.trim();
    expect(number).toMatch(/^ZT\d+$/);

    // The office finds it in the queue.
    const office = await signedInPage(browser, "office");
    await office.goto("/admin/screening");
    await expect(office.getByRole("heading", { name: "诉求甄别", level: 1 })).toBeVisible();
    await expect(office.getByRole("link", { name: number })).toBeVisible();
    await office.screenshot({ path: testInfo.outputPath("screening-queue.png"), fullPage: true });

    await office.getByLabel("关键词").fill(number);
    await office.getByRole("button", { name: "查找", exact: true }).click();
    await expect(office).toHaveURL(new RegExp(`q=${number}`));
    await expect(office.getByTestId("count-total")).toHaveText("待甄别 1 件");
    const row = office.getByRole("row").filter({ hasText: number });
    await expect(row).toContainText(title);
    await expect(row).toContainText("工业发展与技术改造");
    await expect(row).toContainText("11月25日 24:00");

    // On its page, the lead comes from the routing table and is not offered as a co-department.
    await office.getByRole("link", { name: number }).click();
    await expect(office.getByRole("heading", { name: new RegExp(`诉求 ${number}`) })).toBeVisible();
    await expect(office.getByLabel("牵头部门").locator("option:checked")).toHaveText("市工业和信息化局");
    await expect(office.getByRole("checkbox", { name: "市工业和信息化局" })).toHaveCount(0);
    await office.getByRole("checkbox", { name: "市财政局" }).check();
    await office.screenshot({ path: testInfo.outputPath("appeal-page.png"), fullPage: true });
    await office.getByRole("button", { name: "转市直部门办理" }).click();
    await expect(office.getByRole("status").filter({ hasText: "已处理" })).toContainText(
      "已转市工业和信息化局牵头办理,市财政局协办",
    );
    await expect(office.getByTestId("appeal-status")).toHaveText("已转市直部门办理");
    // The screening actions are gone; the history says who did what.
    await expect(office.getByRole("button", { name: "转县区办理" })).toHaveCount(0);
    const history = office.getByRole("list", { name: "办理记录" });
    await expect(history).toContainText("甄别:转市直部门办理");
    await expect(history).toContainText("待甄别 → 已转市直部门办理");
    await expect(history).toContainText("平台管理员 黄思敏");
    await office.screenshot({ path: testInfo.outputPath("appeal-screened.png"), fullPage: true });

    // It has left the queue.
    await office.goto(`/admin/screening?q=${number}`);
    await expect(office.getByTestId("count-total")).toHaveText("待甄别 0 件");
    await expect(office.getByText("没有符合条件的待甄别诉求。")).toBeVisible();

    // The enterprise reads the result in plain words.
    await page.reload();
    await expect(page.getByText("经甄别,您的诉求已转交市工业和信息化局牵头办理,市财政局协办。")).toBeVisible();
    await office.context().close();
  },
);

test("a bulk rejection skips, and lists, an appeal someone else screened meanwhile", async ({ browser }, testInfo) => {
  const marker = `批量${randomUUID().slice(0, 6)}`;
  const first = await hotlineGrantAppeal(db, `${marker}甲诉求`, APP_NOW);
  const second = await hotlineGrantAppeal(db, `${marker}乙诉求`, APP_NOW);

  const office = await signedInPage(browser, "office");
  await office.goto(`/admin/screening?q=${marker}`);
  await expect(office.getByTestId("count-total")).toHaveText("待甄别 2 件");
  await office.getByRole("checkbox", { name: "全选本页" }).check();
  await expect(office.getByRole("checkbox", { name: `选择 ${first.trackingNumber}` })).toBeChecked();
  await expect(office.getByRole("checkbox", { name: `选择 ${second.trackingNumber}` })).toBeChecked();

  // Meanwhile a colleague routes the first one to its county.
  const colleague = await screenAppeal(
    db,
    first.appealId,
    { kind: "county" },
    { actorId: await userIdOf(db, "office"), now: APP_NOW },
  );
  expect(colleague.ok).toBe(true);

  await office.getByLabel("处理方式").selectOption({ label: "不予受理" });
  await office.getByLabel("不予受理原因").selectOption("重复提交");
  await office.getByRole("button", { name: "处理已勾选的 2 件" }).click();
  const results = office.getByTestId("bulk-results");
  await expect(results).toContainText("1 件已处理,1 件未处理");
  await expect(results).toContainText(`${second.trackingNumber} 不予受理(重复提交)`);
  await expect(results).toContainText(`未处理 ${first.trackingNumber}:该诉求已由他人处理(当前状态:已转县区办理)`);
  await expect(office.getByTestId("count-total")).toHaveText("待甄别 0 件");
  await office.screenshot({ path: testInfo.outputPath("bulk-results.png"), fullPage: true });

  const statuses = await db
    .selectFrom("appeals")
    .select(["id", "status"])
    .where("id", "in", [first.appealId, second.appealId])
    .orderBy("id")
    .execute();
  expect(statuses.map((s) => s.status)).toEqual(["county", "rejected"]);
  await office.context().close();
});

test("the registry reviewer confirms an enterprise the registry does not know, entering it", async ({
  browser,
}, testInfo) => {
  const body = `MA${Array.from({ length: 6 }, () => CREDIT_CODE_CHARSET[Math.floor(Math.random() * 31)]).join("")}`;
  const creditCode = composeCreditCode("91", "445102", body);
  const name = "潮州市湘桥区未入库测试有限公司";
  const appeal = await hotlineGrantAppeal(db, "新设企业用工补贴申请咨询", APP_NOW, { credit_code: creditCode, name });

  const reviewer = await signedInPage(browser, "reviewer");
  await reviewer.goto("/review");
  const row = reviewer.getByRole("row").filter({ hasText: appeal.trackingNumber });
  await expect(row).toContainText(name);
  await expect(row).toContainText("法人库中无此代码");
  await reviewer.screenshot({ path: testInfo.outputPath("review-queue.png"), fullPage: true });

  await row.getByRole("link", { name: appeal.trackingNumber }).click();
  await expect(reviewer.getByText(`法人库中没有统一社会信用代码为 ${creditCode} 的企业。`)).toBeVisible();
  await reviewer.getByRole("button", { name: "确认并新增登记" }).click();
  await expect(reviewer.getByText("请选择企业登记地")).toBeVisible();
  await reviewer.getByLabel("企业登记地").selectOption({ label: "湘桥区人民政府(445102)" });
  await reviewer.screenshot({ path: testInfo.outputPath("review-decision.png"), fullPage: true });
  await reviewer.getByRole("button", { name: "确认并新增登记" }).click();
  await expect(reviewer).toHaveURL(/\/review\?done=/);
  await expect(reviewer.getByRole("status").first()).toContainText(
    `诉求 ${appeal.trackingNumber} 已核实处理,当前状态:待甄别。`,
  );
  await expect(reviewer.getByRole("link", { name: appeal.trackingNumber })).toHaveCount(0);

  // A second decision on the same appeal (a stale page, a colleague) changes nothing.
  await reviewer.goto(`/review/${appeal.trackingNumber}`);
  await expect(reviewer.getByText("该诉求已核实处理,当前状态:待甄别。")).toBeVisible();
  await expect(reviewer.getByRole("button", { name: "不予受理" })).toHaveCount(0);

  const stored = await db
    .selectFrom("appeals")
    .innerJoin("enterprises", "enterprises.id", "appeals.enterprise_id")
    .select(["appeals.status", "appeals.registry_check", "enterprises.region_code", "enterprises.name"])
    .where("appeals.id", "=", appeal.appealId)
    .executeTakeFirstOrThrow();
  expect(stored).toEqual({ status: "screening", registry_check: "confirmed", region_code: "445102", name });

  // The office now has it to screen; the reviewer has no business in the office's pages.
  expect((await reviewer.goto("/admin/screening"))?.status()).toBe(403);
  await reviewer.context().close();
});
