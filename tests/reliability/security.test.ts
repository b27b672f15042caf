/**
 * The security sweep (issue 7, part 6): cross-site form posts refused; stored-XSS payloads in free-text
 * fields rendered inert in pages, PDFs and emails; oversized and mistyped uploads refused with nothing
 * stored; the security headers on pages, files and API answers.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { REGISTRY_UPLOAD_DIR } from "../../app/services/registry-import.server";
import { appealForm, rowCount } from "./appeal-form";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";
import {
  Client,
  type Fixture,
  idOf,
  makeFixture,
  type Origin,
  ROLE_ACCOUNTS,
  screenToLead,
  signIn,
  TINY_PDF,
} from "./sweep-helpers";

const DATABASE = "zt_rel_authz_security";
const PORT = 3501;

const SCRIPT = `<script>alert("zt")</script>`;
const IMG = `<img src=x onerror=alert(1)>`;
/** What must never reach a page as markup. */
const RAW = [SCRIPT, IMG, "<script>alert", "<img src=x"];

let server: PgServer;
let app: AppProcess;
let db: Kysely<Database>;
let fx: Fixture;
const clients = new Map<string, Client>();
const as = (role: keyof typeof ROLE_ACCOUNTS) => clients.get(role)!;

beforeAll(async () => {
  server = await pgServer();
  const url = await freshDatabase(server, DATABASE);
  app = appProcess({ port: PORT, databaseUrl: url, env: { APP_NOW: "2026-11-20T10:00:00+08:00" } });
  await app.start();
  db = createDb(url, 2);
  fx = await makeFixture(db);
  for (const role of [
    "enterprise",
    "platform_admin",
    "department",
    "supervisor",
    "government_office",
    "leader",
  ] as const)
    clients.set(role, await signIn(app.url, ROLE_ACCOUNTS[role]));
});

afterAll(async () => {
  await db?.destroy();
  await app?.stop();
  if (server) await dropDatabase(server, DATABASE);
  await server?.stop();
});

const count = (table: "appeals" | "appeal_attachments" | "registry_imports" | "appeal_replies") => rowCount(db, table);

