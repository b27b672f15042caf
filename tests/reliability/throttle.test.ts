/**
 * Failed sign-ins as the attacker tries them against the built app (issue 13, item 4): guesses from one
 * client address do not refuse the right password from another; concurrent guesses do not get past the
 * count; a forwarded-address header does not change the address counted; spraying many accounts from one
 * address is slowed. Each client address is a real one: loopback holds all of 127/8, and each request binds
 * its socket to the address it plays (no header is trusted to say so).
 */
import http from "node:http";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo-city";
import { delayAfter, SIGN_IN, SIGN_IN_ADDRESS } from "../../app/domain/sign-in-limit";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";

const DATABASE = "zt_rel_throttle";
const PORT = 3541;
const EMBEDDED_PG_PORT = 54343;

let server: PgServer;
let app: AppProcess;
let db: Kysely<Database>;

beforeAll(async () => {
  server = await pgServer({ name: "pg-reliability-throttle", port: EMBEDDED_PG_PORT });
  const url = await freshDatabase(server, DATABASE);
  app = appProcess({ port: PORT, databaseUrl: url, env: { APP_NOW: "2026-11-20T10:00:00+08:00" } });
  await app.start();
  db = createDb(url, 2);
});

afterAll(async () => {
  await db?.destroy();
  await app?.stop();
  if (server) await dropDatabase(server, DATABASE);
  await server?.stop();
});

interface Answer {
  status: number;
  text: string;
  cookie: string | null;
  ms: number;
}

