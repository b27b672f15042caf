/**
 * Enterprise self-registration with a proven mobile (SPEC §7), and the enterprise's change of contact mobile:
 * the code is sent through the outbox and stored only as a keyed hash, lives 5 minutes by the injected clock,
 * allows 5 tries however many arrive at once, and a mobile that already has an account gets the same answer
 * with a different SMS. Nothing is made until the code comes back, and a double submit makes one account.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { registerEnterpriseSchema } from "~/schemas/enterprise-account";
import {
  cancelMobileChange,
  confirmMobileChange,
  pendingMobileChange,
  updateEnterpriseContact,
} from "~/services/enterprise-account.server";
import {
  completeRegistration,
  pendingRegistration,
  resendRegistrationCode,
  startRegistration,
} from "~/services/registration.server";
import { signIn } from "~/services/sign-in.server";
import { createSeededDb, type TestDb } from "./helpers/db";

// The code's HMAC is keyed with the server's secret, read from the environment as the app does.
process.env.SESSION_SECRET ??= "integration-secret-for-codes";

let t: TestDb;
const NOW = new Date("2026-11-20T10:00:00+08:00");
const registry = sampleRegistry();
const PASSWORD = "Kettle-Harbor-Lantern42";
const at = (ms: number) => new Date(NOW.getTime() + ms);
const SECOND = 1000;
const MINUTE = 60 * SECOND;

beforeAll(async () => {
  t = await createSeededDb({ now: NOW });
});
afterAll(async () => t.drop());

/** Every test asks from its own address, so that the per-address limits of one do not reach another. */
let lastAddress = 0;
const client = () => ({ ip: `10.13.0.${++lastAddress}`, userAgent: "vitest" });

function form(entry = registry[20], over: Record<string, string> = {}) {
  return registerEnterpriseSchema.parse({
    creditCode: entry.credit_code.toLowerCase(),
    enterpriseName: entry.name,
    legalRepresentative: entry.legal_representative,
    contactName: "郑经理",
    mobile: "13712345678",
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    ...over,
  });
}

/** The latest SMS queued for `mobile`. */
async function smsTo(mobile: string) {
  return t.db
    .selectFrom("notifications")
    .select(["template", "body_text as text", "channel", "status"])
    .where("recipient", "=", mobile)
    .where("channel", "=", "sms")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
}

async function codeSentTo(mobile: string): Promise<string> {
  const sms = await smsTo(mobile);
  const code = /验证码:(\d{6})/.exec(sms.text)?.[1];
  if (!code) throw new Error(`no code in: ${sms.text}`);
  return code;
}

/** Any code but `code`. */
const wrong = (code: string, n = 1) => String((Number(code) + n) % 1_000_000).padStart(6, "0");

async function codeRow(id: number) {
  return t.db.selectFrom("verification_codes").selectAll().where("id", "=", String(id)).executeTakeFirstOrThrow();
}

const accountsOf = (creditCode: string) =>
  t.db
    .selectFrom("organisations")
    .innerJoin("enterprises", "enterprises.id", "organisations.enterprise_id")
    .innerJoin("users", "users.organisation_id", "organisations.id")
    .select(["users.id", "users.username", "users.mobile_verified_at", "organisations.contact_phone"])
    .where("enterprises.credit_code", "=", creditCode)
    .execute();

async function started(input: ReturnType<typeof form>, who = client(), now = NOW) {
  const r = await startRegistration(t.db, input, who, now);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.verificationId;
}