function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zt-authz-pdf-"));
  try {
    const file = path.join(dir, "doc.pdf");
    writeFileSync(file, bytes);
    return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("cross-site requests", () => {
  const account = (c: Client, how: { origin: Origin; headers?: Record<string, string> }, name: string) =>
    c.send("POST", "/account/contact", { form: { contactName: name, mobile: "13900004444" }, ...how });

  test("a form posted from another site, a sandboxed frame or a sibling site is refused and changes nothing", async () => {
    const c = as("enterprise");
    const refused = [
      { origin: "cross" as const },
      { origin: "null" as const },
      { origin: "cross-fetch-site" as const },
      { origin: "none" as const, headers: { Origin: "http://evil.127.0.0.1.nip.io", "Sec-Fetch-Site": "same-site" } },
    ];
    for (const how of refused) {
      const r = await account(c, how, "跨站改名");
      expect(r.status, JSON.stringify(how)).toBe(403);
      expect(r.text).toBe("跨站请求已被拒绝");
    }
    expect((await c.get("/account/contact")).text).not.toContain("跨站改名");
    // The same form from the app's own page goes through: the refusals above are about the origin alone.
    const own = await account(c, { origin: "same", headers: { "Sec-Fetch-Site": "same-origin" } }, "本站改名");
    expect(own.status, own.text.slice(0, 300)).toBe(200);
    expect((await c.get("/account/contact")).text).toContain("本站改名");
  });

  test("signing in or out from another site is refused; API callers, which send no Origin, are not", async () => {
    const stranger = new Client(app.url, "stranger");
    const login = await stranger.post("/login", { username: "office", password: "Demo@2026" }, "cross");
    expect(login.status).toBe(403);
    expect(stranger.signedIn).toBe(false);
    const out = await as("platform_admin").post("/logout", {}, "cross-fetch-site");
    expect(out.status).toBe(403);
    expect((await as("platform_admin").get("/admin/users")).status).toBe(200);
    const api = await new Client(app.url, "hotline-system").send("POST", "/api/v1/appeals", {
      json: {},
      origin: "none",
    });
    expect(api.status).toBe(401);
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async () => {
    const r = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: new URLSearchParams({ username: "supervisor", password: "Demo@2026" }),
      redirect: "manual",
    });
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith("__zt_session="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });
});

describe("stored XSS", () => {
  test("payloads in free-text fields are text in every page, PDF and email that shows them", async () => {
    const office = as("platform_admin");
    const dept = as("department");
    const enterprise = as("enterprise");

    // The lead department's name (shown on handling pages, the catalog and the ledger).
    const deptId = await idOf(db, "organisations", "name", "市工业和信息化局");
    const renamed = await office.post(`/admin/organisations/${deptId}`, {
      intent: "update",
      name: `市工业和信息化局${IMG}`,
      shortName: "工信局",
      contactName: "许丽娟",
      contactPhone: "0768-2230002",
    });
    expect(renamed.status, renamed.text.slice(0, 300)).toBe(200);

    // The enterprise's contact, its appeal's title, content and contact name.
    expect((await enterprise.post("/account/contact", { contactName: IMG, mobile: "13900005555" })).status).toBe(200);
    const filed = await enterprise.post(
      "/appeals/new",
      appealForm({
        title: `${SCRIPT}标题`,
        content: `${IMG}${SCRIPT}——我司厂房供电线路尚未接入,请协调加快办理。`,
        contactName: IMG,
        contactEmail: "chen@example.com",
      }),
    );
    expect(filed.status, filed.text.slice(0, 500)).toBe(302);
    const trackingNumber = filed.location!.split("/").pop()!.split("?")[0];
    const appeal = await db
      .selectFrom("appeals")
      .select("id")
      .where("tracking_number", "=", trackingNumber)
      .executeTakeFirstOrThrow();
    const assignmentId = await screenToLead(db, appeal.id, deptId, new Date("2026-11-20T09:00:00+08:00"));

    // The department's acceptance and opinion; its commitment and progress on the task.
    const handle = (body: Record<string, string>) =>
      dept.post(`/handling/${trackingNumber}`, { assignmentId: String(assignmentId), ...body });
    expect((await handle({ intent: "accept" })).status).toBe(200);
    const opinion = await handle({ intent: "opinion", body: `办理意见${SCRIPT}${IMG}`, submissionKey: randomUUID() });
    expect(opinion.status, opinion.text.slice(0, 300)).toBe(200);
    const urged = await as("supervisor").post("/supervision", { taskId: String(fx.taskId), note: `督办意见${SCRIPT}` });
    expect(urged.status, urged.text.slice(0, 300)).toBe(200);
    const committed = await dept.post(`/tasks/${fx.taskId}`, {
      intent: "commit",
      responsibleLeader: IMG,
      responsiblePerson: "许丽娟",
      deadline: "2026-12-31",
      measures: `工作措施${SCRIPT}${IMG}`,
    });
    expect(committed.status, committed.text.slice(0, 300)).toBe(200);
    const progress = await dept.post(`/tasks/${fx.taskId}`, {
      intent: "progress",
      body: `办理进展${SCRIPT}`,
      submissionKey: randomUUID(),
    });
    expect(progress.status, progress.text.slice(0, 300)).toBe(200);

    const pages: [Client, string][] = [
      [enterprise, `/appeals/${trackingNumber}`],
      [enterprise, "/appeals"],
      [enterprise, "/account/contact"],
      [office, `/admin/appeals/${trackingNumber}`],
      [office, "/admin/screening"],
      [office, "/admin/handling"],
      [office, "/admin/organisations"],
      [office, `/admin/organisations/${deptId}`],
      [office, "/admin/outbox"],
      [office, `/admin/cycles/${fx.cycleNumber}/catalog`],
      [office, `/admin/cycles/${fx.cycleNumber}/onsite`],
      [office, "/supervision"],
      [dept, `/handling/${trackingNumber}`],
      [dept, "/handling"],
      [dept, `/tasks/${fx.taskId}`],
      [dept, "/tasks"],
      [as("supervisor"), "/supervision"],
      [as("government_office"), `/catalogs/${fx.cycleNumber}`],
      [as("leader"), `/agenda/${fx.cycleNumber}`],
      [new Client(app.url, "public"), "/commitments"],
    ];
    let shown = 0;
    for (const [c, url] of pages) {
      const r = await c.get(url);
      expect(r.status, `${c.label} ${url}`).toBe(200);
      for (const raw of RAW) expect(r.text, `${c.label} ${url} holds ${raw}`).not.toContain(raw);
      if (r.text.includes("&lt;script&gt;alert") || r.text.includes("&lt;img src=x onerror")) shown += 1;
    }
    // The payloads did reach the pages, as text: the check above is not about pages that never show them.
    expect(shown).toBeGreaterThanOrEqual(10);

    // PDFs: the payload is printed as the characters it is (table cells wrap it, hence no spaces compared).
    for (const [c, url, expected] of [
      [office, `/documents/${fx.cycleNumber}/catalog.pdf`, "<img"],
      [office, "/supervision/ledger.pdf", SCRIPT],
    ] as const) {
      const r = await c.get(url);
      expect(r.status, url).toBe(200);
      expect(r.type).toBe("application/pdf");
      expect(r.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pdfText(r.bytes).replace(/\s+/g, ""), url).toContain(expected.replace(/\s+/g, ""));
    }

    // Emails: the HTML part escapes the payload; the office's preview of it shows it escaped again.
    const mails = await db
      .selectFrom("notifications")
      .select(["id", "template", "body_text", "body_html"])
      .where("channel", "=", "email")
      .where((e) => e.or([e("body_text", "like", "%<script>%"), e("body_text", "like", "%<img src=x%")]))
      .execute();
    expect(mails.length, "emails carrying a payload").toBeGreaterThanOrEqual(2);
    for (const m of mails) {
      expect(m.body_html, m.template).toBeTruthy();
      for (const raw of RAW) expect(m.body_html, `${m.template} holds ${raw}`).not.toContain(raw);
      expect(m.body_html).toMatch(/&lt;(script|img)/);
      const preview = await office.get(`/admin/outbox/${m.id}`);
      expect(preview.status).toBe(200);
      for (const raw of RAW) expect(preview.text, `outbox ${m.id} holds ${raw}`).not.toContain(raw);
    }
  });
});

describe("uploads", () => {
  test("an attachment of the wrong type, too large, or one too many is refused in Chinese and nothing is stored", async () => {
    const enterprise = as("enterprise");
    const [appeals, attachments] = [await count("appeals"), await count("appeal_attachments")];
    const oversized = Buffer.concat([TINY_PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const cases: [string, [string, Buffer][], RegExp][] = [
      ["HTML named .pdf", [["说明.pdf", Buffer.from(`<html>${SCRIPT}</html>`)]], /不是可接受的文件类型/],
      ["a program named .docx", [["合同.docx", Buffer.from("MZ\x90\x00\x03\x00\x00\x00")]], /不是可接受的文件类型/],
      [
        "an SVG image",
        [["图.png", Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)]],
        /不是可接受的文件类型/,
      ],
      ["over 10 MB", [["大文件.pdf", oversized]], /10 MB/],
      ["six files", Array.from({ length: 6 }, (_, i) => [`附件${i}.pdf`, TINY_PDF] as [string, Buffer]), /最多 5 个/],
    ];
    for (const [what, files, message] of cases) {
      const r = await enterprise.post("/appeals/new", appealForm({ title: `上传测试${what}` }, files));
      expect(r.status, what).toBe(400);
      expect(r.text, what).toMatch(message);
    }
    expect(await count("appeals")).toBe(appeals);
    expect(await count("appeal_attachments")).toBe(attachments);

    // A department's opinion with a mistyped attachment: refused, no reply and no file kept.
    const assignment = await db
      .selectFrom("appeal_assignments")
      .select("id")
      .where("appeal_id", "=", fx.own.id)
      .executeTakeFirstOrThrow();
    const replies = await count("appeal_replies");
    const form = new FormData();
    for (const [k, v] of Object.entries({
      intent: "opinion",
      assignmentId: String(assignment.id),
      body: "办理意见正文,附上材料一份供参考。",
      submissionKey: randomUUID(),
    }))
      form.append(k, v);
    form.append("attachments", new Blob([`<html>${SCRIPT}</html>`]), "材料.pdf");
    const r = await as("department").post(`/handling/${fx.own.trackingNumber}`, form);
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/附件有误/);
    expect(await count("appeal_replies")).toBe(replies);
    expect(await count("appeal_attachments")).toBe(attachments);
  });

  test("a form of many files is cut off as it arrives, not held in memory first", async () => {
    const pid = app.pid()!;
    const status = () => readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status())![1]);
    // Reset the peak resident size to now, so the peak read after the upload is this upload's.
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    const before = kb("VmRSS");
    // Six files under the form's cap of 51 MB (a larger form is refused at the edge before it is read,
    // tests/reliability/edge.test.ts): the parser itself must stop at the sixth.
    const eightMb = Buffer.concat([TINY_PDF, Buffer.alloc(8 * 1024 * 1024, 0x20)]);
    const appeals = await count("appeals");
    const files = Array.from({ length: 6 }, (_, i) => [`附件${i}.pdf`, eightMb] as [string, Buffer]);
    const r = await as("enterprise").post("/appeals/new", appealForm({ title: "六个附件的诉求" }, files));
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/最多 5 个/);
    expect(await count("appeals")).toBe(appeals);
    // 48 MB were sent; the server never held more than the five files it may accept.
    expect((kb("VmHWM") - before) / 1024).toBeLessThan(120);
  });

  test("a registry file of the wrong type is refused in Chinese, with no import recorded and no file left behind", async () => {
    const leftovers = () => (existsSync(REGISTRY_UPLOAD_DIR) ? readdirSync(REGISTRY_UPLOAD_DIR).length : 0);
    const [imports, files] = [await count("registry_imports"), leftovers()];
    for (const [name, bytes, message] of [
      ["registry.exe", Buffer.from("MZ\x90\x00\x03\x00"), /仅支持 CSV/],
      ["registry.xlsx", Buffer.from("统一社会信用代码,企业名称\n"), /不是有效的 XLSX/],
      ["registry.csv", Buffer.alloc(0), /请选择|文件是空的/],
    ] as const) {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(bytes)]), name);
      const r = await as("platform_admin").post("/admin/registry", form);
      expect(r.status, name).toBe(400);
      expect(r.text, name).toMatch(message);
    }
    expect(await count("registry_imports")).toBe(imports);
    expect(leftovers()).toBe(files);
  });
});

