/**
 * File names as people give them, in a real browser (issue 13, item 7): Chromium sends `=` and `;` as they
 * are and a quote as %22; the booking form and a department's opinion keep every field and list each file
 * by the name the user saw, and a download comes back under that name. A polyglot is refused next to the
 * field with the form kept. (The registry import's odd names are in registry.spec.ts: imports go one at a
 * time and that spec counts them.) The app's clock stands at 2026-11-20 10:00.
 */
import { expect, test, type Page } from "@playwright/test";
import { docx, HTML, jpeg, pdf, png } from "../fixtures/upload-files";
import { bookAppeal, demoEnterprise, screenAs } from "./service-setup";
import { runDatabase } from "./run-database";
import { signIn } from "./helpers";

const APP_NOW = new Date("2026-11-20T10:00:00+08:00");
const CONTENT = "我司厂房扩建项目用地审批已提交三个月,至今未有答复,影响后续建设,请协调加快办理。";
/** 200 characters and no place to break a line: it must wrap on a phone, not widen the page. */
const LONG = `${"ZhanDaoQingKuangShuoMing".repeat(8)}附件说明.pdf`;

// Three submissions, one of 11 MB, and screenshots: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 120_000 });

const db = runDatabase();

async function fillAppeal(page: Page, title: string) {
  await page.getByLabel("诉求标题").fill(title);
  await page.getByLabel("诉求类别").selectOption({ label: "用地与规划" });
  await page.getByLabel("诉求内容").fill(CONTENT);
}

test(
  "the booking form takes files named with = ; quotes and emoji, and lists them by name",
  { tag: ["@phone"] },
  async ({ page }, testInfo) => {
    const shot = (name: string) =>
      page.screenshot({ path: testInfo.outputPath(`${name}-${testInfo.project.name}.png`), fullPage: true });
    await signIn(page, "enterprise");
    await page.goto("/appeals/new");
    const title = `文件名=测试;"${testInfo.project.name}"`;
    await fillAppeal(page, title);

    // A file over 10 MB: the server stops reading it and the browser shows why, the form kept.
    await page.setInputFiles("#attachments", [
      {
        name: "大=文件;1.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.concat([pdf, Buffer.alloc(11 * 1024 * 1024, 0x20)]),
      },
    ]);
    await page.getByRole("button", { name: "提交诉求" }).click();
    await expect(page.getByText("“大=文件;1.pdf”超过 10 MB,单个附件不能超过 10 MB")).toBeVisible();
    await expect(page.getByLabel("诉求标题")).toHaveValue(title);

    // A picture with a web page after its end: refused next to the field, the rest of the form kept.
    await page.setInputFiles("#attachments", [
      { name: "现场=照片;1.png", mimeType: "image/png", buffer: Buffer.concat([png, HTML]) },
    ]);
    await page.getByRole("button", { name: "提交诉求" }).click();
    await expect(
      page.getByText("“现场=照片;1.png”在PNG 图片内容之后附带了网页或脚本代码,为安全起见不予接收"),
    ).toBeVisible();
    await expect(page.getByLabel("诉求标题")).toHaveValue(title);
    await expect(page.getByLabel("诉求内容")).toHaveValue(CONTENT);
    await shot("booking-refused");

    const files = [
      { name: "合同=附件;第1版.pdf", mimeType: "application/pdf", buffer: pdf },
      { name: '报告"终稿"=v2;final.pdf', mimeType: "application/pdf", buffer: pdf },
      { name: "it's (1) & co; 😀 现场照片.jpg", mimeType: "image/jpeg", buffer: jpeg },
      { name: "情况说明=终版;.docx", mimeType: "application/octet-stream", buffer: await docx() },
      { name: LONG, mimeType: "application/pdf", buffer: pdf },
    ];
    await page.setInputFiles("#attachments", files);
    await shot("booking-form");
    await page.getByRole("button", { name: "提交诉求" }).click();
    await expect(page).toHaveURL(/\/appeals\/ZT20261120\d{6}\?new=1$/);
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
    await expect(page.getByText(CONTENT)).toBeVisible();
    const listed = page
      .getByRole("heading", { name: "附件" })
      .locator("xpath=following-sibling::ul[1]")
      .getByRole("listitem");
    await expect(listed).toHaveCount(files.length);
    for (const [i, f] of files.entries()) await expect(listed.nth(i)).toContainText(f.name);
    expect(Array.from(LONG)).toHaveLength(200);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot("booking-receipt");
  },
);

test("a department's opinion takes such files, lists them and downloads them under their names", async ({
  page,
}, testInfo) => {
  const booked = await bookAppeal(
    db,
    {
      enterprise: await demoEnterprise(db),
      title: "附件文件名测试:道路接入",
      content: CONTENT,
      contactName: "王先生",
      contactPhone: "13900001234",
    },
    { at: APP_NOW, channel: "hotline" },
  );
  await screenAs(db, booked.appealId, { lead: "市工业和信息化局" }, APP_NOW);

  await signIn(page, "dept");
  await page.goto(`/handling/${booked.trackingNumber}`);
  await page.getByRole("button", { name: "接收", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "已接收" })).toBeVisible();
  const form = page.getByRole("form", { name: "答复办理意见" });
  const opinion = "经核实,供电线路=本周接入;道路占道手续已办结。";
  await form.getByLabel("办理意见").fill(opinion);
  const files = [
    { name: "办理意见=说明;第2版.pdf", mimeType: "application/pdf", buffer: pdf },
    { name: '会议纪要"定稿".pdf', mimeType: "application/pdf", buffer: pdf },
    { name: "现场 照片 👍.jpg", mimeType: "image/jpeg", buffer: jpeg },
  ];
  await form.getByLabel("附件(选填)").setInputFiles(files);
  await form.getByRole("button", { name: "提交办理意见" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已提交" })).toBeVisible();
  const reply = page.getByTestId("reply").filter({ hasText: "牵头部门办理意见" });
  await expect(reply).toContainText(opinion);
  for (const f of files) {
    const link = reply.getByRole("link", { name: f.name, exact: true });
    await expect(link).toBeVisible();
    // The server names the file exactly; Chromium then saves `"` (which no Windows file name may hold) as `_`.
    const header = (await page.request.get((await link.getAttribute("href"))!)).headers()["content-disposition"];
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(header)![1])).toBe(f.name);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(f.name.replace(/"/g, "_"));
  }
  await page.screenshot({ path: testInfo.outputPath("handling-reply.png"), fullPage: true });
});
