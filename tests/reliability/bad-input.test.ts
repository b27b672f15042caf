/**
 * Bad input at the routes, tried against the built app (issue 13, item 8): odd numbers in every URL that
 * carries one (path parameters such as /admin/users/$id and numeric query parameters such as page, year or
 * a cycle filter), as every role that may enter, answer 400 or 404 with a Chinese page, never 500; and the
 * intake API answers malformed JSON, control characters anywhere in the JSON and wrong types with its
 * documented JSON error, storing nothing. A route file with a numeric path parameter, or one that reads
 * the query string, that the tables below do not list fails the run.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/connection";
import { PROJECT_ROOT } from "../../db/embedded";
import type { Database } from "../../db/schema";
import { createApiKey } from "../../app/services/api-keys.server";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";
import {
  Client,
  idOf,
  makeFixture,
  ROLE_ACCOUNTS,
  routeFiles,
  signIn,
  tableFingerprint,
  type Fixture,
  type Sent,
  type Viewer,
} from "./sweep-helpers";

const DATABASE = "zt_rel_bad_input";
const PORT = 3542;
const EMBEDDED_PG_PORT = 54344;

/** Odd numbers, as they would stand in a URL. */
const ODD_NUMBERS = ["99999999999999999999", "2147483648", "-1", "0", "1.5", "1e3", "0x10", "%201", "abc", "%00"];

const OFFICE = ["platform_admin"] as const;
const PRINT = ["platform_admin", "government_office", "leader", "secretary_general"] as const;

interface PathRoute {
  url: (f: Fixture, v: string) => string;
  /** Everyone who may enter the route (the authorization sweep's table); "anonymous" for public pages. */
  viewers: readonly Viewer[];
  /** Who may post to it, when not every viewer (the others are refused before the number is read). */
  posters?: readonly Viewer[];
  /** Values besides ODD_NUMBERS (a month is not a plain number). */
  values?: string[];
}

/** Every route file with a numeric path parameter. */
const PATH_ROUTES: Record<string, PathRoute> = {
  "admin.appeals.$trackingNumber.attachments.$id.ts": {
    url: (f, v) => `/admin/appeals/${f.own.trackingNumber}/attachments/${v}`,
    viewers: OFFICE,
  },
  "admin.calendar.$year.tsx": { url: (_, v) => `/admin/calendar/${v}`, viewers: OFFICE, values: ["1999", "2101"] },
  "admin.cycles.$number.tsx": { url: (_, v) => `/admin/cycles/${v}`, viewers: OFFICE },
  "admin.cycles.$number_.catalog.tsx": { url: (_, v) => `/admin/cycles/${v}/catalog`, viewers: OFFICE },
  "admin.cycles.$number_.onsite.tsx": { url: (_, v) => `/admin/cycles/${v}/onsite`, viewers: OFFICE },
  "admin.organisations.$id.tsx": { url: (_, v) => `/admin/organisations/${v}`, viewers: OFFICE },
  "admin.outbox.$id.tsx": { url: (_, v) => `/admin/outbox/${v}`, viewers: OFFICE },
  "admin.registry.imports.$id.tsx": { url: (_, v) => `/admin/registry/imports/${v}`, viewers: OFFICE },
  "admin.registry.imports.$id.rejects.ts": { url: (_, v) => `/admin/registry/imports/${v}/rejects`, viewers: OFFICE },
  "admin.users.$id.tsx": { url: (_, v) => `/admin/users/${v}`, viewers: OFFICE },
  "agenda.$number.tsx": {
    url: (_, v) => `/agenda/${v}`,
    viewers: ["secretary_general", "leader"],
    posters: ["secretary_general"],
  },
  "agenda.$number_.opinions.tsx": { url: (_, v) => `/agenda/${v}/opinions`, viewers: ["leader"] },
  "agenda.$number_.review.tsx": { url: (_, v) => `/agenda/${v}/review`, viewers: ["leader"] },
  "catalogs.$number.tsx": {
    url: (_, v) => `/catalogs/${v}`,
    viewers: ["government_office", "platform_admin"],
    posters: ["government_office"],
  },
  "cycles.$number.tsx": { url: (_, v) => `/cycles/${v}`, viewers: ["anonymous", "enterprise", "platform_admin"] },
  "documents.$number.agenda[.]pdf.ts": { url: (_, v) => `/documents/${v}/agenda.pdf`, viewers: PRINT },
  "documents.$number.catalog[.]pdf.ts": { url: (_, v) => `/documents/${v}/catalog.pdf`, viewers: PRINT },
  "documents.$number.opinions[.]pdf.ts": {
    url: (_, v) => `/documents/${v}/opinions.pdf`,
    viewers: [...PRINT, "supervisor"],
  },
  "documents.monthly.$month.ts": {
    url: (_, v) => `/documents/monthly/${v}`,
    viewers: ["platform_admin", "supervisor", "government_office", "leader"],
    values: ["2026-13", "2026-00", "2026-1", "99999-01", "1999-12", "2026-11-01"],
  },
  "handling.$trackingNumber.attachments.$id.ts": {
    url: (f, v) => `/handling/${f.own.trackingNumber}/attachments/${v}`,
    viewers: ["department"],
  },
  "tasks.$id.tsx": { url: (_, v) => `/tasks/${v}`, viewers: ["department"] },
};

