/**
 * Shared by the authorization and security sweeps: a signed-in HTTP client per account (its own cookie),
 * the route files as URL patterns, and the data the sweeps need (appeals, tasks, a cycle after its
 * on-site day, a second organisation of each kind), made through the services as the pages would.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { PROJECT_ROOT } from "../../db/embedded";
import type { Database, Role } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo-city";
import { sniffType } from "../../app/domain/attachment";
import { submitAppeal } from "../../app/services/appeals.server";
import { sendCatalog } from "../../app/services/catalog.server";
import { screenAppeal } from "../../app/services/screening.server";
import { hashPassword } from "../../app/utils/password.server";
import { approvedAgendaOf, ok, startTasks } from "../e2e/after-meeting-fixture";
import { keepCookies } from "./cookie-jar";

export const ROLE_ACCOUNTS: Record<Role, string> = {
  enterprise: "enterprise",
  window_clerk: "window",
  hotline_operator: "hotline",
  platform_admin: "office",
  registry_reviewer: "reviewer",
  county: "county",
  department: "dept",
  secretary_general: "secretary",
  government_office: "govoffice",
  leader: "leader",
  supervisor: "supervisor",
};

export type Viewer = Role | "anonymous";
export const ROLES = Object.keys(ROLE_ACCOUNTS) as Role[];
export const VIEWERS: Viewer[] = ["anonymous", ...ROLES];

// ——— HTTP ———

export type Origin = "same" | "none" | "null" | "cross" | "cross-fetch-site";

export interface Sent {
  status: number;
  location: string | null;
  type: string;
  headers: Headers;
  text: string;
  bytes: Buffer;
}

/** One browser: a cookie jar of its own, no automatic redirects, a same-origin Origin on writes by default. */
export class Client {
  private cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly label: string,
  ) {}

  get signedIn(): boolean {
    return this.cookies.has("__zt_session");
  }

  async send(
    method: string,
    url: string,
    opts: {
      form?: Record<string, string> | FormData;
      json?: unknown;
      /** A body sent as it is (set its Content-Type in headers): what no browser would send. */
      body?: BodyInit;
      origin?: Origin;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Sent> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const origin = opts.origin ?? (method === "GET" ? "none" : "same");
    if (origin === "same") headers.Origin = this.base;
    if (origin === "null") headers.Origin = "null";
    if (origin === "cross") headers.Origin = "https://attacker.example";
    if (origin === "cross-fetch-site") headers["Sec-Fetch-Site"] = "cross-site";
    let body: BodyInit | undefined = opts.body;
    if (opts.form instanceof FormData) body = opts.form;
    else if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    } else if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers["Content-Type"] = "application/json";
    }
    const r = await fetch(new URL(url, this.base), { method, headers, body, redirect: "manual" });
    keepCookies(this.cookies, r.headers.getSetCookie());
    const bytes = Buffer.from(await r.arrayBuffer());
    return {
      status: r.status,
      location: r.headers.get("location"),
      type: r.headers.get("content-type") ?? "",
      headers: r.headers,
      text: bytes.toString("utf8"),
      bytes,
    };
  }

  get(url: string) {
    return this.send("GET", url);
  }

  post(url: string, form: Record<string, string> | FormData, origin: Origin = "same") {
    return this.send("POST", url, { form, origin });
  }
}

export async function signIn(base: string, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const c = new Client(base, username);
  const r = await c.post("/login", { username, password, redirectTo: "/workspace" });
  if (r.status !== 302 || !c.signedIn)
    throw new Error(`sign-in of ${username} failed: ${r.status} ${r.text.slice(0, 300)}`);
  return c;
}

/** The outcome class of a response, for the access table. */
export type Outcome = "ok" | "login" | "denied" | "redirect" | "error";

export function outcomeOf(r: Sent): Outcome {
  if (r.status >= 300 && r.status < 400) return r.location?.startsWith("/login") ? "login" : "redirect";
  if (r.status === 403 || r.status === 404) return "denied";
  if (r.status >= 200 && r.status < 300) return "ok";
  if (r.status === 400 || r.status === 405 || r.status === 409 || r.status === 401) return "ok";
  return "error";
}

// ——— Routes ———

