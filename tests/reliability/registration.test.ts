/**
 * Registration attacked from the outside (issue 13, items 2 and 4): the built app as a real process; the
 * attacker sends from several client addresses (the socket's own local address on 127.0.0.0/8) and knows
 * every public fact of the registry, but not the SMS code, which only the phone (here: the database, where
 * the outbox keeps the SMS) can read.
 *
 * - A squatter with an enterprise's public facts and a mobile it does not hold cannot finish; the real
 *   enterprise then registers.
 * - Guessing a code stops after 5 tries, however many guesses arrive at once from however many addresses.
 * - /register answers a mobile that already has an account exactly as a free one (status, headers, page).
 * - Many attempts from one address are refused with 429 and a Chinese message; other addresses go on.
 */
import http from "node:http";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { hashPassword } from "../../app/utils/password.server";
import { keepCookies } from "./cookie-jar";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";

const DATABASE = "zt_rel_registration";
const PORT = 3561;
const PG_PORT = 54346;
const PASSWORD = "Lantern-Orchid-Kettle-7";

let server: PgServer;
let app: AppProcess;
let db: Kysely<Database>;

beforeAll(async () => {
  server = await pgServer({ name: "pg-rel-registration", port: PG_PORT });
  const url = await freshDatabase(server, DATABASE);
  app = appProcess({ port: PORT, databaseUrl: url });
  await app.start();
  db = createDb(url, 4);
});

afterAll(async () => {
  await db?.destroy();
  await app?.stop();
  if (server) await dropDatabase(server, DATABASE);
  await server?.stop();
});

// ——— a browser at one client address ———

interface Answer {
  status: number;
  location: string | null;
  /** Set-Cookie headers as sent. */
  setCookies: string[];
  text: string;
  ms: number;
}

/** A cookie jar and a client address of its own; no redirects are followed. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly from: string) {}

  send(method: "GET" | "POST", path: string, form?: Record<string, string>): Promise<Answer> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: PORT,
          path,
          method,
          localAddress: this.from,
          agent: false,
          headers: {
            ...(cookie ? { Cookie: cookie } : {}),
            ...(body
              ? {
                  "Content-Type": "application/x-www-form-urlencoded",
                  "Content-Length": String(Buffer.byteLength(body)),
                  Origin: app.url,
                }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const setCookies = res.headers["set-cookie"] ?? [];
            keepCookies(this.cookies, setCookies);
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location ?? null,
              setCookies,
              // React separates adjacent text with <!-- -->: read the page as a person would.
              text: Buffer.concat(chunks).toString("utf8").replaceAll("<!-- -->", ""),
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

  /** Another browser at `from` holding the same cookies (the attacker copies its pending registration). */
  copyTo(from: string): Browser {
    const b = new Browser(from);
    for (const [k, v] of this.cookies) b.cookies.set(k, v);
    return b;
  }
}

// ——— the facts an attacker knows, and what only the phone knows ———

/** Registry entries in the city, without an account, one per use. */
const free = sampleRegistry()
  .filter((e) => e.region_code.startsWith("4451"))
  .slice(100);
let nextEntry = 0;
const entry = () => free[nextEntry++];

let nextMobile = 0;
const mobile = () => `139001${String(++nextMobile).padStart(5, "0")}`;

function details(e: ReturnType<typeof entry>, mobileNumber: string, over: Record<string, string> = {}) {
  return {
    intent: "details",
    creditCode: e.credit_code,
    enterpriseName: e.name,
    legalRepresentative: e.legal_representative,
    contactName: "郑经理",
    mobile: mobileNumber,
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    ...over,
  };
}

/** What the phone of `mobile` received last (the outbox keeps the SMS text). */
async function smsTo(mobileNumber: string) {
  return db
    .selectFrom("notifications")
    .select(["template", "body_text as text"])
    .where("recipient", "=", mobileNumber)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
}

