/** The statement that changes an outbox message's status; its one caller is transitionNotification. */
import { sql, type Updateable } from "kysely";
import type { NotificationStatus } from "~/domain/notification";
import type { Notification, NotificationsTable } from "../../db/schema";
import type { Db } from "./audit.server";

export type NotificationStatePatch = Partial<
  Pick<Updateable<NotificationsTable>, "attempts" | "last_error" | "next_attempt_at" | "locked_until" | "sent_at">
>;

/**
 * Change the message's status only if it is still `from` and, for the worker, still locked by it (`lock`).
 * False when another worker or the office got there first.
 */
export async function writeNotificationStatus(
  db: Db,
  change: { id: number; from: NotificationStatus; to: NotificationStatus; lock?: Date; patch: NotificationStatePatch },
): Promise<boolean> {
  let q = db
    .updateTable("notifications")
    .set({ ...change.patch, status: change.to })
    .where("id", "=", change.id)
    .where("status", "=", change.from);
  if (change.lock) q = q.where("locked_until", "=", change.lock);
  const r = await q.executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export type ClaimedNotification = Notification & { locked_until: Date };

/**
 * Lock up to `limit` due pending messages until `lockedUntil` (the lock is not a state change); rows another
 * worker is claiming are skipped.
 */
export async function claimNotifications(
  db: Db,
  now: Date,
  lockedUntil: Date,
  limit: number,
): Promise<ClaimedNotification[]> {
  const { rows } = await sql<ClaimedNotification>`
    update notifications set locked_until = ${lockedUntil}
    where id in (
      select id from notifications
      where status = 'pending' and next_attempt_at <= ${now}
        and (locked_until is null or locked_until < ${now})
      order by id
      limit ${limit}
      for update skip locked
    )
    returning *`.execute(db);
  return rows.sort((a, b) => a.id - b.id);
}

/** Renew a claimed message's lock, only while it is still pending under the lock it was claimed with. */
export async function renewNotificationLock(db: Db, row: ClaimedNotification, lockedUntil: Date) {
  return db
    .updateTable("notifications")
    .set({ locked_until: lockedUntil })
    .where("id", "=", row.id)
    .where("status", "=", "pending")
    .where("locked_until", "=", row.locked_until)
    .returning("locked_until")
    .executeTakeFirst();
}
