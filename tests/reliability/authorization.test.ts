/**
 * The authorization sweep (issue 7, part 6): every route file of app/routes, requested as every role and
 * as nobody, against the table of who may read it and who may post to it; then the same doors tried
 * across organisations, with ids changed in URLs and in form bodies. A route file the table does not
 * list fails the run, so a new page cannot ship without an access decision.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/connection";
import { PROJECT_ROOT } from "../../db/embedded";
import type { Database, Role } from "../../db/schema";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";
import {
  Client,
  hasAction,
  makeFixture,
  outcomeOf,
  ROLE_ACCOUNTS,
  ROLES,
  routeFiles,
  signIn,
  tableFingerprint,
  VIEWERS,
  type Fixture,
  type Outcome,
  type Viewer,
} from "./sweep-helpers";

const DATABASE = "zt_rel_authz";
const PORT = 3500;

/** Who may: anyone (no sign-in), or these roles (anyone else signed in is refused, nobody is sent to sign in). */
type Access = "public" | readonly Role[];

interface Rule {
  url: (f: Fixture, ids: Ids) => string;
  get: Access;
  /** Viewers whose permitted GET is answered with a redirect elsewhere than the sign-in page. */
  redirects?: readonly Viewer[] | "all" | "signed-in";
  /** Who may post; absent means the file has no action. "api": the intake API, authorised by key, never by cookie. */
  post?: Access | "api";
  /** A body that would do something real if the guard let it through. */
  body?: (f: Fixture, ids: Ids) => Record<string, string>;
}

interface Ids {
  assignment: number;
  countyAssignment: number;
  catalogItem: number;
  importId: number;
  enterprise2Org: number;
}

const OFFICE = ["platform_admin"] as const;
const DEPARTMENT = ["department"] as const;

