/**
 * The outbox worker: claims due messages, sends each through its transport, and records the outcome.
 *
 * A message is sent only by the worker holding its lock (`locked_until`, set when claimed), and it is marked
 * sent or failed by a statement that checks the lock is still that worker's: a worker that stalled past its
 * lock finds the message taken and leaves it alone. A new lock always lies later than the one it replaces (a
 * row is claimed only once `locked_until < now`, and the new value is now + 1 minute), so the lock value itself
 * tells one claim from another. Delivery outside the platform stays at-least-once: an SMTP server may accept a
 * message just before the worker dies, and then it is sent again when the lock expires.
 */
import type { Kysely } from "kysely";
import type { NotificationAction } from "~/domain/notification";
import {
  claimNotifications,
  renewNotificationLock,
  type ClaimedNotification,
  type NotificationStatePatch,
} from "~/models/notification.server";
import { transitionNotification } from "~/services/notification-state.server";
import type { Database, Notification } from "../../db/schema";
import type { Env } from "../utils/env.server";
import { createMailTransport, errorText, sendEmail, type MailTransport, type SendResult } from "../utils/mailer.server";
import { createSmsGateway, type SmsGateway } from "../utils/sms.server";

export const BATCH_SIZE = 20;
export const LOCK_MS = 60_000;
/** After this many failed attempts the message is `failed`; the office may queue it again. */
export const MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

export interface NotificationTransport {
  email: MailTransport;
  sms: SmsGateway;
}

export function createNotificationTransport(
  env: Pick<Env, "SMTP_URL" | "SMTP_FROM" | "SMS_GATEWAY_URL" | "SMS_GATEWAY_TOKEN">,
): NotificationTransport {
  return { email: createMailTransport(env), sms: createSmsGateway(env) };
}

/** The wait after the given number of failed attempts: 30 s, 1 min, 2 min … at most 1 hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/** A fixed instant (tests) or a clock read at each step (the running worker). */
export type Clock = Date | (() => Date);
const read = (c: Clock): Date => (typeof c === "function" ? c() : c);

export type { ClaimedNotification };

/** Lock up to BATCH_SIZE due messages for this worker; rows another worker is claiming are skipped. */
export function claimDueNotifications(db: Kysely<Database>, now: Date, limit = BATCH_SIZE) {
  return claimNotifications(db, now, new Date(now.getTime() + LOCK_MS), limit);
}

export type DeliveryOutcome = "sent" | "captured" | "retry" | "failed" | "lost";

/**
 * Send one claimed message and record the outcome. Just before sending, the lock is renewed (and so proved
 * still ours): a message whose lock was taken over by another worker is not sent. Returns "lost" then.
 */
export async function deliverClaimed(
  db: Kysely<Database>,
  row: ClaimedNotification,
  opts: { now: Clock; transport: NotificationTransport },
): Promise<DeliveryOutcome> {
  const renewedAt = read(opts.now);
  const renewed = await renewNotificationLock(db, row, new Date(renewedAt.getTime() + LOCK_MS));
  if (!renewed?.locked_until) return "lost";
  const lock = renewed.locked_until;

  const result = await send(row, opts.transport);
  const doneAt = read(opts.now);
  // The outcome is written only while the lock is still the one renewed above.
  const outcome = (action: NotificationAction, patch: NotificationStatePatch) =>
    transitionNotification(db, { id: row.id, action, actorId: null, at: doneAt, lock, patch });

  if (result.ok) {
    const marked = await outcome(result.captured ? "captured" : "delivered", {
      sent_at: doneAt,
      locked_until: null,
      last_error: null,
    });
    if (!marked) return "lost";
    return result.captured ? "captured" : "sent";
  }
  const attempts = row.attempts + 1;
  const failed = attempts >= MAX_ATTEMPTS;
  const marked = await outcome(failed ? "gave_up" : "retry_later", {
    attempts,
    last_error: result.error.slice(0, 2000),
    next_attempt_at: new Date(doneAt.getTime() + retryDelayMs(attempts)),
    locked_until: null,
  });
  if (!marked) return "lost";
  return failed ? "failed" : "retry";
}

async function send(row: Notification, transport: NotificationTransport): Promise<SendResult> {
  try {
    if (row.channel === "sms") return await transport.sms.send(row.recipient, row.body_text);
    return await sendEmail(transport.email, {
      to: row.recipient,
      subject: row.subject ?? "",
      text: row.body_text,
      html: row.body_html,
    });
  } catch (e) {
    // A transport should answer with a result; one that throws still counts as a failed attempt.
    return { ok: false, error: errorText(e) };
  }
}

export interface BatchResult {
  claimed: number;
  outcomes: Record<DeliveryOutcome, number>;
}

/** Claim the due messages and deliver them one after another. */
export async function runNotificationBatch(
  db: Kysely<Database>,
  opts: { now: Clock; transport: NotificationTransport; log?: (m: string) => void },
): Promise<BatchResult> {
  const claimed = await claimDueNotifications(db, read(opts.now));
  const outcomes: Record<DeliveryOutcome, number> = { sent: 0, captured: 0, retry: 0, failed: 0, lost: 0 };
  for (const row of claimed) {
    const outcome = await deliverClaimed(db, row, opts);
    outcomes[outcome]++;
    if (outcome === "failed")
      opts.log?.(`notification ${row.id} (${row.channel}) failed ${MAX_ATTEMPTS} times; given up`);
    if (outcome === "lost") opts.log?.(`notification ${row.id}: lock taken over by another worker`);
  }
  return { claimed: claimed.length, outcomes };
}
