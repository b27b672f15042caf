/**
 * Enterprises booking through the real online form, for the burst bench and the fault tests: accounts made
 * straight in the database, then for each one GET /appeals/new (the form's submission key) and POST it as a
 * browser would, retrying with the same key after a refused connection or a 5xx, as a person pressing
 * 提交 again would. Every answer is recorded, so that afterwards each acknowledged appeal can be checked.
 */
import pg from "pg";
import { composeCreditCode, CREDIT_CODE_CHARSET } from "../../app/domain/credit-code";
import { SESSION_SECRET } from "./app";

export interface BookingEnterprise {
  userId: number;
  creditCode: string;
  name: string;
  cookie: string;
}

/** n in the credit code's 31 characters, `width` of them (synthetic codes for benches and tests). */
export function base31(n: number, width: number): string {
  let s = "";
  for (let i = 0; i < width; i++) {
    s = CREDIT_CODE_CHARSET[n % 31] + s;
    n = Math.floor(n / 31);
  }
  return s;
}

/**
 * `count` enterprises of the city in the registry, each with an organisation and an enterprise account
 * (the demo enterprise's password). `tag` keeps two batches in one database apart.
 */
export async function createBookingEnterprises(
  databaseUrl: string,
  count: number,
  tag: string,
): Promise<BookingEnterprise[]> {
  if (!/^[a-z0-9]{1,8}$/.test(tag)) throw new Error(`tag must be short and plain: ${tag}`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const offset = Number((await client.query("select count(*) as n from enterprises")).rows[0].n) + 1000;
    const codes: string[] = [];
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      codes.push(composeCreditCode("91", "445102", `B${base31(offset + i, 7)}`));
      names.push(`潮州市压测${tag}陶瓷有限公司${i + 1}号`);
    }
    await client.query("begin");
    const ents = await client.query<{ id: number; credit_code: string }>(
      `insert into enterprises (credit_code, name, region_code, status)
       select code, name, '445102', '存续' from unnest($1::text[], $2::text[]) as t(code, name)
       returning id, credit_code`,
      [codes, names],
    );
    const orgs = await client.query<{ id: number; enterprise_id: number }>(
      `insert into organisations (kind, name, short_name, region_code, contact_name, contact_phone, enterprise_id)
       select 'enterprise', e.name, null, e.region_code, '压测联系人', '13800138000', e.id
       from enterprises e where e.id = any($1::int[])
       returning id, enterprise_id`,
      [ents.rows.map((r) => r.id)],
    );
    const hash = (await client.query("select password_hash from users where username = 'enterprise'")).rows[0]
      .password_hash as string;
    const users = await client.query<{ id: number; organisation_id: number }>(
      `insert into users (username, password_hash, display_name, role, organisation_id)
       select 'bench_' || $2 || '_' || o.id, $1, '压测企业联系人', 'enterprise', o.id
       from organisations o where o.id = any($3::int[])
       returning id, organisation_id`,
      [hash, tag, orgs.rows.map((r) => r.id)],
    );
    await client.query("commit");
    const enterpriseOf = new Map(orgs.rows.map((o) => [o.id, o.enterprise_id]));
    const codeOf = new Map(ents.rows.map((e) => [e.id, e.credit_code]));
    const nameOf = new Map(codes.map((c, i) => [c, names[i]]));
    const storage = await sessionCookies(client);
    const out: BookingEnterprise[] = [];
    for (const u of users.rows) {
      const code = codeOf.get(enterpriseOf.get(u.organisation_id)!)!;
      out.push({ userId: u.id, creditCode: code, name: nameOf.get(code)!, cookie: await storage(u.id) });
    }
    return out;
  } finally {
    await client.end();
  }
}

/**
 * Sessions made straight in the database with the app's own cookie and the harness's secret: the burst
 * measures booking, not 2,000 scrypt sign-ins (which the sign-in tests cover).
 */
