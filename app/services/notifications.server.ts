/**
 * The notification outbox: every SMS and email is a row, written in the same transaction as the change it
 * reports, and sent later by the worker (notification-worker.server.ts). A dedupe key names the logical
 * message, so a retried action never queues it twice.
 */
import { urgeNoticeEmail, urgeNoticeSms, type UrgeNoticeData } from "../../emails/urge-notice";
import {
  completionNoticeEmail,
  completionNoticeSms,
  dissatisfiedNoticeEmail,
  dissatisfiedNoticeSms,
  offAgendaNoticeEmail,
  offAgendaNoticeSms,
  offAgendaReplyEmail,
  offAgendaReplySms,
  handlingOpinionEmail,
  handlingOpinionSms,
  taskNoticeEmail,
  taskNoticeSms,
  type CompletionNoticeData,
  type DissatisfiedNoticeData,
  type OffAgendaNoticeData,
  type OffAgendaReplyData,
  type HandlingOpinionData,
  type TaskNoticeData,
} from "../../emails/after-meeting";
import { sql } from "kysely";
import type { Db } from "~/models/audit.server";
import { appealReceiptEmail, appealReceiptSms, type AppealReceiptData } from "../../emails/appeal-receipt";
import { assignmentNoticeEmail, assignmentNoticeSms, type AssignmentNoticeData } from "../../emails/assignment-notice";
import { countyReplyEmail, countyReplySms } from "../../emails/county-reply";
import { deadlineNoticeEmail, deadlineNoticeSms, type DeadlineNoticeData } from "../../emails/deadline-notice";
import type { EmailContent, SmsContent } from "../../emails/layout";
import {
  registryConfirmedEmail,
  registryConfirmedSms,
  type RegistryConfirmedData,
} from "../../emails/registry-confirmed";
import { screeningResultEmail, screeningResultSms, type ScreeningResultData } from "../../emails/screening-result";
import type { NotificationsTable } from "../../db/schema";

export type NotificationChannel = NotificationsTable["channel"];
export type NotificationStatus = NotificationsTable["status"];

export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ["pending", "sent", "captured", "failed"];
export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = ["sms", "email"];

export interface EnqueueNotification {
  /** One logical message, e.g. `appeal:42:receipt:sms`; a second enqueue with it does nothing. */
  dedupeKey: string;
  channel: NotificationChannel;
  /** A mobile number for SMS, an address for email. */
  recipient: string;
  /** Which template made it, e.g. `appeal-receipt`. */
  template: string;
  subject?: string | null;
  text: string;
  html?: string | null;
  appealId?: number | null;
  now: Date;
}

