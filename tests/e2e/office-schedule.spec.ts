/**
 * The schedule as people meet it: the public cycle pages and announcement, the calendar click-through,
 * and the platform office moving an on-site day, assigning people, editing the calendar and the roster.
 * The app's clock stands at 2026-11-20 10:00 (playwright.config.ts): December's window (第12期) is open.
 */
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { signIn } from "./helpers";

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test(
  "the public sees the open cycle and its announcement, and a future one without it",
  { tag: ["@phone"] },
  async ({ page }, testInfo) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: /第12期/ })).toBeVisible();
    await expect(page.getByText("预约中").first()).toBeVisible();
    await page.getByRole("link", { name: "查看预约公告" }).click();
    await expect(page).toHaveURL(/\/cycles\/12$/);
    await expect(page.getByRole("heading", { name: "潮州市解决企业诉求“直通车”第12期现场活动预约公告" })).toBeVisible();
    await expect(page.getByText(/12345/).first()).toBeVisible();
    await shot(page, testInfo, "announcement");

    // January 2027 opens on 2026-12-11: no announcement yet, and its dates are provisional.
    await page.goto("/cycles/13");
    await expect(page.getByText("本期预约公告将于预约开放时(2026年12月11日(星期五) 00:00)发布。")).toBeVisible();
    await expect(page.getByText(/2027年的国家法定节假日安排尚未发布/)).toBeVisible();
    expect((await page.goto("/cycles/999"))?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  },
);

test("clicking an on-site day in the month view opens its cycle", async ({ page }) => {
  await page.goto("/calendar?month=2026-10");
  await expect(page.locator(".fc-toolbar-title")).toHaveText("2026年10月");
  // The month view, not the list of the month's dates below it.
  const monthView = page.locator(".calendar-box");
  await expect(monthView.getByText("国庆节 调休上班")).toBeVisible();
  await monthView.getByText("第10期现场活动日").click();
  await expect(page).toHaveURL(/\/cycles\/10$/);
  await expect(page.getByText("2026年10月14日(星期三)").first()).toBeVisible();
});

test("the office moves an on-site day; a weekend is refused; dependent dates follow and the change is recorded", async ({
  page,
}, testInfo) => {
  await signIn(page, "office");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "期次管理" }).click();
  // March 2027 (第15期): a cycle no other test reads, so tests stay independent of each other.
  await page.getByRole("link", { name: "2027年 →" }).click();
  await page.getByRole("link", { name: "第15期" }).click();
  await expect(page).toHaveURL(/\/admin\/cycles\/15$/);
  await expect(page.getByText("2027年3月10日(星期三)").first()).toBeVisible();

  await page.getByLabel("新的现场活动日").fill("2027-03-13");
  await page.getByLabel("调整原因").fill("测试周末");
  await page.getByRole("button", { name: "保存调整" }).click();
  await expect(page.getByText("现场活动日必须是工作日")).toBeVisible();
  await expect(page.getByText("2027年3月10日(星期三)").first()).toBeVisible();

  await page.getByLabel("新的现场活动日").fill("2027-03-11");
  await page.getByLabel("调整原因").fill("市领导公务安排调整");
  await page.getByRole("button", { name: "保存调整" }).click();
  await expect(page.getByText("现场活动日已调整,相关日期已随之更新。")).toBeVisible();
  await expect(page.getByText("2027年3月11日(星期四)").first()).toBeVisible();
  await expect(page.getByText("已调整").first()).toBeVisible();
  // 5th working day before Thu 03-11: 10, 9, 8, 5, 4.
  await expect(page.getByText(/至 2027年3月4日\(星期四\) 00:00 止/)).toBeVisible();
  await expect(page.getByText(/调整现场活动日:现场活动日 2027-03-10 → 2027-03-11/)).toBeVisible();
  await expect(page.getByText(/原因:市领导公务安排调整/)).toBeVisible();
  await shot(page, testInfo, "cycle-moved");
});

test("the office assigns the attending leader and secretary-general", async ({ page }) => {
  await signIn(page, "office");
  await page.goto("/admin/cycles?year=2027");
  await page.getByRole("link", { name: "第14期" }).click();
  await page.getByLabel("出席市领导", { exact: true }).selectOption({ label: "陈立新(市长)" });
  await page.getByLabel("轮值秘书长/副秘书长", { exact: true }).selectOption({ label: "谢晓雯(市政府副秘书长)" });
  await page.getByRole("button", { name: "保存人员" }).click();
  await expect(page.getByText("出席人员已更新。")).toBeVisible();
  await expect(page.getByText(/指定出席人员:市领导 陈立新\(市长\),秘书长 谢晓雯/)).toBeVisible();
});

test("the office enters an official day of 2027 with its source and confirms the year", async ({ page }, testInfo) => {
  await signIn(page, "office");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "工作日历" }).click();
  await page.getByRole("link", { name: "2027年" }).click();
  await expect(page.getByText("暂定").first()).toBeVisible();

  // A weekday cannot be a make-up working day.
  await page.getByLabel("日期", { exact: true }).fill("2027-01-05");
  await page.getByLabel("安排", { exact: true }).selectOption("makeup");
  await page.getByLabel("节日名称").fill("元旦");
  await page.getByLabel("依据的通知名称").fill("国务院办公厅关于2027年部分节假日安排的通知");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByText(/本来就是工作日,不能设为调休上班日/)).toBeVisible();

  await page.getByLabel("日期", { exact: true }).fill("2027-01-01");
  await page.getByLabel("安排", { exact: true }).selectOption("holiday");
  await page.getByLabel("节日名称").fill("元旦");
  await page.getByLabel("依据的通知名称").fill("国务院办公厅关于2027年部分节假日安排的通知");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByText(/已保存 2027-01-01 的安排/)).toBeVisible();
  await expect(page.getByRole("cell", { name: "2027年1月1日(星期五)" })).toBeVisible();
  await expect(page.getByText("新增 2027-01-01:元旦放假")).toBeVisible();

  await page.getByRole("button", { name: "确认2027年安排" }).click();
  await expect(page.getByText("2027年节假日安排已确认。")).toBeVisible();
  await expect(page.getByText("已确认").first()).toBeVisible();
  await shot(page, testInfo, "calendar-2027");
  await page.getByRole("button", { name: "取消确认" }).click();
  await expect(page.getByText(/已取消确认2027年节假日安排/)).toBeVisible();
});

test("the office keeps the rotation roster", async ({ page }) => {
  await signIn(page, "office");
  await page.goto("/admin/roster");
  const name = `测试${test.info().workerIndex}${Date.now() % 1000}`;
  await page.getByLabel("类别", { exact: true }).selectOption("secretary_general");
  await page.getByLabel("姓名", { exact: true }).fill(name);
  await page.getByLabel("职务", { exact: true }).fill("市政府副秘书长");
  await page.getByRole("button", { name: "添加到名单末位" }).click();
  await expect(page.getByText(/名单已更新/)).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("轮值中");
  await row.getByRole("button", { name: `${name}上移` }).click();
  await expect(page.getByText(/名单已更新/)).toBeVisible();
  await page
    .getByRole("row", { name: new RegExp(name) })
    .getByRole("button", { name: "停用" })
    .click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("已停用");
});
