/**
 * The HTTP edge, attacked (issue 13, items 5, 6, 8 and 9): bodies of hundreds of MB, with and without a
 * length, refused with 413 while the server's memory stays near idle; 50 slow connections while ordinary
 * pages still answer in under a second; more requests than one address may hold; forwarded addresses not
 * believed unless a proxy is trusted; redirect targets of every odd form; control characters and broken
 * encodings in every search box and form; and the headers: CSP with a nonce matching the page's scripts,
 * no-store when signed in, HSTS only with COOKIE_SECURE, nosniff once.
 *
 * Clients send from addresses of their own on the loopback network (127.0.0.0/8 is all loopback), binding
 * their sockets' local address, so the server sees different clients without trusting any header.
 */
import http from "node:http";
import net from "node:net";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/connection";
import { PROJECT_ROOT } from "../../db/embedded";
import type { Database } from "../../db/schema";
import { parseEnv } from "../../app/utils/env.server";
import { ODD_REDIRECT_TARGETS } from "../fixtures/redirect-targets";
import { rowCount } from "./appeal-form";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";
import { makeFixture, routeFiles, TINY_PDF, type Fixture } from "./sweep-helpers";

const DATABASE = "zt_rel_edge";
const PORT = 3521;
const HOST = `127.0.0.1:${PORT}`;
const BASE = `http://${HOST}`;
const MB = 1024 * 1024;
/** The settings as shipped. */
const DEFAULTS = parseEnv({});
/** Shorter than shipped, so that the test sees slow connections cut off. */
const HEADERS_TIMEOUT_MS = 5000;
const BODY_TIMEOUT_MS = 5000;

let server: PgServer;
let app: AppProcess;
let db: Kysely<Database>;
let fx: Fixture;
const cookies = new Map<string, string>();
const cookieOf = (username: string) => cookies.get(username)!;

// ——— HTTP from a chosen address ———

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

function send(
  method: string,
  target: string,
  opts: { from?: string; headers?: Record<string, string>; body?: string | Buffer; cookie?: string } = {},
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.cookie) headers.Cookie = opts.cookie;
    if (opts.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(opts.body));
    const req = http.request({
      host: "127.0.0.1",
      port: PORT,
      method,
      path: target,
      headers,
      localAddress: opts.from ?? "127.0.0.1",
      agent: false,
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
          ms: performance.now() - started,
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

const get = (target: string, opts: { from?: string; cookie?: string; headers?: Record<string, string> } = {}) =>
  send("GET", target, opts);

function postForm(target: string, fields: Record<string, string>, opts: { cookie?: string; from?: string } = {}) {
  return send("POST", target, {
    ...opts,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
    body: new URLSearchParams(fields).toString(),
  });
}

async function signIn(username: string): Promise<string> {
  const r = await postForm("/login", { username, password: "Demo@2026", redirectTo: "/workspace" });
  const cookie = ([] as string[])
    .concat(r.headers["set-cookie"] ?? [])
    .map((c) => c.split(";")[0])
    .join("; ");
  if (r.status !== 302 || !cookie.includes("__zt_session=")) throw new Error(`sign-in of ${username}: ${r.status}`);
  return cookie;
}

/**
 * POST `total` bytes in 1 MB chunks as fast as the server takes them, with a Content-Length or in chunks,
 * and stop sending once the answer comes. Resolves with the answer and how much had been sent by then.
 */
function sendHuge(
  target: string,
  opts: { total: number; chunked: boolean; contentType: string; cookie?: string; first?: Buffer },
): Promise<Answer & { sentBeforeAnswer: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "Content-Type": opts.contentType, Origin: BASE };
    if (!opts.chunked) headers["Content-Length"] = String(opts.total);
    if (opts.cookie) headers.Cookie = opts.cookie;
    const req = http.request({ host: "127.0.0.1", port: PORT, method: "POST", path: target, headers, agent: false });
    let sent = 0;
    let answered = false;
    const filler = Buffer.alloc(MB, "a");
    const pump = () => {
      while (!answered && sent < opts.total) {
        const chunk = sent === 0 && opts.first ? opts.first : filler;
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    req.on("response", (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        req.destroy();
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
          ms: performance.now() - started,
          sentBeforeAnswer,
        });
      });
    });
    // Once answered, the server closing on the rest of the body is what it should do.
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    pump();
  });
}

