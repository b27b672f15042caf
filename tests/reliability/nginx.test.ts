/**
 * Debian's nginx in front of two app processes on one PostgreSQL (issue 14, item 5 and its first "Must
 * show"), with deploy/nginx/zhitongche.conf itself (tests/reliability/nginx.ts replaces only its ports, paths
 * and certificate). Enterprises book through nginx over HTTPS while one instance is SIGKILLed and started
 * again: every acknowledged appeal is there once and every receipt is sent once. A session made on one
 * instance opens the other; deadline reminders due while both run are sent once; nginx serves the build
 * itself with long cache headers, holds a slow body until it is whole, and sets the client's address.
 *
 * Skipped only where /usr/sbin/nginx is missing (CI installs it, .ci/run).
 */
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import http, { type IncomingHttpHeaders, type Server } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import net from "node:net";
import path from "node:path";
import tls from "node:tls";
import { gunzipSync } from "node:zlib";
import { simpleParser } from "mailparser";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../db/embedded";
import { DEMO_PASSWORD } from "../../db/seed/demo-city";
import { SESSION_COOKIE } from "../../app/utils/session-cookie";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";
import { activeCategoryId, burst, createBookingEnterprises, type BookingResult } from "./booking-load";
import { expectAllBookedOnce } from "./booking-checks";
import { NGINX, startNginx, type Nginx } from "./nginx";

const HAVE_NGINX = existsSync(NGINX);
if (!HAVE_NGINX) console.log(`[nginx] skipped: ${NGINX} is missing (apt-get install nginx; CI installs it)`);

const PORT_A = 3701;
const PORT_B = 3702;
const HTTP_PORT = 3720;
const HTTPS_PORT = 3721;
const DATABASE = "zt_ngx_proxy";
const PER_BURST = 150;
const BURST_SECONDS = 10;
/** Appeals whose deadline reminders come due while both instances run. */
const REMINDERS = 10;
/** The instances' own limit for a body (ms): short, so that a body sent slowly through nginx would hit it. */
const APP_BODY_TIMEOUT_MS = 2000;

// The test's nginx has a self-signed certificate: this process's fetch accepts it (the raw requests below
// say so themselves).
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

const at = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ——— Where the messages go: an SMTP server and an SMS gateway of the test's own ———

interface Delivered {
  /** `email:receipt:ZT…` → how many times it arrived. */
  counts: Map<string, number>;
  add(channel: "email" | "sms", text: string): void;
}

