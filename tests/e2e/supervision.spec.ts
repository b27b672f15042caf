/**
 * The supervision office in the browser (SPEC §4 step 10): tasks of an earlier cycle whose commitments are
 * due at different distances from the app's clock (2026-11-20 10:00): one due tonight (reminder), one due
 * last night (yellow), one a month late (red). The supervisor filters the board, sends a yellow and a red
 * notice (each once), sees the reminder among those due soon, and exports the ledger; the office's outbox
 * holds the notices, the red one also to the department's head.
 */
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { cycleOfMonth } from "./service-setup";
import { runDatabase } from "./run-database";
import { approvedAgendaOf, startTasks } from "./after-meeting-fixture";
import { downloadPdf, signedInPage } from "./helpers";

const db = runDatabase();

test("the supervisor urges on the ladder, once per rung, and exports the ledger", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  // 第9期 (September): no other spec uses it.
  const cycle = await cycleOfMonth(db, "2026-09");
  const run = randomUUID().slice(0, 4);
  const titles = [`今晚到期${run}`, `昨晚逾期${run}`, `逾期一月${run}`];
  const appeals = await approvedAgendaOf(db, cycle, {
    titles,
    enterpriseOffset: 80,
    now: new Date("2026-09-08T10:00:00+08:00"),
  });
  const tasks = await startTasks(db, cycle.id, new Date("2026-09-09T17:00:00+08:00"));
  const taskOf = (title: string) => tasks.find((t) => t.appealId === appeals.find((a) => a.title === title)!.appealId)!;
  // Two deadlines moved next to the clock; the third keeps the cycle's (2026-09-14 24:00).
  for (const [title, due] of [
    [titles[0], "2026-11-20T23:59:59.999+08:00"],
    [titles[1], "2026-11-19T23:59:59.999+08:00"],
  ] as const)
    await db
      .updateTable("tasks")
      .set({ commitment_due_at: new Date(due) })
      .where("id", "=", taskOf(title).id)
      .execute();
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  const sup = await signedInPage(browser, "supervisor");
  await sup.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "督查督办" }).click();
  await expect(sup.getByRole("heading", { name: "督查督办", level: 1 })).toBeVisible();
  await sup.getByLabel("期次").selectOption({ label: `第${cycle.number}期(2026-09)` });
  await sup.getByRole("button", { name: "查看" }).click();
  const rows = sup.getByTestId("board-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: titles[1] })).toContainText("黄牌督办");
  await expect(rows.filter({ hasText: titles[2] })).toContainText("红牌督办");
  await expect(sup.getByTestId("summary-row").filter({ hasText: "市工业和信息化局" })).toContainText("3");
  // The departments' and counties' open clocks: this cycle's three were never accepted.
  const clocks = sup.getByTestId("clock-row").filter({ hasText: "市工业和信息化局" });
  await expect(clocks).toHaveCount(1);
  expect(Number(await clocks.getByRole("cell").nth(3).innerText())).toBeGreaterThanOrEqual(3);
  await expect(sup.getByTestId("late-clock").first()).toBeVisible();
  await shot(sup, "board-late");

  const yellow = rows.filter({ hasText: titles[1] });
  await yellow.getByRole("textbox").fill("请于今日内公布办理承诺。");
  await yellow.getByRole("button", { name: "发出黄牌督办" }).click();
  await expect(sup.getByRole("status").filter({ hasText: "已发出黄牌督办(2 条通知)" })).toBeVisible();
  await expect(rows.filter({ hasText: titles[1] })).toContainText("无需督办");
  await expect(rows.filter({ hasText: titles[1] }).getByRole("button")).toHaveCount(0);

  await rows.filter({ hasText: titles[2] }).getByRole("button", { name: "发出红牌督办" }).click();
  await expect(sup.getByRole("status").filter({ hasText: "已发出红牌督办(4 条通知)" })).toBeVisible();

  await sup.getByLabel("范围").selectOption("due_soon");
  await sup.getByRole("button", { name: "查看" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(titles[0]);
  await expect(rows.first().getByRole("button", { name: "发出到期提醒" })).toBeVisible();
  await shot(sup, "board-due-soon");

  const [download] = await Promise.all([
    sup.waitForEvent("download"),
    sup.getByRole("link", { name: "导出台账(Excel)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("交办任务台账.xlsx");
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const sheet = book.getWorksheet("交办任务台账")!;
  const titlesInLedger = sheet.getColumn(4).values.filter((v): v is string => typeof v === "string");
  expect(titlesInLedger).toEqual(expect.arrayContaining(titles));
  expect(sheet.getRow(2).getCell(13).value).toBe("待公布承诺");
  const printed = await downloadPdf(sup, "打印台账(PDF)");
  expect(printed.fileName).toBe("交办任务台账.pdf");
  expect(printed.flat).toContain(`“直通车”交办任务台账(第${cycle.number}期)`);
  for (const title of titles) expect(printed.flat).toContain(title);

  // The office's outbox: the red notice went to the contact and the head.
  const office = await signedInPage(browser, "office");
  const tracking = appeals.find((a) => a.title === titles[2])!.trackingNumber;
  await office.goto(`/admin/outbox?q=${tracking}`);
  await expect(office.getByRole("row").filter({ hasText: "督办:红牌" })).toHaveCount(4);
  await shot(office, "outbox-red");
});