interface QueryRoute {
  path: string;
  /** The numeric parameters it reads (a month as YYYY-MM counts). */
  params: string[];
  viewers: readonly Viewer[];
}

/** Every route file that reads a number from the query string. */
const QUERY_ROUTES: Record<string, QueryRoute> = {
  "account.password.tsx": { path: "/account/password", params: ["ended"], viewers: ["enterprise", "platform_admin"] },
  "admin.api-keys.tsx": { path: "/admin/api-keys", params: ["revoke"], viewers: OFFICE },
  "admin.security.tsx": { path: "/admin/security", params: ["page"], viewers: OFFICE },
  "admin.calendar._index.tsx": { path: "/admin/calendar", params: ["month"], viewers: OFFICE },
  "admin.cycles._index.tsx": { path: "/admin/cycles", params: ["year"], viewers: OFFICE },
  "admin.disclosure.tsx": { path: "/admin/disclosure", params: ["cycle"], viewers: OFFICE },
  "admin.handling._index.tsx": { path: "/admin/handling", params: ["page"], viewers: OFFICE },
  "admin.organisations._index.tsx": { path: "/admin/organisations", params: ["page"], viewers: OFFICE },
  "admin.outbox._index.tsx": { path: "/admin/outbox", params: ["page"], viewers: OFFICE },
  "admin.registry._index.tsx": { path: "/admin/registry", params: ["page"], viewers: OFFICE },
  "admin.screening._index.tsx": { path: "/admin/screening", params: ["cycle", "category", "page"], viewers: OFFICE },
  "admin.users._index.tsx": { path: "/admin/users", params: ["org", "page"], viewers: OFFICE },
  "appeals._index.tsx": {
    path: "/appeals",
    params: ["page"],
    viewers: ["enterprise", "window_clerk", "hotline_operator"],
  },
  "api.v1.cycles.ts": { path: "/api/v1/cycles", params: ["year"], viewers: ["anonymous"] },
  "calendar.tsx": { path: "/calendar", params: ["month"], viewers: ["anonymous", "enterprise"] },
  "commitments.tsx": { path: "/commitments", params: ["cycle", "dept", "page"], viewers: ["anonymous"] },
  "disclosure.tsx": { path: "/disclosure", params: ["cycle", "org", "category", "page"], viewers: ["anonymous"] },
  "figures.tsx": {
    path: "/figures",
    params: ["cycle", "month"],
    viewers: ["platform_admin", "supervisor", "government_office", "leader"],
  },
  "handling._index.tsx": { path: "/handling", params: ["page"], viewers: ["department", "county"] },
  "supervision.tsx": { path: "/supervision", params: ["cycle", "org"], viewers: ["supervisor", "platform_admin"] },
  "supervision.ledger[.]pdf.ts": {
    path: "/supervision/ledger.pdf",
    params: ["cycle"],
    viewers: ["supervisor", "platform_admin"],
  },
  "supervision.ledger[.]xlsx.ts": {
    path: "/supervision/ledger.xlsx",
    params: ["cycle"],
    viewers: ["supervisor", "platform_admin"],
  },
  "tasks._index.tsx": { path: "/tasks", params: ["page"], viewers: ["department"] },
};

