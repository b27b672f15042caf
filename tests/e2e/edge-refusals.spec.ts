/**
 * A refusal of the edge (server.ts) reaches a person as a page that says why, also when the browser sent
 * the form itself (Remix's data request): here, attachments over the booking form's cap of 51 MB.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("attachments over the form's cap: the page says so in Chinese, and the form can be tried again", async ({
  page,
}, testInfo) => {
  await signIn(page, "enterprise");
  await page.goto("/appeals/new");
  await page.getByLabel("诉求标题").fill(`超大附件测试${Date.now()}`);
  await page.getByLabel("诉求类别").selectOption({ label: "用地与规划" });
  await page.getByLabel("诉求内容").fill("我司厂房扩建项目用地审批已提交三个月,至今未有答复,请协调加快办理。");
  // Six files of 9 MB: each under the 10 MB of one attachment, together over the form's cap.
  const nineMb = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(9 * 1024 * 1024, 0x20)]);
  mkdirSync(testInfo.outputPath(), { recursive: true });
  const files = Array.from({ length: 6 }, (_, i) => {
    const file = testInfo.outputPath(`材料${i + 1}.pdf`);
    writeFileSync(file, nineMb);
    return file;
  });
  await page.setInputFiles("#attachments", files);
  const answer = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "提交诉求" }).click();
  expect((await answer).status()).toBe(413);
  await expect(page.getByRole("heading", { name: "内容过大" })).toBeVisible();
  await expect(page.getByText(/上传的内容超过诉求附件的大小上限\(51 MB\)/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("too-large.png"), fullPage: true });
  // The way on: the page is still the app's, its navigation works.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "提交诉求" }).click();
  await expect(page.getByLabel("诉求标题")).toBeVisible();
});
