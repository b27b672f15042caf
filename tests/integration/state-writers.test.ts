/**
 * One writer per aggregate: the statements that change an aggregate's row live in one model function, and
 * only that aggregate's writer (the service that checks the transition table, writes the history and
 * queues the notices) calls it. Read from the source, so a new `updateTable("appeals")` in a route or
 * a service fails here before it can bypass the table.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === "migrations" || name === "node_modules" ? [] : sources(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

const FILES = [...sources(path.join(ROOT, "app")), ...sources(path.join(ROOT, "db")), path.join(ROOT, "server.ts")];
const rel = (p: string) => path.relative(ROOT, p);

/** Every file and line where `pattern` occurs in the production source. */
function occurrences(pattern: RegExp): string[] {
  return FILES.flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .flatMap((line, i) => (pattern.test(line) ? [`${rel(f)}:${i + 1}`] : [])),
  );
}

/**
 * Per aggregate: its table, the model file that alone holds statements updating it (`statements` of them),
 * the one that writes the state, and the writer that alone calls that one.
 */
const WRITERS = [
  {
    aggregate: "appeal",
    table: "appeals",
    statements: 1,
    statement: { fn: "writeAppealStatus", file: "app/models/appeal.server.ts" },
    writer: "app/services/appeal-state.server.ts",
  },
  {
    aggregate: "assignment",
    table: "appeal_assignments",
    statements: 1,
    statement: { fn: "writeAssignmentState", file: "app/models/handling.server.ts" },
    writer: "app/services/assignment-state.server.ts",
  },
  {
    aggregate: "task",
    table: "tasks",
    // the state, and the disclosure (which leaves the state as it is)
    statements: 2,
    statement: { fn: "writeTaskState", file: "app/models/task.server.ts" },
    writer: "app/services/task-state.server.ts",
  },
];

describe.each(WRITERS)("the $aggregate", ({ table, statements, statement, writer }) => {
  it(`is updated only in ${statement.file}, its state by ${statement.fn}`, () => {
    const builder = occurrences(new RegExp(`updateTable\\(\\s*["'\`]${table}["'\`]`));
    expect(builder).toHaveLength(statements);
    for (const at of builder) expect(at).toMatch(new RegExp(`^${statement.file.replace(/\./g, "\\.")}:`));
    expect(occurrences(new RegExp(`\\bupdate\\s+(only\\s+)?${table}\\b`, "i"))).toEqual([]);
  });

  it(`whose one caller is its writer, ${writer}`, () => {
    const uses = occurrences(new RegExp(`\\b${statement.fn}\\b`)).map((at) => at.replace(/:\d+$/, ""));
    expect([...new Set(uses)].sort()).toEqual([statement.file, writer].sort());
  });
});