function memory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/** Reset the process's peak resident size to its current size: the next peak read is what came after. */
function resetPeak(pid: number) {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

const count = (table: "appeals" | "appeal_attachments") => rowCount(db, table);

function bookingForm(title: string, files: [string, Buffer][] = []): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries({
    contactName: "陈经理",
    contactPhone: "13900003333",
    title,
    content: "我司新建厂房配套道路和供电线路尚未接入,无法按期投产,请协调有关部门加快办理。",
    categoryId: "1",
    submissionKey: randomUUID(),
  }))
    form.append(k, v);
  for (const [name, bytes] of files) form.append("attachments", new Blob([new Uint8Array(bytes)]), name);
  return form;
}

function startApp(env: Record<string, string>): AppProcess {
  return appProcess({ port: PORT, databaseUrl: server.url(DATABASE), env });
}

beforeAll(async () => {
  server = await pgServer({ name: "pg-rel-edge", port: 54341 });
  const url = await freshDatabase(server, DATABASE);
  app = startApp({
    APP_NOW: "2026-11-20T10:00:00+08:00",
    HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
    MAX_REQUESTS_PER_CLIENT: String(DEFAULTS.MAX_REQUESTS_PER_CLIENT),
    WORKER_MODE: "separate",
  });
  await app.start();
  db = createDb(url, 2);
  fx = await makeFixture(db);
  for (const u of ["office", "enterprise", "dept", "window", "supervisor"]) cookies.set(u, await signIn(u));
});

afterAll(async () => {
  await db?.destroy();
  await app?.stop();
  if (server) await dropDatabase(server, DATABASE);
  await server?.stop();
});

