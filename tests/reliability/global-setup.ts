/** Build the app once when there is no build (CI builds before this run; a developer may not have). */
import { execFileSync } from "node:child_process";
import { PROJECT_ROOT } from "../../db/embedded";
import { buildExists } from "./app";

export default function setup() {
  if (buildExists()) return;
  console.log("[reliability] no build/: running `npm run build` first");
  execFileSync("npm", ["run", "build"], { cwd: PROJECT_ROOT, stdio: "inherit" });
}
