/**
 * Personal data shown only where needed (issue 13, item 11), tried against the built app: every page, export
 * and file that each role (and nobody) can reach — crawled from the workspace and the home page by following
 * links, plus the appeals' own pages and the exports named outright — is searched for a full mobile number.
 * A full number may appear only on the pages where someone needs it: the appeal's own page for those who
 * handle it, the enterprise's own account, and the office's organisation, account and message pages. A
 * mobile written into a commitment's text never leaves on a public page or in a file.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/connection";
import type { Database, Role } from "../../db/schema";
import { submitAppeal } from "../../app/services/appeals.server";
import { disputeAssignment, reassignDisputed } from "../../app/services/handling.server";
import { rejectAtRegistryReview } from "../../app/services/registry-review.server";
import { screenAppeal } from "../../app/services/screening.server";
import { publishCommitment } from "../../app/services/tasks.server";
import { ok } from "../e2e/after-meeting-fixture";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";
import {
  Client,
  type Fixture,
  idOf,
  makeFixture,
  organisationOfUsername,
  ROLE_ACCOUNTS,
  type Sent,
  signIn,
  type Viewer,
  VIEWERS,
} from "./sweep-helpers";

const DATABASE = "zt_rel_personal_data";
const PORT = 3551;

/** A mainland mobile number standing alone (not part of a longer run of digits). */
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** The fixture's appeals' contact (makeFixture), the on-site appeal's, and the demo enterprise's own mobile. */
const APPEAL_PHONE = "13900007001";
const ONSITE_PHONE = "13900007040";
const ENTERPRISE_PHONE = "13800000000";
/** This file's own: an appeal reassigned away from the demo department, and one the reviewer turned down. */
const REASSIGNED_PHONE = "13900007002";
const DECIDED_PHONE = "13900007003";
/** A department officer's mobile written into a published commitment. */
const WRITTEN_PHONE = "13600001234";

/**
 * The pages where a viewer may meet a full number: the appeal's own page (whether it is the viewer's to
 * handle is checked number by number below), the enterprise's own account, the office's organisation,
 * account and message pages.
 */
const OWN_PAGES: Partial<Record<Role, RegExp[]>> = {
  platform_admin: [
    /^\/admin\/appeals\/[^/]+$/,
    /^\/admin\/organisations\/\d+$/,
    /^\/admin\/users\/\d+$/,
    /^\/admin\/outbox\/\d+$/,
  ],
  enterprise: [/^\/account\/contact$/, /^\/appeals\/new$/, /^\/appeals\/[^/]+$/],
  window_clerk: [/^\/appeals\/[^/]+$/],
  hotline_operator: [/^\/appeals\/[^/]+$/],
  department: [/^\/handling\/[^/]+$/, /^\/tasks\/\d+$/],
  county: [/^\/handling\/[^/]+$/],
  registry_reviewer: [/^\/review\/[^/]+$/],
};

