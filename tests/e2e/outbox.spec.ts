/**
 * The platform office's outbox: the list with its filters, a captured email (its HTML in a sandboxed frame)
 * and SMS, and 重新发送 for a message the worker gave up on; other roles get the 403 page.
 *
 * The messages are written straight into the e2e database (tests/e2e/database.ts names it, on
 * DATABASE_URL's server or the embedded one on E2E_PG_PORT), rendered by the real templates, with a marker of
 * this run so that the search finds only them.
 */
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import pg from "pg";
import { appealReceiptEmail, appealReceiptSms, type AppealReceiptData } from "../../emails/appeal-receipt";
import { e2eDatabaseUrl } from "./database";
import { signIn } from "./helpers";

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

const NOW = new Date("2026-11-20T10:00:00+08:00");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

interface Row {
  key: string;
  channel: "email" | "sms";
  recipient: string;
  template: string;
  subject: string | null;
  text: string;
  html: string | null;
  status: "pending" | "sent" | "captured" | "failed";
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
}

async function insert(rows: Row[]): Promise<void> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    for (const r of rows) {
      await client.query(
        `insert into notifications (dedupe_key, channel, recipient, template, subject, body_text, body_html, status,
           attempts, last_error, next_attempt_at, created_at, sent_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          r.key,
          r.channel,
          r.recipient,
          r.template,
          r.subject,
          r.text,
          r.html,
          r.status,
          r.attempts,
          r.lastError,
          r.nextAttemptAt,
          r.createdAt,
          r.sentAt,
        ],
      );
    }
  } finally {
    await client.end();
  }
}

test("the office reads the outbox, filters it, opens a message and sends a failed one again", async ({
  page,
}, testInfo) => {
  const run = `${testInfo.workerIndex}${Date.now().toString(36)}`;
  const tracking = `ZT20261120E2E${run}`.slice(0, 24);
  const receipt: AppealReceiptData = {
    trackingNumber: tracking,
    title: "厂房扩建<script>alert(1)</script>用地审批",
    enterpriseName: "潮州市示例陶瓷有限公司",
    contactName: "陈先生",
    receivedAt: NOW,
    cycleNumber: 12,
    onsiteDate: "2026-12-09",
    receivedWhileClosed: false,
    screeningDueAt: new Date("2026-11-25T23:59:59.999+08:00"),
  };
  const mail = appealReceiptEmail(receipt);
  const sms = appealReceiptSms(receipt);
  const emailTo = `chen-${run}@example.com`;
  const base = { template: "appeal-receipt", attempts: 0, lastError: null, nextAttemptAt: NOW };
  await insert([
    {
      ...base,
      key: `e2e:${run}:receipt:email`,
      channel: "email",
      recipient: emailTo,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      status: "captured",
      createdAt: NOW,
      sentAt: minutes(0.1),
    },
    {
      ...base,
      key: `e2e:${run}:receipt:sms`,
      channel: "sms",
      recipient: "13800001111",
      subject: null,
      text: sms.text,
      html: null,
      status: "captured",
      createdAt: NOW,
      sentAt: minutes(0.1),
    },
    {
      ...base,
      key: `e2e:${run}:notice:email`,
      channel: "email",
      recipient: `bureau-${run}@example.com`,
      template: "assignment-notice",
      subject: `诉求交办通知(受理编号 ${tracking})`,
      text: "市自然资源局:平台向你单位交办企业诉求。",
      html: null,
      status: "failed",
      attempts: 12,
      lastError: "邮件发送失败:Can't send mail - all recipients were rejected: 550 Mailbox unavailable",
      createdAt: minutes(1),
      nextAttemptAt: minutes(600),
      sentAt: null,
    },
  ]);

  await signIn(page, "office");
  await page.goto(`/admin/outbox?q=${encodeURIComponent(tracking)}`);
  await expect(page.getByRole("heading", { name: "消息发件箱", level: 1 })).toBeVisible();
  await expect(page.getByRole("status").getByText("共 2 条消息")).toBeVisible();
  const rows = page.locator("tbody tr");
  // Newest first: the failed notice, then the receipt.
  await expect(rows.nth(0)).toContainText("发送失败");
  await expect(rows.nth(0)).toContainText("已尝试 12 次");
  await expect(rows.nth(0)).toContainText("all recipients were rejected");
  await expect(rows.nth(1)).toContainText("已记录(未外发)");
  await expect(rows.nth(1)).toContainText(emailTo);

  // Searching by recipient finds the SMS too (it has no subject).
  await page.getByLabel("关键词").fill("13800001111");
  await page.getByLabel("渠道").selectOption({ label: "短信" });
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page).toHaveURL(/channel=sms/);
  await expect(page.locator("tbody tr").filter({ hasText: `受理编号${tracking}` })).toHaveCount(1);

  await page.goto(`/admin/outbox?q=${encodeURIComponent(run)}`);
  await expect(page.getByRole("status").getByText("共 2 条消息")).toBeVisible();
  await shot(page, testInfo, "outbox-list");
  await page.getByLabel("状态").selectOption({ label: "发送失败" });
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr")).toContainText(`bureau-${run}@example.com`);
  await page.getByRole("link", { name: "清除条件" }).click();
  await expect(page).toHaveURL(/\/admin\/outbox$/);

  // The captured receipt, whole.
  await page.goto(`/admin/outbox?q=${encodeURIComponent(emailTo)}`);
  await page.getByRole("link", { name: mail.subject }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("受理回执邮件");
  await expect(page.getByText(`主题:${mail.subject}`)).toBeVisible();
  await expect(page.getByLabel("邮件纯文本正文")).toContainText("厂房扩建<script>alert(1)</script>用地审批");
  await expect(page.getByText("此消息只在平台内记录,没有外发")).toBeVisible();
  const frame = page.locator('iframe[title="邮件 HTML 正文预览"]');
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(frame.contentFrame().getByText("厂房扩建<script>alert(1)</script>用地审批").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "重新发送" })).toHaveCount(0);
  await shot(page, testInfo, "outbox-message");
  await frame.scrollIntoViewIfNeeded();
  await frame.screenshot({ path: testInfo.outputPath("outbox-message-html.png") });

  // The failed notice goes back to the queue once.
  await page.goto(`/admin/outbox?q=${encodeURIComponent(`bureau-${run}`)}`);
  await page.locator("tbody tr").first().getByRole("link").first().click();
  await expect(page.getByText("最后一次错误")).toBeVisible();
  await page.getByRole("button", { name: "重新发送" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已重新放入发送队列" })).toBeVisible();
  await expect(page.getByRole("button", { name: "重新发送" })).toHaveCount(0);
  // Pending now, or already handled by the app's worker if it runs.
  await expect(page.locator(".badge").first()).not.toHaveText("发送失败");
  await shot(page, testInfo, "outbox-resent");
});

test("only the platform office may open the outbox", async ({ page }) => {
  await signIn(page, "dept");
  const response = await page.goto("/admin/outbox");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible();
});