describe("request bodies", () => {
  test("a urlencoded body of hundreds of MB to /login is refused with 413 before it is read, with or without a length", async () => {
    const pid = app.pid()!;
    for (let i = 0; i < 5; i++) await get("/login");
    const idle = memory(pid);
    const figures: string[] = [];
    for (const chunked of [false, true]) {
      resetPeak(pid);
      const before = memory(pid);
      const r = await sendHuge("/login", {
        total: 400 * MB,
        chunked,
        contentType: "application/x-www-form-urlencoded",
        first: Buffer.from(`username=office&password=x&redirectTo=${"a".repeat(MB - 40)}`),
      });
      const after = memory(pid);
      expect(r.status, r.text.slice(0, 200)).toBe(413);
      expect(r.text).toContain("提交的内容过大");
      expect(r.headers["cache-control"]).toBe("no-store");
      // Most of it was never sent: the answer came first.
      expect(r.sentBeforeAnswer).toBeLessThan(100 * MB);
      // The server held at most a few MB more than before at any moment.
      expect(after.peakMb - before.rssMb, `peak ${after.peakMb} MB against ${before.rssMb} MB`).toBeLessThan(24);
      figures.push(
        `${chunked ? "chunked" : "Content-Length"}: 413 after ${r.ms.toFixed(0)} ms, ` +
          `${(r.sentBeforeAnswer / MB).toFixed(0)} of 400 MB sent by then; ` +
          `RSS ${before.rssMb.toFixed(1)} → peak ${after.peakMb.toFixed(1)} MB (+${(after.peakMb - before.rssMb).toFixed(1)})`,
      );
    }
    console.log(`[edge] idle RSS ${idle.rssMb.toFixed(1)} MB\n[edge] ${figures.join("\n[edge] ")}`);
    // The server still serves, and is back near its idle size.
    expect((await get("/login")).status).toBe(200);
    expect(memory(pid).rssMb - idle.rssMb).toBeLessThan(24);
  });

  test("the intake API gets its refusals as its documented JSON errors", async () => {
    const big = await send("POST", "/api/v1/appeals", {
      headers: { "Content-Type": "application/json", Authorization: "Bearer zt_unknown" },
      body: JSON.stringify({ title: "x".repeat(2 * MB) }),
    });
    expect(big.status).toBe(413);
    expect(big.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(big.text)).toEqual({ error: expect.stringContaining("提交的内容过大") });
    const nul = await get("/api/v1/cycles?year=2026%00");
    expect(nul.status).toBe(400);
    expect(JSON.parse(nul.text)).toEqual({ error: expect.stringContaining("控制字符") });
  });

  test("an upload over its route's cap is refused with 413 before it is read; one under it goes through", async () => {
    const pid = app.pid()!;
    const appeals = await count("appeals");
    resetPeak(pid);
    const before = memory(pid);
    const boundary = "----zt-edge-test";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="big.pdf"\r\n` +
        `Content-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
    );
    const declared = await sendHuge("/appeals/new", {
      total: 400 * MB,
      chunked: false,
      contentType: `multipart/form-data; boundary=${boundary}`,
      cookie: cookieOf("enterprise"),
      first: head,
    });
    expect(declared.status).toBe(413);
    expect(declared.text).toContain("51 MB");
    expect(declared.sentBeforeAnswer).toBeLessThan(100 * MB);
    // Without a length the body is streamed into the route and cut off there; nothing is kept.
    const streamed = await sendHuge("/appeals/new", {
      total: 400 * MB,
      chunked: true,
      contentType: `multipart/form-data; boundary=${boundary}`,
      cookie: cookieOf("enterprise"),
      first: head,
    });
    expect([400, 413]).toContain(streamed.status);
    const after = memory(pid);
    console.log(
      `[edge] uploads of 400 MB: declared → 413 after ${(declared.sentBeforeAnswer / MB).toFixed(0)} MB sent; ` +
        `chunked → ${streamed.status} after ${(streamed.sentBeforeAnswer / MB).toFixed(0)} MB sent; ` +
        `RSS ${before.rssMb.toFixed(1)} → peak ${after.peakMb.toFixed(1)} MB`,
    );
    expect(after.peakMb - before.rssMb).toBeLessThan(100);
    expect(await count("appeals")).toBe(appeals);

    // Under the caps: a small form (read whole at the edge) and one with a 3 MB attachment (streamed).
    const pdf3mb = Buffer.concat([TINY_PDF, Buffer.alloc(3 * MB, 0x20)]);
    for (const [title, files] of [
      ["边缘测试小附件", [["说明.pdf", TINY_PDF]]],
      ["边缘测试三兆附件", [["说明.pdf", pdf3mb]]],
    ] as [string, [string, Buffer][]][]) {
      const r = await fetch(`${BASE}/appeals/new`, {
        method: "POST",
        body: bookingForm(title, files),
        headers: { Cookie: cookieOf("enterprise"), Origin: BASE },
        redirect: "manual",
      });
      expect(r.status, `${title}: ${(await r.text()).slice(0, 300)}`).toBe(302);
    }
    expect(await count("appeals")).toBe(appeals + 2);
  });
});

// ——— Slow clients ———

interface Trickler {
  stop(): void;
  /** Lifetimes (ms) of connections the server closed, and the status lines it answered with. */
  cut: { ms: number; answer: string }[];
}

/**
 * A client that sends its request a byte at a time (every 250 ms) and never finishes: the headers, or a
 * body. When the server cuts it off it connects again, as an attacker would.
 */
function trickle(from: string, prefix: string): Trickler {
  let stopped = false;
  let socket: net.Socket | undefined;
  const cut: Trickler["cut"] = [];
  const connect = () => {
    if (stopped) return;
    const opened = performance.now();
    let answer = "";
    const s = net.connect({ host: "127.0.0.1", port: PORT, localAddress: from });
    socket = s;
    s.setNoDelay(true);
    s.on("connect", () => s.write(prefix));
    s.on("data", (d) => (answer += d.toString("latin1")));
    const timer = setInterval(() => s.writable && s.write("a"), 250);
    s.on("error", () => {});
    s.on("close", () => {
      clearInterval(timer);
      if (stopped) return;
      cut.push({ ms: performance.now() - opened, answer: answer.split("\r\n")[0] });
      setTimeout(connect, 50);
    });
  };
  connect();
  return {
    cut,
    stop() {
      stopped = true;
      socket?.destroy();
    },
  };
}