describe("security headers", () => {
  test("CSP frame-ancestors 'none', nosniff and X-Frame-Options on pages, files, API answers and refusals", async () => {
    const anonymous = new Client(app.url, "anonymous");
    const office = as("platform_admin");
    const checked: [Client, string, number][] = [
      [anonymous, "/", 200],
      [anonymous, "/login", 200],
      [anonymous, "/no-such-page", 404],
      [as("enterprise"), "/admin/users", 403],
      [anonymous, "/workspace", 302],
      [office, `/documents/${fx.cycleNumber}/catalog.pdf`, 200],
      [office, "/supervision/ledger.xlsx", 200],
      [office, `/admin/appeals/${fx.own.trackingNumber}/attachments/${fx.own.attachmentId}`, 200],
      [anonymous, "/calendar.ics", 200],
      [anonymous, "/api/v1/cycles?year=2026", 200],
      [anonymous, "/api/v1/openapi.json", 200],
      [anonymous, `/api/v1/appeals/${fx.own.trackingNumber}`, 401],
      [anonymous, "/favicon.svg", 200],
    ];
    for (const [c, url, status] of checked) {
      const r = await c.get(url);
      expect(r.status, url).toBe(status);
      expect(r.headers.get("content-security-policy"), url).toMatch(/frame-ancestors 'none'/);
      // A file route may set nosniff itself as well ("nosniff, nosniff"): browsers read the first value.
      expect(r.headers.get("x-content-type-options")?.split(/,\s*/), url).toSatisfy((v: string[]) =>
        v.every((x) => x === "nosniff"),
      );
      expect(r.headers.get("x-frame-options"), url).toBe("DENY");
    }
    const refused = await as("enterprise").post(
      "/account/contact",
      { contactName: "某某", mobile: "13900006666" },
      "cross",
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
    const file = await office.get(`/admin/appeals/${fx.own.trackingNumber}/attachments/${fx.own.attachmentId}`);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
  });
});
