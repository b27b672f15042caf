/**
 * Every demo account: sign in, see the workspace with the role's label, see the public calendar, and get
 * into the platform office's pages only as platform_admin (everyone else sees the 403 page).
 */
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { signIn, signOut } from "./helpers";

interface DemoAccount {
  username: string;
  role: string;
  /** What the page calls the role. */
  label: string;
  /** Also run on the phone project. */
  phone?: boolean;
}

const ACCOUNTS: DemoAccount[] = [
  { username: "enterprise", role: "enterprise", label: "企业", phone: true },
  { username: "window", role: "window_clerk", label: "“难办事”窗口工作人员", phone: true },
  { username: "hotline", role: "hotline_operator", label: "12345 话务员" },
  { username: "office", role: "platform_admin", label: "平台管理员(市政务服务数据管理局)", phone: true },
  { username: "reviewer", role: "registry_reviewer", label: "法人库审核员(市市场监督管理局)" },
  { username: "county", role: "county", label: "县区政府(管委会)" },
  { username: "dept", role: "department", label: "市直职能部门" },
  { username: "secretary", role: "secretary_general", label: "轮值秘书长/副秘书长" },
  { username: "govoffice", role: "government_office", label: "市政府办公室" },
  { username: "leader", role: "leader", label: "出席市领导", phone: true },
  { username: "supervisor", role: "supervisor", label: "市政府督查室" },
];

const ADMIN_PAGES = ["/admin/cycles", "/admin/calendar"];

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

for (const account of ACCOUNTS) {
  test(
    `${account.username} (${account.role}) signs in, sees the calendar, and reaches only the pages of the role`,
    { tag: account.phone ? ["@phone"] : [] },
    async ({ page }, testInfo) => {
      await signIn(page, account.username);
      await expect(page).toHaveURL(/\/workspace$/);
      await expect(page.getByRole("main").getByText(account.label, { exact: true }).first()).toBeVisible();
      await screenshot(page, testInfo, "workspace");

      const calendar = await page.goto("/calendar");
      expect(calendar?.status()).toBe(200);
      await expect(page.locator(".fc").first()).toBeVisible();
      await screenshot(page, testInfo, "calendar");

      for (const path of ADMIN_PAGES) {
        const response = await page.goto(path);
        const name = `admin-${path.split("/").pop()}`;
        if (account.role === "platform_admin") {
          expect(response?.status(), path).toBe(200);
          await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
          await expect(page.getByRole("heading", { name: "无权访问" })).toHaveCount(0);
        } else {
          expect(response?.status(), path).toBe(403);
          await expect(page.getByRole("heading", { level: 1, name: "无权访问" })).toBeVisible();
        }
        await screenshot(page, testInfo, name);
      }

      await signOut(page);
      await page.goto("/workspace");
      await expect(page).toHaveURL(/\/login\?redirectTo=%2Fworkspace$/);
    },
  );
}

test("an anonymous visitor to /admin/cycles is sent to sign in", { tag: "@phone" }, async ({ page }) => {
  await page.goto("/admin/cycles");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fcycles$/);
  await expect(page.getByLabel("用户名")).toBeVisible();
});

test("a wrong password is refused with a message", { tag: "@phone" }, async ({ page }, testInfo) => {
  await page.goto("/login");
  await page.getByLabel("用户名").fill("enterprise");
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("用户名或密码不正确");
  await expect(page).toHaveURL(/\/login/);
  await screenshot(page, testInfo, "login-refused");
});
