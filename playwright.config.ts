/**
 * End-to-end tests against the built app (`npm run build` first), served by tests/e2e/serve.ts on a fresh
 * database each run, in Debian's Chromium (Playwright's own browsers are never downloaded here).
 */
import { defineConfig, devices } from "@playwright/test";

/** E2E_PORT and E2E_DATABASE let two runs on one machine keep out of each other's way. */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const CI = Boolean(process.env.CI);

/** The app's clock starts here, so every date the pages show is the same on every run. */
export const APP_NOW = "2026-11-20T10:00:00+08:00";

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: CI,
  retries: 0,
  workers: CI ? 2 : undefined,
  reporter: CI ? [["list"], ["json", { outputFile: "test-results/results.json" }]] : [["list"]],
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    screenshot: "only-on-failure",
    trace: CI ? "off" : "retain-on-failure",
    launchOptions,
  },
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, launchOptions },
    },
    {
      // A phone is checked on the specs tagged @phone only, to keep the run short.
      name: "phone",
      grep: /@phone/,
      use: {
        ...devices["Pixel 7"],
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        launchOptions,
      },
    },
  ],
  webServer: {
    command: "./node_modules/.bin/tsx tests/e2e/serve.ts",
    url: `http://127.0.0.1:${PORT}/api/v1/cycles?year=2026`,
    reuseExistingServer: false,
    timeout: 120_000,
    // SIGTERM lets the server close its pool and stop the embedded PostgreSQL; the default SIGKILL would orphan it.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      NODE_ENV: "production",
      COOKIE_SECURE: "false",
      APP_NOW,
      SEED_DEMO: "true",
      SESSION_SECRET: "e2e-session-secret-not-for-production",
      // The browsers of all workers send from one address here (the limit is tested in tests/reliability/edge.test.ts).
      MAX_REQUESTS_PER_CLIENT: "1000",
      // One serving process: the e2e server's stop is then the test runner's to wait for.
      WEB_CONCURRENCY: "1",
    },
  },
});
