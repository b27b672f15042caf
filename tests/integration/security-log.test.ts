/**
 * The office's security log (issue 13, item 10): the list's filters and order against a log of 60 000
 * events, and the plans PostgreSQL chooses for them — the log is read through its indexes on (at),
 * (kind, at) and (user_id, at), never by reading the whole table.
 */
import { Kysely, PostgresDialect, sql, type CompiledQuery } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import {
  listSecurityEvents,
  recordSecurityEvent,
  SECURITY_LOG_COUNT_CAP,
  SECURITY_LOG_PAGE_SIZE,
  type SecurityLogFilter,
} from "~/models/security-event.server";
import { createSeededDb, type TestDb } from "./helpers/db";

let t: TestDb;
/** The same database through a Kysely that keeps every query it runs, to ask PostgreSQL for its plans. */
let traced: Kysely<Database>;
let queries: CompiledQuery[] = [];
let ids: Record<"office" | "dept" | "enterprise", number>;

const T0 = new Date("2026-11-20T10:00:00+08:00");
const DAY = 86_400_000;
const EVENTS = 60_000;

beforeAll(async () => {
  t = await createSeededDb({ now: T0 });
  const users = await t.db
    .selectFrom("users")
    .select(["id", "username"])
    .where("username", "in", ["office", "dept", "enterprise"])
    .execute();
  ids = Object.fromEntries(users.map((u) => [u.username, u.id])) as typeof ids;
  // 60 000 events, one every 172.8 s over the 120 days before T0: every 7th of no known account, the rest
  // spread over the demo accounts; eight kinds in turn; 200 client addresses in turn.
  await sql`
    insert into security_events (at, kind, user_id, username, actor_id, ip, user_agent, detail)
    select ${T0}::timestamptz - (g * interval '1 second' * 172.8),
           (array['sign_in','sign_in_failed','sign_out','session_expired','password_changed','sign_in_throttled',
                  'session_revoked','second_factor_failed'])[1 + g % 8],
           case when g % 7 = 0 then null else (select id from users order by id offset (g % (select count(*) from users)) limit 1) end,
           case when g % 7 = 0 then 'ghost' || (g % 50) else null end,
           null,
           '10.1.0.' || (g % 200),
           'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36',
           null
    from generate_series(1, ${EVENTS}) g`.execute(t.db);
  await sql`analyze security_events`.execute(t.db);
  await sql`analyze users`.execute(t.db);
  traced = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: t.url, max: 2 }) }),
    log: (e) => {
      if (e.level === "query") queries.push(e.query);
    },
  });
});
afterAll(async () => {
  await traced?.destroy();
  await t.drop();
});

/** The list as the page asks for it, with the plans of the queries it ran. */
async function list(filter: SecurityLogFilter, page = 1) {
  queries = [];
  const out = await listSecurityEvents(traced, filter, page);
  const plans: string[] = [];
  for (const q of queries) {
    const r = await sql<{
      "QUERY PLAN": string;
    }>`explain ${sql.raw(q.sql.replace(/\$(\d+)/g, (_, n) => literal(q.parameters[Number(n) - 1])))}`.execute(t.db);
    plans.push(r.rows.map((row) => row["QUERY PLAN"]).join("\n"));
  }
  return { ...out, plans };
}

function literal(v: unknown): string {
  if (v instanceof Date) return `'${v.toISOString()}'::timestamptz`;
  if (typeof v === "number") return String(v);
  return `'${String(v).replace(/'/g, "''")}'`;
}

/** What the plans read security_events through: "Seq Scan", or the name of the index. */
function accessOf(plans: string[]): string[] {
  const out: string[] = [];
  for (const line of plans.join("\n").split("\n")) {
    if (/Seq Scan on security_events\b/.test(line)) out.push("Seq Scan");
    const index = /Index (?:Only )?Scan (?:Backward )?using (\S+) on security_events\b/.exec(line);
    if (index) out.push(index[1]);
    const bitmap = /Bitmap Index Scan on (security_events\S*)/.exec(line);
    if (bitmap) out.push(bitmap[1]);
  }
  return out;
}

const SECURITY_INDEXES = ["security_events_at_idx", "security_events_kind_idx", "security_events_user_idx"];
/**
 * Every read of security_events goes through one of its three indexes (which one is PostgreSQL's choice:
 * for a common kind, walking (at) newest first until a page is full is cheaper than (kind, at)); with
 * `index`, that one is among them.
 */
function expectIndexed(plans: string[], index?: string) {
  const access = accessOf(plans);
  const all = plans.join("\n---\n");
  expect(access.length, all).toBeGreaterThan(0);
  expect(access, all).not.toContain("Seq Scan");
  for (const a of access) expect(SECURITY_INDEXES, all).toContain(a);
  if (index) expect(access, all).toContain(index);
}

