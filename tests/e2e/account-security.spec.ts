/**
 * The person's own account security (issue 13): binding an authenticator (TOTP, the code made here from
 * the secret the page shows), signing in with a code and with a recovery code, changing the password,
 * ending the other devices' sessions, and the office resetting a second factor. Each test works on an
 * account of its own, made in the database, so that the demo accounts other specs use stay as they are.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { generate } from "otplib";
import pg from "pg";
import { e2eDatabaseUrl } from "./database";
import { DEMO_PASSWORD, signIn, signOut } from "./helpers";

// Each test signs in several times (scrypt) and may wait for a fresh 30-second TOTP step.
test.describe.configure({ timeout: 120_000 });

async function makeAccount(role: "supervisor" | "enterprise" = "supervisor"): Promise<string> {
  const username = `e2e_sec_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    // The demo password's hash, and the organisation of the demo account of the same role.
    const like = role === "supervisor" ? "supervisor" : "enterprise";
    await client.query(
      `insert into users (username, password_hash, display_name, role, organisation_id)
       select $1, password_hash, '安全测试人员', role, organisation_id from users where username = $2`,
      [username, like],
    );
  } finally {
    await client.end();
  }
  return username;
}

async function totpNow(secret: string): Promise<string> {
  return generate({ secret: secret.replace(/\s+/g, "") });
}

/** Sign in up to the second-factor step. */
async function password(page: Page, username: string, pw = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(pw);
  await page.getByRole("button", { name: "登录", exact: true }).click();
}

async function enrol(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.goto("/account/two-factor");
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  await expect(page.getByRole("img", { name: "绑定身份验证器的二维码" })).toBeVisible();
  await page.getByLabel("动态口令", { exact: true }).fill(await totpNow(secret));
  await page.getByRole("button", { name: "绑定并启用" }).click();
  await expect(page.getByText("动态口令已启用")).toBeVisible();
  const codes = await page.getByTestId("recovery-codes").locator("code").allTextContents();
  return { secret, codes };
}

test("a person binds an authenticator, then signs in with a code and with a recovery code", async ({ page }) => {
  const username = await makeAccount();
  await signIn(page, username);
  const { secret, codes } = await enrol(page);
  expect(codes).toHaveLength(10);
  expect(codes[0]).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  await page.screenshot({ path: "test-results/account-two-factor-codes.png", fullPage: true });

  await signOut(page);
  await password(page, username);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  // The pending session opens nothing else.
  await page.goto("/workspace");
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.getByLabel("动态口令或恢复码").fill("000000");
  await page.getByRole("button", { name: "验证并登录" }).click();
  await expect(page.getByText("动态口令或恢复码不正确")).toBeVisible();
  // The code of the step just used at enrolment may not be accepted twice; wait for a fresh one if needed.
  await expect(async () => {
    await page.getByLabel("动态口令或恢复码").fill(await totpNow(secret));
    await page.getByRole("button", { name: "验证并登录" }).click();
    await expect(page).toHaveURL(/\/workspace$/, { timeout: 2_000 });
  }).toPass({ timeout: 45_000, intervals: [1_000, 5_000] });

  await signOut(page);
  await password(page, username);
  await page.getByLabel("动态口令或恢复码").fill(codes[3].toLowerCase());
  await page.getByRole("button", { name: "验证并登录" }).click();
  await expect(page).toHaveURL(/\/workspace$/);

  // A recovery code works once.
  await signOut(page);
  await password(page, username);
  await page.getByLabel("动态口令或恢复码").fill(codes[3]);
  await page.getByRole("button", { name: "验证并登录" }).click();
  await expect(page.getByText("动态口令或恢复码不正确")).toBeVisible();
});

test("the office resets a lost second factor: sessions end and the person signs in with the password again", async ({
  page,
  browser,
}) => {
  const username = await makeAccount();
  await signIn(page, username);
  await enrol(page);
  const office = await browser.newPage();
  await signIn(office, "office");
  const id = await userId(username);
  await office.goto(`/admin/users/${id}`);
  await expect(office.getByText(/已启用\(自/)).toBeVisible();
  office.once("dialog", (d) => void d.accept());
  await office.getByRole("button", { name: "重置动态口令" }).click();
  await expect(office.getByText("动态口令已重置")).toBeVisible();
  await office.close();
  // The person's session ended with the reset.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
  await signIn(page, username);
});

async function userId(username: string): Promise<number> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query("select id from users where username = $1", [username])).rows[0].id as number;
  } finally {
    await client.end();
  }
}

async function secondBrowser(browser: Browser, username: string, pw = DEMO_PASSWORD): Promise<Page> {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await signIn(p, username, pw);
  return p;
}

test("a password change refuses weak passwords, ends the other devices' sessions and keeps this one", async ({
  page,
  browser,
}) => {
  const username = await makeAccount();
  await signIn(page, username);
  const other = await secondBrowser(browser, username);

  await page.goto("/account/password");
  await page.getByLabel("当前密码").fill(DEMO_PASSWORD);
  await page.getByLabel("新密码", { exact: true }).fill("password1234");
  await page.getByLabel("确认新密码").fill("password1234");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText(/密码强度不足/)).toBeVisible();

  const strong = "青山绿水陶瓷厂-三号窑2026";
  await page.getByLabel("当前密码").fill(DEMO_PASSWORD);
  await page.getByLabel("新密码", { exact: true }).fill(strong);
  await page.getByLabel("确认新密码").fill(strong);
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText("密码已修改。您在其他 1 个设备上的登录已退出。")).toBeVisible();

  // This browser stays signed in; the other one is out.
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "我的账号" })).toBeVisible();
  await other.goto("/account");
  await expect(other).toHaveURL(/\/login/);
  await other.context().close();

  await signOut(page);
  await password(page, username);
  await expect(page.getByText("用户名或密码不正确")).toBeVisible();
  await signIn(page, username, strong);
});

test("the sessions page lists the devices and signs the others out", async ({ page, browser }) => {
  const username = await makeAccount("enterprise");
  await signIn(page, username);
  const other = await secondBrowser(browser, username);
  await page.goto("/account/sessions");
  await expect(page.getByText("当前设备")).toBeVisible();
  await expect(page.getByRole("button", { name: "退出该设备" })).toHaveCount(1);
  await page.screenshot({ path: "test-results/account-sessions.png", fullPage: true });
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "退出其他设备" }).click();
  await expect(page.getByText("已退出其他 1 个设备。")).toBeVisible();
  await other.goto("/appeals");
  await expect(other).toHaveURL(/\/login/);
  await other.context().close();
});

test("the account pages on a phone @phone", async ({ page }) => {
  const username = await makeAccount();
  await signIn(page, username);
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "登录安全" })).toBeVisible();
  await page.screenshot({ path: "test-results/account-phone.png", fullPage: true });
  await page.goto("/account/two-factor");
  await expect(page.getByRole("img", { name: "绑定身份验证器的二维码" })).toBeVisible();
  await page.screenshot({ path: "test-results/account-two-factor-phone.png", fullPage: true });
});