describe("step 1: the facts are checked, the code is sent, nothing is made", () => {
  it("checks the registry: name, legal representative, region, and one account per enterprise", async () => {
    const who = client();
    expect(
      await startRegistration(t.db, form(registry[21], { enterpriseName: "别的公司名称" }), who, NOW),
    ).toMatchObject({ ok: false, status: 400, fieldErrors: { enterpriseName: [expect.stringContaining("不一致")] } });
    expect(
      await startRegistration(t.db, form(registry[21], { legalRepresentative: "张三丰" }), who, NOW),
    ).toMatchObject({ ok: false, fieldErrors: { legalRepresentative: ["法定代表人与法人库登记不一致"] } });
    const outside = registry.find((e) => e.region_code === "440300")!;
    expect(await startRegistration(t.db, form(outside), who, NOW)).toMatchObject({
      ok: false,
      formErrors: [expect.stringContaining("不在本市")],
    });
    // The demo enterprise (registry[0]) already has an account: public facts, refused as before.
    expect(await startRegistration(t.db, form(registry[0], { mobile: "13700000001" }), who, NOW)).toMatchObject({
      ok: false,
      fieldErrors: { creditCode: [expect.stringContaining("已注册账号")] },
    });
    expect(await t.db.selectFrom("verification_codes").select("id").execute()).toEqual([]);
  });

  it("refuses a guessable password, or one made of the person's own words, on the password field", async () => {
    const who = client();
    for (const [password, reason] of [
      ["password1234", "常用密码"],
      ["13712345678a", "手机号码"],
    ]) {
      const r = await startRegistration(t.db, form(registry[21], { password, passwordConfirm: password }), who, NOW);
      expect(r, password).toMatchObject({ ok: false, status: 400, fieldErrors: { password: [expect.any(String)] } });
      if (!r.ok) expect(r.fieldErrors.password[0]).toContain(reason);
    }
  });

  it("sends a 6-digit code by SMS through the outbox and keeps only its keyed hash; no account until it returns", async () => {
    const entry = registry[20];
    const id = await started(form(entry));
    const sms = await smsTo("13712345678");
    expect(sms).toMatchObject({ template: "verification-code", channel: "sms", status: "pending" });
    expect(sms.text).toMatch(/^【直通车】您正在注册.*验证码:\d{6},5分钟内有效/);
    const code = await codeSentTo("13712345678");

    const row = await codeRow(id);
    expect(row).toMatchObject({ purpose: "register", mobile: "13712345678", attempts: 0, consumed_at: null });
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(5 * MINUTE);
    expect(row.code_hash).not.toContain(code);
    expect(row.code_hash.length).toBeGreaterThanOrEqual(43);
    // The pending registration waits beside the code with the password already hashed.
    const payload = JSON.stringify(row.payload);
    expect(payload).toContain('"passwordHash":"scrypt$');
    expect(payload).not.toContain(PASSWORD);
    expect(await accountsOf(entry.credit_code)).toEqual([]);

    const events = await t.db
      .selectFrom("security_events")
      .select(["kind", "username", "detail"])
      .where("kind", "=", "sms_code_sent")
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      username: "13712345678",
      detail: { purpose: "register", mobile: "137****5678" },
    });
    expect(await pendingRegistration(t.db, id, NOW)).toMatchObject({ maskedMobile: "137****5678", state: "active" });
  });
});

