/**
 * Booking an appeal: the enterprise online (with attachments, a double submit, a wrong file), the window
 * clerk with a registry look-up, the hotline for an enterprise the registry does not know, and privacy of
 * receipts between accounts. The app's clock stands at 2026-11-20 10:00: 第12期's window is open.
 */
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabaseUrl } from "./database";
import { signIn } from "./helpers";

const CONTENT = "我司厂房扩建项目用地审批已提交三个月,至今未有答复,影响后续建设,请协调加快办理。";

async function fillAppeal(page: Page, title: string) {
  await page.getByLabel("诉求标题").fill(title);
  await page.getByLabel("诉求类别").selectOption({ label: "用地与规划" });
  await page.getByLabel("诉求内容").fill(CONTENT);
}

/** Appeals with this title in the run's database (other tests book for the same enterprise meanwhile). */
async function appealsTitled(title: string): Promise<number> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query("select count(*)::int as n from appeals where title = $1", [title]);
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

test(
  "an enterprise books an appeal with an attachment and gets a receipt at once",
  { tag: ["@phone"] },
  async ({ page }, testInfo) => {
    await signIn(page, "enterprise");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "提交诉求" }).click();
    await expect(page.getByText(/第12期预约中/)).toBeVisible();
    await expect(page.getByLabel("统一社会信用代码", { exact: true })).toHaveAttribute("readonly", "");
    await page.getByRole("button", { name: "提交诉求" }).click();
    await expect(page.getByText("请填写诉求标题")).toBeVisible();

    const title = `用地审批咨询${testInfo.project.name}`;
    await fillAppeal(page, title);
    await page.setInputFiles("#attachments", [
      { name: "项目说明.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") },
    ]);
    await page.getByRole("button", { name: "提交诉求" }).click();
    await expect(page).toHaveURL(/\/appeals\/ZT20261120\d{6}\?new=1$/);
    const number = (await page.getByTestId("tracking-number").textContent())!.trim();
    await expect(page.getByText("待甄别")).toBeVisible();
    await expect(page.getByText("第12期,现场活动日 2026年12月9日(星期三)")).toBeVisible();
    await expect(page.getByText(/平台将于 2026年11月25日\(星期三\) 24:00 前完成甄别/)).toBeVisible();
    await expect(page.getByText("项目说明.pdf")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("receipt.png"), fullPage: true });

    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的诉求" }).click();
    await expect(page.getByRole("link", { name: number })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("my-appeals.png"), fullPage: true });
  },
);

test("a double submit makes one appeal", async ({ page }) => {
  await signIn(page, "enterprise");
  const title = `重复提交测试诉求${Date.now()}`;
  await page.goto("/appeals/new");
  await fillAppeal(page, title);
  // Two submits of the same form in the same instant, as a double click on a slow line does.
  await page.evaluate(() => {
    const form = document.querySelector("form[enctype='multipart/form-data']") as HTMLFormElement;
    form.requestSubmit();
    form.requestSubmit();
  });
  await expect(page).toHaveURL(/\/appeals\/ZT\d+/);
  await expect.poll(() => appealsTitled(title)).toBe(1);
});

test("a program named .pdf is refused and nothing is created", async ({ page }) => {
  await signIn(page, "enterprise");
  // A title of this run's own: other tests book for the same enterprise at the same time.
  const title = `附件类型测试诉求${Date.now()}`;
  await page.goto("/appeals/new");
  await fillAppeal(page, title);
  await page.setInputFiles("#attachments", [
    { name: "合同.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00 not a pdf at all") },
  ]);
  await page.getByRole("button", { name: "提交诉求" }).click();
  await expect(page.getByText(/“合同.pdf”不是可接受的文件类型/)).toBeVisible();
  expect(await appealsTitled(title)).toBe(0);
});

test("the window clerk registers for an enterprise found in the registry; others cannot read the receipt", async ({
  page,
  browser,
}) => {
  await signIn(page, "window");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "登记诉求" }).click();
  await page.getByLabel("统一社会信用代码或企业名称").fill("陶瓷");
  await page.getByRole("button", { name: "查找" }).click();
  const first = page.getByRole("link", { name: /^选用 / }).first();
  const name = (await first.getAttribute("aria-label"))!.replace("选用 ", "");
  await first.click();
  await expect(page.getByText(`已选用:${name}`)).toBeVisible();
  await expect(page.getByLabel("企业名称", { exact: true })).toHaveValue(name);
  await page.getByLabel("联系人").fill("林女士");
  await page.getByLabel("联系电话").fill("0768-2345678");
  await fillAppeal(page, "窗口登记的用地诉求");
  await page.getByRole("button", { name: "提交登记" }).click();
  await expect(page).toHaveURL(/\/appeals\/ZT\d+\?new=1$/);
  await expect(page.getByText("“难办事”窗口", { exact: false }).first()).toBeVisible();
  const receipt = new URL(page.url()).pathname;

  // The demo enterprise is another company: the receipt answers as if it did not exist.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, "enterprise");
  const response = await otherPage.goto(receipt);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  // The department's role has no receipts here at all.
  const dept = await browser.newContext();
  const deptPage = await dept.newPage();
  await signIn(deptPage, "dept");
  expect((await deptPage.goto(receipt))?.status()).toBe(403);
  await other.close();
  await dept.close();
});

test("the hotline registers an enterprise the registry does not know; it waits for the registry reviewer", async ({
  page,
}) => {
  await signIn(page, "hotline");
  await page.goto("/intake/new?q=不存在的企业名称");
  await expect(page.getByText(/法人库中没有找到/)).toBeVisible();
  await page.getByLabel("统一社会信用代码", { exact: true }).fill("91445102MA4Y00001X");
  await page.getByLabel("企业名称", { exact: true }).fill("潮州市未登记测试有限公司");
  await page.getByLabel("联系人").fill("王先生");
  await page.getByLabel("联系电话").fill("13900001234");
  await fillAppeal(page, "热线登记的未入库企业诉求");
  await page.getByRole("button", { name: "提交登记" }).click();
  await expect(page).toHaveURL(/\/appeals\/ZT\d+\?new=1$/);
  await expect(page.getByText("企业信息待核实")).toBeVisible();
  await expect(page.getByText(/正由市市场监督管理局核实/)).toBeVisible();
});
