/**
 * An enterprise registers itself against the registry and proves its mobile with the SMS code, which the
 * office reads in the outbox (capture mode); then it changes its contact mobile, again with a code sent to
 * the new number. Desktop and phone each register an enterprise of their own.
 */
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { signIn } from "./helpers";

const PASSWORD = "Ginkgo-Teapot-Meadow-5";

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** The code in the latest SMS to `mobile`, read by the office at /admin/outbox in a browser of its own. */
async function codeFromOutbox(browser: Browser, mobile: string): Promise<string> {
  const context = await browser.newContext();
  try {
    const office = await context.newPage();
    await signIn(office, "office");
    await office.goto(`/admin/outbox?channel=sms&q=${mobile}`);
    // The newest first; the list may mask the number, the message's own page shows it.
    await office.getByRole("table").getByRole("row").nth(1).getByRole("link").first().click();
    await expect(office.getByRole("main")).toContainText(mobile);
    const text = await office.getByRole("main").innerText();
    const code = /验证码:(\d{6})/.exec(text)?.[1];
    if (!code) throw new Error(`no code in the outbox message:\n${text}`);
    return code;
  } finally {
    await context.close();
  }
}

test(
  "an enterprise registers with the SMS code from the outbox, then changes its mobile with a code to the new number",
  { tag: ["@phone"] },
  async ({ page, browser }, testInfo) => {
    // Password hashes (scrypt, slow on purpose) and the office's browser reading the outbox twice.
    test.slow();
    const phone = testInfo.project.name === "phone";
    const entry = sampleRegistry()[phone ? 41 : 40];
    const mobile = phone ? "13755550140" : "13755550040";
    const newMobile = phone ? "13755550141" : "13755550041";

    await page.goto("/login");
    await page.getByRole("link", { name: "企业注册" }).click();
    await expect(page.getByText("第 1 步,共 2 步:填写企业信息")).toBeVisible();
    await page.getByLabel("统一社会信用代码").fill(entry.credit_code);
    await page.getByLabel("企业名称").fill(entry.name);
    await page.getByLabel("法定代表人").fill("不是法人");
    await page.getByLabel("联系人").fill("郑经理");
    await page.getByLabel("手机号码").fill(mobile);
    await expect(page.getByLabel("密码", { exact: true })).toHaveAccessibleDescription(
      "至少12位,不能使用常见或容易猜到的密码",
    );
    // Long enough for the browser's check, but common: the server refuses it with its reason.
    await page.getByLabel("密码", { exact: true }).fill("Password2026");
    await page.getByLabel("确认密码").fill("Password2026");
    await page.getByRole("button", { name: "获取短信验证码" }).click();
    await expect(page.getByText("法定代表人与法人库登记不一致")).toBeVisible();
    await shot(page, testInfo, "register-error");

    await page.getByLabel("法定代表人").fill(entry.legal_representative);
    await page.getByLabel("密码", { exact: true }).fill("Password2026");
    await page.getByLabel("确认密码").fill("Password2026");
    await page.getByRole("button", { name: "获取短信验证码" }).click();
    await expect(page.getByLabel("密码", { exact: true })).toHaveAccessibleDescription(/密码强度不足/);
    await shot(page, testInfo, "register-weak-password");

    await page.getByLabel("密码", { exact: true }).fill(PASSWORD);
    await page.getByLabel("确认密码").fill(PASSWORD);
    await page.getByRole("button", { name: "获取短信验证码" }).click();
    const masked = `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
    await expect(page.getByRole("status")).toContainText(`验证码已发送至 ${masked}`);
    await expect(page.getByText("第 2 步,共 2 步:验证手机号码")).toBeVisible();
    await expect(page.getByRole("button", { name: /秒后可重新获取/ })).toBeDisabled();
    await shot(page, testInfo, "register-code");

    const code = await codeFromOutbox(browser, mobile);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    await page.getByLabel("短信验证码").fill(wrongCode);
    await page.getByRole("button", { name: "完成注册" }).click();
    await expect(page.getByLabel("短信验证码")).toHaveAccessibleDescription(/验证码不正确,还可尝试 4 次。/);
    await shot(page, testInfo, "register-wrong-code");
    await page.getByLabel("短信验证码").fill(code);
    await page.getByRole("button", { name: "完成注册" }).click();
    await expect(page).toHaveURL(/\/workspace$/);
    await expect(page.getByRole("main").getByText(entry.name)).toBeVisible();

    // The contact page: a new mobile takes effect only with the code sent to it.
    await page.goto("/account/contact");
    await page.getByLabel("联系人").fill("郑总");
    await page.getByLabel("手机号码").fill(newMobile);
    await page.getByRole("button", { name: "保存" }).click();
    const newMasked = `${newMobile.slice(0, 3)}****${newMobile.slice(7)}`;
    await expect(page.getByText(`联系人和电子邮箱已更新。验证码已发送至 ${newMasked}`)).toBeVisible();
    const change = page.getByRole("region", { name: "验证新手机号码" });
    await expect(change).toContainText(`验证码已发送至新号码 ${newMasked}`);
    await shot(page, testInfo, "contact-code");
    // Until then, the booking form still offers the old number, and the new name.
    await page.goto("/appeals/new");
    await expect(page.getByLabel("联系电话")).toHaveValue(mobile);

    await page.goto("/account/contact");
    await change.getByLabel("短信验证码").fill(await codeFromOutbox(browser, newMobile));
    await change.getByRole("button", { name: "确认更换" }).click();
    await expect(page.getByText(`手机号码已更换为 ${newMasked},此后的短信通知将发送到新号码。`)).toBeVisible();
    await expect(page.getByRole("region", { name: "验证新手机号码" })).toHaveCount(0);
    await expect(page.getByLabel("手机号码")).toHaveValue(newMobile);
    await shot(page, testInfo, "contact-changed");
    await page.goto("/appeals/new");
    await expect(page.getByLabel("联系电话")).toHaveValue(newMobile);
    await expect(page.getByLabel("统一社会信用代码")).toHaveValue(entry.credit_code);
  },
);