/** Pages anyone may read without signing in, whoever reads them. */
const PUBLIC = [/^\/$/, /^\/calendar/, /^\/commitments/, /^\/disclosure/, /^\/cycles\//, /^\/api\//];

let server: PgServer;
let app: AppProcess;
let db: Kysely<Database>;
let fx: Fixture;
let reassigned: string;
let decided: string;
let enterpriseOrg: number;
const clients = new Map<string, Client>();
const roleOf = new Map<string, Viewer>();
const tmp = mkdtempSync(path.join(os.tmpdir(), "zt-personal-"));
const as = (who: string) => clients.get(who)!;

/** One more appeal of another registry enterprise, through the service as the booking form would. */
async function intake(
  title: string,
  contactPhone: string,
  ctx: { channel: "online" | "window"; registeredBy: number | null },
  name?: string,
) {
  const category = await db.selectFrom("appeal_categories").select("id").orderBy("position").executeTakeFirstOrThrow();
  const [e] = await db
    .selectFrom("enterprises")
    .select(["credit_code", "name"])
    .where("region_code", "=", "445102")
    .orderBy("id")
    .offset(7)
    .limit(1)
    .execute();
  const r = await submitAppeal(
    db,
    {
      creditCode: e.credit_code,
      enterpriseName: name ?? e.name,
      title,
      contactName: "林经理",
      contactPhone,
      content: "我司厂区外道路年久失修,大型货车无法通行,影响原料进厂和产品出厂,请协调有关部门尽快修复。",
      categoryId: category.id,
      publishName: false,
    },
    [],
    {
      ...ctx,
      enterpriseOrganisationId: null,
      submissionKey: `personal:${randomUUID()}`,
      now: new Date("2026-11-18T11:00:00+08:00"),
    },
  );
  if (!r.ok) throw new Error(r.error);
  return r;
}

beforeAll(async () => {
  server = await pgServer();
  const url = await freshDatabase(server, DATABASE);
  app = appProcess({ port: PORT, databaseUrl: url, env: { APP_NOW: "2026-11-20T10:00:00+08:00" } });
  await app.start();
  db = createDb(url, 2);
  fx = await makeFixture(db);
  const [office, dept, reviewer, windowClerk, dept2Org] = await Promise.all([
    idOf(db, "users", "username", "office"),
    idOf(db, "users", "username", "dept"),
    idOf(db, "users", "username", "reviewer"),
    idOf(db, "users", "username", "window"),
    idOf(db, "organisations", "name", "市发展和改革局"),
  ]);
  enterpriseOrg = await organisationOfUsername(db, "enterprise");

  // The demo department commits to its task, with an officer's mobile in the text.
  ok(
    await publishCommitment(db, {
      taskId: fx.taskId,
      organisationId: fx.organisationId,
      responsibleLeader: "王副局长",
      responsiblePerson: `李科长(${WRITTEN_PHONE})`,
      deadline: "2026-12-31",
      measures: `成立专班协调供电接入,企业可直接联系李科长,电话${WRITTEN_PHONE}。`,
      userId: dept,
      now: new Date("2026-09-10T10:00:00+08:00"),
    }),
  );

  // Led by the demo department, disputed, reassigned to 市发展和改革局: the demo department no longer handles it.
  const r = await intake("厂区外道路修复诉求", REASSIGNED_PHONE, { channel: "online", registeredBy: null });
  reassigned = r.trackingNumber;
  const at = (h: number) => new Date(new Date("2026-11-18T11:00:00+08:00").getTime() + h * 3_600_000);
  ok(
    await screenAppeal(
      db,
      r.appealId,
      { kind: "city", leadId: fx.organisationId, coIds: [] },
      { actorId: office, now: at(1) },
    ),
  );
  const assignment = await db
    .selectFrom("appeal_assignments")
    .select("id")
    .where("appeal_id", "=", r.appealId)
    .executeTakeFirstOrThrow();
  ok(
    await disputeAssignment(db, {
      assignmentId: assignment.id,
      reason: "道路修复属于发展改革部门的职责范围。",
      proposedOwnerId: dept2Org,
      actor: { id: dept, organisationId: fx.organisationId },
      now: at(2),
    }),
  );
  ok(
    await reassignDisputed(db, {
      assignmentId: assignment.id,
      organisationId: dept2Org,
      note: "同意改由市发展和改革局办理。",
      actorId: office,
      now: at(3),
    }),
  );

  // Registered by the window under a name the registry does not know, turned down by the reviewer.
  const d = await intake(
    "窗口登记的道路诉求",
    DECIDED_PHONE,
    { channel: "window", registeredBy: windowClerk },
    "名称与法人库不符的另一公司",
  );
  decided = d.trackingNumber;
  const rejected = await rejectAtRegistryReview(db, {
    appealId: d.appealId,
    reason: "企业名称与法人库登记不符,经核实不予受理。",
    actorId: reviewer,
    now: at(4),
  });
  if (!rejected.ok) throw new Error(rejected.error);

  for (const v of VIEWERS) {
    clients.set(v, v === "anonymous" ? new Client(app.url, v) : await signIn(app.url, ROLE_ACCOUNTS[v]));
    roleOf.set(v, v);
  }
  for (const [kind, username] of Object.entries(fx.others)) {
    clients.set(username, await signIn(app.url, username));
    roleOf.set(username, (kind === "secretary" ? "secretary_general" : kind) as Viewer);
  }
});

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await db?.destroy();
  await app?.stop();
  if (server) await dropDatabase(server, DATABASE);
  await server?.stop();
});