async function codeOnPhone(mobileNumber: string): Promise<string> {
  const code = /验证码:(\d{6})/.exec((await smsTo(mobileNumber)).text)?.[1];
  if (!code) throw new Error(`no code in the SMS to ${mobileNumber}`);
  return code;
}

const otherThan = (code: string, n: number) => String((Number(code) + n) % 1_000_000).padStart(6, "0");

async function accountsFor(creditCode: string) {
  return db
    .selectFrom("organisations")
    .innerJoin("enterprises", "enterprises.id", "organisations.enterprise_id")
    .select("organisations.id")
    .where("enterprises.credit_code", "=", creditCode)
    .execute();
}

async function pendingCode(mobileNumber: string) {
  return db
    .selectFrom("verification_codes")
    .select(["id", "attempts", "consumed_at"])
    .where("mobile", "=", mobileNumber)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
}

/** Step 1 from `browser`; it must be answered with the step-2 redirect. */
async function start(browser: Browser, form: Record<string, string>): Promise<Answer> {
  const r = await browser.send("POST", "/register", form);
  expect(r.status, r.text.slice(0, 400)).toBe(302);
  expect(r.location).toBe("/register");
  return r;
}

const verify = (browser: Browser, code: string) => browser.send("POST", "/register", { intent: "verify", code });

const tally = (answers: { status: number }[]) =>
  answers.reduce<Record<number, number>>((t, a) => ({ ...t, [a.status]: (t[a.status] ?? 0) + 1 }), {});

// ——— the attacks ———

describe("a squatter", () => {
  test("with the public facts and a mobile it does not hold cannot finish; the real enterprise then registers", async () => {
    const target = entry();
    const victimMobile = mobile();
    const squatter = new Browser("127.0.0.2");
    await start(squatter, details(target, victimMobile));
    const page = await squatter.send("GET", "/register");
    expect(page.status).toBe(200);
    expect(page.text).toContain(`验证码已发送至 ${victimMobile.slice(0, 3)}****${victimMobile.slice(7)}`);
    const code = await codeOnPhone(victimMobile);
    expect(page.text).not.toContain(code);

    // Without the pending registration's signed cookie, or with one made up, there is nothing to finish.
    const bare = new Browser("127.0.0.2");
    expect((await verify(bare, code)).text).toContain("没有待验证的注册申请");
    const forged = new Browser("127.0.0.2");
    const { id } = await pendingCode(victimMobile);
    forged.cookies.set("__zt_register", Buffer.from(JSON.stringify(String(id))).toString("base64"));
    const forgedAnswer = await verify(forged, code);
    expect(forgedAnswer.status).toBe(400);
    expect(forgedAnswer.text).toContain("没有待验证的注册申请");

    // Guessing: five wrong codes, then even the right one is refused.
    const guesses = [];
    for (let i = 1; i <= 5; i++) guesses.push(await verify(squatter, otherThan(code, i)));
    expect(guesses.map((g) => g.status)).toEqual([400, 400, 400, 400, 400]);
    expect(guesses[4].text).toContain("已达到尝试次数上限");
    const right = await verify(squatter, code);
    expect(right.status).toBe(400);
    expect(right.text).toContain("该验证码尝试次数已达上限");
    expect(right.setCookies.some((c) => c.startsWith("__zt_session="))).toBe(false);
    expect(await accountsFor(target.credit_code)).toEqual([]);
    expect(await db.selectFrom("users").select("id").where("username", "=", victimMobile).execute()).toEqual([]);

    // The real enterprise, with a phone it holds, is not refused.
    const owner = new Browser("127.0.0.3");
    const ownerMobile = mobile();
    await start(owner, details(target, ownerMobile));
    const done = await verify(owner, await codeOnPhone(ownerMobile));
    expect(done.status, done.text.slice(0, 300)).toBe(302);
    expect(done.location).toBe("/workspace");
    expect((await owner.send("GET", "/workspace")).status).toBe(200);
    expect(await accountsFor(target.credit_code)).toHaveLength(1);
  });
});