async function sessionCookies(client: pg.Client): Promise<(userId: number) => Promise<string>> {
  process.env.SESSION_SECRET = SESSION_SECRET;
  process.env.COOKIE_SECURE = "false";
  const { mintSession } = await import("../fixtures/sessions");
  return async (userId) => {
    const s = await mintSession(userId);
    const r = s.row;
    await client.query(
      `insert into sessions (token_hash, user_id, created_at, last_seen_at, expires_at, idle_minutes, ip)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [r.token_hash, r.user_id, r.created_at, r.last_seen_at, r.expires_at, r.idle_minutes, r.ip],
    );
    return s.cookie;
  };
}

export interface BookingResult {
  userId: number;
  submissionKey?: string;
  /** The tracking number the app answered with: the appeal is acknowledged. */
  trackingNumber?: string;
  /** Milliseconds: showing the form, and the final (acknowledged) POST. */
  formMs?: number;
  postMs?: number;
  /** From the first request to the acknowledgement, retries included. */
  totalMs?: number;
  attempts: number;
  /** What went wrong along the way (refused connection, 5xx …), in order. */
  failures: string[];
  /** The same form posted twice at once (a double click): both answers. */
  doubleAnswer?: string;
}

export interface BookOptions {
  categoryId: number;
  /** Post the form twice at once. */
  double?: boolean;
  /** Keep retrying (same form, same key) until this instant (ms since epoch); 0 = no retries. */
  retryUntil?: number;
}

const FORM_KEY = /name="submissionKey" value="([0-9a-f-]{36})"/;

async function post(url: string, e: BookingEnterprise, key: string, categoryId: number): Promise<Response> {
  const form = new FormData();
  form.set("submissionKey", key);
  form.set("creditCode", e.creditCode);
  form.set("enterpriseName", e.name);
  form.set("contactName", "压测联系人");
  form.set("contactPhone", "13800138000");
  form.set("contactEmail", `booking-${e.userId}@bench.example`);
  form.set("title", "厂房扩建用地报批进度咨询");
  form.set(
    "content",
    "我司计划扩建陶瓷生产线,用地报批材料已于上月提交,至今未有答复,恳请协调自然资源部门明确办理时限。",
  );
  form.set("categoryId", String(categoryId));
  return fetch(`${url}/appeals/new`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { Cookie: e.cookie, Origin: url },
    signal: AbortSignal.timeout(30_000),
  });
}

function trackingOf(r: Response): string | undefined {
  if (r.status !== 302) return undefined;
  return /\/appeals\/(ZT\d{14})/.exec(r.headers.get("Location") ?? "")?.[1];
}

function describe(e: unknown): string {
  const cause = (e as { cause?: { code?: string } }).cause?.code;
  return cause ?? (e instanceof Error ? e.name : String(e));
}

/** One enterprise books: show the form, post it (retrying as configured). */
export async function book(url: string, e: BookingEnterprise, opts: BookOptions): Promise<BookingResult> {
  const result: BookingResult = { userId: e.userId, attempts: 0, failures: [] };
  const start = performance.now();
  const retryUntil = opts.retryUntil ?? 0;
  // After a 503 the server said when to come back (Retry-After); otherwise a person tries again quickly.
  let retryAfterMs = 0;
  const pause = () => {
    const ms = retryAfterMs ? retryAfterMs * (1 + Math.random()) : 250 + Math.random() * 250;
    retryAfterMs = 0;
    return new Promise((r) => setTimeout(r, ms));
  };
  const busy = (r: Response) => {
    if (r.status === 503) retryAfterMs = Number(r.headers.get("Retry-After") ?? 1) * 1000;
  };
  // Show the form until it is shown (a browser would reload).
  for (;;) {
    const t = performance.now();
    try {
      const r = await fetch(`${url}/appeals/new`, {
        headers: { Cookie: e.cookie },
        signal: AbortSignal.timeout(30_000),
      });
      const html = await r.text();
      const key = FORM_KEY.exec(html)?.[1];
      if (r.status === 200 && key) {
        result.submissionKey = key;
        result.formMs = performance.now() - t;
        break;
      }
      busy(r);
      result.failures.push(`form ${r.status}`);
    } catch (err) {
      result.failures.push(`form ${describe(err)}`);
    }
    if (Date.now() >= retryUntil) return result;
    await pause();
  }
  for (;;) {
    result.attempts++;
    const t = performance.now();
    try {
      const answers = await Promise.all(
        (opts.double ? [0, 1] : [0]).map(() => post(url, e, result.submissionKey!, opts.categoryId)),
      );
      const numbers = answers.map(trackingOf);
      if (numbers[0]) {
        result.trackingNumber = numbers[0];
        result.postMs = performance.now() - t;
        result.totalMs = performance.now() - start;
        if (opts.double) result.doubleAnswer = numbers[1] ?? `HTTP ${answers[1].status}`;
        return result;
      }
      busy(answers[0]);
      result.failures.push(`post ${answers[0].status}`);
      // A 4xx is the form's own verdict: retrying would not change it.
      if (answers[0].status < 500) return result;
    } catch (err) {
      result.failures.push(`post ${describe(err)}`);
    }
    if (Date.now() >= retryUntil) return result;
    await pause();
  }
}

/** Each enterprise books once, arrivals spread evenly over `seconds` (open loop: arrivals do not wait). */
export async function burst(
  url: string,
  enterprises: BookingEnterprise[],
  seconds: number,
  optsFor: (i: number) => BookOptions,
  onProgress?: (done: number) => void,
): Promise<{ results: BookingResult[]; wallMs: number }> {
  const t0 = performance.now();
  let done = 0;
  const results = await Promise.all(
    enterprises.map(async (e, i) => {
      const at = (seconds * 1000 * i) / enterprises.length;
      await new Promise((r) => setTimeout(r, at));
      const r = await book(url, e, optsFor(i));
      onProgress?.(++done);
      return r;
    }),
  );
  return { results, wallMs: performance.now() - t0 };
}

/** As fast as `concurrency` clients can go (closed loop): the app's throughput. */
export async function saturate(
  url: string,
  enterprises: BookingEnterprise[],
  concurrency: number,
  opts: BookOptions,
): Promise<{ results: BookingResult[]; wallMs: number }> {
  const t0 = performance.now();
  const results: BookingResult[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < enterprises.length) {
        const e = enterprises[next++];
        results.push(await book(url, e, opts));
      }
    }),
  );
  return { results, wallMs: performance.now() - t0 };
}

export interface Audit {
  acknowledged: number;
  /** Acknowledged tracking numbers not in the database. */
  lost: string[];
  /** Appeals of these accounts beyond one per acknowledged (or attempted) form. */
  duplicates: number;
  /** Double submits whose two answers differ. */
  doubleMismatches: number;
  appealsInDatabase: number;
}

/** Every acknowledged appeal present exactly once; no account has more appeals than forms it posted. */
export async function audit(databaseUrl: string, results: BookingResult[]): Promise<Audit> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const acked = results.filter((r) => r.trackingNumber);
    const rows = (
      await client.query<{ tracking_number: string; submission_key: string; registered_by: number }>(
        `select tracking_number, submission_key, registered_by from appeals where registered_by = any($1::int[])`,
        [results.map((r) => r.userId)],
      )
    ).rows;
    const present = new Map<string, number>();
    for (const r of rows) present.set(r.tracking_number, (present.get(r.tracking_number) ?? 0) + 1);
    const keys = new Map<string, number>();
    for (const r of rows) keys.set(r.submission_key, (keys.get(r.submission_key) ?? 0) + 1);
    const posted = new Set(results.filter((r) => r.submissionKey).map((r) => `form:${r.userId}:${r.submissionKey}`));
    const lost = acked.filter((r) => present.get(r.trackingNumber!) !== 1).map((r) => r.trackingNumber!);
    const duplicates =
      [...keys.values()].reduce((s, n) => s + (n - 1), 0) + [...keys.keys()].filter((k) => !posted.has(k)).length;
    return {
      acknowledged: acked.length,
      lost,
      duplicates,
      doubleMismatches: results.filter((r) => r.doubleAnswer !== undefined && r.doubleAnswer !== r.trackingNumber)
        .length,
      appealsInDatabase: rows.length,
    };
  } finally {
    await client.end();
  }
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function activeCategoryId(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query("select id from appeal_categories where active order by id limit 1")).rows[0].id;
  } finally {
    await client.end();
  }
}