describe("step 2: the code comes back", () => {
  it("makes the organisation and a user with a verified mobile, who signs in with it; the code works once", async () => {
    const entry = registry[20];
    const id = (
      await t.db
        .selectFrom("verification_codes")
        .select("id")
        .where("mobile", "=", "13712345678")
        .executeTakeFirstOrThrow()
    ).id;
    const code = await codeSentTo("13712345678");
    const who = client();
    const r = await completeRegistration(t.db, { verificationId: Number(id), code }, who, at(4 * MINUTE));
    expect(r).toMatchObject({ ok: true, username: "13712345678" });
    const [account] = await accountsOf(entry.credit_code);
    expect(account).toMatchObject({ username: "13712345678", contact_phone: "13712345678" });
    expect(account.mobile_verified_at).toEqual(at(4 * MINUTE));
    expect(
      await signIn(t.db, { username: "13712345678", password: PASSWORD, ip: "10.1.1.1", now: at(5 * MINUTE) }),
    ).toMatchObject({ ok: true });
    const verified = await t.db
      .selectFrom("security_events")
      .select(["kind", "user_id", "ip"])
      .where("kind", "=", "mobile_verified")
      .execute();
    expect(verified).toEqual([{ kind: "mobile_verified", user_id: account.id, ip: who.ip }]);

    expect(
      await completeRegistration(t.db, { verificationId: Number(id), code }, who, at(4 * MINUTE + SECOND)),
    ).toMatchObject({ ok: false, fieldErrors: { code: ["该验证码已使用。"] } });
    expect(await accountsOf(entry.credit_code)).toHaveLength(1);
  });

  it("a code is valid for 5 minutes by the clock: accepted at 4:59, refused at 5:00", async () => {
    const early = await started(form(registry[40], { mobile: "13700000040" }));
    const late = await started(form(registry[41], { mobile: "13700000041" }));
    const who = client();
    expect(
      await completeRegistration(
        t.db,
        { verificationId: late, code: await codeSentTo("13700000041") },
        who,
        at(5 * MINUTE),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { code: ["验证码已过期,请重新获取。"] } });
    expect(await accountsOf(registry[41].credit_code)).toEqual([]);
    expect(
      await completeRegistration(
        t.db,
        { verificationId: early, code: await codeSentTo("13700000040") },
        who,
        at(5 * MINUTE - SECOND),
      ),
    ).toMatchObject({ ok: true });
  });

  it("5 tries per code, counted atomically: of 8 wrong tries at once 5 are compared, then even the right code is refused", async () => {
    const entry = registry[42];
    const id = await started(form(entry, { mobile: "13700000042" }));
    const code = await codeSentTo("13700000042");
    // Each try from its own address: the code's own count is what stops them.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        completeRegistration(t.db, { verificationId: id, code: wrong(code, i + 1) }, client(), at(MINUTE)),
      ),
    );
    const messages = results.map((r) => (r.ok ? "ok" : r.fieldErrors.code[0]));
    expect(messages.filter((m) => m.startsWith("验证码不正确"))).toHaveLength(5);
    expect(messages.filter((m) => m === "该验证码尝试次数已达上限,请重新获取。")).toHaveLength(3);
    expect((await codeRow(id)).attempts).toBe(5);
    expect(await completeRegistration(t.db, { verificationId: id, code }, client(), at(MINUTE + SECOND))).toMatchObject(
      { ok: false, fieldErrors: { code: ["该验证码尝试次数已达上限,请重新获取。"] } },
    );
    expect(await accountsOf(entry.credit_code)).toEqual([]);
    const failed = await t.db
      .selectFrom("security_events")
      .select("detail")
      .where("kind", "=", "sms_code_failed")
      .execute();
    expect(failed.filter((e) => (e.detail as { verificationId: number }).verificationId === id)).toHaveLength(5);
  });

  it("a wrong code says how many tries are left", async () => {
    const id = await started(form(registry[43], { mobile: "13700000043" }));
    const code = await codeSentTo("13700000043");
    const who = client();
    expect(await completeRegistration(t.db, { verificationId: id, code: wrong(code) }, who, at(MINUTE))).toMatchObject({
      ok: false,
      fieldErrors: { code: ["验证码不正确,还可尝试 4 次。"] },
    });
    expect(await completeRegistration(t.db, { verificationId: id, code }, who, at(MINUTE))).toMatchObject({ ok: true });
  });

  it("a double submit of the right code makes one account", async () => {
    const entry = registry[44];
    const id = await started(form(entry, { mobile: "13700000044" }));
    const code = await codeSentTo("13700000044");
    const who = client();
    const results = await Promise.all([
      completeRegistration(t.db, { verificationId: id, code }, who, at(MINUTE)),
      completeRegistration(t.db, { verificationId: id, code }, who, at(MINUTE)),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ fieldErrors: { code: ["该验证码已使用。"] } });
    expect(await accountsOf(entry.credit_code)).toHaveLength(1);
  });

  it("two people registering one enterprise: the first code back gets it, the second is refused", async () => {
    const entry = registry[45];
    const a = await started(form(entry, { mobile: "13700000451" }));
    const b = await started(form(entry, { mobile: "13700000452" }));
    const results = await Promise.all([
      completeRegistration(t.db, { verificationId: a, code: await codeSentTo("13700000451") }, client(), at(MINUTE)),
      completeRegistration(t.db, { verificationId: b, code: await codeSentTo("13700000452") }, client(), at(MINUTE)),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ formErrors: [expect.stringContaining("该企业已注册账号")] });
    expect(await accountsOf(entry.credit_code)).toHaveLength(1);
  });
});

describe("a mobile that already has an account", () => {
  it("gets the same answer at step 1, an SMS that says so with no code, and can never complete", async () => {
    // 13712345678 registered registry[20] above; registry[46] is free.
    const later = at(10 * MINUTE);
    const free = await startRegistration(t.db, form(registry[46], { mobile: "13700000046" }), client(), later);
    const taken = await startRegistration(t.db, form(registry[47], { mobile: "13712345678" }), client(), later);
    expect(free).toEqual({ ok: true, verificationId: expect.any(Number) });
    expect(taken).toEqual({ ok: true, verificationId: expect.any(Number) });
    if (!taken.ok || !free.ok) return;

    const notice = await smsTo("13712345678");
    expect(notice.template).toBe("already-registered");
    expect(notice.text).toContain("本号码已注册");
    expect(notice.text).toContain("直接登录");
    expect(notice.text).not.toMatch(/\d{6}/);
    expect((await smsTo("13700000046")).template).toBe("verification-code");

    // The stored rows look alike: a keyed hash, the pending registration with its password hash.
    const [freeRow, takenRow] = [await codeRow(free.verificationId), await codeRow(taken.verificationId)];
    expect(Object.keys(takenRow.payload as object).sort()).toEqual(Object.keys(freeRow.payload as object).sort());
    expect(takenRow.code_hash.length).toBe(freeRow.code_hash.length);
    expect(await pendingRegistration(t.db, taken.verificationId, later)).toMatchObject({ state: "active" });

    // No 6-digit code matches; the five tries end as for any wrong code.
    const who = client();
    for (const code of ["000000", "123456", "999999", "654321", "111111"]) {
      const r = await completeRegistration(t.db, { verificationId: taken.verificationId, code }, who, at(11 * MINUTE));
      expect(r).toMatchObject({ ok: false, fieldErrors: { code: [expect.stringMatching(/^验证码不正确/)] } });
    }
    expect(await accountsOf(registry[47].credit_code)).toEqual([]);
  });
});