/** Route files that read the query string, but no number from it (what they read, and how it is checked). */
const NO_NUMBER_IN_QUERY: Record<string, string> = {
  "admin.organisations.$id.tsx": "created=1, a flag",
  "admin.users.$id.tsx": "created=1, a flag",
  "api.v1.calendar-events.ts": "start and end dates, checked as dates (400 JSON)",
  "calendar[.]ics.ts": "deadlines=1, a flag",
  "intake.new.tsx": "q and pick, a search text and a credit code",
  "login.tsx": "redirectTo, a path",
  "login_.two-factor.tsx": "redirectTo, a path",
  "review._index.tsx": "done, a tracking number matched by pattern",
};

/** A value each query parameter takes in ordinary use (else 1). */
const REAL_VALUE: Record<string, string> = { year: "2026", month: "2026-10", page: "2" };
const MONTH_VALUES = ["2026-13", "2026-00", "2026-1", "99999-01", "0000-01"];
const CHINESE = /[\u4e00-\u9fff]/;

let server: PgServer;
let app: AppProcess;
let db: Kysely<Database>;
let fx: Fixture;
const clients = new Map<Viewer, Client>();

beforeAll(async () => {
  server = await pgServer({ name: "pg-reliability-bad-input", port: EMBEDDED_PG_PORT });
  const url = await freshDatabase(server, DATABASE);
  app = appProcess({ port: PORT, databaseUrl: url, env: { APP_NOW: "2026-11-20T10:00:00+08:00" } });
  await app.start();
  db = createDb(url, 2);
  fx = await makeFixture(db);
  const viewers = new Set<Viewer>([
    ...Object.values(PATH_ROUTES).flatMap((r) => r.viewers),
    ...Object.values(QUERY_ROUTES).flatMap((r) => r.viewers),
  ]);
  for (const v of viewers)
    clients.set(v, v === "anonymous" ? new Client(app.url, v) : await signIn(app.url, ROLE_ACCOUNTS[v]));
});

afterAll(async () => {
  await db?.destroy();
  await app?.stop();
  if (server) await dropDatabase(server, DATABASE);
  await server?.stop();
});

/** Every public table's content, to show that nothing changed (sweep-helpers.ts). */
const fingerprint = () =>
  tableFingerprint(db, {
    skipTables: ["notifications", "auth_throttle", "security_events"],
    skipColumns: ["last_used_at"],
  });

/** What is wrong with an answer to an odd value: a server error, no Chinese, or not one of `allowed`. */
function fault(r: Sent, allowed: number[]): string | null {
  if (r.status >= 500) return `${r.status}: ${r.text.slice(0, 160)}`;
  if (!allowed.includes(r.status)) return `${r.status}, want ${allowed.join(" or ")}`;
  if (!CHINESE.test(r.text)) return `${r.status} without a Chinese message: ${r.text.slice(0, 160)}`;
  return null;
}

