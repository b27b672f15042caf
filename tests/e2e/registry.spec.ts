/**
 * The registry (法人库) for the platform office: a refused file leaves nothing behind, a CSV with a bad row
 * and a wrong check character imports with its progress shown, its report of problem rows downloads with
 * the reasons, and the new entries are found by part of the name and by code. Other roles get a 403.
 */
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { composeCreditCode, CREDIT_CODE_CHARSET } from "../../app/domain/credit-code";
import { BAD_CHECK_CHARACTER_WARNING } from "../../app/domain/registry-row";
import { signIn } from "./helpers";

const GOOD_1 = composeCreditCode("91", "445102", "MA7E2E01");
const GOOD_2 = composeCreditCode("91", "445103", "MA7E2E02");
const VALID_3 = composeCreditCode("91", "445122", "MA7E2E03");
const WRONG_CHECK = VALID_3.slice(0, 17) + CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(VALID_3[17]) + 1) % 31];
const MISSING_NAME = composeCreditCode("91", "445102", "MA7E2E04");

/** A CSV cell as the report writes it: quoted when it holds a comma or a quote. */
const csvCell = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const CSV = [
  "\uFEFF统一社会信用代码,企业名称,法定代表人,所属区域代码,地址,登记状态,成立日期",
  `${GOOD_1},潮州市端到端陶瓷有限公司,陈伟,445102,潮州市湘桥区枫春路8号,存续,2016-04-01`,
  `${GOOD_2},潮州市端到端茶业有限公司,林芳,445103,潮安区庵埠镇,存续,2019-11-11`,
  `${MISSING_NAME},,黄强,445102,潮州市湘桥区,存续,2020-01-01`,
  `${WRONG_CHECK},饶平县端到端五金有限公司,许丽,445122,饶平县黄冈镇,存续,2012-06-30`,
].join("\r\n");