/** SPEC §2: each role's pages; an enterprise, department or county only its own (checked again below). */
const TABLE: Record<string, Rule> = {
  "_index.tsx": { url: () => "/", get: "public" },
  // Everyone's own account: nothing here reaches another person's (the session decides whose).
  "account.tsx": { url: () => "/account", get: ROLES },
  "account._index.tsx": { url: () => "/account", get: ROLES },
  "account.password.tsx": {
    url: () => "/account/password",
    get: ROLES,
    post: ROLES,
    body: () => ({
      currentPassword: "Demo@2026",
      newPassword: "偷来的会话-改个密码-2026",
      newPasswordConfirm: "偷来的会话-改个密码-2026",
    }),
  },
  "account.two-factor.tsx": {
    url: () => "/account/two-factor",
    get: ROLES,
    post: ROLES,
    body: () => ({ code: "123456" }),
  },
  "account.sessions.tsx": {
    url: () => "/account/sessions",
    get: ROLES,
    post: ROLES,
    body: () => ({ intent: "others" }),
  },
  "account.contact.tsx": {
    url: () => "/account/contact",
    get: ["enterprise"],
    post: ["enterprise"],
    body: () => ({ intent: "save", contactName: "改名者", mobile: "13900001111", email: "x@example.com" }),
  },
  "admin.tsx": { url: () => "/admin", get: OFFICE, redirects: ["platform_admin"] },
  "admin._index.tsx": { url: () => "/admin", get: OFFICE, redirects: ["platform_admin"] },
  "admin.api-keys.tsx": {
    url: () => "/admin/api-keys",
    get: OFFICE,
    post: OFFICE,
    body: () => ({ intent: "create", organisationId: "3", label: "偷来的钥匙" }),
  },
  "admin.appeals.$trackingNumber.attachments.$id.ts": {
    url: (f) => `/admin/appeals/${f.own.trackingNumber}/attachments/${f.own.attachmentId}`,
    get: OFFICE,
  },
  "admin.appeals.$trackingNumber.tsx": {
    url: (f) => `/admin/appeals/${f.review.trackingNumber}`,
    get: OFFICE,
    post: OFFICE,
    body: () => ({ intent: "reply", body: "越权答复企业的内容,至少要有二十个字才算数的答复。" }),
  },
  "admin.calendar._index.tsx": { url: () => "/admin/calendar", get: OFFICE },
  "admin.calendar.$year.tsx": {
    url: () => "/admin/calendar/2026",
    get: OFFICE,
    post: OFFICE,
    body: () => ({ intent: "day", date: "2026-12-01", kind: "holiday", name: "假日" }),
  },
  "admin.categories.tsx": {
    url: () => "/admin/categories",
    get: OFFICE,
    post: OFFICE,
    body: () => ({ intent: "create", name: "越权类别" }),
  },
  "admin.cycles._index.tsx": { url: () => "/admin/cycles", get: OFFICE, post: OFFICE, body: () => ({ year: "2027" }) },
  "admin.cycles.$number.tsx": {
    url: (f) => `/admin/cycles/${f.cycleNumber + 3}`,
    get: OFFICE,
    post: OFFICE,
    body: () => ({ onsiteDate: "2026-12-08", reason: "越权改期" }),
  },
  "admin.cycles.$number_.catalog.tsx": {
    url: (f) => `/admin/cycles/${f.cycleNumber}/catalog`,
    get: OFFICE,
    post: OFFICE,
    body: (_, ids) => ({ intent: "summary", itemId: String(ids.catalogItem), summary: "越权修改目录摘要" }),
  },
  "admin.cycles.$number_.onsite.tsx": {
    url: (f) => `/admin/cycles/${f.cycleNumber}/onsite`,
    get: OFFICE,
    post: OFFICE,
    body: (_, ids) => ({ intent: "decision", itemId: String(ids.catalogItem), decision: "越权决定" }),
  },
  "admin.disclosure.tsx": {
    url: () => "/admin/disclosure",
    get: OFFICE,
    post: OFFICE,
    body: (f) => ({ intent: "publish", appealId: String(f.own.id) }),
  },
  "admin.handling._index.tsx": { url: () => "/admin/handling", get: OFFICE },
  "admin.organisations._index.tsx": { url: () => "/admin/organisations", get: OFFICE },
  "admin.organisations.$id.tsx": {
    url: (f) => `/admin/organisations/${f.organisationId}`,
    get: OFFICE,
    post: OFFICE,
    body: () => ({ intent: "set-active", active: "false" }),
  },
  "admin.organisations.new.tsx": {
    url: () => "/admin/organisations/new",
    get: OFFICE,
    post: OFFICE,
    body: () => ({ kind: "department", name: "越权新建的局", contactName: "某某", contactPhone: "0768-2222222" }),
  },
  "admin.outbox._index.tsx": { url: () => "/admin/outbox", get: OFFICE },
  "admin.outbox.$id.tsx": {
    url: (f) => `/admin/outbox/${f.outboxId}`,
    get: OFFICE,
    post: OFFICE,
    body: () => ({ intent: "resend" }),
  },
  "admin.registry._index.tsx": { url: () => "/admin/registry", get: OFFICE, post: OFFICE },
  "admin.registry.imports.$id.rejects.ts": {
    url: (_, ids) => `/admin/registry/imports/${ids.importId}/rejects`,
    get: OFFICE,
  },
  "admin.registry.imports.$id.tsx": { url: (_, ids) => `/admin/registry/imports/${ids.importId}`, get: OFFICE },
  "admin.roster.tsx": {
    url: () => "/admin/roster",
    get: OFFICE,
    post: OFFICE,
    body: () => ({ intent: "add", kind: "leader", name: "冒名领导", title: "副市长" }),
  },
  "admin.screening._index.tsx": {
    url: () => "/admin/screening",
    get: OFFICE,
    post: OFFICE,
    body: (f) => ({ intent: "reject", appealIds: String(f.review.id), reason: "其他", reasonText: "越权驳回" }),
  },
  "admin.security.tsx": { url: () => "/admin/security?kind=sign_in_failed&account=office", get: OFFICE },
  "admin.users._index.tsx": { url: () => "/admin/users", get: OFFICE },
  "admin.users.$id.tsx": {
    url: (f) => `/admin/users/${f.userId}`,
    get: OFFICE,
    post: OFFICE,
    body: () => ({ intent: "reset-password", password: "Stolen#2026", passwordConfirm: "Stolen#2026" }),
  },
  "admin.users.new.tsx": {
    url: () => "/admin/users/new",
    get: OFFICE,
    post: OFFICE,
    body: (f) => ({
      username: "intruder",
      displayName: "入侵者",
      role: "platform_admin",
      organisationId: String(f.organisationId),
      password: "Intruder#2026",
    }),
  },
  "agenda._index.tsx": { url: () => "/agenda", get: ["secretary_general", "leader"] },
  "agenda.$number.tsx": {
    url: (f) => `/agenda/${f.cycleNumber}`,
    get: ["secretary_general", "leader"],
    post: ["secretary_general"],
    body: (_, ids) => ({ intent: "entry", itemId: String(ids.catalogItem), proposedOpinion: "越权意见" }),
  },
  "agenda.$number_.opinions.tsx": {
    url: (f) => `/agenda/${f.cycleNumber}/opinions`,
    get: ["leader"],
    post: ["leader"],
    body: () => ({ intent: "return", reason: "越权退回处理意见" }),
  },
  "agenda.$number_.review.tsx": {
    url: (f) => `/agenda/${f.cycleNumber}/review`,
    get: ["leader"],
    post: ["leader"],
    body: () => ({ intent: "return", reason: "越权退回议程" }),
  },
  "api.v1.appeals.$trackingNumber.ts": { url: (f) => `/api/v1/appeals/${f.own.trackingNumber}`, get: [], post: "api" },
  "api.v1.appeals.ts": { url: () => "/api/v1/appeals", get: [], post: "api" },
  "api.v1.calendar-events.ts": { url: () => "/api/v1/calendar-events?start=2026-11-01&end=2026-11-30", get: "public" },
  "api.v1.cycles.ts": { url: () => "/api/v1/cycles?year=2026", get: "public" },
  "api.v1.openapi[.]json.ts": { url: () => "/api/v1/openapi.json", get: "public" },
  "appeals._index.tsx": { url: () => "/appeals", get: ["enterprise", "window_clerk", "hotline_operator"] },
  // The demo enterprise's own appeal: the window and the hotline did not register it.
  "appeals.$trackingNumber.tsx": {
    url: (f) => `/appeals/${f.own.trackingNumber}`,
    get: ["enterprise", "platform_admin"],
    post: ["enterprise"],
    body: () => ({ intent: "rate", rating: "dissatisfied", reason: "越权评价" }),
  },
  "appeals.new.tsx": { url: () => "/appeals/new", get: ["enterprise"], post: ["enterprise"] },
  "calendar.tsx": { url: () => "/calendar", get: "public" },
  "calendar[.]ics.ts": { url: () => "/calendar.ics", get: "public" },
  "catalogs._index.tsx": { url: () => "/catalogs", get: ["government_office", "platform_admin"] },
  "catalogs.$number.tsx": {
    url: (f) => `/catalogs/${f.cycleNumber}`,
    get: ["government_office", "platform_admin"],
    post: ["government_office"],
    body: () => ({ intent: "leader", leaderId: "2" }),
  },
  "commitments.tsx": { url: () => "/commitments", get: "public" },
  "cycles.$number.tsx": { url: (f) => `/cycles/${f.cycleNumber}`, get: "public" },
  "disclosure.tsx": { url: () => "/disclosure", get: "public" },
  // Printing follows the cycle: the supervisor prints only the approved handling opinions.
  "documents.$number.agenda[.]pdf.ts": {
    url: (f) => `/documents/${f.cycleNumber}/agenda.pdf`,
    get: ["platform_admin", "government_office", "leader", "secretary_general"],
  },
  "documents.$number.catalog[.]pdf.ts": {
    url: (f) => `/documents/${f.cycleNumber}/catalog.pdf`,
    get: ["platform_admin", "government_office", "leader", "secretary_general"],
  },
  "documents.$number.opinions[.]pdf.ts": {
    url: (f) => `/documents/${f.cycleNumber}/opinions.pdf`,
    get: ["platform_admin", "government_office", "leader", "secretary_general", "supervisor"],
  },
  "documents.monthly.$month.ts": {
    url: () => "/documents/monthly/2026-09",
    get: ["platform_admin", "supervisor", "government_office", "leader"],
  },
  "figures.tsx": { url: () => "/figures", get: ["platform_admin", "supervisor", "government_office", "leader"] },
  "handling._index.tsx": { url: () => "/handling", get: ["department", "county"] },
  // City level, led by the demo department; the demo county was never assigned it.
  "handling.$trackingNumber.attachments.$id.ts": {
    url: (f) => `/handling/${f.own.trackingNumber}/attachments/${f.own.attachmentId}`,
    get: DEPARTMENT,
  },
  "handling.$trackingNumber.tsx": {
    url: (f) => `/handling/${f.own.trackingNumber}`,
    get: DEPARTMENT,
    post: ["department", "county"],
    body: (_, ids) => ({ intent: "accept", assignmentId: String(ids.assignment) }),
  },
  "intake.new.tsx": {
    url: () => "/intake/new",
    get: ["window_clerk", "hotline_operator"],
    post: ["window_clerk", "hotline_operator"],
  },
  "login.tsx": { url: () => "/login", get: "public", redirects: "signed-in", post: "public" },
  "logout.tsx": { url: () => "/logout", get: "public", redirects: "all", post: "public" },
  // The second-factor step: a complete session is told it is done; nobody else gets past the password.
  "login_.two-factor.tsx": {
    url: () => "/login/two-factor",
    get: ROLES,
    post: ROLES,
    body: () => ({ code: "123456" }),
  },
  "register.tsx": { url: () => "/register", get: "public", redirects: "signed-in", post: "public" },
  "review._index.tsx": { url: () => "/review", get: ["registry_reviewer"] },
  "review.$trackingNumber.tsx": {
    url: (f) => `/review/${f.review.trackingNumber}`,
    get: ["registry_reviewer"],
    post: ["registry_reviewer"],
    body: () => ({ intent: "reject", reason: "越权驳回企业信息" }),
  },
  "supervision.ledger[.]pdf.ts": { url: () => "/supervision/ledger.pdf", get: ["supervisor", "platform_admin"] },
  "supervision.ledger[.]xlsx.ts": { url: () => "/supervision/ledger.xlsx", get: ["supervisor", "platform_admin"] },
  "supervision.tsx": {
    url: () => "/supervision",
    get: ["supervisor", "platform_admin"],
    post: ["supervisor"],
    body: (f) => ({ taskId: String(f.taskId), note: "越权督办" }),
  },
  "tasks._index.tsx": { url: () => "/tasks", get: DEPARTMENT },
  "tasks.$id.tsx": {
    url: (f) => `/tasks/${f.taskId}`,
    get: DEPARTMENT,
    post: DEPARTMENT,
    body: () => ({
      intent: "commit",
      responsibleLeader: "越权",
      responsiblePerson: "越权",
      deadline: "2026-12-31",
      measures: "越权公布的承诺措施",
    }),
  },
  "tasks.off-agenda.tsx": {
    url: () => "/tasks/off-agenda",
    get: DEPARTMENT,
    post: DEPARTMENT,
    body: (_, ids) => ({ itemId: String(ids.catalogItem), body: "越权答复未上会事项的内容。" }),
  },
  "workspace.tsx": { url: () => "/workspace", get: ROLES },
};

