/**
 * Reminders before a limit and late notices after it, sent by the deadline sweep: exactly once per clock
 * and limit, however many sweeps run at once and wherever a worker process is killed (SIGKILL) mid-run;
 * an extension's new limit gets its own reminder. Dates cross a weekend.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/connection";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { sweepDeadlines } from "~/services/deadline-sweep.server";
import { acceptAssignment, decideExtension, requestExtension } from "~/services/handling.server";
import { enterpriseOf, screenToCity, submitTestAppeal } from "./helpers/appeals";
import { createSeededDb, organisationIds, type TestDb, userIdOf } from "./helpers/db";
import { makeUser } from "./helpers/factories";

let t: TestDb;
let officeId: number;
const registry = sampleRegistry();
const org = new Map<string, number>();
let category: number;
const at = (s: string) => new Date(s);
const APPEALS = 40;
const DEPARTMENTS = ["市自然资源局", "市住房和城乡建设局", "市工业和信息化局"];

beforeAll(async () => {
  t = await createSeededDb();
  officeId = await userIdOf(t.db, "office");
  for (const [name, id] of await organisationIds(t.db)) org.set(name, id);
  category = (await t.db.selectFrom("appeal_categories").select("id").executeTakeFirstOrThrow()).id;
  // Routed on Friday 2026-11-20 at 15:00: each department must accept by Monday 11-23 15:00, and is
  // reminded from Monday 11:00 (4 working hours before; the weekend does not count).
  for (let i = 0; i < APPEALS; i++) {
    const e = registry[i * 3];
    const r = await submitTestAppeal(
      t.db,
      {
        ...enterpriseOf(e),
        contactName: "联系人",
        title: `测试诉求第${i}号`,
        content: "测试用诉求内容,测试用诉求内容,用于检验期限提醒只发一次。",
        categoryId: category,
      },
      { now: at("2026-11-20T09:00:00+08:00") },
    );
    await screenToCity(
      t.db,
      r.appealId,
      org.get(DEPARTMENTS[0])!,
      DEPARTMENTS.slice(1).map((n) => org.get(n)!),
      { actorId: officeId, now: at("2026-11-20T15:00:00+08:00") },
    );
  }
}, 60_000);
afterAll(async () => t.drop());

/** Per clock: how many reminder and late messages, and history entries. */
async function perClock(kind: "reminder" | "late") {
  const rows = await sql<{ clock: number; n: number }>`
    select c.id as clock, count(n.id)::int as n
    from appeal_clocks c left join notifications n on n.dedupe_key like 'clock:' || c.id || ':${sql.raw(kind)}:%'
    group by c.id order by c.id
  `.execute(t.db);
  return rows.rows;
}

