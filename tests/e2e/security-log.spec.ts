/**
 * The platform office's security log (/admin/security): events newest first, filtered by kind, account and
 * dates; a name typed at sign-in that is a mobile number shows masked; the empty state and a wrong date
 * range; other roles get the 403 page. Tagged @phone: the phone project runs it too, at 390×844.
 *
 * The events are written straight into the e2e database (tests/e2e/database.ts names it), each project on a
 * day of its own, so that the desktop and phone runs, and whatever sign-ins the other specs record on the
 * app's own day, do not mix with them.
 */
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import pg from "pg";
import { e2eDatabaseUrl } from "./database";
import { signIn } from "./helpers";

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

const CHROME_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

interface Event {
  at: string;
  kind: string;
  user: string | null;
  username: string | null;
  actor?: string;
  ip: string;
  userAgent: string;
  detail?: Record<string, unknown>;
}

async function insert(events: Event[]): Promise<void> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const users = await client.query<{ id: number; username: string }>(
      "select id, username from users where username = any($1)",
      [["dept", "enterprise", "office"]],
    );
    const id = (name: string | null | undefined) => (name ? users.rows.find((u) => u.username === name)!.id : null);
    for (const e of events)
      await client.query(
        `insert into security_events (at, kind, user_id, username, actor_id, ip, user_agent, detail)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          e.at,
          e.kind,
          id(e.user),
          e.username,
          id(e.actor),
          e.ip,
          e.userAgent,
          e.detail ? JSON.stringify(e.detail) : null,
        ],
      );
  } finally {
    await client.end();
  }
}

test("the office reads the security log and filters it by kind, account and dates @phone", async ({
  page,
}, testInfo) => {
  const phone = testInfo.project.name === "phone";
  const day = phone ? "2026-11-04" : "2026-11-03";
  const prevDay = phone ? "2026-11-02" : "2026-11-01";
  const at = (time: string, d = day) => `${d}T${time}:00+08:00`;
  await insert([
    { at: at("09:00"), kind: "sign_in", user: "dept", username: "dept", ip: "198.51.100.7", userAgent: CHROME_WINDOWS },
    {
      at: at("09:05"),
      kind: "sign_in_failed",
      user: "dept",
      username: "dept",
      ip: "203.0.113.9",
      userAgent: CHROME_WINDOWS,
      detail: { reason: "密码错误" },
    },
    // Someone typed a mobile number that is no account's: the list shows it masked.
    {
      at: at("09:06"),
      kind: "sign_in_failed",
      user: null,
      username: "13712342222",
      ip: "203.0.113.9",
      userAgent: "curl/8.5.0",
    },
    {
      at: at("10:00"),
      kind: "password_reset",
      user: "enterprise",
      username: "enterprise",
      actor: "office",
      ip: "198.51.100.20",
      userAgent: SAFARI_IPHONE,
    },
    // The day before: outside the range searched below.
    {
      at: at("16:00", prevDay),
      kind: "sign_in_failed",
      user: "dept",
      username: "dept",
      ip: "203.0.113.9",
      userAgent: CHROME_WINDOWS,
    },
  ]);

  await signIn(page, "office");
  if (!phone) {
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "安全日志" }).click();
  } else {
    await page.goto("/admin/security");
  }
  await expect(page.getByRole("heading", { name: "安全日志", level: 1 })).toBeVisible();

  // The day's failed sign-ins, newest first.
  await page.getByLabel("事件类型").selectOption({ label: "登录失败" });
  await page.getByLabel("开始日期").fill(day);
  await page.getByLabel("结束日期").fill(day);
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page).toHaveURL(/kind=sign_in_failed/);
  await expect(page.getByRole("status").getByText("共 2 条事件")).toBeVisible();
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("09:06");
  await expect(rows.nth(0)).toContainText("137****2222");
  await expect(rows.nth(0)).toContainText("(无此账号)");
  await expect(rows.nth(0)).toContainText("curl 8.5.0");
  await expect(rows.nth(1)).toContainText("09:05");
  await expect(rows.nth(1)).toContainText("登录失败");
  await expect(rows.nth(1)).toContainText("工信局联络员 许丽娟");
  await expect(rows.nth(1)).toContainText("203.0.113.9");
  await expect(rows.nth(1)).toContainText("Chrome 131 · Windows");
  await expect(rows.nth(1)).toContainText("reason: 密码错误");
  expect(await page.content()).not.toContain("13712342222");
  await shot(page, testInfo, "security-log-failed");

  // One account's events that day, of every kind.
  await page.getByLabel("事件类型").selectOption({ label: "全部类型" });
  await page.getByLabel("账号").fill("dept");
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page).toHaveURL(/account=dept/);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("登录失败");
  await expect(rows.nth(1)).toContainText("登录成功");
  await expect(rows.nth(1)).toContainText("198.51.100.7");

  // The office reset the enterprise's password: the office is the actor.
  await page.getByLabel("账号").fill("企业联系人");
  await page.getByRole("button", { name: "查找" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText("管理员重置密码");
  await expect(rows.nth(0)).toContainText("平台管理员 黄思敏");
  await expect(rows.nth(0)).toContainText("Safari 17.5 · iPhone");
  await shot(page, testInfo, "security-log-account");

  // Nothing matches: the empty state; a range that ends before it starts: the error.
  await page.goto(`/admin/security?account=${encodeURIComponent("没有这个人")}`);
  await expect(page.getByText("没有符合条件的安全事件。请调整查找条件。")).toBeVisible();
  await shot(page, testInfo, "security-log-empty");
  await page.goto(`/admin/security?from=${day}&to=${prevDay}`);
  await expect(page.getByRole("alert")).toContainText("开始日期不能晚于结束日期");
  await page.getByRole("link", { name: "清除条件" }).click();
  await expect(page).toHaveURL(/\/admin\/security$/);
  await expect(page.locator("tbody tr").first()).toBeVisible();
});

test("only the platform office may open the security log", async ({ page }) => {
  await signIn(page, "dept");
  const response = await page.goto("/admin/security");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible();
  await expect(page.getByRole("link", { name: "安全日志" })).toHaveCount(0);
});
