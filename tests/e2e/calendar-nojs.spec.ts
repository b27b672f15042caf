/**
 * The public calendar without JavaScript (issue 18, item 6): the month's dates are in the page's HTML, as a
 * table a slow phone, a screen reader or a search engine reads, with plain links to the months around it.
 */
import { expect, test } from "@playwright/test";

test.use({ javaScriptEnabled: false });

test("the calendar lists the month's dates with JavaScript off", { tag: ["@phone"] }, async ({ page }, testInfo) => {
  await page.goto("/calendar?month=2026-12");
  const december = page.getByRole("table", { name: "2026年12月日程" });
  await expect(page.getByText("月历需在浏览器启用 JavaScript 后显示;本月日程见下表。")).toBeVisible();
  await expect(december.getByRole("row").filter({ hasText: "第12期现场活动日" })).toContainText("12月9日(星期三)");
  await expect(december.getByRole("link", { name: /第12期现场活动日/ })).toHaveAttribute("href", "/cycles/12");
  await expect(december.getByRole("row").filter({ hasText: "第12期问题目录报送截止" })).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("calendar-nojs.png"), fullPage: true });

  // A plain link moves to another month; October has the National Day holiday.
  for (let i = 0; i < 2; i++) await page.getByRole("link", { name: "上一月" }).click();
  const october = page.getByRole("table", { name: "2026年10月日程" });
  await expect(october.getByRole("row").filter({ hasText: "国庆节 放假" }).first()).toContainText("10月1日(星期四)");
  await expect(october.getByRole("row").filter({ hasText: "调休上班" }).first()).toBeVisible();
});
