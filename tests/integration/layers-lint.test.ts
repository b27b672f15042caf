/**
 * The layers of STYLE.md are held by .eslintrc.cjs: app/domain imports no database, Node I/O or outer layer,
 * and a route neither imports the database nor builds a query. Here the project's own configuration is run
 * on small sources placed (by file path) in those folders.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

/** The part of ESLint 8's Node API used here (the project has no @types/eslint). */
interface LintEngine {
  lintText(code: string, options: { filePath: string }): Promise<{ messages: { ruleId: string | null }[] }[]>;
}
const { ESLint } = createRequire(import.meta.url)("eslint") as { ESLint: new (o: { cwd: string }) => LintEngine };

const root = fileURLToPath(new URL("../..", import.meta.url));
const LAYER_RULES = new Set(["no-restricted-imports", "import/no-restricted-paths", "no-restricted-syntax"]);

let eslint: LintEngine;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The layer rules' complaints about `code` placed at `filePath` (relative to the project). */
async function layerErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result.messages.filter((m) => m.ruleId && LAYER_RULES.has(m.ruleId)).map((m) => m.ruleId);
}

describe("app/domain stays pure", () => {
  it.each([
    ['import { sql } from "kysely";', "no-restricted-imports"],
    ['import type { Kysely } from "kysely";', "no-restricted-imports"],
    ['import { Pool } from "pg";', "no-restricted-imports"],
    ['import { readFileSync } from "node:fs";', "no-restricted-imports"],
    ['import { join } from "path";', "no-restricted-imports"],
    ['import { randomUUID } from "crypto";', "no-restricted-imports"],
    ['import type { Appeal } from "../../db/schema";', "import/no-restricted-paths"],
    ['import { catalogOf } from "~/models/catalog.server";', "import/no-restricted-paths"],
    ['import { sendCatalog } from "~/services/catalog.server";', "import/no-restricted-paths"],
    ['import { getDb } from "~/utils/db.server";', "import/no-restricted-paths"],
  ])("rejects %s", async (line, rule) => {
    expect(await layerErrors("app/domain/layer-probe.ts", `${line}\n`)).toContain(rule);
  });

  it("allows the domain's own modules", async () => {
    const code = 'import { addDays } from "./calendar";\n\nexport const tomorrow = addDays("2026-01-01", 1);\n';
    expect(await layerErrors("app/domain/layer-probe.ts", code)).toEqual([]);
  });
});

describe("a route neither imports the database nor builds a query", () => {
  it.each([
    ['import { sql } from "kysely";\n', "no-restricted-imports"],
    ['import type { Database } from "../../db/schema";\n', "import/no-restricted-paths"],
    [
      'import { getDb } from "~/utils/db.server";\n\nexport const loader = () => getDb().selectFrom("cycles").selectAll().execute();\n',
      "no-restricted-syntax",
    ],
    [
      'import { getDb } from "~/utils/db.server";\n\nexport const action = () => getDb().updateTable("cycles").set({ place: "" }).execute();\n',
      "no-restricted-syntax",
    ],
  ])("rejects %s", async (code, rule) => {
    expect(await layerErrors("app/routes/layer-probe.tsx", code)).toContain(rule);
  });

  it("allows a route that calls a model", async () => {
    const code =
      'import { catalogOf } from "~/models/catalog.server";\nimport { getDb } from "~/utils/db.server";\n\nexport const loader = () => catalogOf(getDb(), 1);\n';
    expect(await layerErrors("app/routes/layer-probe.tsx", code)).toEqual([]);
  });
});