describe("guessing a code", () => {
  test("stops after 5 tries, with 20 guesses at once from 20 addresses", async () => {
    const target = entry();
    const victimMobile = mobile();
    const attacker = new Browser("127.0.0.4");
    await start(attacker, details(target, victimMobile));
    const code = await codeOnPhone(victimMobile);
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => verify(attacker.copyTo(`127.0.1.${i + 1}`), otherThan(code, i + 1))),
    );
    const elapsed = performance.now() - started;
    const wrong = answers.filter((a) => a.text.includes("验证码不正确"));
    // (The page after a wrong try may show the exhausted banner too: what the try itself was told comes first.)
    const exhausted = answers.filter((a) => !wrong.includes(a) && a.text.includes("该验证码尝试次数已达上限"));
    expect(answers.every((a) => a.status === 400)).toBe(true);
    expect(wrong).toHaveLength(5);
    expect(exhausted).toHaveLength(15);
    const row = await pendingCode(victimMobile);
    expect(row.attempts).toBe(5);
    const failed = await db
      .selectFrom("security_events")
      .select("detail")
      .where("kind", "=", "sms_code_failed")
      .execute();
    expect(
      failed.filter((e) => String((e.detail as { verificationId: number }).verificationId) === String(row.id)),
    ).toHaveLength(5);

    const right = await verify(attacker, code);
    expect(right.text).toContain("该验证码尝试次数已达上限");
    expect(await accountsFor(target.credit_code)).toEqual([]);
    console.log(
      `[registration] 20 concurrent guesses of one code from 20 addresses in ${elapsed.toFixed(0)} ms: ` +
        `${wrong.length} compared ("验证码不正确"), ${exhausted.length} refused unread; attempts stored: ${row.attempts}`,
    );
  });
});

describe("a mobile that already has an account", () => {
  test("gets the same answer as a free one: status, headers, the step-2 page and a wrong code's answer", async () => {
    // Three numbers that are sign-in names of accounts (of the demo enterprise's organisation).
    const org = await db
      .selectFrom("users")
      .select("organisation_id")
      .where("username", "=", "enterprise")
      .executeTakeFirstOrThrow();
    const hash = await hashPassword(PASSWORD);
    const taken = [mobile(), mobile(), mobile()];
    for (const m of taken) {
      await db
        .insertInto("users")
        .values({
          username: m,
          password_hash: hash,
          display_name: "已注册",
          role: "enterprise",
          organisation_id: org.organisation_id,
          phone: m,
        })
        .execute();
    }

    // Digits (the masked number, times, the countdown) and a per-request CSP nonce, should there be one.
    const normal = (s: string) => s.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/\d/g, "0");
    const shape = (a: Answer) => ({
      status: a.status,
      location: a.location,
      cookies: a.setCookies.map((c) => c.replace(/=[^;]*/, "=…")),
      body: normal(a.text),
    });
    const times = { free: [] as number[], taken: [] as number[] };
    for (let round = 0; round < 3; round++) {
      const freeMobile = mobile();
      const a = new Browser(`127.0.2.${2 * round + 1}`);
      const b = new Browser(`127.0.2.${2 * round + 2}`);
      // Alternate which goes first, so that a warm cache favours neither.
      let freeAnswer: Answer;
      let takenAnswer: Answer;
      if (round % 2 === 0) {
        freeAnswer = await start(a, details(entry(), freeMobile));
        takenAnswer = await start(b, details(entry(), taken[round]));
      } else {
        takenAnswer = await start(b, details(entry(), taken[round]));
        freeAnswer = await start(a, details(entry(), freeMobile));
      }
      times.free.push(freeAnswer.ms);
      times.taken.push(takenAnswer.ms);
      expect(shape(takenAnswer)).toEqual(shape(freeAnswer));

      const [freePage, takenPage] = [await a.send("GET", "/register"), await b.send("GET", "/register")];
      expect(takenPage.status).toBe(200);
      expect(normal(takenPage.text)).toBe(normal(freePage.text));

      // Only the phones see a difference: a code for the free number, a notice without one for the taken.
      expect((await smsTo(freeMobile)).template).toBe("verification-code");
      const notice = await smsTo(taken[round]);
      expect(notice.template).toBe("already-registered");
      expect(notice.text).not.toMatch(/\d{6}/);

      if (round === 0) {
        const [freeWrong, takenWrong] = [await verify(a, "000000"), await verify(b, "000000")];
        expect(freeWrong.text).toContain("验证码不正确,还可尝试 4 次。");
        expect(shape(takenWrong)).toEqual(shape(freeWrong));
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1];
    const ratio = median(times.taken) / median(times.free);
    console.log(
      `[registration] step 1, median of 3: free mobile ${median(times.free).toFixed(0)} ms, ` +
        `taken mobile ${median(times.taken).toFixed(0)} ms (ratio ${ratio.toFixed(2)})`,
    );
    // Both hash the password; an answer that skipped the work for a taken number would be many times faster.
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });
});

