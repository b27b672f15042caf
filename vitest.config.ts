import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: [
      "app/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "emails/**/*.test.ts",
      "pdf-templates/**/*.test.ts",
    ],
    globalSetup: ["tests/integration/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: one on these 2-core machines. The integration files
    // wait on PostgreSQL far more than they compute, so three side by side take 130 s where one takes 609 s
    // (the whole suite, measured 2026-12-08 on the same loaded machine); each file has its own database.
    maxWorkers: 3,
  },
});
