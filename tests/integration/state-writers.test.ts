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
  {
    aggregate: "extension request",
    table: "appeal_extensions",
    statements: 1,
    statement: { fn: "writeExtensionDecision", file: "app/models/extension.server.ts" },
    writer: "app/services/extension-state.server.ts",
  },
  {
    aggregate: "outbox message",
    table: "notifications",
    // the status, and the worker's lock renewal (the lock is not a state); the claim is raw SQL below
    statements: 2,
    statement: { fn: "writeNotificationStatus", file: "app/models/notification.server.ts" },
    writer: "app/services/notification-state.server.ts",
    raw: ["app/models/notification.server.ts"],
  },
];

describe.each(WRITERS)("the $aggregate", ({ table, statements, statement, writer, raw = [] }) => {
  it(`is updated only in ${statement.file}, its state by ${statement.fn}`, () => {
    const builder = occurrences(new RegExp(`updateTable\\(\\s*["'\`]${table}["'\`]`));
    expect(builder).toHaveLength(statements);
    for (const at of builder) expect(at).toMatch(new RegExp(`^${statement.file.replace(/\./g, "\\.")}:`));
    const rawUpdates = occurrences(new RegExp(`\\bupdate\\s+(only\\s+)?${table}\\b`, "i"));
    expect([...new Set(rawUpdates.map((at) => at.replace(/:\d+$/, "")))]).toEqual(raw);
  });

  it(`whose one caller is its writer, ${writer}`, () => {
    const uses = occurrences(new RegExp(`\\b${statement.fn}\\b`)).map((at) => at.replace(/:\d+$/, ""));
    expect([...new Set(uses)].sort()).toEqual([statement.file, writer].sort());
  });
});

/**
 * The cycles table has other writers (its schedule and people), so for a cycle it is the state columns that
 * only writeCycleState may set, and only transitionCycle calls it.
 */
describe("a cycle's catalog, agenda and opinions states", () => {
  it("are set only in app/models/cycle.server.ts", () => {
    const sets = occurrences(/\b(agenda_status|opinions_status|catalog_sent_at)\s*:/).filter(
      (at) => !at.startsWith("db/schema.ts:"),
    );
    expect(sets.length).toBeGreaterThan(0);
    for (const at of sets) expect(at).toMatch(/^app\/models\/cycle\.server\.ts:/);
    expect(occurrences(/\bset\s+(agenda_status|opinions_status|catalog_sent_at)\b/i)).toEqual([]);
  });

  it("by writeCycleState, whose one caller is app/services/cycle-state.server.ts", () => {
    const uses = occurrences(/\bwriteCycleState\b/).map((at) => at.replace(/:\d+$/, ""));
    expect([...new Set(uses)].sort()).toEqual(["app/models/cycle.server.ts", "app/services/cycle-state.server.ts"]);
  });
});