async function historyCount(action: string) {
  const r = await t.db
    .selectFrom("appeal_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("action", "=", action)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe("the deadline sweep", () => {
  it("reminds nobody before the reminder time", async () => {
    expect(await sweepDeadlines(t.db, at("2026-11-23T10:59:00+08:00"))).toEqual({ reminders: 0, lateNotices: 0 });
  });

  it("sends each reminder exactly once though a worker is killed mid-run and others sweep at the same time", async () => {
    const now = "2026-11-23T11:30:00+08:00";
    const clocks = APPEALS * DEPARTMENTS.length;
    // A worker process sweeping a few clocks at a time, killed with SIGKILL once it has sent some.
    const child = spawn(
      path.resolve("node_modules/.bin/tsx"),
      [path.resolve("tests/integration/helpers/sweep-child.ts"), t.url, now],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let sent = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        sent += chunk
          .toString()
          .trim()
          .split("\n")
          .map(Number)
          .reduce((a, b) => a + b, 0);
        if (sent >= 10 && !child.killed) {
          child.kill("SIGKILL");
        }
      });
      child.on("exit", () => resolve());
      child.on("error", reject);
    });
    expect(sent).toBeGreaterThanOrEqual(10);
    expect(sent).toBeLessThan(clocks);

    // Three workers (each its own pool) finish the sweep at once.
    const pools = [createDb(t.url, 2), createDb(t.url, 2), createDb(t.url, 2)];
    try {
      const results = await Promise.all(pools.map((db) => sweepDeadlines(db, at(now))));
      const total = sent + results.reduce((a, r) => a + r.reminders, 0);
      expect(total).toBeGreaterThanOrEqual(clocks);
    } finally {
      await Promise.all(pools.map((db) => db.destroy()));
    }
    // Each department has a phone and an email: two messages per clock, no more, no fewer.
    expect((await perClock("reminder")).map((r) => r.n)).toEqual(Array(clocks).fill(2));
    expect(await historyCount("clock_reminder")).toBe(clocks);
    expect(await sweepDeadlines(t.db, at("2026-11-23T14:00:00+08:00"))).toEqual({ reminders: 0, lateNotices: 0 });
  }, 60_000);

  it("sends late notices once after the limit, to clocks still open only", async () => {
    const appeal = await t.db.selectFrom("appeals").select("id").orderBy("id").executeTakeFirstOrThrow();
    const lead = await t.db
      .selectFrom("appeal_assignments")
      .select(["id", "organisation_id"])
      .where("appeal_id", "=", appeal.id)
      .where("role", "=", "lead")
      .executeTakeFirstOrThrow();
    // One department accepted in time: its accept clock is finished and is not late.
    const accepted = await acceptAssignment(t.db, {
      assignmentId: lead.id,
      actor: {
        id: (await makeUser(t.db, "department", lead.organisation_id)).id,
        organisationId: lead.organisation_id,
      },
      now: at("2026-11-23T14:00:00+08:00"),
    });
    expect(accepted.ok).toBe(true);
    const first = await sweepDeadlines(t.db, at("2026-11-23T15:00:01+08:00"));
    expect(first.lateNotices).toBe(APPEALS * DEPARTMENTS.length - 1);
    expect(await sweepDeadlines(t.db, at("2026-11-23T16:00:00+08:00"))).toEqual({ reminders: 0, lateNotices: 0 });
    expect(await historyCount("clock_late")).toBe(APPEALS * DEPARTMENTS.length - 1);

    // The reply clock of the accepted one (due 12-07) gets its reminder two working days before: from 12-04.
    expect((await sweepDeadlines(t.db, at("2026-12-03T23:00:00+08:00"))).reminders).toBe(0);
    expect((await sweepDeadlines(t.db, at("2026-12-04T00:00:00+08:00"))).reminders).toBe(1);

    // An extension moves the limit: a new reminder comes for the new one, once.
    // The department asks; the office decides.
    const clerk = await makeUser(t.db, "department", lead.organisation_id);
    const actor = { id: clerk.id, organisationId: lead.organisation_id };
    expect(
      (
        await requestExtension(t.db, {
          assignmentId: lead.id,
          reason: "需会商",
          actor,
          now: at("2026-12-04T09:00:00+08:00"),
        })
      ).ok,
    ).toBe(true);
    const ext = await t.db.selectFrom("appeal_extensions").select("id").executeTakeFirstOrThrow();
    expect(
      (
        await decideExtension(t.db, {
          extensionId: ext.id,
          grant: true,
          newDueDate: "2026-12-18",
          note: "",
          actorId: officeId,
          now: at("2026-12-04T10:00:00+08:00"),
        })
      ).ok,
    ).toBe(true);
    expect((await sweepDeadlines(t.db, at("2026-12-15T23:00:00+08:00"))).reminders).toBe(0);
    expect((await sweepDeadlines(t.db, at("2026-12-17T00:00:00+08:00"))).reminders).toBe(1);
    expect((await sweepDeadlines(t.db, at("2026-12-17T01:00:00+08:00"))).reminders).toBe(0);
    const reply = await t.db
      .selectFrom("appeal_clocks")
      .select("id")
      .where("kind", "=", "reply")
      .executeTakeFirstOrThrow();
    expect((await perClock("reminder")).find((r) => r.clock === reply.id)?.n).toBe(4);
  });
});