function expectedGet(rule: Rule, viewer: Viewer): Outcome {
  const allowed = rule.get === "public" || (viewer !== "anonymous" && rule.get.includes(viewer));
  if (!allowed) return viewer === "anonymous" ? "login" : "denied";
  const r = rule.redirects;
  if (r === "all" || (r === "signed-in" && viewer !== "anonymous") || (Array.isArray(r) && r.includes(viewer)))
    return "redirect";
  return "ok";
}

let server: PgServer;
let app: AppProcess;
let db: Kysely<Database>;
let fx: Fixture;
let ids: Ids;
const clients = new Map<string, Client>();
const as = (v: Viewer | string) => clients.get(v)!;

/** Every public table's content, the outbox aside (sweep-helpers.ts). */
const fingerprint = () => tableFingerprint(db, { skipTables: ["notifications"], skipColumns: ["last_seen_at"] });

beforeAll(async () => {
  server = await pgServer();
  const url = await freshDatabase(server, DATABASE);
  app = appProcess({ port: PORT, databaseUrl: url, env: { APP_NOW: "2026-11-20T10:00:00+08:00" } });
  await app.start();
  db = createDb(url, 2);
  fx = await makeFixture(db);
  for (const v of VIEWERS)
    clients.set(v, v === "anonymous" ? new Client(app.url, v) : await signIn(app.url, ROLE_ACCOUNTS[v]));
  for (const username of Object.values(fx.others)) clients.set(username, await signIn(app.url, username));

  // A registry import of the office's, for the import pages.
  const upload = new FormData();
  upload.append("file", new Blob(["统一社会信用代码,企业名称\n"], { type: "text/csv" }), "sample.csv");
  const imported = await as("platform_admin").post("/admin/registry", upload);
  expect(imported.status, imported.text.slice(0, 300)).toBe(302);
  const [assignment, countyAssignment, catalogItem, enterprise2Org] = await Promise.all([
    db.selectFrom("appeal_assignments").select("id").where("appeal_id", "=", fx.own.id).executeTakeFirstOrThrow(),
    db
      .selectFrom("appeal_assignments")
      .select("id")
      .where("appeal_id", "=", fx.countyAppeal.id)
      .executeTakeFirstOrThrow(),
    db.selectFrom("catalog_items").select("id").orderBy("id").executeTakeFirstOrThrow(),
    db
      .selectFrom("users")
      .select("organisation_id")
      .where("username", "=", fx.others.enterprise)
      .executeTakeFirstOrThrow(),
  ]);
  ids = {
    assignment: assignment.id,
    countyAssignment: countyAssignment.id,
    catalogItem: catalogItem.id,
    importId: Number(imported.location!.split("/").pop()),
    enterprise2Org: enterprise2Org.organisation_id,
  };
});