/** Queue one message; meant to run inside the caller's transaction. Returns whether a row was added. */
export async function enqueueNotification(db: Db, n: EnqueueNotification): Promise<boolean> {
  const row = await db
    .insertInto("notifications")
    .values({
      dedupe_key: n.dedupeKey,
      channel: n.channel,
      recipient: n.recipient,
      template: n.template,
      subject: n.subject ?? null,
      body_text: n.text,
      body_html: n.html ?? null,
      appeal_id: n.appealId ?? null,
      status: "pending",
      next_attempt_at: n.now,
      created_at: n.now,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  return Boolean(row);
}

/** Where a person or an organisation can be reached; either may be missing. */
export interface Contact {
  phone?: string | null;
  email?: string | null;
}

/** An SMS to the phone and an email to the address, whichever the contact has. Returns how many were queued. */
async function enqueueBoth(
  db: Db,
  m: {
    key: string;
    template: string;
    contact: Contact;
    sms: SmsContent;
    email: EmailContent;
    appealId: number | null;
    now: Date;
  },
): Promise<number> {
  let queued = 0;
  const phone = m.contact.phone?.trim();
  const email = m.contact.email?.trim();
  if (phone) {
    const added = await enqueueNotification(db, {
      dedupeKey: `${m.key}:sms`,
      channel: "sms",
      recipient: phone,
      template: m.template,
      text: m.sms.text,
      appealId: m.appealId,
      now: m.now,
    });
    if (added) queued++;
  }
  if (email) {
    const added = await enqueueNotification(db, {
      dedupeKey: `${m.key}:email`,
      channel: "email",
      recipient: email,
      template: m.template,
      subject: m.email.subject,
      text: m.email.text,
      html: m.email.html,
      appealId: m.appealId,
      now: m.now,
    });
    if (added) queued++;
  }
  return queued;
}

/** The enterprise's receipt, once per appeal. */
export function notifyAppealReceipt(
  db: Db,
  input: { appealId: number; contact: Contact; receipt: AppealReceiptData; now: Date },
): Promise<number> {
  return enqueueBoth(db, {
    key: `appeal:${input.appealId}:receipt`,
    template: "appeal-receipt",
    contact: input.contact,
    sms: appealReceiptSms(input.receipt),
    email: appealReceiptEmail(input.receipt),
    appealId: input.appealId,
    now: input.now,
  });
}

/** The enterprise's screening result, once per appeal (an appeal is screened once). */
export function notifyScreeningResult(
  db: Db,
  input: { appealId: number; contact: Contact; result: ScreeningResultData; now: Date },
): Promise<number> {
  return enqueueBoth(db, {
    key: `appeal:${input.appealId}:screening-result`,
    template: "screening-result",
    contact: input.contact,
    sms: screeningResultSms(input.result),
    email: screeningResultEmail(input.result),
    appealId: input.appealId,
    now: input.now,
  });
}

/** The registry review confirmed the enterprise; the appeal goes on to screening. */
export function notifyRegistryConfirmed(
  db: Db,
  input: { appealId: number; contact: Contact; confirmed: RegistryConfirmedData; now: Date },
): Promise<number> {
  return enqueueBoth(db, {
    key: `appeal:${input.appealId}:registry-confirmed`,
    template: "registry-confirmed",
    contact: input.contact,
    sms: registryConfirmedSms(input.confirmed),
    email: registryConfirmedEmail(input.confirmed),
    appealId: input.appealId,
    now: input.now,
  });
}

/** A reminder or late notice about one clock's limit; a limit moved by an extension is a new message. */
export function notifyDeadline(
  db: Db,
  input: { clockId: number; appealId: number; contact: Contact; notice: DeadlineNoticeData; now: Date },
): Promise<number> {
  return enqueueBoth(db, {
    key: `clock:${input.clockId}:${input.notice.kind}:${input.notice.dueAt.getTime()}`,
    template: `deadline-${input.notice.kind}`,
    contact: input.contact,
    sms: deadlineNoticeSms(input.notice),
    email: deadlineNoticeEmail(input.notice),
    appealId: input.appealId,
    now: input.now,
  });
}

/** The county's reply to the enterprise, once per appeal. */
export async function notifyCountyReply(
  db: Db,
  input: { appealId: number; countyName: string; body: string; now: Date },
): Promise<number> {
  const a = await db
    .selectFrom("appeals")
    .select([
      "tracking_number as trackingNumber",
      "title",
      "enterprise_name as enterpriseName",
      "contact_name as contactName",
      "contact_phone as phone",
      "contact_email as email",
    ])
    .where("id", "=", input.appealId)
    .executeTakeFirstOrThrow();
  const data = { ...a, countyName: input.countyName, repliedAt: input.now, body: input.body };
  return enqueueBoth(db, {
    key: `appeal:${input.appealId}:county-reply`,
    template: "county-reply",
    contact: { phone: a.phone, email: a.email },
    sms: countyReplySms(data),
    email: countyReplyEmail(data),
    appealId: input.appealId,
    now: input.now,
  });
}

/** The notice to a department's or county's contact, once per assignment (a reassignment is a new one). */
export function notifyAssignment(
  db: Db,
  input: { assignmentId: number; appealId: number; contact: Contact; notice: AssignmentNoticeData; now: Date },
): Promise<number> {
  return enqueueBoth(db, {
    key: `assignment:${input.assignmentId}:notice`,
    template: "assignment-notice",
    contact: input.contact,
    sms: assignmentNoticeSms(input.notice),
    email: assignmentNoticeEmail(input.notice),
    appealId: input.appealId,
    now: input.now,
  });
}

/** The leader's handling opinion to the enterprise, once per appeal. */
export function notifyHandlingOpinion(
  db: Db,
  input: { appealId: number; contact: Contact; opinion: HandlingOpinionData; now: Date },
): Promise<number> {
  return enqueueBoth(db, {
    key: `appeal:${input.appealId}:handling-opinion`,
    template: "handling-opinion",
    contact: input.contact,
    sms: handlingOpinionSms(input.opinion),
    email: handlingOpinionEmail(input.opinion),
    appealId: input.appealId,
    now: input.now,
  });
}

/** A task to its lead department, and a copy to the supervision office; once per task and recipient. */
export function notifyTask(
  db: Db,
  input: {
    taskId: number;
    appealId: number;
    organisationId: number;
    contact: Contact;
    notice: TaskNoticeData;
    now: Date;
  },
): Promise<number> {
  return enqueueBoth(db, {
    key: `task:${input.taskId}:notice:${input.organisationId}`,
    template: input.notice.forSupervisor ? "task-supervision" : "task-notice",
    contact: input.contact,
    sms: taskNoticeSms(input.notice),
    email: taskNoticeEmail(input.notice),
    appealId: input.appealId,
    now: input.now,
  });
}

/** The completion notice that asks the enterprise to rate; once per completion. */
export function notifyCompletion(
  db: Db,
  input: {
    taskId: number;
    appealId: number;
    contact: Contact;
    notice: CompletionNoticeData;
    completedAt: Date;
    now: Date;
  },
): Promise<number> {
  return enqueueBoth(db, {
    key: `task:${input.taskId}:completed:${input.completedAt.getTime()}`,
    template: "completion-notice",
    contact: input.contact,
    sms: completionNoticeSms(input.notice),
    email: completionNoticeEmail(input.notice),
    appealId: input.appealId,
    now: input.now,
  });
}

/** A dissatisfied rating back to the lead department; once per task. */
export function notifyDissatisfied(
  db: Db,
  input: { taskId: number; appealId: number; contact: Contact; notice: DissatisfiedNoticeData; now: Date },
): Promise<number> {
  return enqueueBoth(db, {
    key: `task:${input.taskId}:dissatisfied`,
    template: "dissatisfied-notice",
    contact: input.contact,
    sms: dissatisfiedNoticeSms(input.notice),
    email: dissatisfiedNoticeEmail(input.notice),
    appealId: input.appealId,
    now: input.now,
  });
}

/** An urging notice to one recipient (the contact, or for red also the head); once per urge and recipient. */
export function notifyUrge(
  db: Db,
  input: {
    urgeId: number;
    appealId: number;
    recipient: "contact" | "head";
    contact: Contact;
    notice: UrgeNoticeData;
    now: Date;
  },
): Promise<number> {
  return enqueueBoth(db, {
    key: `urge:${input.urgeId}:${input.recipient}`,
    template: `urge-${input.notice.level}`,
    contact: input.contact,
    sms: urgeNoticeSms(input.notice),
    email: urgeNoticeEmail(input.notice),
    appealId: input.appealId,
    now: input.now,
  });
}

/** An issue not taken on site, to its lead department; once per issue. */
export function notifyOffAgenda(
  db: Db,
  input: { itemId: number; appealId: number; contact: Contact; notice: OffAgendaNoticeData; now: Date },
): Promise<number> {
  return enqueueBoth(db, {
    key: `offagenda:${input.itemId}:notice`,
    template: "offagenda-notice",
    contact: input.contact,
    sms: offAgendaNoticeSms(input.notice),
    email: offAgendaNoticeEmail(input.notice),
    appealId: input.appealId,
    now: input.now,
  });
}

/** The department's answer to an issue not taken on site, to the enterprise; once per issue. */
export function notifyOffAgendaReply(
  db: Db,
  input: { itemId: number; appealId: number; contact: Contact; reply: OffAgendaReplyData; now: Date },
): Promise<number> {
  return enqueueBoth(db, {
    key: `offagenda:${input.itemId}:reply`,
    template: "offagenda-reply",
    contact: input.contact,
    sms: offAgendaReplySms(input.reply),
    email: offAgendaReplyEmail(input.reply),
    appealId: input.appealId,
    now: input.now,
  });
}

// ——— The office's outbox page ———

export const OUTBOX_PAGE_SIZE = 50;

export interface OutboxFilter {
  status?: NotificationStatus;
  channel?: NotificationChannel;
  /** Part of the recipient or the subject, or a tracking number. */
  q?: string;
  page: number;
  pageSize?: number;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listOutbox(db: Db, f: OutboxFilter) {
  const pageSize = f.pageSize ?? OUTBOX_PAGE_SIZE;
  let query = db.selectFrom("notifications").leftJoin("appeals", "appeals.id", "notifications.appeal_id");
  if (f.status) query = query.where("notifications.status", "=", f.status);
  if (f.channel) query = query.where("notifications.channel", "=", f.channel);
  if (f.q) {
    const pattern = likePattern(f.q);
    query = query.where((eb) =>
      eb.or([
        eb("notifications.recipient", "ilike", pattern),
        eb("notifications.subject", "ilike", pattern),
        eb("appeals.tracking_number", "ilike", pattern),
      ]),
    );
  }
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select([
        "notifications.id",
        "notifications.channel",
        "notifications.recipient",
        "notifications.template",
        "notifications.subject",
        sql<string>`left(notifications.body_text, 80)`.as("textStart"),
        "notifications.status",
        "notifications.attempts",
        "notifications.last_error as lastError",
        "notifications.next_attempt_at as nextAttemptAt",
        "notifications.created_at as createdAt",
        "notifications.sent_at as sentAt",
        "appeals.tracking_number as trackingNumber",
      ])
      .orderBy("notifications.id", "desc")
      .limit(pageSize)
      .offset((f.page - 1) * pageSize)
      .execute(),
  ]);
  return { total: Number(total), rows };
}

export async function getOutboxMessage(db: Db, id: number) {
  return db
    .selectFrom("notifications")
    .leftJoin("appeals", "appeals.id", "notifications.appeal_id")
    .select([
      "notifications.id",
      "notifications.channel",
      "notifications.recipient",
      "notifications.template",
      "notifications.subject",
      "notifications.body_text as bodyText",
      "notifications.body_html as bodyHtml",
      "notifications.status",
      "notifications.attempts",
      "notifications.last_error as lastError",
      "notifications.next_attempt_at as nextAttemptAt",
      "notifications.created_at as createdAt",
      "notifications.sent_at as sentAt",
      "appeals.tracking_number as trackingNumber",
    ])
    .where("notifications.id", "=", id)
    .executeTakeFirst();
}

/**
 * 重新发送: a message the worker gave up on goes back to the queue with a fresh series of attempts. The last
 * error stays for the office to compare. Only failed messages qualify, so a sent one is never sent again.
 */
export async function resendFailedNotification(db: Db, id: number, now: Date): Promise<boolean> {
  const r = await db
    .updateTable("notifications")
    .set({ status: "pending", attempts: 0, next_attempt_at: now, locked_until: null })
    .where("id", "=", id)
    .where("status", "=", "failed")
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export const STATUS_BADGE: Record<NotificationStatus, string> = {
  pending: "badge--warn",
  sent: "badge--ok",
  captured: "badge--grey",
  failed: "badge--red",
};

export {
  NOTIFICATION_CHANNEL_LABEL as CHANNEL_LABEL,
  NOTIFICATION_STATUS_LABEL as STATUS_LABEL,
  notificationTemplateLabel as templateLabel,
} from "~/domain/labels";
