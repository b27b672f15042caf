/**
 * The one writer of an outbox message's status: `transitionNotification` checks the row of
 * NOTIFICATION_TRANSITIONS (app/domain/notification.ts) for the actor (the worker is the platform itself),
 * changes the status only if the message is still where the row starts and, for the worker, still under its
 * lock. It answers false when someone else got there first: the worker counts that message as lost to
 * another worker; the office is told it has changed. A person's step is kept in the audit record; the
 * worker's outcomes are kept on the message itself (attempts, last error, sent time).
 */
import { NOTIFICATION_STATUS_LABEL } from "~/domain/labels";
import { NOTIFICATION_TRANSITIONS, type NotificationAction } from "~/domain/notification";
import { checkTransition, fromStateOf } from "~/domain/transitions";
import { appendAudit, type Db } from "~/models/audit.server";
import { writeNotificationStatus, type NotificationStatePatch } from "~/models/notification.server";
import { actorOf, Refusal } from "~/services/refusal.server";

export async function transitionNotification(
  db: Db,
  t: {
    id: number;
    action: NotificationAction;
    actorId: number | null;
    at: Date;
    /** The worker's lock on the message, when the worker takes the step. */
    lock?: Date;
    patch?: NotificationStatePatch;
  },
): Promise<boolean> {
  const from = fromStateOf(NOTIFICATION_TRANSITIONS, t.action);
  const actor = await actorOf(db, t.actorId);
  const check = checkTransition(NOTIFICATION_TRANSITIONS, from, t.action, actor, (s) => NOTIFICATION_STATUS_LABEL[s]);
  if (!check.ok) throw new Refusal(check.message);
  const to = check.transition.to;
  const written = await writeNotificationStatus(db, { id: t.id, from, to, lock: t.lock, patch: t.patch ?? {} });
  if (written && t.action === "resent")
    await appendAudit(db, {
      entity: "notification",
      entityId: t.id,
      action: "resent",
      actorId: t.actorId,
      at: t.at,
      from: { status: from },
      to: { status: to },
    });
  return written;
}
