/**
 * The figures page in the browser: a cycle of its own (第8期, August) with two appeals led by
 * 市工业和信息化局, neither accepted in time (their accept limits passed in August); the supervisor reads
 * the cycle's figures and ranking; a department may not open the page.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { cycleOfMonth } from "./service-setup";
import { runDatabase } from "./run-database";
import { approvedAgendaOf, startTasks } from "./after-meeting-fixture";
import { downloadPdf, signIn } from "./helpers";

const db = runDatabase();

test("the supervisor reads a cycle's figures and ranking", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const cycle = await cycleOfMonth(db, "2026-08");
  const run = randomUUID().slice(0, 4);
  await approvedAgendaOf(db, cycle, {
    titles: [`统计用诉求甲${run}`, `统计用诉求乙${run}`],
    enterpriseOffset: 100,
    now: new Date("2026-08-11T10:00:00+08:00"),
  });
  await startTasks(db, cycle.id, new Date("2026-08-12T17:00:00+08:00"));

  await signIn(page, "supervisor");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "统计排名" }).click();
  await expect(page.getByRole("heading", { name: "办理情况统计", level: 1 })).toBeVisible();
  await page.getByLabel("期次").selectOption({ label: `第${cycle.number}期(2026-08)` });
  await page.getByRole("button", { name: "统计" }).click();
  await expect(page.getByRole("heading", { name: `第${cycle.number}期各单位办理情况` })).toBeVisible();
  const row = page.getByTestId("figures-row").filter({ hasText: "市工业和信息化局" });
  await expect(row).toHaveCount(1);
  // Two received; neither accepted in time; nothing completed: rank 1 of 1 with a provisional score of 0.
  await expect(row.getByRole("cell").nth(0)).toHaveText("1");
  await expect(row.getByRole("cell").nth(2)).toHaveText("2");
  await expect(row.getByRole("cell").nth(3)).toHaveText("0.0%");
  await expect(row.getByRole("cell").nth(5)).toHaveText("0.0%");
  await expect(row.getByRole("cell").nth(8)).toContainText("0.0");
  await expect(row.getByRole("cell").nth(8)).toContainText("暂计");
  await page.screenshot({ path: testInfo.outputPath("figures.png"), fullPage: true });
  // The month's report, for the month the app's clock stands in.
  const report = await downloadPdf(page, "打印2026年11月工作月报(PDF)");
  expect(report.fileName).toBe("“直通车”工作月报(2026年11月).pdf");
  expect(report.flat).toContain("工作月报(2026年11月)");
  expect(report.flat).toContain("各单位办理情况与排名");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("figures-phone.png"), fullPage: true });

  // A department is not shown the city's figures (signed in on a browser of its own).
  const dept = await (await browser.newContext()).newPage();
  await signIn(dept, "dept");
  expect((await dept.goto("/figures"))?.status()).toBe(403);
  await dept.context().close();
});