describe("the security log", () => {
  it("lists the newest first, a page at a time, and counts no further than its cap", async () => {
    const first = await list({});
    expect(first.rows).toHaveLength(SECURITY_LOG_PAGE_SIZE);
    expect(first.total).toBe(SECURITY_LOG_COUNT_CAP);
    expect(first.capped).toBe(true);
    const times = first.rows.map((r) => r.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times[0]).toBe(T0.getTime() - 172.8 * 1000);
    const second = await list({}, 2);
    expect(second.rows[0].at.getTime()).toBeLessThanOrEqual(first.rows.at(-1)!.at.getTime());
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(2 * SECURITY_LOG_PAGE_SIZE);
    expectIndexed(first.plans, "security_events_at_idx");
  });

  it("selects only the columns the page shows, with the account's and the actor's names", async () => {
    await recordSecurityEvent(t.db, {
      kind: "password_reset",
      at: new Date(T0.getTime() + 1000),
      userId: ids.dept,
      username: "dept",
      actorId: ids.office,
      ip: "192.0.2.9",
      userAgent: "curl/8.5.0",
      detail: { reason: "忘记密码" },
    });
    const { rows } = await list({ kind: "password_reset" });
    expect(rows[0]).toEqual({
      id: expect.any(Number),
      at: new Date(T0.getTime() + 1000),
      kind: "password_reset",
      userId: ids.dept,
      givenName: "dept",
      accountUsername: "dept",
      accountName: "工信局联络员 许丽娟",
      actorId: ids.office,
      actorUsername: "office",
      actorName: "平台管理员 黄思敏",
      ip: "192.0.2.9",
      userAgent: "curl/8.5.0",
      detail: { reason: "忘记密码" },
    });
  });

  it("filters by kind through the (kind, at) index", async () => {
    const r = await list({ kind: "session_expired" });
    expect(r.rows.every((e) => e.kind === "session_expired")).toBe(true);
    expect(r.total).toBe(EVENTS / 8);
    expectIndexed(r.plans);
    // A rare kind among 60 000: found through (kind, at), not by walking the whole log.
    for (const [i, at] of [T0.getTime() - 90 * DAY, T0.getTime() - 3 * DAY].entries())
      await recordSecurityEvent(t.db, {
        kind: "second_factor_reset",
        at: new Date(at),
        userId: ids.dept,
        actorId: ids.office,
        ip: `192.0.2.${i}`,
      });
    await sql`analyze security_events`.execute(t.db);
    const rare = await list({ kind: "second_factor_reset" });
    expect(rare.rows.map((e) => e.ip)).toEqual(["192.0.2.1", "192.0.2.0"]);
    expect(rare.total).toBe(2);
    expectIndexed(rare.plans, "security_events_kind_idx");
  });

  it("filters by an account's user name or display name through the (user_id, at) index", async () => {
    // "office" is also in "govoffice": both accounts' events, and no one else's.
    const govoffice = (
      await t.db.selectFrom("users").select("id").where("username", "=", "govoffice").executeTakeFirstOrThrow()
    ).id;
    const both = await list({ account: "offic" });
    expect(new Set(both.rows.map((e) => e.userId))).toEqual(new Set([ids.office, govoffice]));
    expectIndexed(both.plans);

    const byName = await list({ account: "平台管理员" });
    expect(byName.rows.length).toBeGreaterThan(0);
    expect(byName.rows.every((e) => e.userId === ids.office)).toBe(true);
    const [{ n }] = await t.db
      .selectFrom("security_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", ids.office)
      .execute();
    expect(byName.total).toBe(Number(n));
    expectIndexed(byName.plans);

    const byUsername = await list({ account: "OFFICE" });
    expect(byUsername.total).toBeGreaterThan(Number(n));
    // A wildcard typed into the box is a character, not a pattern.
    expect((await list({ account: "%" })).total).toBe(0);
    expect((await list({ account: "无此人" })).rows).toEqual([]);

    // An account seen twice in 60 000 events: found through (user_id, at).
    const office = await t.db
      .selectFrom("users")
      .select("organisation_id")
      .where("id", "=", ids.office)
      .executeTakeFirstOrThrow();
    const { id: rare } = await t.db
      .insertInto("users")
      .values({
        username: "auditor7",
        password_hash: "x",
        display_name: "审计员 罗七",
        role: "platform_admin",
        organisation_id: office.organisation_id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const days of [100, 1])
      await recordSecurityEvent(t.db, {
        kind: "sign_in",
        at: new Date(T0.getTime() - days * DAY),
        userId: rare,
        ip: "192.0.2.7",
      });
    await sql`analyze security_events`.execute(t.db);
    await sql`analyze users`.execute(t.db);
    const seldom = await list({ account: "罗七" });
    expect(seldom.rows.map((e) => e.at)).toEqual([new Date(T0.getTime() - DAY), new Date(T0.getTime() - 100 * DAY)]);
    expect(seldom.rows.every((e) => e.accountUsername === "auditor7")).toBe(true);
    expectIndexed(seldom.plans, "security_events_user_idx");
  });

  it("filters by client address and by a date range, whole days in Shanghai time", async () => {
    const from = new Date("2026-11-10T00:00:00+08:00");
    const to = new Date("2026-11-12T00:00:00+08:00");
    const r = await list({ from, to });
    expect(r.rows.every((e) => e.at >= from && e.at < to)).toBe(true);
    expect(r.total).toBe(1000);
    expectIndexed(r.plans, "security_events_at_idx");

    const both = await list({ ip: "10.1.0.40", from, to, kind: "sign_in" });
    expect(both.rows.length).toBeGreaterThan(0);
    expect(both.rows.every((e) => e.ip === "10.1.0.40" && e.kind === "sign_in" && e.at >= from && e.at < to)).toBe(
      true,
    );
    const [{ n }] = await t.db
      .selectFrom("security_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("ip", "=", "10.1.0.40")
      .where("kind", "=", "sign_in")
      .where("at", ">=", from)
      .where("at", "<", to)
      .execute();
    expect(both.total).toBe(Number(n));
    expectIndexed(both.plans);

    const ipOnly = await list({ ip: "10.1.0.40" });
    expect(ipOnly.rows.every((e) => e.ip === "10.1.0.40")).toBe(true);
    const [{ m }] = await t.db
      .selectFrom("security_events")
      .select((eb) => eb.fn.countAll<number>().as("m"))
      .where("ip", "=", "10.1.0.40")
      .execute();
    // No index has the address first: alone it narrows a walk of the log, bounded by the count's cap (an
    // address filter is meant to go with a date range or a kind, which are indexed).
    expect(ipOnly.total).toBe(Number(m));
  });
});
