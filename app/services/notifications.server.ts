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
import { sql, type Kysely } from "kysely";
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
import type { Database, NotificationsTable } from "../../db/schema";
import { transitionNotification } from "~/services/notification-state.server";

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

type Content<D> = [sms: (data: D) => SmsContent, email: (data: D) => EmailContent];
type To<T> = T & { appealId: number; contact: Contact; now: Date };

/**
 * A kind of message to a contact, as SMS and email: its template (or the input's choice of one), its dedupe
 * key from the input, its text from the templates and the input's data.
 */
function notice<I extends To<object>, D>(
  template: string | ((input: I) => string),
  key: (input: I) => string,
  [sms, email]: Content<D>,
  dataOf: (input: I) => D,
): (db: Db, input: I) => Promise<number> {
  return (db, input) =>
    enqueueBoth(db, {
      key: key(input),
      template: typeof template === "string" ? template : template(input),
      contact: input.contact,
      sms: sms(dataOf(input)),
      email: email(dataOf(input)),
      appealId: input.appealId,
      now: input.now,
    });
}

/** The enterprise's receipt, once per appeal. */
export const notifyAppealReceipt = notice(
  "appeal-receipt",
  (i: To<{ receipt: AppealReceiptData }>) => `appeal:${i.appealId}:receipt`,
  [appealReceiptSms, appealReceiptEmail],
  (i) => i.receipt,
);

/** The enterprise's screening result, once per appeal (an appeal is screened once). */
export const notifyScreeningResult = notice(
  "screening-result",
  (i: To<{ result: ScreeningResultData }>) => `appeal:${i.appealId}:screening-result`,
  [screeningResultSms, screeningResultEmail],
  (i) => i.result,
);

/** The registry review confirmed the enterprise; the appeal goes on to screening. */
export const notifyRegistryConfirmed = notice(
  "registry-confirmed",
  (i: To<{ confirmed: RegistryConfirmedData }>) => `appeal:${i.appealId}:registry-confirmed`,
  [registryConfirmedSms, registryConfirmedEmail],
  (i) => i.confirmed,
);

/** A reminder or late notice about one clock's limit; a limit moved by an extension is a new message. */
export const notifyDeadline = notice(
  (i) => `deadline-${i.notice.kind}`,
  (i: To<{ clockId: number; notice: DeadlineNoticeData }>) =>
    `clock:${i.clockId}:${i.notice.kind}:${i.notice.dueAt.getTime()}`,
  [deadlineNoticeSms, deadlineNoticeEmail],
  (i) => i.notice,
);

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
export const notifyAssignment = notice(
  "assignment-notice",
  (i: To<{ assignmentId: number; notice: AssignmentNoticeData }>) => `assignment:${i.assignmentId}:notice`,
  [assignmentNoticeSms, assignmentNoticeEmail],
  (i) => i.notice,
);

/** The leader's handling opinion to the enterprise, once per appeal. */
export const notifyHandlingOpinion = notice(
  "handling-opinion",
  (i: To<{ opinion: HandlingOpinionData }>) => `appeal:${i.appealId}:handling-opinion`,
  [handlingOpinionSms, handlingOpinionEmail],
  (i) => i.opinion,
);

/** A task to its lead department, and a copy to the supervision office; once per task and recipient. */
export const notifyTask = notice(
  (i) => (i.notice.forSupervisor ? "task-supervision" : "task-notice"),
  (i: To<{ taskId: number; organisationId: number; notice: TaskNoticeData }>) =>
    `task:${i.taskId}:notice:${i.organisationId}`,
  [taskNoticeSms, taskNoticeEmail],
  (i) => i.notice,
);

/** The completion notice that asks the enterprise to rate; once per completion. */
export const notifyCompletion = notice(
  "completion-notice",
  (i: To<{ taskId: number; notice: CompletionNoticeData; completedAt: Date }>) =>
    `task:${i.taskId}:completed:${i.completedAt.getTime()}`,
  [completionNoticeSms, completionNoticeEmail],
  (i) => i.notice,
);

/** A dissatisfied rating back to the lead department; once per task. */
export const notifyDissatisfied = notice(
  "dissatisfied-notice",
  (i: To<{ taskId: number; notice: DissatisfiedNoticeData }>) => `task:${i.taskId}:dissatisfied`,
  [dissatisfiedNoticeSms, dissatisfiedNoticeEmail],
  (i) => i.notice,
);

/** An urging notice to one recipient (the contact, or for red also the head); once per urge and recipient. */
export const notifyUrge = notice(
  (i) => `urge-${i.notice.level}`,
  (i: To<{ urgeId: number; recipient: "contact" | "head"; notice: UrgeNoticeData }>) =>
    `urge:${i.urgeId}:${i.recipient}`,
  [urgeNoticeSms, urgeNoticeEmail],
  (i) => i.notice,
);

/** An issue not taken on site, to its lead department; once per issue. */
export const notifyOffAgenda = notice(
  "offagenda-notice",
  (i: To<{ itemId: number; notice: OffAgendaNoticeData }>) => `offagenda:${i.itemId}:notice`,
  [offAgendaNoticeSms, offAgendaNoticeEmail],
  (i) => i.notice,
);

/** The department's answer to an issue not taken on site, to the enterprise; once per issue. */
export const notifyOffAgendaReply = notice(
  "offagenda-reply",
  (i: To<{ itemId: number; reply: OffAgendaReplyData }>) => `offagenda:${i.itemId}:reply`,
  [offAgendaReplySms, offAgendaReplyEmail],
  (i) => i.reply,
);

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
export async function resendFailedNotification(
  db: Kysely<Database>,
  input: { id: number; actorId: number; now: Date },
): Promise<boolean> {
  return db.transaction().execute((trx) =>
    transitionNotification(trx, {
      id: input.id,
      action: "resent",
      actorId: input.actorId,
      at: input.now,
      patch: { attempts: 0, next_attempt_at: input.now, locked_until: null },
    }),
  );
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
