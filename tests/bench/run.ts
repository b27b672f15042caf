/**
 * `npm run bench`: every bench in turn, each printing its Markdown table (see RESULTS.md for the figures
 * and how to read them). `npm run bench -- burst pages` runs only those. Needs `npm run build` first
 * (burst, pages) and psql on the PATH (registry). DATABASE_URL's server, else embedded PostgreSQL.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCHES: Record<string, string> = {
  burst: "burst.ts",
  registry: "registry-import.ts",
  documents: "documents.ts",
  pages: "pages.ts",
  workers: "workers.ts",
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = wanted.filter((w) => !(w in BENCHES));
if (unknown.length) {
  console.error(`unknown bench: ${unknown.join(", ")}; there are ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}
let failed = false;
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  console.log(`\n## ${name}\n`);
  try {
    execFileSync(process.execPath, ["--import", "tsx", path.join(HERE, BENCHES[name])], { stdio: "inherit" });
  } catch {
    failed = true;
    console.error(`bench ${name} failed`);
  }
}
process.exitCode = failed ? 1 : 0;