describe("many attempts from one address", () => {
  test("registration forms: 20 an hour, then 429 with a Chinese message; another address goes on", async () => {
    const target = entry();
    const flooder = new Browser("127.0.0.7");
    const answers: Answer[] = [];
    for (let i = 0; i < 25; i++) {
      answers.push(
        await flooder.send("POST", "/register", details(target, mobile(), { legalRepresentative: `猜测${i}` })),
      );
    }
    expect(answers.slice(0, 20).every((a) => a.status === 400)).toBe(true);
    expect(answers.slice(20).every((a) => a.status === 429)).toBe(true);
    expect(answers[20].text).toContain("本网络提交注册申请过于频繁,请在 60 分钟后再试。");
    // Even the right facts are refused from there now.
    expect((await flooder.send("POST", "/register", details(target, mobile()))).status).toBe(429);
    const other = await new Browser("127.0.0.8").send(
      "POST",
      "/register",
      details(target, mobile(), { legalRepresentative: "猜测" }),
    );
    expect(other.status).toBe(400);
    const limited = await db
      .selectFrom("security_events")
      .select(["ip", "detail"])
      .where("kind", "=", "rate_limited")
      .where("ip", "like", "%127.0.0.7")
      .execute();
    expect(limited).toHaveLength(1);
    console.log(`[registration] 25 forms from 127.0.0.7: ${JSON.stringify(tally(answers))}, then the right facts: 429`);
  });

  test("codes to one mobile: one per 60 s, whoever asks", async () => {
    const target = mobile();
    await start(new Browser("127.0.0.9"), details(entry(), target));
    const again = await new Browser("127.0.0.10").send("POST", "/register", details(entry(), target));
    expect(again.status).toBe(429);
    expect(again.text).toMatch(/验证码已发送,请在 \d+ 秒后再重新获取/);
  });

  test("code checks: 20 per 15 minutes from one address, across codes", async () => {
    const holders: Browser[] = [];
    for (let i = 0; i < 5; i++) {
      const b = new Browser("127.0.0.12");
      await start(b, details(entry(), mobile()));
      holders.push(b);
    }
    const answers: Answer[] = [];
    for (const holder of holders) {
      const checker = holder.copyTo("127.0.0.11");
      for (let i = 0; i < 4; i++) answers.push(await verify(checker, "000000"));
    }
    expect(tally(answers)).toEqual({ 400: 20 });
    const refused = await verify(holders[0].copyTo("127.0.0.11"), "000000");
    expect(refused.status).toBe(429);
    expect(refused.text).toContain("验证码尝试过于频繁");
    // The code itself still has a try left for its holder elsewhere.
    expect((await verify(holders[0], "000000")).status).toBe(400);
  });
});