describe("slow clients", () => {
  test("50 slow connections (headers, bodies, uploads) while ordinary pages still answer in under a second each", async () => {
    const pages: [string, string | undefined][] = [
      ["/", undefined],
      ["/calendar", undefined],
      ["/login", undefined],
      ["/commitments", undefined],
      ["/disclosure", undefined],
      ["/workspace", cookieOf("office")],
      ["/admin/screening", cookieOf("office")],
      ["/handling", cookieOf("dept")],
    ];
    // The anchor, measured in the same run: the same pages from the same address with no slow connection.
    // "Under a second" on a quiet machine; on a busy one (CI runs the reliability files side by side) a
    // page may take up to three times its own quiet time. Starved pages would wait for the slow ones to be
    // cut off (5 s here), far beyond either.
    const quiet: number[] = [];
    const quietUntil = performance.now() + 2000;
    while (performance.now() < quietUntil) {
      for (const [url, cookie] of pages) quiet.push((await get(url, { from: "127.0.0.2", cookie })).ms);
    }
    const quietMax = Math.max(...quiet);
    const bound = Math.max(1000, 3 * quietMax);
    expect(bound, `quiet pages took up to ${quietMax.toFixed(0)} ms: the machine is too busy to tell`).toBeLessThan(
      HEADERS_TIMEOUT_MS,
    );
    const headerTricklers = Array.from({ length: 20 }, (_, i) =>
      trickle(`127.0.1.${i + 1}`, `GET /calendar HTTP/1.1\r\nHost: ${HOST}\r\nX-Slow: `),
    );
    // More bodies than requests the server runs at once (16): were they to hold a slot while they trickle,
    // the pages would wait behind them.
    expect(25).toBeGreaterThan(DEFAULTS.MAX_CONCURRENT_REQUESTS);
    const bodyTricklers = Array.from({ length: 25 }, (_, i) =>
      trickle(
        `127.0.2.${i + 1}`,
        `POST /login HTTP/1.1\r\nHost: ${HOST}\r\nOrigin: ${BASE}\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nusername=`,
      ),
    );
    const uploadTricklers = Array.from({ length: 5 }, (_, i) =>
      trickle(
        `127.0.3.${i + 1}`,
        `POST /appeals/new HTTP/1.1\r\nHost: ${HOST}\r\nOrigin: ${BASE}\r\nCookie: ${cookieOf("enterprise")}\r\n` +
          `Content-Type: multipart/form-data; boundary=zt\r\nContent-Length: ${5 * MB}\r\n\r\n` +
          `--zt\r\nContent-Disposition: form-data; name="title"\r\n\r\n`,
      ),
    );
    const all = [...headerTricklers, ...bodyTricklers, ...uploadTricklers];
    expect(all.length).toBe(50);
    const times: number[] = [];
    try {
      await new Promise((r) => setTimeout(r, 1000));
      // Long enough for every slow connection to be cut off once and come back.
      const until = performance.now() + Math.max(HEADERS_TIMEOUT_MS, BODY_TIMEOUT_MS) + 3000;
      while (performance.now() < until) {
        for (const [url, cookie] of pages) {
          const r = await get(url, { from: "127.0.0.2", cookie });
          expect(r.status, url).toBe(200);
          expect(r.ms, `${url} took ${r.ms.toFixed(0)} ms (quiet: up to ${quietMax.toFixed(0)} ms)`).toBeLessThan(
            bound,
          );
          times.push(r.ms);
        }
      }
    } finally {
      for (const t of all) t.stop();
    }
    times.sort((a, b) => a - b);
    const headerCuts = headerTricklers.flatMap((t) => t.cut);
    const bodyCuts = bodyTricklers.flatMap((t) => t.cut);
    console.log(
      `[edge] quiet pages up to ${quietMax.toFixed(0)} ms; 50 slow connections: ${times.length} page loads, median ${times[times.length >> 1].toFixed(0)} ms, ` +
        `max ${times[times.length - 1].toFixed(0)} ms; headers cut ${headerCuts.length}× after ` +
        `${Math.min(...headerCuts.map((c) => c.ms)).toFixed(0)}–${Math.max(...headerCuts.map((c) => c.ms)).toFixed(0)} ms, ` +
        `bodies cut ${bodyCuts.length}× after ${Math.min(...bodyCuts.map((c) => c.ms)).toFixed(0)}–` +
        `${Math.max(...bodyCuts.map((c) => c.ms)).toFixed(0)} ms`,
    );
    // Every slow connection was cut off within its time (checked each second), with 408.
    expect(headerCuts.length).toBeGreaterThanOrEqual(headerTricklers.length);
    expect(bodyCuts.length).toBeGreaterThanOrEqual(bodyTricklers.length);
    for (const c of headerCuts) expect(c.ms).toBeLessThan(HEADERS_TIMEOUT_MS + 2000);
    for (const c of bodyCuts) {
      expect(c.ms).toBeLessThan(BODY_TIMEOUT_MS + 2000);
      expect(c.answer).toMatch(/^HTTP\/1\.1 408/);
    }
  }, 60_000);
});

