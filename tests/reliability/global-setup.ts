/**
 * Bring build/ up to date once, before any file starts a server from it (CI has just built, so this only
 * reads the fingerprint; a developer's edits are built here rather than in the middle of a run).
 */
import { execFileSync } from "node:child_process";
import { PROJECT_ROOT } from "../../db/embedded";

export default function setup() {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts", "--if-stale"], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
  });
}
