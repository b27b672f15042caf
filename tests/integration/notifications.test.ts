/**
 * The notification outbox end to end: queueing once per logical message, the worker sending through a real
 * SMTP server (smtp-server on a loopback port, read back with mailparser) and a real HTTP SMS gateway,
 * retries with backoff, giving up and 重新发送, a worker that dies holding its lock, and capture mode.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "../../db/connection";
import { seedDemoCity } from "../../db/seed/index";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { appealSchema } from "~/schemas/appeal";
import { submitAppeal } from "~/services/appeals.server";
import {
  claimDueNotifications,
  createNotificationTransport,
  deliverClaimed,
  MAX_ATTEMPTS,
  retryDelayMs,
  runNotificationBatch,
  type NotificationTransport,
} from "~/services/notification-worker.server";
import { enqueueNotification, notifyAppealReceipt, resendFailedNotification } from "~/services/notifications.server";
import { createMailTransport } from "~/utils/mailer.server";
import { createCaptureSmsGateway, createHttpSmsGateway } from "~/utils/sms.server";
import { startJobs } from "~/services/jobs.server";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeOrganisation, makeUser } from "./helpers/factories";

const T0 = new Date("2026-11-20T10:00:00+08:00");
const at = (ms: number) => new Date(T0.getTime() + ms);
const FROM = "直通车平台 <noreply@zhitongche.example>";

// ——— a real SMTP server on a loopback port ———

type SmtpMode = "accept" | "refuse-rcpt" | "refuse-data";

interface TestSmtp {
  url: string;
  received: ParsedMail[];
  mode: SmtpMode;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

async function startSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = { url: "", received: [], mode: "accept", close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.mode === "refuse-rcpt") return callback(smtpError("Mailbox unavailable", 550));
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (state.mode === "refuse-data") return callback(smtpError("Try again later", 451));
        // Recorded before the server answers, so a resolved send is a received message.
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            state.received.push(mail);
            callback();
          },
          (e: Error) => callback(e),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

// ——— a real HTTP SMS gateway ———

interface TestGateway {
  url: string;
  requests: { authorization?: string; body: unknown }[];
  status: number;
  close(): Promise<void>;
}

async function startGateway(): Promise<TestGateway> {
  const state: TestGateway = { url: "", requests: [], status: 200, close: async () => {} };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/hang") return; // never answers
      state.requests.push({
        authorization: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      });
      res.writeHead(state.status, { "Content-Type": "application/json" });
      res.end(state.status < 300 ? JSON.stringify({ id: `sms-${state.requests.length}` }) : '{"error":"busy"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/send`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

// ——— fixtures ———

let t: TestDb;
let smtp: TestSmtp;
let gateway: TestGateway;
let smtpTransport: NotificationTransport;

beforeAll(async () => {
  [t, smtp, gateway] = await Promise.all([createTestDb(), startSmtp(), startGateway()]);
  smtpTransport = {
    email: createMailTransport({ SMTP_URL: smtp.url, SMTP_FROM: FROM }),
    sms: createHttpSmsGateway({ url: gateway.url, token: "gateway-token" }),
  };
});
afterAll(async () => {
  smtpTransport.email.close();
  await Promise.all([t.drop(), smtp.close(), gateway.close()]);
});
beforeEach(async () => {
  // Each test starts from an empty outbox and a server that accepts.
  await t.db.deleteFrom("notifications").execute();
  smtp.received.length = 0;
  smtp.mode = "accept";
  gateway.requests.length = 0;
  gateway.status = 200;
});

function email(key: string, over: { subject?: string; now?: Date } = {}) {
  return {
    dedupeKey: key,
    channel: "email" as const,
    recipient: "qiye@example.com",
    template: "appeal-receipt",
    subject: over.subject ?? `测试邮件 ${key}`,
    text: `您的诉求已受理登记。(${key})`,
    html: `<p>您的诉求已受理登记。(${key})</p>`,
    now: over.now ?? T0,
  };
}

async function row(key: string) {
  return t.db.selectFrom("notifications").selectAll().where("dedupe_key", "=", key).executeTakeFirstOrThrow();
}

// ——— tests ———

describe("enqueueNotification", () => {
  it("queues one row per dedupe key, however often it is called", async () => {
    expect(await enqueueNotification(t.db, email("dup"))).toBe(true);
    expect(await enqueueNotification(t.db, email("dup", { subject: "另一个主题" }))).toBe(false);
    const rows = await t.db.selectFrom("notifications").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: "pending",
      attempts: 0,
      subject: "测试邮件 dup",
      next_attempt_at: T0,
      created_at: T0,
      locked_until: null,
    });
  });

  it("belongs to the caller's transaction: rolled back with it", async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await enqueueNotification(trx, email("rolled-back"));
        throw new Error("the change it reports failed");
      }),
    ).rejects.toThrow("the change it reports failed");
    expect(await t.db.selectFrom("notifications").select("id").execute()).toHaveLength(0);
  });
});

describe("the worker, through a real SMTP server", () => {
  it("sends an appeal receipt in Chinese, SMS and email, once", async () => {
    await seedDemoCity(t.db, { now: T0, firstCycleMonth: "2026-01", years: [2026, 2027] });
    const category = await t.db.selectFrom("appeal_categories").select("id").executeTakeFirstOrThrow();
    const enterprise = sampleRegistry()[3];
    const submitted = await submitAppeal(
      t.db,
      appealSchema.parse({
        creditCode: enterprise.credit_code,
        enterpriseName: enterprise.name,
        contactName: "陈先生",
        contactPhone: "13800001111",
        contactEmail: "chen@example.com",
        title: "厂房扩建用地审批进度咨询",
        content: "我司厂房扩建项目用地审批已提交三个月,至今未有答复,请协调加快办理。",
        categoryId: category.id,
        publishName: false,
      }),
      [],
      {
        channel: "online",
        submissionKey: `form:test:${randomUUID()}`,
        registeredBy: null,
        enterpriseOrganisationId: null,
        now: T0,
      },
    );
    if (!submitted.ok) throw new Error(submitted.error);
    const appeal = await t.db
      .selectFrom("appeals")
      .innerJoin("cycles", "cycles.id", "appeals.cycle_id")
      .select(["appeals.id", "appeals.screening_due_at", "cycles.number", "cycles.onsite_date"])
      .where("appeals.id", "=", submitted.appealId)
      .executeTakeFirstOrThrow();

    const receipt = {
      appealId: appeal.id,
      contact: { phone: "13800001111", email: "chen@example.com" },
      receipt: {
        trackingNumber: submitted.trackingNumber,
        title: "厂房扩建用地审批进度咨询",
        enterpriseName: enterprise.name,
        contactName: "陈先生",
        receivedAt: T0,
        cycleNumber: appeal.number,
        onsiteDate: appeal.onsite_date,
        receivedWhileClosed: false,
        screeningDueAt: appeal.screening_due_at,
      },
      now: T0,
    };
    // submitAppeal queued the receipt in its own transaction; queuing it again adds nothing.
    const queued = await t.db.selectFrom("notifications").select("status").where("appeal_id", "=", appeal.id).execute();
    expect(queued.map((r) => r.status)).toEqual(["pending", "pending"]);
    expect(await t.db.transaction().execute((trx) => notifyAppealReceipt(trx, receipt))).toBe(0);

    const batch = await runNotificationBatch(t.db, { now: T0, transport: smtpTransport });
    expect(batch).toMatchObject({ claimed: 2, outcomes: { sent: 2, retry: 0, lost: 0 } });
    expect(await runNotificationBatch(t.db, { now: at(60_000), transport: smtpTransport })).toMatchObject({
      claimed: 0,
    });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail.subject).toBe(`诉求受理回执(受理编号 ${submitted.trackingNumber})`);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe("chen@example.com");
    expect(mail.from?.text).toContain("noreply@zhitongche.example");
    expect(mail.text).toContain("厂房扩建用地审批进度咨询");
    expect(mail.text).toContain(`第${appeal.number}期`);
    expect(mail.text).toContain(`您的诉求纳入第${appeal.number}期办理`);
    expect(mail.html || "").toContain("已受理登记");

    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0].authorization).toBe("Bearer gateway-token");
    expect(gateway.requests[0].body).toMatchObject({ to: "13800001111" });
    expect((gateway.requests[0].body as { text: string }).text).toContain(`受理编号${submitted.trackingNumber}`);

    const rows = await t.db.selectFrom("notifications").selectAll().where("appeal_id", "=", appeal.id).execute();
    expect(rows.map((r) => [r.channel, r.status, r.template, r.sent_at])).toEqual(
      expect.arrayContaining([
        ["sms", "sent", "appeal-receipt", T0],
        ["email", "sent", "appeal-receipt", T0],
      ]),
    );
  });

  it("sends each message exactly once while three workers run batches at the same time", async () => {
    const count = 45;
    for (let i = 0; i < count; i++) await enqueueNotification(t.db, email(`burst-${i}`));
    const pools = [t.db, createDb(t.url, 3), createDb(t.url, 3)];
    let claimed = 0;
    try {
      for (let round = 0; round < 5; round++) {
        const results = await Promise.all(
          pools.map((db) => runNotificationBatch(db, { now: at(round * 1000), transport: smtpTransport })),
        );
        for (const r of results) {
          claimed += r.claimed;
          expect(r.outcomes.lost).toBe(0);
        }
      }
    } finally {
      await Promise.all(pools.slice(1).map((db) => db.destroy()));
    }
    expect(claimed).toBe(count);
    const subjects = smtp.received.map((m) => m.subject);
    expect(subjects).toHaveLength(count);
    expect(new Set(subjects).size).toBe(count);
    const statuses = await t.db.selectFrom("notifications").select("status").distinct().execute();
    expect(statuses).toEqual([{ status: "sent" }]);
  });

  for (const refusal of ["refuse-rcpt", "refuse-data"] as const) {
    it(`retries with backoff when the server refuses (${refusal}), then sends once`, async () => {
      await enqueueNotification(t.db, email("refused"));
      smtp.mode = refusal;
      const first = await runNotificationBatch(t.db, { now: T0, transport: smtpTransport });
      expect(first.outcomes).toMatchObject({ retry: 1, sent: 0 });
      let r = await row("refused");
      expect(r).toMatchObject({ status: "pending", attempts: 1, locked_until: null, sent_at: null });
      expect(r.next_attempt_at).toEqual(at(30_000));
      expect(r.last_error).toContain(refusal === "refuse-rcpt" ? "550" : "451");
      expect(smtp.received).toHaveLength(0);

      // Not due yet, even once the server accepts again.
      smtp.mode = "accept";
      expect((await runNotificationBatch(t.db, { now: at(29_000), transport: smtpTransport })).claimed).toBe(0);

      const second = await runNotificationBatch(t.db, { now: at(30_000), transport: smtpTransport });
      expect(second.outcomes).toMatchObject({ sent: 1 });
      expect((await runNotificationBatch(t.db, { now: at(120_000), transport: smtpTransport })).claimed).toBe(0);
      r = await row("refused");
      expect(r).toMatchObject({ status: "sent", attempts: 1, last_error: null, sent_at: at(30_000) });
      expect(smtp.received.map((m) => m.subject)).toEqual(["测试邮件 refused"]);
    });
  }

  it("backs off 30 s, 1 min, 2 min … up to an hour", () => {
    expect([1, 2, 3, 4, 7, 8, 11].map(retryDelayMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts; 重新发送 queues it again and it is sent once`, async () => {
    await enqueueNotification(t.db, email("hopeless"));
    await t.db
      .updateTable("notifications")
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where("dedupe_key", "=", "hopeless")
      .execute();
    smtp.mode = "refuse-rcpt";
    const batch = await runNotificationBatch(t.db, { now: T0, transport: smtpTransport });
    expect(batch.outcomes).toMatchObject({ failed: 1 });
    const failed = await row("hopeless");
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    // A failed message stays failed: no batch picks it up.
    expect((await runNotificationBatch(t.db, { now: at(86_400_000), transport: smtpTransport })).claimed).toBe(0);

    smtp.mode = "accept";
    // Only the platform office queues a message again, and its step is kept in the audit record.
    const office = await makeOrganisation(t.db, "platform_office");
    const officeId = (await makeUser(t.db, "platform_admin", office.id)).id;
    const department = await makeOrganisation(t.db, "department");
    const clerkId = (await makeUser(t.db, "department", department.id)).id;
    await expect(resendFailedNotification(t.db, { id: failed.id, actorId: clerkId, now: at(60_000) })).rejects.toThrow(
      "没有进行这项操作的权限",
    );
    expect(await row("hopeless")).toMatchObject({ status: "failed" });
    expect(await resendFailedNotification(t.db, { id: failed.id, actorId: officeId, now: at(60_000) })).toBe(true);
    expect(
      await t.db
        .selectFrom("audit_events")
        .select(["action", "actor_id", "to_value"])
        .where("entity", "=", "notification")
        .where("entity_id", "=", String(failed.id))
        .execute(),
    ).toEqual([{ action: "resent", actor_id: officeId, to_value: { status: "pending" } }]);
    expect(await resendFailedNotification(t.db, { id: failed.id, actorId: officeId, now: at(60_000) })).toBe(false);
    expect(await row("hopeless")).toMatchObject({ status: "pending", attempts: 0, next_attempt_at: at(60_000) });
    await runNotificationBatch(t.db, { now: at(60_000), transport: smtpTransport });
    expect(await row("hopeless")).toMatchObject({ status: "sent" });
    expect(await resendFailedNotification(t.db, { id: failed.id, actorId: officeId, now: at(90_000) })).toBe(false);
    expect(smtp.received).toHaveLength(1);
  });

  it("picks up a message from a worker that died after claiming it, once the lock expires, and sends it once", async () => {
    await enqueueNotification(t.db, email("orphan"));
    const [claimedByDeadWorker] = await claimDueNotifications(t.db, T0);
    expect(claimedByDeadWorker.locked_until).toEqual(at(60_000));

    // While the lock holds, nobody else takes it.
    expect((await runNotificationBatch(t.db, { now: at(59_999), transport: smtpTransport })).claimed).toBe(0);

    const rescue = await runNotificationBatch(t.db, { now: at(60_001), transport: smtpTransport });
    expect(rescue.outcomes).toMatchObject({ sent: 1 });

    // The first worker comes back to life: its lock is gone, so it neither sends nor marks.
    expect(await deliverClaimed(t.db, claimedByDeadWorker, { now: at(61_000), transport: smtpTransport })).toBe("lost");
    expect(smtp.received).toHaveLength(1);
    expect(await row("orphan")).toMatchObject({ status: "sent", sent_at: at(60_001), attempts: 0 });
  });

  it("a worker that stalled past its lock cannot send a message another worker has claimed since", async () => {
    await enqueueNotification(t.db, email("stalled"));
    const [stale] = await claimDueNotifications(t.db, T0);
    const [fresh] = await claimDueNotifications(t.db, at(60_001));
    expect(fresh.locked_until).toEqual(at(120_001));

    // The message is still pending, but the lock is the second worker's.
    expect(await deliverClaimed(t.db, stale, { now: at(60_500), transport: smtpTransport })).toBe("lost");
    expect(smtp.received).toHaveLength(0);
    expect(await deliverClaimed(t.db, fresh, { now: at(61_000), transport: smtpTransport })).toBe("sent");
    expect(smtp.received).toHaveLength(1);
    expect(await row("stalled")).toMatchObject({ status: "sent", sent_at: at(61_000), locked_until: null });
  });
});

describe("the SMS gateway", () => {
  it("records a non-2xx answer as a failed attempt with the status", async () => {
    await enqueueNotification(t.db, {
      dedupeKey: "sms-busy",
      channel: "sms",
      recipient: "13800002222",
      template: "assignment-notice",
      text: "【直通车】测试短信",
      now: T0,
    });
    gateway.status = 503;
    const batch = await runNotificationBatch(t.db, { now: T0, transport: smtpTransport });
    expect(batch.outcomes).toMatchObject({ retry: 1 });
    expect((await row("sms-busy")).last_error).toContain("HTTP 503");
    gateway.status = 200;
    await runNotificationBatch(t.db, { now: at(30_000), transport: smtpTransport });
    expect(await row("sms-busy")).toMatchObject({ status: "sent", attempts: 1 });
    expect(gateway.requests.map((r) => r.body)).toEqual([
      { to: "13800002222", text: "【直通车】测试短信" },
      { to: "13800002222", text: "【直通车】测试短信" },
    ]);
  });

  it("gives up on a gateway that does not answer within the timeout", async () => {
    const slow = createHttpSmsGateway({ url: gateway.url.replace("/send", "/hang"), timeoutMs: 200 });
    const result = await slow.send("13800003333", "测试");
    expect(result).toEqual({ ok: false, error: "短信网关 0.2 秒内无响应" });
  });
});

describe("capture mode (no SMTP_URL, no SMS_GATEWAY_URL)", () => {
  it("marks messages captured with the time, and nothing leaves the machine", async () => {
    await enqueueNotification(t.db, email("kept"));
    await enqueueNotification(t.db, {
      dedupeKey: "kept-sms",
      channel: "sms",
      recipient: "13800004444",
      template: "appeal-receipt",
      text: "【直通车】测试短信",
      now: T0,
    });
    const capture = createNotificationTransport({ SMTP_FROM: FROM });
    expect([capture.email.kind, capture.sms.kind]).toEqual(["capture", "capture"]);
    const batch = await runNotificationBatch(t.db, { now: at(5_000), transport: capture });
    expect(batch.outcomes).toMatchObject({ captured: 2 });
    expect(await row("kept")).toMatchObject({ status: "captured", sent_at: at(5_000), attempts: 0 });
    expect(await row("kept-sms")).toMatchObject({ status: "captured", sent_at: at(5_000) });
    expect(smtp.received).toHaveLength(0);
    expect(gateway.requests).toHaveLength(0);
  });

  it("the background jobs capture new outbox messages within seconds and stop cleanly", async () => {
    const jobs = await startJobs({
      connectionString: t.url,
      db: t.db,
      transport: { email: createMailTransport({ SMTP_FROM: FROM }), sms: createCaptureSmsGateway() },
      now: () => at(1_000),
      log: () => {},
      outboxIntervalSeconds: 1,
    });
    try {
      await enqueueNotification(t.db, email("loop"));
      await expect.poll(async () => (await row("loop")).status, { timeout: 15_000, interval: 100 }).toBe("captured");
    } finally {
      await jobs.stop();
    }
  });
});
