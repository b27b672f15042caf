/**
 * The Content-Security-Policy (script-src by nonce, default-src 'self') breaks nothing in a real browser:
 * no violation is reported on pages with FullCalendar, client-side form validation and client-side
 * navigation, and each page is hydrated (interactive), which needs every one of Remix's scripts to run.
 */
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

/** Collect every CSP violation of the page: the browser's own events, and its console messages. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const messages: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text()))
      messages.push(m.text());
  });
  // Runs before the page's own scripts, outside its CSP (Playwright injects it).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  return async () => [
    ...messages,
    ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])),
  ];
}

test("the public calendar: FullCalendar renders and pages through months, with no CSP violation", async ({ page }) => {
  const violations = await watchCsp(page);
  const response = await page.goto("/calendar?month=2026-10");
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  await expect(page.locator(".fc-toolbar-title")).toHaveText("2026年10月");
  await page.locator(".fc-next-button").click();
  await expect(page.locator(".fc-toolbar-title")).toHaveText("2026年11月");
  expect(await violations()).toEqual([]);
});

test("the sign-in form validates in the browser before anything is sent, with no CSP violation", async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto("/login");
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(r.url());
  });
  // Hydrated: the form's own script answers the click (the server would answer with a new page instead).
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByText("请输入用户名")).toBeVisible();
  await expect(page.getByText("请输入密码")).toBeVisible();
  expect(posts).toEqual([]);
  await page.getByLabel("用户名").fill("office");
  await expect(page.getByText("请输入用户名")).toHaveCount(0);
  expect(await violations()).toEqual([]);
});

test("signed in: the workspace and the pages behind it navigate in the browser, with no CSP violation", async ({
  page,
}) => {
  const violations = await watchCsp(page);
  await signIn(page, "office");
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  // A marker on the window survives only a client-side navigation, not a page load.
  await page.evaluate(() => ((window as unknown as { __stay: boolean }).__stay = true));
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "工作日历" }).click();
  await expect(page).toHaveURL(/\/admin\/calendar/);
  await expect(page.locator(".fc").first()).toBeVisible();
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "账号与机构" }).click();
  await expect(page).toHaveURL(/\/admin\/users/);
  expect(await page.evaluate(() => (window as unknown as { __stay?: boolean }).__stay)).toBe(true);
  expect(await violations()).toEqual([]);
});

test("the booking form (enterprise): interactive, with no CSP violation", async ({ page }) => {
  const violations = await watchCsp(page);
  await signIn(page, "enterprise");
  await page.goto("/appeals/new");
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __stay: boolean }).__stay = true));
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的诉求" }).click();
  await expect(page).toHaveURL(/\/appeals$/);
  expect(await page.evaluate(() => (window as unknown as { __stay?: boolean }).__stay)).toBe(true);
  expect(await violations()).toEqual([]);
});
