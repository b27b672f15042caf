import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The first folder, from `fromUrl`'s folder upwards, that holds `marker` (a file or folder path). Modules
 * use it with their own import.meta.url to find the project's files wherever they run from: app/… under
 * tsx and vitest, build/ (the server bundle) or build/workers/ (a compiled worker) when built.
 */
export function findUpwards(marker: string, fromUrl: string): string {
  const start = fileURLToPath(fromUrl);
  let dir = path.dirname(start);
  for (;;) {
    if (existsSync(path.join(dir, marker))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${marker} not found above ${start}`);
    dir = parent;
  }
}