// ——— One address, many requests ———

/** Open requests whose body never comes: each holds its place at the server until it is let go. */
async function hold(n: number, from: (i: number) => string, forwardedFor: (i: number) => string) {
  const sockets = Array.from({ length: n }, (_, i) => {
    const s = net.connect({ host: "127.0.0.1", port: PORT, localAddress: from(i) });
    s.on("error", () => {});
    s.write(
      `POST /login HTTP/1.1\r\nHost: ${HOST}\r\nOrigin: ${BASE}\r\nX-Forwarded-For: ${forwardedFor(i)}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nusername=`,
    );
    return s;
  });
  await new Promise((r) => setTimeout(r, 500));
  return {
    async release() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => setTimeout(r, 300));
    },
  };
}

describe("requests per client address", () => {
  test("one more than the limit from one address is refused with 429; another address is served; X-Forwarded-For changes nothing", async () => {
    const limit = DEFAULTS.MAX_REQUESTS_PER_CLIENT;
    // Each held request claims to come from somewhere else: the header is not believed.
    const held = await hold(
      limit,
      () => "127.0.0.30",
      (i) => `198.51.100.${i + 1}`,
    );
    try {
      const refused = await get("/calendar", { from: "127.0.0.30", headers: { "X-Forwarded-For": "203.0.113.9" } });
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("2");
      expect(refused.text).toContain("同时请求过多");
      const other = await get("/calendar", { from: "127.0.0.31" });
      expect(other.status).toBe(200);
    } finally {
      await held.release();
    }
    expect((await get("/calendar", { from: "127.0.0.30" })).status).toBe(200);
  });
});

// ——— Redirects ———

const ODD_TARGETS = [
  ...ODD_REDIRECT_TARGETS,
  " //evil.example",
  "/%5C%5Cevil.example",
  "/%0d%0a//evil.example",
  "https:evil.example",
  "HTTP://evil.example/workspace",
  "/" + "a".repeat(5000),
];
/** With a control character the edge refuses the field itself (400). */
const WITH_CONTROL = ["/\u0000//evil.example", "/\u0001evil.example", "//evil.example\u007f", "/\u001b[31m"];