afterAll(async () => {
  await db?.destroy();
  await app?.stop();
  if (server) await dropDatabase(server, DATABASE);
  await server?.stop();
});

describe("every route, as every role and as nobody", () => {
  test("the table lists every route file, and says who may post to each that has an action", () => {
    const files = routeFiles().map((r) => r.file);
    expect(files.length).toBeGreaterThan(60);
    expect(
      files.filter((f) => !(f in TABLE)),
      "route files without an access decision in TABLE",
    ).toEqual([]);
    expect(
      Object.keys(TABLE).filter((f) => !files.includes(f)),
      "TABLE rows without a route file",
    ).toEqual([]);
    for (const file of files) {
      const source = readFileSync(path.join(PROJECT_ROOT, "app", "routes", file), "utf8");
      expect(hasAction(source), `${file}: an action needs a post rule (and only an action has one)`).toBe(
        TABLE[file].post !== undefined,
      );
    }
  });

  test("GET: each viewer gets the page, the sign-in page, or a refusal, as the table says", async () => {
    const wrong: string[] = [];
    let requests = 0;
    for (const [file, rule] of Object.entries(TABLE)) {
      const url = rule.url(fx, ids);
      await Promise.all(
        VIEWERS.map(async (v) => {
          const r = await as(v).get(url);
          requests += 1;
          const got = outcomeOf(r);
          const want = expectedGet(rule, v);
          // The intake API answers to its key only: a session is not a credential there.
          const apiOk = rule.post === "api" && (r.status === 401 || r.status === 405);
          if (rule.post === "api" ? !apiOk : got !== want)
            wrong.push(`${file} ${url} as ${v}: ${r.status} (${got}), want ${want}`);
          if (got === "login") expect(r.location).toBe(`/login?redirectTo=${encodeURIComponent(url)}`);
        }),
      );
    }
    expect(wrong).toEqual([]);
    expect(requests).toBe(Object.keys(TABLE).length * VIEWERS.length);
  });

  test("POST: everyone the table does not allow is refused, and nothing changes", async () => {
    const before = await fingerprint();
    const wrong: string[] = [];
    for (const [file, rule] of Object.entries(TABLE)) {
      const url = rule.url(fx, ids);
      if (rule.post === undefined) {
        // No action: nobody can post here, signed in or not.
        for (const v of ["anonymous", "platform_admin"] as const) {
          const r = await as(v).post(url, { intent: "delete" });
          if (r.status !== 405) wrong.push(`${file} POST as ${v}: ${r.status}, want 405`);
        }
        continue;
      }
      if (rule.post === "public") continue;
      const body = rule.body?.(fx, ids) ?? { intent: "submit" };
      for (const v of VIEWERS) {
        const allowed = rule.post !== "api" && v !== "anonymous" && rule.post.includes(v);
        if (allowed) continue;
        const r = await as(v).post(url, body);
        const got = outcomeOf(r);
        const want = rule.post === "api" ? "api" : v === "anonymous" ? "login" : "denied";
        const refused = want === "api" ? r.status === 401 || r.status === 405 : got === want;
        if (!refused) wrong.push(`${file} POST as ${v}: ${r.status} (${got}), want ${want}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });
});

describe("across organisations: ids changed in URLs and in bodies", () => {
  test("an enterprise reads and rates only its own appeals", async () => {
    const other = as(fx.others.enterprise);
    expect((await other.get(`/appeals/${fx.own.trackingNumber}`)).status).toBe(404);
    expect((await other.get(`/appeals/${fx.countyAppeal.trackingNumber}`)).status).toBe(404);
    const before = await fingerprint();
    const rated = await other.post(`/appeals/${fx.own.trackingNumber}`, {
      intent: "rate",
      rating: "dissatisfied",
      reason: "越权",
    });
    expect(rated.status).toBe(404);
    expect(await fingerprint()).toEqual(before);
    const list = await other.get("/appeals");
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(fx.own.trackingNumber);
    const mine = await as("enterprise").get("/appeals");
    expect(mine.text).toContain(fx.own.trackingNumber);
    expect(mine.text).not.toContain(fx.countyAppeal.trackingNumber);
  });

  test("an enterprise cannot book in another enterprise's name by changing the code in the form", async () => {
    const demo = await db
      .selectFrom("users as u")
      .innerJoin("organisations as o", "o.id", "u.organisation_id")
      .innerJoin("enterprises as e", "e.id", "o.enterprise_id")
      .select(["e.credit_code", "e.name", "o.id"])
      .where("u.username", "=", "enterprise")
      .executeTakeFirstOrThrow();
    const form = new FormData();
    for (const [k, v] of Object.entries({
      creditCode: demo.credit_code,
      enterpriseName: demo.name,
      contactName: "冒名者",
      contactPhone: "13900002222",
      title: "冒用他人名义的诉求",
      content: "这是一条冒用其他企业名义提交的诉求内容,应当以本账号企业的名义登记。",
      categoryId: "1",
      submissionKey: crypto.randomUUID(),
    }))
      form.append(k, v);
    const r = await as(fx.others.enterprise).post("/appeals/new", form);
    expect(r.status, r.text.slice(0, 300)).toBe(302);
    const made = await db
      .selectFrom("appeals")
      .select(["credit_code", "enterprise_organisation_id"])
      .where("title", "=", "冒用他人名义的诉求")
      .executeTakeFirstOrThrow();
    expect(made.credit_code).not.toBe(demo.credit_code);
    expect(made.enterprise_organisation_id).toBe(ids.enterprise2Org);
    expect((await as("enterprise").get("/appeals")).text).not.toContain("冒用他人名义的诉求");
  });

  test("the window and the hotline read only what they registered", async () => {
    expect((await as("window_clerk").get(`/appeals/${fx.review.trackingNumber}`)).status).toBe(200);
    expect((await as("hotline_operator").get(`/appeals/${fx.review.trackingNumber}`)).status).toBe(404);
    expect((await as("window_clerk").get(`/appeals/${fx.own.trackingNumber}`)).status).toBe(404);
  });

  test("a department or county reaches only what was assigned to it, whatever id the URL or form carries", async () => {
    const dept2 = as(fx.others.department);
    const county2 = as(fx.others.county);
    for (const url of [
      `/handling/${fx.own.trackingNumber}`,
      `/handling/${fx.own.trackingNumber}/attachments/${fx.own.attachmentId}`,
      `/tasks/${fx.taskId}`,
    ])
      expect((await dept2.get(url)).status, url).toBe(404);
    expect((await dept2.get("/tasks")).text).not.toContain(`/tasks/${fx.taskId}"`);
    expect((await as("county").get(`/handling/${fx.countyAppeal.trackingNumber}`)).status).toBe(200);
    expect((await county2.get(`/handling/${fx.countyAppeal.trackingNumber}`)).status).toBe(404);
    expect((await as("department").get(`/handling/${fx.countyAppeal.trackingNumber}`)).status).toBe(404);
    // The department's own appeal in the URL, another appeal's attachment id.
    expect(
      (await as("department").get(`/handling/${fx.own.trackingNumber}/attachments/${fx.countyAppeal.attachmentId}`))
        .status,
    ).toBe(404);
    expect(
      (await as("county").get(`/handling/${fx.countyAppeal.trackingNumber}/attachments/${fx.own.attachmentId}`)).status,
    ).toBe(404);

    const before = await fingerprint();
    const tries: [Client, string, Record<string, string>][] = [
      [dept2, `/handling/${fx.own.trackingNumber}`, { intent: "accept", assignmentId: String(ids.assignment) }],
      // Its own appeal in the URL, the county's assignment in the body, and the reverse.
      [
        as("department"),
        `/handling/${fx.own.trackingNumber}`,
        { intent: "accept", assignmentId: String(ids.countyAssignment) },
      ],
      [
        as("department"),
        `/handling/${fx.countyAppeal.trackingNumber}`,
        { intent: "accept", assignmentId: String(ids.assignment) },
      ],
      [
        county2,
        `/handling/${fx.countyAppeal.trackingNumber}`,
        {
          intent: "escalate",
          assignmentId: String(ids.countyAssignment),
          opinion: "越权申请提级的县区意见,内容足够长。",
          submissionKey: crypto.randomUUID(),
        },
      ],
      [
        dept2,
        `/tasks/${fx.taskId}`,
        { intent: "progress", body: "越权填写的办理进展", submissionKey: crypto.randomUUID() },
      ],
      [dept2, "/tasks/off-agenda", { itemId: String(ids.catalogItem), body: "越权答复未上会事项的内容。" }],
    ];
    for (const [client, url, body] of tries) {
      const r = await client.post(url, body);
      expect([403, 404, 409], `${client.label} POST ${url} ${JSON.stringify(body)}: ${r.status}`).toContain(r.status);
    }
    expect(await fingerprint()).toEqual(before);
  });

  test("a leader or secretary-general not on the cycle sees neither its agenda nor its documents", async () => {
    const n = fx.cycleNumber;
    for (const url of [
      `/agenda/${n}`,
      `/agenda/${n}/review`,
      `/agenda/${n}/opinions`,
      `/documents/${n}/catalog.pdf`,
      `/documents/${n}/agenda.pdf`,
    ])
      expect((await as(fx.others.leader).get(url)).status, url).toBe(404);
    for (const url of [`/agenda/${n}`, `/documents/${n}/catalog.pdf`, `/documents/${n}/agenda.pdf`])
      expect((await as(fx.others.secretary).get(url)).status, url).toBe(404);
    const before = await fingerprint();
    const r = await as(fx.others.secretary).post(`/agenda/${n}`, {
      intent: "entry",
      itemId: String(ids.catalogItem),
      proposedOpinion: "越权",
    });
    expect(r.status).toBe(404);
    expect(await fingerprint()).toEqual(before);
  });

  test("the registry reviewer reads only appeals sent for registry review", async () => {
    expect((await as("registry_reviewer").get(`/review/${fx.review.trackingNumber}`)).status).toBe(200);
    for (const a of [fx.own, fx.countyAppeal]) {
      const r = await as("registry_reviewer").get(`/review/${a.trackingNumber}`);
      expect(r.status, a.trackingNumber).toBe(404);
      expect(r.text).not.toContain("13900007001");
    }
  });
});