function deliveries(): Delivered {
  const counts = new Map<string, number>();
  return {
    counts,
    add(channel, text) {
      const tracking = /ZT\d{14}/.exec(text)?.[0] ?? "none";
      const kind = /受理回执|已受理/.test(text) ? "receipt" : /到期提醒|请及时办理/.test(text) ? "reminder" : "other";
      const key = `${channel}:${kind}:${tracking}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
  };
}

async function startSmtp(into: Delivered): Promise<{ url: string; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          into.add("email", `${mail.subject ?? ""}\n${mail.text ?? ""}`);
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });
  // An instance killed in the middle of a message resets its connection: that message is sent again later.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function startSmsGateway(into: Delivered): Promise<{ url: string; close(): Promise<void> }> {
  let id = 0;
  const server: Server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("error", () => {});
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const { text } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { to: string; text: string };
      into.add("sms", text);
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id: String(++id) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ——— Requests with exact headers, from a chosen local address, or sent slowly ———

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function request(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Answer> {
  const u = new URL(url);
  const options = {
    host: u.hostname,
    port: u.port,
    path: `${u.pathname}${u.search}`,
    method: o.method ?? "GET",
    headers: o.headers,
    localAddress: o.from,
    agent: false as const,
  };
  return new Promise((resolve, reject) => {
    const onAnswer = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    };
    const req =
      u.protocol === "https:"
        ? https.request({ ...options, rejectUnauthorized: false }, onAnswer)
        : http.request(options, onAnswer);
    req.on("error", reject);
    req.end(o.body);
  });
}

/**
 * A request whose body is sent in `pieces` parts, `gapMs` apart; `stopAfter` parts, then the connection is
 * dropped (an abandoned upload). Returns what came back (status line and headers), "" when nothing did.
 */
async function slowRequest(o: {
  secure: boolean;
  port: number;
  head: string;
  body: string;
  pieces: number;
  gapMs: number;
  stopAfter?: number;
}): Promise<string> {
  const socket = o.secure
    ? tls.connect({ host: "127.0.0.1", port: o.port, rejectUnauthorized: false })
    : net.connect({ host: "127.0.0.1", port: o.port });
  await once(socket, o.secure ? "secureConnect" : "connect");
  let answer = "";
  socket.on("data", (d: Buffer) => (answer += d.toString("latin1")));
  socket.on("error", () => {});
  const closed = once(socket, "close");
  socket.write(o.head);
  const size = Math.ceil(o.body.length / o.pieces);
  for (let i = 0; i < o.pieces && !socket.destroyed; i++) {
    if (o.stopAfter !== undefined && i === o.stopAfter) {
      socket.destroy();
      return answer;
    }
    await at(o.gapMs);
    socket.write(o.body.slice(i * size, (i + 1) * size));
  }
  await Promise.race([closed, at(15_000)]);
  socket.destroy();
  return answer.split("\r\n\r\n")[0];
}

// ——— The platform under test ———

let server: PgServer;
let databaseUrl: string;
let a: AppProcess;
let b: AppProcess;
let proxy: Nginx;
let smtp: { url: string; close(): Promise<void> };
let sms: { url: string; close(): Promise<void> };
const delivered = deliveries();
let categoryId: number;

/** What the burst left for the later tests. */
let booked: { results: BookingResult[]; dueClocks: number[] } | undefined;

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function until(what: string, ms: number, ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await at(500);
  }
}

/** Sign in with the form; returns the session cookie (`name=value`). */
async function signIn(
  base: string,
  username: string,
  o: { from?: string; headers?: Record<string, string> } = {},
): Promise<string> {
  const r = await request(`${base}/login`, {
    method: "POST",
    from: o.from,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, ...o.headers },
    body: new URLSearchParams({ username, password: DEMO_PASSWORD, redirectTo: "/workspace" }).toString(),
  });
  const cookie = ([] as string[])
    .concat(r.headers["set-cookie"] ?? [])
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (r.status !== 302 || !cookie) throw new Error(`sign-in of ${username} on ${base} failed: ${r.status}`);
  return cookie;
}

const instanceOf = (port: number) => `127.0.0.1:${port}`;

describe.skipIf(!HAVE_NGINX)("nginx in front of two instances on one PostgreSQL", () => {
  beforeAll(async () => {
    server = await pgServer({ name: "pg-rel-nginx", port: 54380 });
    databaseUrl = await freshDatabase(server, DATABASE);
    smtp = await startSmtp(delivered);
    sms = await startSmsGateway(delivered);
    const env = {
      TRUST_PROXY: "1",
      COOKIE_SECURE: "true",
      WEB_CONCURRENCY: "1",
      SMTP_URL: smtp.url,
      SMS_GATEWAY_URL: sms.url,
      BODY_TIMEOUT_MS: String(APP_BODY_TIMEOUT_MS),
    };
    // The real clock (no APP_NOW): both instances and the restarted one must agree on the time.
    a = appProcess({ port: PORT_A, databaseUrl, env });
    b = appProcess({ port: PORT_B, databaseUrl, env });
    // The first migrates and seeds the fresh database; the second finds it ready.
    await a.start();
    [proxy] = await Promise.all([
      startNginx({ upstreams: [PORT_A, PORT_B], httpPort: HTTP_PORT, httpsPort: HTTPS_PORT }),
      b.start(),
    ]);
    categoryId = await activeCategoryId(databaseUrl);
  });

  afterEach((ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    console.log(`[nginx] instance A:\n${a?.output().slice(-3000)}`);
    console.log(`[nginx] instance B:\n${b?.output().slice(-3000)}`);
    console.log(`[nginx] nginx:\n${proxy?.errorLog().slice(-3000)}`);
  });

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
    await smtp?.close();
    await sms?.close();
    if (server) await dropDatabase(server, DATABASE);
    await server?.stop();
  });

  it("the booking burst through nginx, one instance SIGKILLed and restarted midway: every acknowledged appeal once", async () => {
    const group = await createBookingEnterprises(databaseUrl, PER_BURST, "ngx");
    const retryUntil = Date.now() + 90_000;
    const logBefore = proxy.accessLog().length;
    const running = burst(proxy.httpsUrl, group, BURST_SECONDS, (i) => ({
      categoryId,
      double: i % 10 === 0,
      retryUntil,
    }));
    await at(BURST_SECONDS * 400);
    const killedAt = Date.now();
    await a.kill();
    // As systemd's Restart= would, a moment later.
    await at(1000);
    await a.start();
    const restartedAt = Date.now();
    const { results, wallMs } = await running;

    const found = await expectAllBookedOnce(databaseUrl, results);

    const lines = proxy.accessLog().slice(logBefore);
    const passedOn = lines.filter((l) => l.upstreams.length > 1).length;
    const badGateway = lines.filter((l) => l.status === 502).length;
    expect(passedOn + badGateway, "the kill should have cut into the requests to A").toBeGreaterThan(0);
    const servedBy = (port: number) => lines.filter((l) => l.upstreams.at(-1) === instanceOf(port)).length;
    const failures = new Map<string, number>();
    for (const f of results.flatMap((r) => r.failures)) failures.set(f, (failures.get(f) ?? 0) + 1);
    const retried = results.filter((r) => r.failures.length).length;
    console.log(
      `[nginx] burst of ${results.length} bookings in ${(wallMs / 1000).toFixed(1)} s through nginx: ` +
        `${found.acknowledged} acknowledged, ${retried} retried by the person (${[...failures].map(([k, n]) => `${k} ×${n}`).join(", ") || "none"}), ` +
        `doubled ${found.duplicates}, double submits answered alike ${results.filter((r) => r.doubleAnswer).length - found.doubleMismatches}; ` +
        `A down ${restartedAt - killedAt} ms (SIGKILL → answering again); nginx: ${lines.length} requests, ` +
        `${passedOn} passed on to the other instance, ${badGateway} answered 502; served by A ${servedBy(PORT_A)}, B ${servedBy(PORT_B)}`,
    );

    // Deadline reminders come due now, while both instances run their sweeps and outbox workers.
    const picked = results.slice(0, REMINDERS).map((r) => r.trackingNumber!);
    const clocks = await query<{ id: number }>(
      `with picked as (select id from appeals where tracking_number = any($1::text[])),
            dept as (select id from organisations where kind = 'department' order by id limit 1),
            assigned as (
              insert into appeal_assignments (appeal_id, organisation_id, role, assigned_at, state)
              select picked.id, dept.id, 'lead', now() - interval '1 hour', 'assigned' from picked, dept
              returning id, appeal_id, organisation_id)
       insert into appeal_clocks (appeal_id, assignment_id, organisation_id, kind, started_at, due_at,
                                  original_due_at, remind_at)
       select appeal_id, id, organisation_id, 'accept', now() - interval '1 hour', now() + interval '3 hours',
              now() + interval '3 hours', now() - interval '1 minute'
         from assigned
       returning id`,
      [picked],
    );
    expect(clocks.length).toBe(REMINDERS);
    booked = { results, dueClocks: clocks.map((c) => c.id) };
  }, 180_000);

  it("after its restart, instance A is back in nginx's rotation", async () => {
    expect(booked, "the burst ran").toBeDefined();
    let n = 0;
    await until("nginx to send a request to the restarted instance A", 30_000, async () => {
      await request(`${proxy.httpsUrl}/api/v1/cycles?year=2026&probe=${++n}`);
      return proxy
        .accessLog()
        .some((l) => l.request.includes("probe=") && l.upstreams.at(-1) === instanceOf(PORT_A) && l.status === 200);
    });
  });

  it("a session made on instance A opens instance B and every page through nginx; signing out on B ends it on A", async () => {
    const cookie = await signIn(a.url, "enterprise");
    const onB = await request(`${b.url}/account/sessions`, { headers: { Cookie: cookie } });
    expect(onB.status).toBe(200);
    expect(onB.body.toString("utf8")).toContain("陈先生");
    expect((await request(`${b.url}/account/sessions`)).status, "B without the cookie").toBe(302);

    // Every page answers through nginx with the one session, and both instances serve them. nginx may hold
    // the restarted A out for its fail_timeout (10 s) after stale keep-alive connections fail over to B, so
    // pages are asked for until both have answered, for longer than that.
    const before = proxy.accessLog().length;
    const answeredBy = () =>
      new Set(
        proxy
          .accessLog()
          .slice(before)
          .map((l) => l.upstreams.at(-1)),
      );
    let n = 0;
    await until("both instances to answer pages through nginx", 30_000, async () => {
      for (let i = 0; i < 6; i++) {
        const r = await request(`${proxy.httpsUrl}/account/sessions?n=${n++}`, { headers: { Cookie: cookie } });
        expect(r.status).toBe(200);
      }
      return answeredBy().size === 2;
    });
    expect(answeredBy(), "nginx shares the pages out between the instances").toEqual(
      new Set([instanceOf(PORT_A), instanceOf(PORT_B)]),
    );

    const out = await request(`${b.url}/logout`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: b.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(out.status).toBe(302);
    const onA = await request(`${a.url}/account/sessions`, { headers: { Cookie: cookie } });
    expect(onA.status, "A after signing out on B").toBe(302);
    expect(onA.headers.location).toMatch(/^\/login/);
  });

  it("the app sees the address nginx's socket saw; an X-Forwarded-For the client wrote is replaced", async () => {
    await signIn(proxy.httpsUrl, "dept", {
      from: "127.0.0.7",
      headers: { "X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9" },
    });
    const [session] = await query<{ ip: string }>(
      `select s.ip from sessions s join users u on u.id = s.user_id where u.username = 'dept'
       order by s.created_at desc limit 1`,
    );
    expect(session.ip).toBe("127.0.0.7");
  });

  it("nginx serves the build itself for a year, the rest of public/ for an hour; the app's pages carry HSTS; HTTP goes to HTTPS", async () => {
    const shared = path.join(PROJECT_ROOT, "public", "build", "_shared");
    const largest = readdirSync(shared)
      .filter((f) => f.endsWith(".js"))
      .sort((x, y) => statSync(path.join(shared, y)).size - statSync(path.join(shared, x)).size)[0];
    const before = proxy.accessLog().length;

    const js = await request(`${proxy.httpsUrl}/build/_shared/${largest}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(js.status).toBe(200);
    expect(js.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(js.headers["x-content-type-options"]).toBe("nosniff");
    expect(js.headers["content-encoding"]).toBe("gzip");
    expect(js.headers.vary).toBe("Accept-Encoding");
    expect(gunzipSync(js.body).equals(readFileSync(path.join(shared, largest)))).toBe(true);

    const icon = await request(`${proxy.httpsUrl}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers["cache-control"]).toBe("public, max-age=3600");

    const missing = await request(`${proxy.httpsUrl}/build/_shared/chunk-NOSUCHFILE.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers["cache-control"]).toBeUndefined();

    const page = await request(`${proxy.httpsUrl}/login`);
    expect(page.status).toBe(200);
    expect(page.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(page.headers["content-security-policy"]).toContain("nonce-");

    // Only the page went to an instance.
    const lines = proxy.accessLog().slice(before);
    expect(lines.map((l) => [l.request.split(" ")[1], l.upstreams.at(-1) === "-"])).toEqual([
      [`/build/_shared/${largest}`, true],
      ["/favicon.svg", true],
      ["/build/_shared/chunk-NOSUCHFILE.js", true],
      ["/login", false],
    ]);

    const plain = await request(`${proxy.httpUrl}/calendar?year=2026`);
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toBe("https://127.0.0.1/calendar?year=2026");
  });

  it("a slow body waits in nginx and reaches the app whole (sent to the app directly, the app cuts it off); an abandoned one never reaches it", async () => {
    const body = new URLSearchParams({ username: "enterprise", password: DEMO_PASSWORD, redirectTo: "/workspace" })
      .toString()
      .padEnd(200, "&x=slowly");
    const head = (host: string, origin: string, target = "/login") =>
      `POST ${target} HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${origin}\r\nConnection: close\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`;
    // Twice the instances' body limit, in 8 parts.
    const slowly = { body, pieces: 8, gapMs: (APP_BODY_TIMEOUT_MS * 2) / 8 };
    const [throughNginx, direct] = await Promise.all([
      slowRequest({ secure: true, port: HTTPS_PORT, head: head(`127.0.0.1:${HTTPS_PORT}`, proxy.httpsUrl), ...slowly }),
      slowRequest({ secure: false, port: PORT_A, head: head(`127.0.0.1:${PORT_A}`, a.url), ...slowly }),
    ]);
    expect(direct.split("\r\n")[0], "sent straight to the app").toMatch(/^HTTP\/1\.1 408 /);
    expect(throughNginx.split("\r\n")[0], "through nginx").toMatch(/^HTTP\/1\.1 302 /);
    expect(throughNginx).toContain(`${SESSION_COOKIE}=`);

    const marker = `/login?abandoned=${Date.now()}`;
    await slowRequest({
      secure: true,
      port: HTTPS_PORT,
      head: head(`127.0.0.1:${HTTPS_PORT}`, proxy.httpsUrl, marker),
      ...slowly,
      stopAfter: 3,
    });
    let line: { upstreams: string[] } | undefined;
    await until("nginx to log the abandoned request", 10_000, async () => {
      line = proxy.accessLog().find((l) => l.request.startsWith(`POST ${marker} `));
      return Boolean(line);
    });
    expect(line!.upstreams, "the abandoned body went to no instance").toEqual(["-"]);
    expect(a.output() + b.output()).not.toContain("abandoned=");
  });

  it("every receipt of the burst is sent, by email and by SMS, once", async () => {
    expect(booked, "the burst ran").toBeDefined();
    const numbers = booked!.results.map((r) => r.trackingNumber!);
    // A batch the killed instance had claimed waits for its lock to expire (a minute) and is sent then.
    await until("the receipts to leave the outbox", 150_000, async () => {
      const [row] = await query<{ n: number }>(
        `select count(*)::int as n from notifications n join appeals a on a.id = n.appeal_id
         where a.tracking_number = any($1::text[]) and n.template = 'appeal-receipt' and n.status <> 'sent'`,
        [numbers],
      );
      return row.n === 0;
    });
    const count = (channel: string, t: string) => delivered.counts.get(`${channel}:receipt:${t}`) ?? 0;
    const missing = numbers.flatMap((t) => ["email", "sms"].filter((c) => count(c, t) === 0).map((c) => `${c} ${t}`));
    expect(missing, "receipts never delivered").toEqual([]);
    const repeated = numbers.reduce((s, t) => s + count("email", t) - 1 + count("sms", t) - 1, 0);
    // Delivery outside the platform is at least once (notification-worker.server.ts): the one message the
    // killed instance was handing to the SMTP server or the gateway at that instant may go out again.
    expect(repeated, "receipts delivered twice").toBeLessThanOrEqual(1);
    console.log(
      `[nginx] receipts: ${numbers.length} emails and ${numbers.length} SMS delivered, ${repeated} delivered twice`,
    );
  }, 180_000);

  it("deadline reminders that come due while both instances run are sent once", async () => {
    expect(booked, "the burst ran").toBeDefined();
    const clocks = booked!.dueClocks;
    await until("the sweep to remind every due clock", 150_000, async () => {
      const [row] = await query<{ n: number }>(
        `select count(*)::int as n from appeal_clocks where id = any($1::int[]) and reminded_at is null`,
        [clocks],
      );
      return row.n === 0;
    });
    const rows = await query<{ tracking_number: string; events: number; messages: number }>(
      `select a.tracking_number,
              (select count(*)::int from appeal_events e where e.appeal_id = a.id and e.action = 'clock_reminder') as events,
              (select count(*)::int from notifications n
                where n.appeal_id = a.id and n.template = 'deadline-reminder') as messages
         from appeal_clocks c join appeals a on a.id = c.appeal_id where c.id = any($1::int[])`,
      [clocks],
    );
    expect(rows.map((r) => [r.tracking_number, r.events, r.messages])).toEqual(
      rows.map((r) => [r.tracking_number, 1, 2]),
    );
    await until("the reminders to leave the outbox", 120_000, async () => {
      const [row] = await query<{ n: number }>(
        `select count(*)::int as n from notifications n join appeal_clocks c on c.appeal_id = n.appeal_id
         where c.id = any($1::int[]) and n.template = 'deadline-reminder' and n.status <> 'sent'`,
        [clocks],
      );
      return row.n === 0;
    });
    const sent = rows.map((r) => [
      r.tracking_number,
      delivered.counts.get(`email:reminder:${r.tracking_number}`),
      delivered.counts.get(`sms:reminder:${r.tracking_number}`),
    ]);
    expect(sent).toEqual(rows.map((r) => [r.tracking_number, 1, 1]));
    const sweptBy = [a, b].map((p) => (p.output().match(/deadlines: \d+ reminders/g) ?? []).join("; ") || "none");
    console.log(
      `[nginx] reminders: ${rows.length} clocks reminded once each; swept by A: ${sweptBy[0]}, B: ${sweptBy[1]}`,
    );
  }, 300_000);

  it("with every instance down, nginx answers 502 with its own page in Chinese", async () => {
    await Promise.all([a.stop(), b.stop()]);
    const r = await request(`${proxy.httpsUrl}/calendar`);
    expect(r.status).toBe(502);
    expect(r.headers["content-type"]).toContain("text/html");
    expect(r.body.toString("utf8")).toContain("服务暂时不可用");
  });
});