describe("redirects after sign-in", () => {
  const check = (what: string, r: Answer, expected: string) => {
    expect(r.status, what).toBe(302);
    const location = r.headers.location!;
    expect(new URL(location, BASE).origin, what).toBe(BASE);
    expect(location, what).toBe(expected);
  };

  test("POST /login with a redirect target of every odd form lands on the workspace; a path of the site is kept", async () => {
    for (const to of ODD_TARGETS) {
      const r = await postForm("/login", { username: "office", password: "Demo@2026", redirectTo: to });
      check(`POST ${JSON.stringify(to)}`, r, "/workspace");
    }
    for (const to of ["/admin/users", "/admin/registry?q=%E9%99%B6%E7%93%B7&page=2"]) {
      const r = await postForm("/login", { username: "office", password: "Demo@2026", redirectTo: to });
      check(`POST ${to}`, r, to);
    }
    for (const to of WITH_CONTROL) {
      const r = await postForm("/login", { username: "office", password: "Demo@2026", redirectTo: to });
      expect(r.status, JSON.stringify(to)).toBe(400);
      expect(r.headers["set-cookie"]).toBeUndefined();
    }
  });

  test("GET /login?redirectTo=… when signed in: the same", async () => {
    const cookie = cookieOf("office");
    for (const to of ODD_TARGETS) {
      const r = await get(`/login?redirectTo=${encodeURIComponent(to)}`, { cookie });
      check(`GET ${JSON.stringify(to)}`, r, "/workspace");
    }
    // Written into the URL as they are, where a URL can hold them at all.
    for (const raw of [
      "//evil.example",
      "/\\evil.example",
      "/%5cevil.example",
      "/%2f%2fevil.example",
      "https:evil.example",
    ]) {
      const r = await get(`/login?redirectTo=${raw}`, { cookie });
      check(`GET raw ${raw}`, r, "/workspace");
    }
    check(
      "GET a path of the site",
      await get(`/login?redirectTo=${encodeURIComponent("/admin/users")}`, { cookie }),
      "/admin/users",
    );
    for (const to of WITH_CONTROL) {
      const r = await get(`/login?redirectTo=${encodeURIComponent(to)}`, { cookie });
      expect(r.status, JSON.stringify(to)).toBe(400);
    }
  });
});

// ——— Bad input ———

/** Who may open each page that has a search box (`name="q"`); a new one must be added here. */
const SEARCH_PAGES: Record<string, string | null> = {
  "admin.organisations._index.tsx": "office",
  "admin.outbox._index.tsx": "office",
  "admin.registry._index.tsx": "office",
  "admin.screening._index.tsx": "office",
  "admin.users._index.tsx": "office",
  "commitments.tsx": null,
  "disclosure.tsx": null,
  "handling._index.tsx": "dept",
  "intake.new.tsx": "window",
  "tasks._index.tsx": "dept",
};