describe("resending", () => {
  it("another code only 60 s after the last; the old code then no longer works, the new one does", async () => {
    const entry = registry[48];
    const who = client();
    const id = await started(form(entry, { mobile: "13700000048" }), who);
    const first = await codeSentTo("13700000048");
    expect(await resendRegistrationCode(t.db, id, who, at(30 * SECOND))).toMatchObject({
      ok: false,
      status: 429,
      formErrors: [expect.stringMatching(/^验证码已发送,请在 30 秒后再重新获取/)],
    });
    const again = await resendRegistrationCode(t.db, id, who, at(61 * SECOND));
    expect(again).toMatchObject({ ok: true });
    if (!again.ok) return;
    const second = await codeSentTo("13700000048");
    expect(await completeRegistration(t.db, { verificationId: id, code: first }, who, at(62 * SECOND))).toMatchObject({
      ok: false,
      fieldErrors: { code: ["验证码已过期,请重新获取。"] },
    });
    expect(
      await completeRegistration(t.db, { verificationId: again.verificationId, code: second }, who, at(63 * SECOND)),
    ).toMatchObject({ ok: true });
  });
});

describe("rate limits", () => {
  it("20 registration forms an hour from one address, whatever their outcome; then 429 in Chinese", async () => {
    const who = client();
    const bad = form(registry[60], { legalRepresentative: "冒名者" });
    for (let i = 0; i < 20; i++) {
      expect((await startRegistration(t.db, bad, who, at(i * SECOND))).ok).toBe(false);
    }
    const refused = await startRegistration(t.db, form(registry[60]), who, at(30 * SECOND));
    expect(refused).toMatchObject({
      ok: false,
      status: 429,
      formErrors: ["本网络提交注册申请过于频繁,请在 60 分钟后再试。"],
    });
    // Another address is not affected; this one is let in again once the hour has passed.
    expect(await startRegistration(t.db, bad, client(), at(40 * SECOND))).toMatchObject({ ok: false, status: 400 });
    expect(await startRegistration(t.db, bad, who, at(61 * MINUTE))).toMatchObject({ ok: false, status: 400 });
    const logged = await t.db
      .selectFrom("security_events")
      .select(["ip", "detail"])
      .where("kind", "=", "rate_limited")
      .where("ip", "=", who.ip)
      .execute();
    expect(logged).toHaveLength(1);
  });

  it("10 codes an hour from one address, and 5 an hour to one mobile", async () => {
    const who = client();
    for (let i = 0; i < 10; i++) {
      await started(form(registry[70 + i], { mobile: `1370000070${i}` }), who);
    }
    expect(await startRegistration(t.db, form(registry[80], { mobile: "13700000800" }), who, at(SECOND))).toMatchObject(
      { status: 429, formErrors: [expect.stringContaining("本网络获取短信验证码过于频繁")] },
    );

    // One mobile, asked for from many addresses, a minute apart.
    for (let i = 0; i < 5; i++)
      await started(form(registry[81], { mobile: "13700000810" }), client(), at(i * MINUTE + i));
    expect(
      await startRegistration(t.db, form(registry[81], { mobile: "13700000810" }), client(), at(6 * MINUTE)),
    ).toMatchObject({ status: 429, formErrors: [expect.stringContaining("该手机号码获取验证码过于频繁")] });
  });

  it("20 code checks per 15 minutes from one address, across codes", async () => {
    const who = client();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await started(form(registry[90 + i], { mobile: `1370000090${i}` })));
    let checks = 0;
    for (const id of ids) {
      for (let i = 0; i < 4; i++) {
        const r = await completeRegistration(t.db, { verificationId: id, code: "000000" }, who, at(MINUTE));
        expect(r.ok ? 200 : r.status).not.toBe(429);
        checks++;
      }
    }
    expect(checks).toBe(20);
    expect(await completeRegistration(t.db, { verificationId: ids[0], code: "000000" }, who, at(MINUTE))).toMatchObject(
      { status: 429, formErrors: [expect.stringContaining("验证码尝试过于频繁")] },
    );
  });
});

