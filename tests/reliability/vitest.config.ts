import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * `npm run test:reliability`: the built app in a real process against PostgreSQL (the authorization sweep,
 * CSRF, XSS, uploads, headers, and the faults). The files run side by side: each has its own ports and
 * database, and the faults kill and restart only their own server and their own embedded PostgreSQL. The
 * faults spend most of their time waiting (retries, locks), which the sweep fills.
 */
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("../../app", import.meta.url)) } },
  test: {
    include: ["tests/reliability/**/*.test.ts"],
    globalSetup: ["tests/reliability/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: true,
    // Vitest's default is one worker fewer than the cores, one here: the files would run one after another.
    maxWorkers: 3,
  },
});