describe("bad input", () => {
  test("NUL (and any other control character) in every list page's search answers 400 in Chinese", async () => {
    const dir = path.join(PROJECT_ROOT, "app", "routes");
    // A page searches through a field named q, its own or that of a list's search component.
    const withSearch = readdirSync(dir).filter((f) =>
      /name="q"|<(ListSearch|ListFilterCard)\b/.test(readFileSync(path.join(dir, f), "utf8")),
    );
    expect(withSearch.sort()).toEqual(Object.keys(SEARCH_PAGES).sort());
    const patterns = new Map(routeFiles().map((r) => [r.file, r.pattern]));
    for (const file of withSearch) {
      const url = patterns.get(file)!;
      const user = SEARCH_PAGES[file];
      const cookie = user ? cookieOf(user) : undefined;
      const fine = await get(`${url}?q=${encodeURIComponent("陶瓷")}`, { cookie });
      expect(fine.status, `${url} as ${user}`).toBe(200);
      for (const q of ["%00", "abc%00def", "%01", "%1B%5B31m", "%7F"]) {
        const r = await get(`${url}?q=${q}`, { cookie });
        expect(r.status, `${url}?q=${q}`).toBe(400);
        expect(r.text).toContain("不允许的控制字符");
      }
    }
  });

  test("broken percent-encoding in a path or a query answers 400, not 500", async () => {
    for (const target of ["/%E0%A4%A", "/appeals/%ZZ", "/disclosure?q=%E0%A4%A", "/commitments?q=%", "/cycles/%"]) {
      const r = await get(target);
      expect(r.status, target).toBe(400);
      expect(r.text, target).toContain("无法识别的编码");
    }
    const signedIn = await get("/admin/users?q=%C3%28%", { cookie: cookieOf("office") });
    expect(signedIn.status).toBe(400);
  });

  test("a control character in a form field (urlencoded or multipart) answers 400 and changes nothing", async () => {
    const org = await db
      .selectFrom("organisations")
      .select(["id", "name", "contact_name"])
      .where("name", "=", "市工业和信息化局")
      .executeTakeFirstOrThrow();
    const r = await postForm(
      `/admin/organisations/${org.id}`,
      {
        intent: "update",
        name: "市工业和信息化局\u0000改",
        shortName: "工信局",
        contactName: "许丽娟",
        contactPhone: "0768-2230002",
      },
      { cookie: cookieOf("office") },
    );
    expect(r.status).toBe(400);
    expect(r.text).toContain("不允许的控制字符");
    const after = await db
      .selectFrom("organisations")
      .select(["name", "contact_name"])
      .where("id", "=", org.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ name: org.name, contact_name: org.contact_name });

    const appeals = await count("appeals");
    const booked = await fetch(`${BASE}/appeals/new`, {
      method: "POST",
      body: bookingForm("控制字符\u0001标题", [["说明.pdf", TINY_PDF]]),
      headers: { Cookie: cookieOf("enterprise"), Origin: BASE },
      redirect: "manual",
    });
    expect(booked.status).toBe(400);
    expect(await booked.text()).toContain("不允许的控制字符");
    expect(await count("appeals")).toBe(appeals);
  });
});

// ——— Headers ———

function cspOf(r: Answer): Map<string, string> {
  const header = String(r.headers["content-security-policy"] ?? "");
  return new Map(
    header
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0], d.slice(d.indexOf(" ") + 1)] as [string, string]),
  );
}

describe("headers", () => {
  test("CSP: default-src 'self', scripts by a fresh nonce that every script tag of the page carries, no framing", async () => {
    const nonces = new Set<string>();
    for (const [url, cookie] of [
      ["/login", undefined],
      ["/calendar", undefined],
      ["/workspace", cookieOf("office")],
      ["/appeals/new", cookieOf("enterprise")],
    ] as [string, string | undefined][]) {
      const r = await get(url, { cookie });
      expect(r.status, url).toBe(200);
      const csp = cspOf(r);
      expect(csp.get("default-src")).toBe("'self'");
      expect(csp.get("frame-ancestors")).toBe("'none'");
      expect(csp.get("object-src")).toBe("'none'");
      expect(csp.get("base-uri")).toBe("'self'");
      expect(csp.get("form-action")).toBe("'self'");
      expect(csp.get("img-src")).toBe("'self' data:");
      const nonce = /^'self' 'nonce-([A-Za-z0-9+/=]{22,})'$/.exec(csp.get("script-src") ?? "")?.[1];
      expect(nonce, `${url} script-src ${csp.get("script-src")}`).toBeTruthy();
      nonces.add(nonce!);
      const scripts = [...r.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, url).toBeGreaterThanOrEqual(2);
      for (const tag of scripts) expect(tag, url).toContain(`nonce="${nonce}"`);
      // No inline event handlers, which a nonce would not cover.
      expect(r.text, url).not.toMatch(/<[^>]+\son[a-z]+=/i);
    }
    expect(nonces.size).toBe(4);
  });

  test("no-store on every signed-in page and file; static files keep their caching", async () => {
    const office = cookieOf("office");
    const privateOnes: [string, string][] = [
      ["/workspace", office],
      ["/admin/users", office],
      [`/admin/appeals/${fx.own.trackingNumber}`, office],
      [`/admin/appeals/${fx.own.trackingNumber}/attachments/${fx.own.attachmentId}`, office],
      ["/documents/monthly/2026-11", office],
      ["/supervision/ledger.xlsx", cookieOf("supervisor")],
      ["/calendar", office],
      ["/calendar.ics", office],
      ["/api/v1/cycles?year=2026", office],
      ["/no-such-page", office],
      ["/admin/users?q=%00", office],
    ];
    for (const [url, cookie] of privateOnes) {
      const r = await get(url, { cookie });
      expect(r.status, url).toBeLessThan(500);
      expect(r.headers["cache-control"], url).toBe("no-store");
    }
    const icon = await get("/favicon.svg", { cookie: office });
    expect(icon.status).toBe(200);
    expect(icon.headers["cache-control"]).toMatch(/max-age=\d+/);
    // The answer that signs someone in is private too.
    const signIn = await postForm("/login", { username: "office", password: "Demo@2026" });
    expect(signIn.headers["cache-control"]).toBe("no-store");
  });

  test("X-Content-Type-Options: nosniff exactly once on pages, files, API answers, static files and refusals", async () => {
    const office = cookieOf("office");
    const checked: [string, string | undefined][] = [
      ["/", undefined],
      ["/login", undefined],
      ["/no-such-page", undefined],
      ["/favicon.svg", undefined],
      ["/api/v1/cycles?year=2026", undefined],
      ["/calendar.ics", undefined],
      [`/admin/appeals/${fx.own.trackingNumber}/attachments/${fx.own.attachmentId}`, office],
      ["/documents/monthly/2026-11", office],
      ["/disclosure?q=%00", undefined],
      ["/%E0%A4%A", undefined],
    ];
    for (const [url, cookie] of checked) {
      const r = await get(url, { cookie });
      // Node keeps a repeated header as "nosniff, nosniff": equality means exactly one.
      expect(r.headers["x-content-type-options"], url).toBe("nosniff");
      expect(r.headers["x-frame-options"], url).toBe("DENY");
      expect(r.headers["strict-transport-security"], `${url}: no HSTS without COOKIE_SECURE`).toBeUndefined();
    }
  });
});

