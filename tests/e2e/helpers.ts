import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, type Browser, type BrowserContextOptions, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2026";

/** Sign in through the form, as a person would, and wait for the workspace it leads to. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(/\/workspace$/);
}

/** A page of a browser context of its own (its own cookies), signed in as `username`. */
export async function signedInPage(
  browser: Browser,
  username: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  await signIn(page, username);
  return page;
}

/** The row of the table named `table` that holds `text` (a tracking number, say). */
export function tableRow(page: Page, table: string, text: string): Locator {
  return page.getByRole("table", { name: table }).getByRole("row").filter({ hasText: text });
}

/** Sign out with the header's button and wait until the page no longer knows the person. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "登录", exact: true })).toBeVisible();
}

/**
 * Clicks a download link and returns the file with its text as pdftotext reads it (poppler-utils, which CI
 * installs): the PDF is checked the way a reader would, by what it says. Compare with `flat` and a string
 * without white space.
 */
export async function downloadPdf(
  page: Page,
  linkName: string,
): Promise<{ fileName: string; text: string; flat: string }> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: linkName }).click(),
  ]);
  const file = await download.path();
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { maxBuffer: 64 << 20 }).toString("utf8");
  // Without white space, a text wrapped over lines (or around a page break) reads as one.
  return { fileName: download.suggestedFilename(), text, flat: text.replace(/\s+/g, "") };
}