describe("the enterprise's contact", () => {
  async function enterpriseUser() {
    const u = await t.db
      .selectFrom("users")
      .select(["id", "organisation_id"])
      .where("username", "=", "13712345678")
      .executeTakeFirstOrThrow();
    return { userId: u.id, organisationId: u.organisation_id };
  }
  const contact = async (organisationId: number) =>
    t.db
      .selectFrom("organisations")
      .select(["contact_name", "contact_phone", "contact_email"])
      .where("id", "=", organisationId)
      .executeTakeFirstOrThrow();

  it("name and email take effect at once; a new mobile only when the code sent to it comes back", async () => {
    const self = await enterpriseUser();
    const who = client();
    const r = await updateEnterpriseContact(
      t.db,
      { ...self, contactName: "郑总", mobile: "13898765432", email: "zheng@example.cn", now: NOW },
      who,
    );
    expect(r).toEqual({ changed: true, mobile: { status: "code_sent", maskedMobile: "138****5432" } });
    expect(await contact(self.organisationId)).toEqual({
      contact_name: "郑总",
      contact_phone: "13712345678",
      contact_email: "zheng@example.cn",
    });
    const sms = await smsTo("13898765432");
    expect(sms.template).toBe("change-mobile-code");
    const code = await codeSentTo("13898765432");
    expect(await pendingMobileChange(t.db, self.userId, NOW)).toMatchObject({
      maskedMobile: "138****5432",
      state: "active",
    });

    expect(await confirmMobileChange(t.db, { ...self, code: wrong(code), now: at(MINUTE) }, who)).toEqual({
      ok: false,
      status: 400,
      message: "验证码不正确,还可尝试 4 次。",
    });
    expect((await contact(self.organisationId)).contact_phone).toBe("13712345678");
    expect(await confirmMobileChange(t.db, { ...self, code, now: at(MINUTE) }, who)).toEqual({
      ok: true,
      maskedMobile: "138****5432",
    });
    expect((await contact(self.organisationId)).contact_phone).toBe("13898765432");
    const user = await t.db
      .selectFrom("users")
      .select(["username", "phone", "mobile_verified_at"])
      .where("id", "=", self.userId)
      .executeTakeFirstOrThrow();
    // The sign-in name stays the first mobile.
    expect(user).toEqual({ username: "13712345678", phone: "13898765432", mobile_verified_at: at(MINUTE) });
    expect(await pendingMobileChange(t.db, self.userId, at(MINUTE))).toBeNull();
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["action", "from_value", "to_value"])
      .where("entity", "=", "organisation")
      .where("entity_id", "=", String(self.organisationId))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["registered", "contact_updated", "contact_updated"]);
    expect(audit[2]).toMatchObject({
      from_value: { contact_phone: "13712345678" },
      to_value: { contact_phone: "13898765432" },
    });
  });

  it("the same contact again changes nothing; a withdrawn change can no longer be confirmed", async () => {
    const self = await enterpriseUser();
    const who = client();
    const same = {
      ...self,
      contactName: "郑总",
      mobile: "13898765432",
      email: "zheng@example.cn",
      now: at(2 * MINUTE),
    };
    expect(await updateEnterpriseContact(t.db, same, who)).toEqual({ changed: false, mobile: { status: "unchanged" } });

    expect(
      (await updateEnterpriseContact(t.db, { ...same, mobile: "13600001111", now: at(3 * MINUTE) }, who)).mobile,
    ).toMatchObject({ status: "code_sent" });
    const code = await codeSentTo("13600001111");
    await cancelMobileChange(t.db, { userId: self.userId, now: at(4 * MINUTE) });
    expect(await pendingMobileChange(t.db, self.userId, at(4 * MINUTE))).toBeNull();
    expect(await confirmMobileChange(t.db, { ...self, code, now: at(4 * MINUTE) }, who)).toMatchObject({
      ok: false,
      message: "验证码已过期,请重新获取。",
    });
    expect((await contact(self.organisationId)).contact_phone).toBe("13898765432");
  });
});