describe("odd numbers in URLs: 400 or 404 with a Chinese answer, never 500", () => {
  test("the tables list every route file with a numeric path parameter or a query string", () => {
    const files = routeFiles().map((r) => r.file);
    const numericPath = files.filter((f) => /\$(id|number|year|month)\b/.test(f));
    expect(
      numericPath.filter((f) => !(f in PATH_ROUTES)),
      "numeric path routes missing from PATH_ROUTES",
    ).toEqual([]);
    expect(Object.keys(PATH_ROUTES).filter((f) => !files.includes(f))).toEqual([]);
    const readsQuery = files.filter((f) => {
      const source = readFileSync(path.join(PROJECT_ROOT, "app", "routes", f), "utf8");
      return /searchParams|ledgerCycleParam|parseQuery|intQuery/.test(source);
    });
    expect(
      readsQuery.filter((f) => !(f in QUERY_ROUTES) && !(f in NO_NUMBER_IN_QUERY)),
      "route files reading the query string missing from QUERY_ROUTES / NO_NUMBER_IN_QUERY",
    ).toEqual([]);
    expect(Object.keys(QUERY_ROUTES).filter((f) => !files.includes(f))).toEqual([]);
  });

  test("path parameters: every odd value, as every role that may enter, reading and posting", async () => {
    const before = await fingerprint();
    const wrong: string[] = [];
    let requests = 0;
    for (const [file, route] of Object.entries(PATH_ROUTES)) {
      const source = readFileSync(path.join(PROJECT_ROOT, "app", "routes", file), "utf8");
      const hasAction = /export (async )?function action\b/.test(source);
      for (const value of [...ODD_NUMBERS, ...(route.values ?? [])]) {
        const url = route.url(fx, value);
        await Promise.all(
          route.viewers.map(async (v) => {
            const got = await clients.get(v)!.get(url);
            requests++;
            const f = fault(got, [400, 404]);
            if (f) wrong.push(`GET ${url} as ${v}: ${f}`);
            if (hasAction && v !== "anonymous" && (route.posters ?? route.viewers).includes(v)) {
              const posted = await clients.get(v)!.post(url, { intent: "update", itemId: value });
              requests++;
              const p = fault(posted, [400, 404]);
              if (p) wrong.push(`POST ${url} as ${v}: ${p}`);
            }
          }),
        );
      }
    }
    console.log(`[bad-input] ${requests} requests with odd path parameters`);
    expect(wrong).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });

  test("the same routes with a real value still answer (so the odd ones reached the parser)", async () => {
    const n = String(fx.cycleNumber);
    const real: [string, Viewer][] = [
      [`/admin/cycles/${n}`, "platform_admin"],
      [`/admin/users/${fx.userId}`, "platform_admin"],
      [`/admin/organisations/${fx.organisationId}`, "platform_admin"],
      [`/admin/outbox/${fx.outboxId}`, "platform_admin"],
      [`/admin/calendar/2026`, "platform_admin"],
      [`/catalogs/${n}`, "government_office"],
      [`/cycles/${n}`, "anonymous"],
      [`/tasks/${fx.taskId}`, "department"],
      [`/handling/${fx.own.trackingNumber}/attachments/${fx.own.attachmentId}`, "department"],
      [`/documents/monthly/2026-09`, "platform_admin"],
      ...Object.values(QUERY_ROUTES).flatMap((r) =>
        r.params.map((p) => [`${r.path}?${p}=${REAL_VALUE[p] ?? "1"}`, r.viewers[0]] as [string, Viewer]),
      ),
    ];
    for (const [url, v] of real) {
      const r = await clients.get(v)!.get(url);
      expect(r.status, `${url} as ${v}`).toBe(200);
    }
  });

  test("query parameters: every odd value, as every role that may enter", async () => {
    const wrong: string[] = [];
    let requests = 0;
    for (const [file, route] of Object.entries(QUERY_ROUTES)) {
      for (const param of route.params) {
        const values = param === "month" ? [...ODD_NUMBERS, ...MONTH_VALUES] : ODD_NUMBERS;
        for (const value of [...values, ""]) {
          const url = `${route.path}?${param}=${value}`;
          await Promise.all(
            route.viewers.map(async (v) => {
              const r = await clients.get(v)!.get(url);
              requests++;
              // An empty value is no value: the page as without the parameter.
              const f = fault(r, value === "" ? [200] : [400]);
              if (f) wrong.push(`${file} GET ${url} as ${v}: ${f}`);
            }),
          );
        }
      }
    }
    console.log(`[bad-input] ${requests} requests with odd query parameters`);
    expect(wrong).toEqual([]);
  });
});

