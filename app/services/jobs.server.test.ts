import { describe, expect, it } from "vitest";
import { isPgBossInternalRejection } from "./jobs.server";

describe("isPgBossInternalRejection", () => {
  it("knows pg-boss's own unawaited complete/fail by the stack, and nothing else", () => {
    const fromBoss = new Error("the database system is shutting down");
    fromBoss.stack = `error: the database system is shutting down
    at /app/node_modules/pg-pool/index.js:45:11
    at async Db.executeSql (/app/node_modules/pg-boss/src/db.js:42:14)
    at async Manager.fail (/app/node_modules/pg-boss/src/manager.js:493:20)`;
    expect(isPgBossInternalRejection(fromBoss)).toBe(true);

    const ours = new Error("boom");
    ours.stack = `Error: boom
    at sweepDeadlines (/app/app/services/deadline-sweep.server.ts:10:3)`;
    expect(isPgBossInternalRejection(ours)).toBe(false);
    expect(isPgBossInternalRejection("pg-boss/src")).toBe(false);
    expect(isPgBossInternalRejection(undefined)).toBe(false);
  });
});