/** Each route file of app/routes as its URL pattern (Remix v2 flat routes; pathless layouts kept as files). */
export function routeFiles(): { file: string; pattern: string }[] {
  const dir = path.join(PROJECT_ROOT, "app", "routes");
  return readdirSync(dir)
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((file) => {
      const id = file.replace(/\.(ts|tsx)$/, "");
      const segments = id
        .split(/\.(?![^[]*\])/)
        .filter((s) => s !== "_index")
        .map((s) => s.replace(/_$/, "").replace(/\[(.*?)\]/g, "$1"));
      return { file, pattern: "/" + segments.join("/") };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Whether a route file exports an action. */
export function hasAction(source: string): boolean {
  return /export (async )?function action\b|export const action\b/.test(source);
}

// ——— Data ———

const HOUR = 3600_000;

export const TINY_PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "latin1");

/** The office screens the appeal to the lead department `leadId` alone, at `now`; the lead's assignment id. */
export async function screenToLead(db: Kysely<Database>, appealId: number, leadId: number, now: Date): Promise<number> {
  ok(
    await screenAppeal(
      db,
      appealId,
      { kind: "city", leadId, coIds: [] },
      { actorId: await idOf(db, "users", "username", "office"), now },
    ),
  );
  return (
    await db.selectFrom("appeal_assignments").select("id").where("appeal_id", "=", appealId).executeTakeFirstOrThrow()
  ).id;
}

/** The organisation of the user `username`. */
export async function organisationOfUsername(db: Kysely<Database>, username: string): Promise<number> {
  return (
    await db.selectFrom("users").select("organisation_id").where("username", "=", username).executeTakeFirstOrThrow()
  ).organisation_id;
}

export async function idOf(
  db: Kysely<Database>,
  table: "users" | "organisations",
  column: "username" | "name",
  value: string,
) {
  const row = await db
    .selectFrom(table as "users")
    .select("id")
    .where(column as "username", "=", value)
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface Fixture {
  cycleNumber: number;
  /** The demo enterprise's own appeal, city level, led by 市工业和信息化局 (the demo department), with an attachment. */
  own: { trackingNumber: string; id: number; attachmentId: number };
  /** Another enterprise's appeal at county level, with 湘桥区 (the demo county). */
  countyAppeal: { trackingNumber: string; id: number; attachmentId: number };
  /** Registered by the demo window clerk, awaiting the registry reviewer (name does not match). */
  review: { trackingNumber: string; id: number };
  /** A task of 市工业和信息化局 after the on-site day. */
  taskId: number;
  /** A second organisation of each kind, each with its own account (password DEMO_PASSWORD). */
  others: { enterprise: string; department: string; county: string; leader: string; secretary: string };
  organisationId: number;
  userId: number;
  outboxId: number;
}

async function account(db: Kysely<Database>, username: string, role: Role, organisationId: number) {
  await db
    .insertInto("users")
    .values({
      username,
      password_hash: await hashPassword(DEMO_PASSWORD),
      display_name: `${username} 测试`,
      role,
      organisation_id: organisationId,
    })
    .execute();
  return username;
}

/** The sweeps' data, made through the services at instants inside the cycles' windows. */
export async function makeFixture(db: Kysely<Database>): Promise<Fixture> {
  const cycle = await db
    .selectFrom("cycles")
    .select(["id", "number", "booking_opens_at as opensAt"])
    .where("month", "=", "2026-09")
    .executeTakeFirstOrThrow();
  const [onSite] = await approvedAgendaOf(db, cycle, {
    titles: ["道路供电接入协调一事"],
    enterpriseOffset: 40,
    now: new Date("2026-09-08T10:00:00+08:00"),
  });
  const office = await idOf(db, "users", "username", "office");
  ok(await sendCatalog(db, { cycleId: cycle.id, actorId: office, now: new Date("2026-09-08T11:00:00+08:00") }));
  const tasks = await startTasks(db, cycle.id, new Date("2026-09-09T17:00:00+08:00"));
  const taskId = tasks.find((t) => t.appealId === onSite.appealId)!.id;

  const window = await idOf(db, "users", "username", "window");
  const dept = await idOf(db, "organisations", "name", "市工业和信息化局");
  const county = await idOf(db, "organisations", "name", "湘桥区人民政府");
  const demoEnterpriseOrg = await organisationOfUsername(db, "enterprise");
  const demoEnterprise = await db
    .selectFrom("organisations as o")
    .innerJoin("enterprises as e", "e.id", "o.enterprise_id")
    .select(["e.credit_code", "e.name"])
    .where("o.id", "=", demoEnterpriseOrg)
    .executeTakeFirstOrThrow();
  const category = await db.selectFrom("appeal_categories").select("id").orderBy("position").executeTakeFirstOrThrow();
  const [other] = await db
    .selectFrom("enterprises")
    .select(["credit_code", "name", "id"])
    .where("region_code", "=", "445102")
    .where("credit_code", "!=", demoEnterprise.credit_code)
    .orderBy("id")
    .offset(3)
    .limit(1)
    .execute();

  const received = new Date("2026-11-18T10:00:00+08:00");
  const pdf = { filename: "说明材料.pdf", bytes: new Uint8Array(TINY_PDF), type: sniffType(TINY_PDF, "a.pdf")! };
  const intake = async (
    e: { credit_code: string; name: string },
    title: string,
    ctx: { channel: "online" | "window"; registeredBy: number | null; enterpriseOrganisationId: number | null },
    files = [pdf],
  ) => {
    const r = await submitAppeal(
      db,
      {
        creditCode: e.credit_code,
        enterpriseName: e.name,
        title,
        contactName: "陈经理",
        contactPhone: "13900007001",
        content: "我司新建厂房配套道路和供电线路尚未接入,无法按期投产,请协调有关部门加快办理。",
        categoryId: category.id,
        publishName: false,
      },
      files,
      { ...ctx, submissionKey: `authz:${randomUUID()}`, now: received },
    );
    if (!r.ok) throw new Error(r.error);
    const attachment = await db
      .selectFrom("appeal_attachments")
      .select("id")
      .where("appeal_id", "=", r.appealId)
      .executeTakeFirst();
    return { trackingNumber: r.trackingNumber, id: r.appealId, attachmentId: attachment?.id ?? 0 };
  };
  const own = await intake(demoEnterprise, "本企业的用电增容诉求", {
    channel: "online",
    registeredBy: null,
    enterpriseOrganisationId: demoEnterpriseOrg,
  });
  ok(
    await screenAppeal(
      db,
      own.id,
      { kind: "city", leadId: dept, coIds: [] },
      { actorId: office, now: new Date(received.getTime() + HOUR) },
    ),
  );
  const countyAppeal = await intake(other, "县区道路施工占道诉求", {
    channel: "online",
    registeredBy: null,
    enterpriseOrganisationId: null,
  });
  ok(
    await screenAppeal(
      db,
      countyAppeal.id,
      { kind: "county", countyId: county },
      { actorId: office, now: new Date(received.getTime() + HOUR) },
    ),
  );
  const review = await intake(
    { credit_code: other.credit_code, name: "名称与法人库不符的公司" },
    "窗口代为登记的诉求",
    { channel: "window", registeredBy: window, enterpriseOrganisationId: null },
    [],
  );

  // A second organisation of each kind with its own account: the cross-organisation probes.
  const enterprise2Org = await db
    .insertInto("organisations")
    .values({
      kind: "enterprise",
      name: other.name,
      short_name: null,
      region_code: "445102",
      contact_name: "王先生",
      contact_phone: "13800000001",
      contact_email: null,
      enterprise_id: other.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const cityGov = await idOf(db, "organisations", "name", "潮州市人民政府");
  const others = {
    enterprise: await account(db, "enterprise2", "enterprise", enterprise2Org.id),
    department: await account(db, "dept2", "department", await idOf(db, "organisations", "name", "市发展和改革局")),
    county: await account(db, "county2", "county", await idOf(db, "organisations", "name", "潮安区人民政府")),
    leader: await account(db, "leader2", "leader", cityGov),
    secretary: await account(db, "secretary2", "secretary_general", cityGov),
  };

  const outbox = await db.selectFrom("notifications").select("id").orderBy("id").executeTakeFirstOrThrow();
  return {
    cycleNumber: cycle.number,
    own,
    countyAppeal,
    review,
    taskId,
    others,
    organisationId: dept,
    userId: await idOf(db, "users", "username", "dept"),
    outboxId: outbox.id,
  };
}

/**
 * Every public table's content as one hash per table, to show that a run of refused requests changed nothing.
 * Left out: what the jobs and the passing minutes change on their own — the deadline sweep's marks on the
 * clocks and the appeal events it writes for its notices, a session's or key's last use — and the tables named.
 */
export async function tableFingerprint(
  db: Kysely<Database>,
  opts: { skipTables: string[]; skipColumns: string[] },
): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = 'public' order by 1`.execute(db);
  const SWEEP_EVENTS = ["clock_reminder", "clock_late"];
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    if (opts.skipTables.includes(name)) continue;
    let row = sql`to_jsonb(t)`;
    for (const c of ["reminded_at", "late_noticed_at", ...opts.skipColumns]) row = sql`${row} - ${sql.lit(c)}`;
    const own = name === "appeal_events" ? sql`where t.action not in (${sql.join(SWEEP_EVENTS)})` : sql``;
    const r = await sql<{ h: string }>`
      select md5(coalesce(string_agg((${row})::text, '|' order by (${row})::text), '')) as h
      from ${sql.table(name)} t ${own}`.execute(db);
    out[name] = r.rows[0].h;
  }
  return out;
}
