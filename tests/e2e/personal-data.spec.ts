/**
 * Personal data in the office's lists (issue 13, item 11): the organisations list and the outbox show a
 * mobile masked (138****0000), the organisation's and the message's own pages in full, for the office to
 * call. The full crawl of every page as every role is tests/reliability/personal-data.test.ts.
 */
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import pg from "pg";
import { e2eDatabaseUrl } from "./database";
import { signIn } from "./helpers";

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test("the office's lists mask a mobile that the organisation's and the message's pages show in full @phone", async ({
  page,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now().toString(36)}`;
  const mobile = testInfo.project.name === "phone" ? "13712342223" : "13712342222";
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    await client.query(
      `insert into notifications (dedupe_key, channel, recipient, template, subject, body_text, body_html, status,
         attempts, last_error, next_attempt_at, created_at, sent_at)
       values ($1, 'sms', $2, 'appeal-receipt', null, $3, null, 'captured', 0, null, now(), now(), now())`,
      [`e2e:${run}:sms`, mobile, `【直通车】您的诉求已受理(${run})。`],
    );
  } finally {
    await client.end();
  }

  await signIn(page, "office");
  // Newest first: the message just written heads the list of text messages.
  await page.goto("/admin/outbox?channel=sms");
  const row = page.locator("tbody tr").filter({ hasText: run });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
  expect(await page.content()).not.toContain(mobile);
  await shot(page, testInfo, "outbox-list-masked");
  await row.getByRole("link").first().click();
  await expect(page.getByText(mobile)).toBeVisible();

  await page.goto(`/admin/organisations?kind=enterprise`);
  const demo = page.locator("tbody tr").filter({ hasText: "138****0000" });
  await expect(demo).toHaveCount(1);
  expect(await page.content()).not.toContain("13800000000");
  await shot(page, testInfo, "organisations-list-masked");
  await demo.getByRole("link").first().click();
  await expect(page.getByLabel("联系电话(选填)")).toHaveValue("13800000000");
});