test("office imports a CSV, follows its progress, downloads the problem rows and finds the new entries", async ({
  page,
}, testInfo) => {
  await signIn(page, "office");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "法人库" }).click();
  await expect(page).toHaveURL(/\/admin\/registry$/);
  await expect(page.getByRole("heading", { name: "法人库", level: 1 })).toBeVisible();
  await expect(page.getByTestId("registry-size")).toContainText(/法人库现有\s*\d+\s*家企业/);
  await expect(page.getByText("还没有导入记录。")).toBeVisible();

  // A legacy workbook is refused next to the form, and nothing is recorded.
  await page.getByLabel("CSV 或 XLSX 文件").setInputFiles({
    name: "法人库.xls",
    mimeType: "application/vnd.ms-excel",
    buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
  });
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page.getByRole("alert")).toContainText("不支持旧版 Excel(.xls)文件");
  await expect(page).toHaveURL(/\/admin\/registry(\?index)?$/);
  await expect(page.getByText("还没有导入记录。")).toBeVisible();

  await page.getByLabel("CSV 或 XLSX 文件").setInputFiles({
    name: "e2e-法人库.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(CSV),
  });
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page).toHaveURL(/\/admin\/registry\/imports\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: /第 \d+ 号导入/ })).toBeVisible();
  // The page refreshes itself until the import has finished.
  await expect(page.getByText("已完成", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("progressbar", { name: "读取进度" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("rows-read")).toHaveText("4 行");
  await expect(page.getByTestId("rows-inserted")).toHaveText("3");
  await expect(page.getByTestId("rows-rejected")).toHaveText("1");
  await expect(page.getByTestId("rows-flagged")).toHaveText("1");
  await expect(page.getByRole("status").filter({ hasText: "导入完成" })).toContainText("1 行有问题未导入");
  const sample = page.getByRole("table").filter({ hasText: "原始内容" });
  await expect(sample.getByRole("row").filter({ hasText: MISSING_NAME })).toContainText("缺少企业名称");
  await expect(sample.getByRole("row").filter({ hasText: WRONG_CHECK })).toContainText("校验码不符");
  await page.screenshot({ path: testInfo.outputPath("registry-import-done.png"), fullPage: true });

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载问题行报告(CSV)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^法人库导入第\d+号-问题行\.csv$/);
  const report = await readFile((await download.path())!, "utf8");
  expect(report.startsWith("\uFEFF行号,原始内容,原因,统一社会信用代码,企业名称")).toBe(true);
  const lines = report.slice(1).trimEnd().split("\r\n");
  expect(lines).toHaveLength(3);
  // 行号, 原始内容 (the row as one line, quoted: it holds commas), 原因, then the cells under their own headers.
  expect(lines[1]).toBe(
    `4,"${MISSING_NAME},,黄强,445102,潮州市湘桥区,存续,2020-01-01",缺少企业名称,` +
      `${MISSING_NAME},,黄强,445102,潮州市湘桥区,存续,2020-01-01`,
  );
  expect(lines[2]).toBe(
    `5,"${WRONG_CHECK},饶平县端到端五金有限公司,许丽,445122,饶平县黄冈镇,存续,2012-06-30",${csvCell(BAD_CHECK_CHARACTER_WARNING)},` +
      `${WRONG_CHECK},饶平县端到端五金有限公司,许丽,445122,饶平县黄冈镇,存续,2012-06-30`,
  );

  // Search by part of the name: the new entries, with the wrong check character flagged.
  await page.getByRole("link", { name: "← 返回法人库" }).click();
  await expect(page.getByRole("row").filter({ hasText: "e2e-法人库.csv" })).toContainText("已完成");

  // A file named with `=`, `;`, quotes and an emoji (Chromium sends the quotes as %22): imported, not a
  // 500, and listed under the name the office gave it.
  const oddName = '法人库=2026;第2批 "终版" 📋.csv';
  await page.getByLabel("CSV 或 XLSX 文件").setInputFiles({
    name: oddName,
    mimeType: "text/csv",
    buffer: Buffer.from(`统一社会信用代码,企业名称\r\n${GOOD_1},潮州市端到端陶瓷有限公司\r\n`),
  });
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page).toHaveURL(/\/admin\/registry\/imports\/\d+$/);
  await expect(page.getByText("已完成", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(oddName)).toBeVisible();
  await page.getByRole("link", { name: "← 返回法人库" }).click();
  await expect(page.getByRole("row").filter({ hasText: oddName })).toContainText("已完成");
  await page.screenshot({ path: testInfo.outputPath("registry-odd-name.png"), fullPage: true });
  await page.getByLabel("统一社会信用代码或企业名称").fill("端到端");
  await page.getByRole("button", { name: "查找", exact: true }).click();
  await expect(page).toHaveURL(/\?q=%E7%AB%AF%E5%88%B0%E7%AB%AF$/);
  await expect(page.getByRole("status").filter({ hasText: "名称包含“端到端”的企业共 3 家" })).toBeVisible();
  const flaggedRow = page.getByRole("row").filter({ hasText: WRONG_CHECK });
  await expect(flaggedRow.getByText("校验位不符")).toBeVisible();
  await expect(flaggedRow).toContainText("饶平县");
  await expect(page.getByRole("row").filter({ hasText: GOOD_1 }).getByText("校验位不符")).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("registry-search-name.png"), fullPage: true });

  // Search by code, typed in lower case: exactly that entry.
  await page.getByLabel("统一社会信用代码或企业名称").fill(GOOD_2.toLowerCase());
  await page.getByRole("button", { name: "查找", exact: true }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `以“${GOOD_2.toLowerCase()}”开头的企业共 1 家` }),
  ).toBeVisible();
  const rows = page.getByRole("table").filter({ hasText: "法定代表人" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("潮州市端到端茶业有限公司");
  await expect(rows.first()).toContainText("林芳");
  await expect(rows.first()).toContainText("潮安区");
  await expect(rows.first()).toContainText("2019-11-11");

  await page.getByLabel("统一社会信用代码或企业名称").fill("没有这个名字的企业");
  await page.getByRole("button", { name: "查找", exact: true }).click();
  await expect(page.getByText("没有找到与“没有这个名字的企业”相符的企业")).toBeVisible();
});

test("the registry and its reports are for the platform office only", async ({ page }) => {
  await signIn(page, "reviewer");
  for (const path of ["/admin/registry", "/admin/registry/imports/1"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "无权访问" })).toBeVisible();
  }
  const report = await page.request.get("/admin/registry/imports/1/rejects");
  expect(report.status()).toBe(403);
  expect(await report.text()).not.toContain("行号");
});
