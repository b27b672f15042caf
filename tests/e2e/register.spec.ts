/** An enterprise registers itself against the registry, lands in its workspace, and keeps its contact. */
import { expect, test } from "@playwright/test";
import { sampleRegistry } from "../../db/seed/registry-sample";

test("an enterprise registers, is refused a wrong legal representative, then signs in and updates its contact", async ({
  page,
}, testInfo) => {
  const entry = sampleRegistry()[40];
  await page.goto("/login");
  await page.getByRole("link", { name: "企业注册" }).click();
  await page.getByLabel("统一社会信用代码").fill(entry.credit_code);
  await page.getByLabel("企业名称").fill(entry.name);
  await page.getByLabel("法定代表人").fill("不是法人");
  await page.getByLabel("联系人").fill("郑经理");
  await page.getByLabel("手机号码").fill("13755550040");
  await page.getByLabel("密码", { exact: true }).fill("Start2026x");
  await page.getByLabel("确认密码").fill("Start2026x");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByText("法定代表人与法人库登记不一致")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("register-error.png"), fullPage: true });

  await page.getByLabel("法定代表人").fill(entry.legal_representative);
  await page.getByLabel("密码", { exact: true }).fill("Start2026x");
  await page.getByLabel("确认密码").fill("Start2026x");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/workspace$/);
  await expect(page.getByRole("main").getByText(entry.name)).toBeVisible();

  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "企业信息" }).click();
  await page.getByLabel("手机号码").fill("13755550041");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("联系方式已更新,此后的通知将发送到新的联系方式。")).toBeVisible();
  // The booking form now offers the new number.
  await page.goto("/appeals/new");
  await expect(page.getByLabel("联系电话")).toHaveValue("13755550041");
  await expect(page.getByLabel("统一社会信用代码")).toHaveValue(entry.credit_code);
});