describe("the intake API: bad JSON gets its documented JSON error, and nothing is stored", () => {
  let key: string;

  beforeAll(async () => {
    const office = await idOf(db, "users", "username", "office");
    const hotline = await db
      .selectFrom("organisations")
      .select("id")
      .where("kind", "=", "hotline_center")
      .executeTakeFirstOrThrow();
    const made = await createApiKey(db, {
      name: "坏输入测试",
      organisationId: hotline.id,
      actorId: office,
      now: new Date("2026-11-20T10:00:00+08:00"),
    });
    if (!made.ok) throw new Error(made.error);
    key = made.key;
  });

  const good = () => ({
    creditCode: "91445102MA4UXXXXXX",
    enterpriseName: "潮州市测试有限公司",
    contactName: "陈先生",
    contactPhone: "13800001111",
    title: "厂房扩建用地审批进度咨询",
    content: "我司厂房扩建项目用地审批已提交三个月,至今未有答复,影响后续建设,请协调加快办理。",
    categoryId: 1,
    publishName: false,
  });

  async function send(body: string | Buffer): Promise<{ status: number; type: string; json: unknown }> {
    const r = await fetch(`${app.url}/api/v1/appeals`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: typeof body === "string" ? body : new Blob([new Uint8Array(body)]),
    });
    const text = await r.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: r.status, type: r.headers.get("content-type") ?? "", json };
  }

  const count = async () =>
    Number(
      (
        await db
          .selectFrom("appeals")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test("malformed JSON, control characters anywhere, wrong types: 400 JSON with a Chinese error", async () => {
    const json = (o: unknown) => JSON.stringify(o);
    const cases: [string, string | Buffer][] = [
      ["truncated", `{"title": "厂房`],
      ["not JSON", "title=厂房扩建"],
      ["empty body", ""],
      ["trailing garbage", `${json(good())}xyz`],
      ["raw NUL byte", `{"title": "厂房\u0000扩建"}`],
      ["escaped NUL in a value", json({ ...good(), title: "厂房扩建\u0000用地审批" })],
      ["escaped NUL in the content", json({ ...good(), content: `${good().content}\u0000` })],
      ["escaped NUL in the contact name", json({ ...good(), contactName: "陈\u0000先生" })],
      ["escaped NUL in a key", `{"title\\u0000": "x", ${json(good()).slice(1)}`],
      ["escaped NUL in an extra field", json({ ...good(), note: "备注\u0000" })],
      ["NUL inside a nested extra", json({ ...good(), extra: { deep: ["\u0000"] } })],
      ["escape character", json({ ...good(), title: "厂房扩建\u001b[31m用地审批" })],
      ["bell", json({ ...good(), enterpriseName: "潮州市\u0007测试有限公司" })],
      ["DEL", json({ ...good(), title: "厂房扩建\u007f用地审批" })],
      ["C1 control", json({ ...good(), title: "厂房扩建\u0085用地审批" })],
      ["lone surrogate", `{"note": "\\ud800", ${json(good()).slice(1)}`],
      ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ["an array", json([good()])],
      ["null", "null"],
      ["a number", "42"],
      ["a string", json("诉求")],
      ["categoryId a word", json({ ...good(), categoryId: "abc" })],
      ["categoryId past int4", json({ ...good(), categoryId: 2147483648 })],
      ["categoryId 1e20", json({ ...good(), categoryId: 1e20 })],
      ["categoryId 99999999999999999999 as text", json({ ...good(), categoryId: "99999999999999999999" })],
      ["categoryId fraction", json({ ...good(), categoryId: 1.5 })],
      ["categoryId negative", json({ ...good(), categoryId: -1 })],
      ["categoryId unknown", json({ ...good(), categoryId: 999999 })],
      ["categoryId an object", json({ ...good(), categoryId: { id: 1 } })],
      ["title a number", json({ ...good(), title: 12345 })],
      ["title an array", json({ ...good(), title: ["厂房扩建用地审批"] })],
      ["publishName a word", json({ ...good(), publishName: "yes" })],
      ["contactPhone a number", json({ ...good(), contactPhone: 13800001111 })],
      ["deep nesting", "[".repeat(30_000) + "]".repeat(30_000)],
    ];
    const before = await count();
    const wrong: string[] = [];
    for (const [name, body] of cases) {
      const r = await send(body);
      const error = (r.json as { error?: unknown } | null)?.error;
      if (r.status !== 400 || !/^application\/json/.test(r.type) || typeof error !== "string" || !CHINESE.test(error))
        wrong.push(`${name}: ${r.status} ${r.type} ${JSON.stringify(r.json).slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await count()).toBe(before);
  });

  test("line breaks and tabs in the content are text, not control characters: the appeal is taken", async () => {
    const before = await count();
    const r = await send(
      JSON.stringify({ ...good(), content: `${good().content}\n第二段:\t附件另行提交。\r\n谢谢。` }),
    );
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(await count()).toBe(before + 1);
  });
});