// ——— Behind a proxy, over HTTPS ———

describe("behind a trusted proxy (TRUST_PROXY=1) with COOKIE_SECURE=true", () => {
  beforeAll(async () => {
    await app.stop();
    app = startApp({
      APP_NOW: "2026-11-20T10:00:00+08:00",
      TRUST_PROXY: "1",
      COOKIE_SECURE: "true",
      MAX_REQUESTS_PER_CLIENT: String(DEFAULTS.MAX_REQUESTS_PER_CLIENT),
      WORKER_MODE: "separate",
    });
    await app.start();
  });

  test("HSTS on every answer", async () => {
    for (const url of ["/", "/login", "/no-such-page", "/favicon.svg", "/disclosure?q=%00"]) {
      const r = await get(url);
      expect(r.headers["strict-transport-security"], url).toBe("max-age=31536000");
    }
  });

  test("the client is the address the proxy saw: clients behind one proxy are told apart, one client is limited", async () => {
    const limit = DEFAULTS.MAX_REQUESTS_PER_CLIENT;
    // The proxy (127.0.0.40) forwards many clients at once: each is a client of its own.
    const many = await hold(
      limit,
      () => "127.0.0.40",
      (i) => `198.51.100.${i + 1}`,
    );
    try {
      const another = await get("/calendar", { from: "127.0.0.40", headers: { "X-Forwarded-For": "203.0.113.9" } });
      expect(another.status).toBe(200);
    } finally {
      await many.release();
    }
    // One client's requests, through proxies of different addresses, count together; the proxy appends the
    // address it saw to whatever the client wrote in the header itself.
    const one = await hold(
      limit,
      (i) => `127.0.0.${41 + i}`,
      (i) => `10.0.0.${i}, 203.0.113.7`,
    );
    try {
      const refused = await get("/calendar", {
        from: "127.0.0.60",
        headers: { "X-Forwarded-For": "203.0.113.7" },
      });
      expect(refused.status).toBe(429);
    } finally {
      await one.release();
    }
  });
});