/** One HTTP request from the client address `from` (the socket's own local address). */
function request(
  from: string,
  method: string,
  path: string,
  opts: { form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        path,
        method,
        localAddress: from,
        agent: false,
        headers: {
          ...(body
            ? {
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": String(Buffer.byteLength(body)),
                Origin: app.url,
              }
            : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const setCookie = res.headers["set-cookie"]?.find((c) => c.startsWith("__zt_session="));
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            cookie: setCookie ? setCookie.split(";")[0] : null,
            ms: performance.now() - started,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const guess = (from: string, username: string, password = "Wrong#Guess2026", headers?: Record<string, string>) =>
  request(from, "POST", "/login", { form: { username, password, redirectTo: "/workspace" }, headers });

/** The security log's rows of one kind for one client address (the server may write it IPv4-mapped). */
async function logged(kind: "sign_in_failed" | "sign_in_throttled", address: string) {
  return db
    .selectFrom("security_events")
    .select(["username", "ip", "detail", "at"])
    .where("kind", "=", kind)
    .where("ip", "in", [address, `::ffff:${address}`])
    .orderBy("id")
    .execute();
}

/** The seconds a refusal says to wait ("请 N 秒后再试"), 0 for any other answer. */
function waitSaidSeconds(a: Answer): number {
  if (a.status !== 429) return 0;
  const m = /请 (\d+) (秒|分钟)后再试/.exec(a.text);
  return m ? Number(m[1]) * (m[2] === "分钟" ? 60 : 1) : 0;
}

const tally = (answers: Answer[]) => {
  const t: Record<number, number> = {};
  for (const a of answers) t[a.status] = (t[a.status] ?? 0) + 1;
  return t;
};

describe("failed sign-ins are slowed, never a lockout a stranger can set off", () => {
  test("many wrong guesses for office from 127.0.0.2; the right password from 127.0.0.3 signs in at once", async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < 15; i++) answers.push(await guess("127.0.0.2", "office"));
    expect(answers.slice(0, SIGN_IN.free).map((a) => a.status)).toEqual(Array(SIGN_IN.free).fill(400));
    expect(answers.slice(0, SIGN_IN.free).every((a) => a.text.includes("用户名或密码不正确"))).toBe(true);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(8);
    expect(refused[0].text).toContain("再试");
    // The guessing address waits, even with the right password … sent at once after a refusal that says the
    // wait has at least 3 s to run (on a busy machine the guesses above may outlast a short wait; each guess
    // charged after it doubles the next).
    for (let i = 0; i < 60 && waitSaidSeconds(answers[answers.length - 1]) < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answers.push(await guess("127.0.0.2", "office"));
    }
    expect(waitSaidSeconds(answers[answers.length - 1])).toBeGreaterThanOrEqual(3);
    expect((await guess("127.0.0.2", "office", DEMO_PASSWORD)).status).toBe(429);
    // … while the office, from its own address, signs in at once.
    const signedIn = await guess("127.0.0.3", "office", DEMO_PASSWORD);
    expect(signedIn.status).toBe(302);
    expect(signedIn.cookie).not.toBeNull();
    expect(signedIn.ms).toBeLessThan(2000);
    const workspace = await request("127.0.0.3", "GET", "/workspace", { headers: { Cookie: signedIn.cookie! } });
    expect(workspace.status).toBe(200);
    expect((await logged("sign_in_failed", "127.0.0.3")).length).toBe(0);
    const failed = await logged("sign_in_failed", "127.0.0.2");
    expect(failed.length).toBe(answers.filter((a) => a.status === 400).length);
    console.log(
      `[throttle] ${answers.length} guesses from 127.0.0.2: ${JSON.stringify(tally(answers))}; ` +
        `right password from 127.0.0.3: ${signedIn.status} in ${signedIn.ms.toFixed(0)} ms`,
    );
  });

  test("30 concurrent wrong guesses: only the free count reach the password check before the first wait ends", async () => {
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 30 }, () => guess("127.0.0.4", "dept")));
    const elapsed = (performance.now() - started) / 1000;
    const t = tally(answers);
    const failed = (await logged("sign_in_failed", "127.0.0.4")).map((e) => ({
      at: new Date(e.at).getTime(),
      n: (e.detail as { accountAddressFailures: number }).accountAddressFailures,
    }));
    failed.sort((x, y) => x.n - y.n);
    // Every guess answered "wrong password" was checked, and each was charged first: counts 1, 2, 3 …
    expect(failed.map((f) => f.n)).toEqual(Array.from({ length: failed.length }, (_, i) => i + 1));
    expect(t[400]).toBe(failed.length);
    expect(t[429]).toBe(30 - failed.length);
    // The free count at once; any more only after the wait the one before it set (1 s, 2 s, 4 s …): the
    // server is slow enough here that a burst of 30 lasts a few seconds.
    const firstWaitEnds = failed[SIGN_IN.free - 1].at + delayAfter(SIGN_IN, SIGN_IN.free);
    expect(failed.filter((f) => f.at < firstWaitEnds)).toHaveLength(SIGN_IN.free);
    for (const f of failed.slice(SIGN_IN.free))
      expect(f.at - failed[f.n - 2].at, `guess ${f.n}`).toBeGreaterThanOrEqual(delayAfter(SIGN_IN, f.n - 1));
    expect(failed.length).toBeLessThanOrEqual(SIGN_IN.free + Math.floor(Math.log2(1 + elapsed)));
    const throttled = await logged("sign_in_throttled", "127.0.0.4");
    expect(throttled.length).toBe(30 - failed.length);
    expect(throttled.every((e) => e.username === "dept")).toBe(true);
    // And the right password from elsewhere is not refused.
    expect((await guess("127.0.0.9", "dept", DEMO_PASSWORD)).status).toBe(302);
    console.log(
      `[throttle] 30 concurrent guesses for dept from 127.0.0.4, answered within ${elapsed.toFixed(1)} s: ` +
        `${JSON.stringify(t)}; checked at +${failed.map((f) => f.at - failed[0].at).join(", +")} ms`,
    );
  });

  test("an X-Forwarded-For header does not change the address counted", async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i++)
      answers.push(await guess("127.0.0.5", "county", undefined, { "X-Forwarded-For": `203.0.113.${i + 1}` }));
    expect(answers.slice(0, SIGN_IN.free).map((a) => a.status)).toEqual(Array(SIGN_IN.free).fill(400));
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(3);
    const failed = await logged("sign_in_failed", "127.0.0.5");
    expect(failed.length).toBe(answers.filter((a) => a.status === 400).length);
    const anyForwarded = await db
      .selectFrom("security_events")
      .select("id")
      .where("ip", "like", "%203.0.113.%")
      .execute();
    expect(anyForwarded).toEqual([]);
    // Naming a victim's address in the header does not spend the victim's count.
    for (let i = 0; i < 8; i++)
      await guess("127.0.0.5", "leader", undefined, { "X-Forwarded-For": "127.0.0.6", "X-Real-IP": "127.0.0.6" });
    expect((await guess("127.0.0.6", "leader", DEMO_PASSWORD)).status).toBe(302);
  });

  test("spraying 30 accounts from one address is slowed; each account still signs in from elsewhere", async () => {
    const real = ["window", "hotline", "reviewer", "secretary", "govoffice", "supervisor", "enterprise"];
    const names = Array.from({ length: 30 }, (_, i) => real[i] ?? `guess${i}`);
    const started = performance.now();
    const answers: Answer[] = [];
    for (const name of names) answers.push(await guess("127.0.0.7", name));
    const elapsed = performance.now() - started;
    const t = tally(answers);
    // 20 failures free; after that 1 s, 2 s, 4 s … between the ones let through.
    expect(answers.slice(0, SIGN_IN_ADDRESS.free).map((a) => a.status)).toEqual(Array(SIGN_IN_ADDRESS.free).fill(400));
    const checked = (await logged("sign_in_failed", "127.0.0.7")).length;
    expect(checked).toBe(t[400]);
    // At most one more let through per doubling wait that has passed since the 20th failure.
    const lateAllowed = Math.floor(Math.log2(1 + elapsed / 1000));
    expect(t[400]).toBeLessThanOrEqual(SIGN_IN_ADDRESS.free + lateAllowed);
    expect(t[429]).toBeGreaterThanOrEqual(30 - SIGN_IN_ADDRESS.free - lateAllowed);
    const scopes = (await logged("sign_in_throttled", "127.0.0.7")).map((e) => (e.detail as { scope: string }).scope);
    expect(new Set(scopes)).toEqual(new Set(["address"]));
    for (const name of real) expect((await guess("127.0.0.8", name, DEMO_PASSWORD)).status, name).toBe(302);
    console.log(`[throttle] 30 accounts sprayed from 127.0.0.7 in ${elapsed.toFixed(0)} ms: ${JSON.stringify(t)}`);
  });
});
