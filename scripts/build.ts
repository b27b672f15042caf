/**
 * `npm run build`: everything `npm start` runs, compiled into build/ —
 *   - the Remix app (`remix build`: build/index.js and public/build/),
 *   - the server (server.ts → build/server.js) and the job worker (app/worker.ts → build/worker.js),
 *   - the migrations (db/migrations/*.ts → build/migrations/*.js), which the compiled server loads by name,
 *   - the worker threads (app/workers/*.ts → build/workers/*.js).
 * The server, job worker, migrations and threads are bundled by esbuild with every npm package left external,
 * so they load the same node_modules as the Remix build.
 *
 * `--if-stale` (npm's prestart) builds only when build/ is missing or its fingerprint differs from the
 * sources': the path, size and modification time of every source file. Any edit, added or deleted file
 * gives a new fingerprint; a restart without changes reads the fingerprint (well under a second) and goes on.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUILD = path.join(ROOT, "build");
const STAMP = path.join(BUILD, ".fingerprint");

/** What a build is made from. public/build is its output, and tests are not part of it. */
const SOURCES = [
  "app",
  "db",
  "emails",
  "pdf-templates",
  "public",
  "scripts/build.ts",
  "server.ts",
  "remix.config.js",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
const SKIPPED = new Set(["public/build", "node_modules"]);
const isTest = (name: string) => /\.test\.tsx?$/.test(name);

/** The files build/ must hold for `npm start`; a build missing any of them is rebuilt. */
const OUTPUTS = ["index.js", "server.js", "worker.js", "migrations", "../public/build"];

function listFiles(rel: string, out: string[]): void {
  const full = path.join(ROOT, rel);
  if (!existsSync(full) || SKIPPED.has(rel)) return;
  const stat = statSync(full);
  if (!stat.isDirectory()) {
    out.push(`${rel}\0${stat.size}\0${Math.trunc(stat.mtimeMs)}`);
    return;
  }
  for (const entry of readdirSync(full).sort()) {
    if (entry.startsWith(".") || isTest(entry)) continue;
    listFiles(path.posix.join(rel, entry), out);
  }
}

function sourceFingerprint(): string {
  const files: string[] = [];
  for (const s of SOURCES) listFiles(s, files);
  return createHash("sha256").update(files.join("\n")).digest("hex");
}

function isCurrent(fingerprint: string): boolean {
  if (!existsSync(STAMP) || readFileSync(STAMP, "utf8").trim() !== fingerprint) return false;
  return OUTPUTS.every((o) => existsSync(path.join(BUILD, o)));
}

const entriesOf = (dir: string, outDir: string) =>
  existsSync(path.join(ROOT, dir))
    ? Object.fromEntries(
        readdirSync(path.join(ROOT, dir))
          .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !isTest(f))
          .map((f) => [`${outDir}/${f.replace(/\.ts$/, "")}`, path.join(ROOT, dir, f)]),
      )
    : {};

async function compileServer(): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      server: path.join(ROOT, "server.ts"),
      worker: path.join(ROOT, "app", "worker.ts"),
      ...entriesOf("db/migrations", "migrations"),
      ...entriesOf("app/workers", "workers"),
    },
    outdir: BUILD,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    alias: { "~": path.join(ROOT, "app") },
    // Code shared by several entries stays in each (no chunks), so every file stands alone.
    splitting: false,
    sourcemap: "linked",
    logLevel: "warning",
  });
}

async function main(): Promise<void> {
  const ifStale = process.argv.includes("--if-stale");
  const fingerprint = sourceFingerprint();
  if (ifStale && isCurrent(fingerprint)) {
    console.log("[build] build/ is current: nothing to build");
    return;
  }
  const started = Date.now();
  console.log(ifStale ? "[build] sources changed since the last build: building" : "[build] building");
  const remix = spawnSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["build"], {
    cwd: ROOT,
    stdio: "inherit",
    // Without it, the classic compiler prints Vite's notice that its CJS API is deprecated at every build.
    env: { ...process.env, NODE_ENV: "production", VITE_CJS_IGNORE_WARNING: "true" },
  });
  if (remix.status !== 0) throw new Error(`remix build failed (exit ${remix.status ?? remix.signal})`);
  await compileServer();
  writeFileSync(STAMP, `${fingerprint}\n`);
  console.log(`[build] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(`[build] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