/** What a reader of the response sees: the page's HTML (its loader data included), a PDF's text, a workbook's cells. */
function readable(r: Sent): string {
  if (r.type.includes("pdf")) {
    const file = path.join(tmp, "f.pdf");
    writeFileSync(file, r.bytes);
    try {
      return execFileSync("pdftotext", ["-layout", file, "-"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch {
      // Not a PDF pdftotext can read (an uploaded attachment of a few bytes): its bytes as they are.
      return r.text;
    }
  }
  if (r.type.includes("spreadsheetml")) {
    const file = path.join(tmp, "f.xlsx");
    writeFileSync(file, r.bytes);
    return execFileSync("unzip", ["-p", file], { encoding: "utf8", maxBuffer: 64 << 20 });
  }
  return r.text;
}

/** The links of a page to follow: this site's, not sign-out, not the scripts. */
function links(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/href="(\/[^"#]*)"/g)) {
    const href = m[1].replaceAll("&amp;", "&");
    if (href.startsWith("/logout") || href.startsWith("/build/") || href.startsWith("//")) continue;
    out.add(href);
  }
  return [...out];
}

interface Found {
  who: string;
  url: string;
  status: number;
  file: boolean;
  numbers: string[];
  text: string;
}

/** Every page a viewer reaches from `start` by following links (a few pages of each shape), with its numbers. */
async function crawl(who: string, start: string[], limit = 250): Promise<Found[]> {
  const client = as(who);
  const queue = [...new Set(start)];
  const seen = new Set<string>(queue);
  const shapes = new Map<string, number>();
  const out: Found[] = [];
  while (queue.length && out.length < limit) {
    const url = queue.shift()!;
    const r = await client.get(url);
    const html = r.type.includes("html");
    const text = r.status === 200 ? readable(r) : "";
    out.push({
      who,
      url,
      status: r.status,
      file: !html && !r.type.includes("json"),
      numbers: [...new Set(text.match(MOBILE) ?? [])],
      text,
    });
    if (!html || r.status !== 200) continue;
    for (const next of links(r.text)) {
      if (seen.has(next)) continue;
      // Pages of one shape (the 40th calendar day, the 12th filter): a few of each are enough.
      const shape = next.replace(/\?.*$/, "?").replace(/\d+/g, "N");
      const n = shapes.get(shape) ?? 0;
      if (n >= 4) continue;
      shapes.set(shape, n + 1);
      seen.add(next);
      queue.push(next);
    }
  }
  return out;
}

const found: Found[] = [];

describe("every page, export and file each role can reach", () => {
  beforeAll(async () => {
    const appealPages = [
      fx.own.trackingNumber,
      fx.countyAppeal.trackingNumber,
      fx.review.trackingNumber,
      reassigned,
      decided,
    ];
    const named = [
      "/workspace",
      "/",
      "/commitments",
      "/disclosure",
      "/supervision/ledger.xlsx",
      "/supervision/ledger.pdf",
      "/documents/monthly/2026-09",
      ...["catalog", "agenda", "opinions"].map((d) => `/documents/${fx.cycleNumber}/${d}.pdf`),
      "/admin/organisations?q=" + encodeURIComponent("公司"),
      "/admin/outbox",
      ...appealPages.flatMap((tn) => [`/appeals/${tn}`, `/admin/appeals/${tn}`, `/handling/${tn}`, `/review/${tn}`]),
      `/tasks/${fx.taskId}`,
    ];
    for (const who of clients.keys())
      found.push(...(await crawl(who, who === "anonymous" ? ["/", "/commitments", "/disclosure"] : named)));
  });

  test("the crawl reached the lists, the appeals' pages and the files of every role", () => {
    const pages = (who: string) => found.filter((f) => f.who === who && f.status === 200);
    for (const who of clients.keys()) expect(pages(who).length, who).toBeGreaterThan(who === "anonymous" ? 5 : 8);
    expect(found.filter((f) => f.status === 200 && f.file).map((f) => f.url)).toEqual(
      expect.arrayContaining(["/supervision/ledger.xlsx", "/supervision/ledger.pdf", "/documents/monthly/2026-09"]),
    );
    console.log(
      `[personal-data] ${found.filter((f) => f.status === 200).length} pages and files read as ${clients.size} viewers; ` +
        `${found.filter((f) => f.numbers.length).length} carried a full mobile`,
    );
  });

  test("no contact's full mobile number on any page outside the viewer's own pages", () => {
    // A mobile someone wrote into a text stays as written inside the platform (the next test follows it out).
    const wrong = found
      .map((f) => ({ ...f, numbers: f.numbers.filter((n) => n !== WRITTEN_PHONE) }))
      .filter((f) => f.numbers.length)
      .filter((f) => {
        const role = roleOf.get(f.who)!;
        const pathOnly = f.url.replace(/\?.*$/, "");
        return role === "anonymous" || f.file || !(OWN_PAGES[role as Role] ?? []).some((re) => re.test(pathOnly));
      })
      .map((f) => `${f.who} ${f.url}: ${f.numbers.join(", ")}`);
    expect(wrong).toEqual([]);
  });

  test("a mobile written into a commitment is masked on every public page and in every file", () => {
    const leaks = found
      .filter((f) => f.numbers.includes(WRITTEN_PHONE))
      .filter((f) => f.file || roleOf.get(f.who) === "anonymous" || PUBLIC.some((re) => re.test(f.url)))
      .map((f) => `${f.who} ${f.url}`);
    expect(leaks).toEqual([]);
    const commitments = found.find((f) => f.who === "anonymous" && f.url === "/commitments")!;
    expect(commitments.text).toContain("136****1234");
    const ledger = found.find((f) => f.who === "supervisor" && f.url === "/supervision/ledger.xlsx")!;
    expect(ledger.text).toContain("136****1234");
    const ledgerPdf = found.find((f) => f.who === "supervisor" && f.url === "/supervision/ledger.pdf")!;
    expect(ledgerPdf.text.replace(/\s+/g, "")).toContain("136****1234");
  });
});

describe("the appeal's own page", () => {
  const page = async (who: string, url: string) => {
    const r = await as(who).get(url);
    expect(r.status, `${who} ${url}`).toBe(200);
    return r.text;
  };

  test("shows the number in full to those who handle the appeal", async () => {
    expect(await page("platform_admin", `/admin/appeals/${fx.own.trackingNumber}`)).toContain(APPEAL_PHONE);
    expect(await page("department", `/handling/${fx.own.trackingNumber}`)).toContain(APPEAL_PHONE);
    expect(await page("county", `/handling/${fx.countyAppeal.trackingNumber}`)).toContain(APPEAL_PHONE);
    expect(await page("department", `/tasks/${fx.taskId}`)).toContain(ONSITE_PHONE);
    expect(await page("registry_reviewer", `/review/${fx.review.trackingNumber}`)).toContain(APPEAL_PHONE);
    expect(await page(fx.others.department, `/handling/${reassigned}`)).toContain(REASSIGNED_PHONE);
    expect(await page("enterprise", "/account/contact")).toContain(ENTERPRISE_PHONE);
  });

  test("masks it for one that no longer handles it: a department reassigned away, the reviewer after deciding", async () => {
    const was = await page("department", `/handling/${reassigned}`);
    expect(was).toContain("139****7002");
    expect(was.match(MOBILE) ?? []).toEqual([]);
    const reviewed = await page("registry_reviewer", `/review/${decided}`);
    expect(reviewed).toContain("139****7003");
    expect(reviewed.match(MOBILE) ?? []).toEqual([]);
  });

  test("the office's lists mask what its own pages show in full", async () => {
    const list = await page("platform_admin", `/admin/organisations?q=${encodeURIComponent("公司")}`);
    expect(list).toContain("138****0000");
    expect(list).not.toContain(ENTERPRISE_PHONE);
    expect(await page("platform_admin", `/admin/organisations/${enterpriseOrg}`)).toContain(ENTERPRISE_PHONE);
    const outbox = await page("platform_admin", `/admin/outbox?q=${fx.own.trackingNumber}&channel=sms`);
    expect(outbox).toContain("139****7001");
    expect(outbox.match(MOBILE) ?? []).toEqual([]);
    const row = outbox.split("<tr").find((r) => r.includes("139****7001"))!;
    const message = /href="\/admin\/outbox\/(\d+)"/.exec(row)![1];
    expect(await page("platform_admin", `/admin/outbox/${message}`)).toContain(APPEAL_PHONE);
  });
});
