/**
 * The deadline sweep, run every minute as a job: a reminder for each open clock whose reminder time has
 * come, and a late notice for each whose limit has passed. Each notice is claimed by a conditional update of
 * its clock in the same transaction as its messages and its history entry, so however many sweeps run at
 * once, and wherever one is killed, each reminder is sent exactly once: a killed sweep's transaction rolls
 * back whole, and the next sweep finds that clock still unclaimed.
 */
import type { Kysely } from "kysely";
import { CLOCK_LABEL, type ClockKind } from "~/domain/clocks";
import { appendAppealEvent } from "~/models/appeal.server";
import type { Db } from "~/models/audit.server";
import { notifyDeadline } from "~/services/notifications.server";
import type { Database } from "../../db/schema";

export interface SweepResult {
  reminders: number;
  lateNotices: number;
}

/** What is due, in the imperative of the notice: 须于…前{step}. */
const STEP: Record<ClockKind, string> = {
  accept: "接收或提出异议",
  reply: "答复办理意见",
  opinion: "提出协办意见",
  county_reply: "办结答复或申请提级",
};

async function dueClockIds(db: Kysely<Database>, kind: "reminder" | "late", now: Date, limit: number) {
  let q = db.selectFrom("appeal_clocks").select("id").where("finished_at", "is", null);
  q =
    kind === "reminder"
      ? q.where("reminded_at", "is", null).where("remind_at", "<=", now).where("due_at", ">=", now).orderBy("remind_at")
      : q.where("late_noticed_at", "is", null).where("due_at", "<", now).orderBy("due_at");
  return (await q.limit(limit).execute()).map((r) => r.id);
}

/** Claim one clock's notice and queue it; false when someone else claimed it first (or it no longer applies). */
async function noticeOne(trx: Db, clockId: number, kind: "reminder" | "late", now: Date): Promise<boolean> {
  const claim = trx.updateTable("appeal_clocks").where("id", "=", clockId).where("finished_at", "is", null);
  const claimed = await (
    kind === "reminder"
      ? claim.set({ reminded_at: now }).where("reminded_at", "is", null).where("remind_at", "<=", now)
      : claim.set({ late_noticed_at: now }).where("late_noticed_at", "is", null).where("due_at", "<", now)
  )
    .returning(["appeal_id as appealId", "organisation_id as organisationId", "kind", "due_at as dueAt"])
    .executeTakeFirst();
  if (!claimed) return false;
  const info = await trx
    .selectFrom("appeals as a")
    .innerJoin("organisations as o", (j) => j.on("o.id", "=", claimed.organisationId))
    .select([
      "a.tracking_number as trackingNumber",
      "a.title",
      "a.enterprise_name as enterpriseName",
      "a.status",
      "o.name as organisationName",
      "o.contact_phone as phone",
      "o.contact_email as email",
    ])
    .where("a.id", "=", claimed.appealId)
    .executeTakeFirstOrThrow();
  await notifyDeadline(trx, {
    clockId,
    appealId: claimed.appealId,
    contact: { phone: info.phone, email: info.email },
    notice: {
      kind,
      organisationName: info.organisationName,
      trackingNumber: info.trackingNumber,
      title: info.title,
      enterpriseName: info.enterpriseName,
      step: STEP[claimed.kind],
      dueAt: claimed.dueAt,
    },
    now,
  });
  await appendAppealEvent(trx, {
    appealId: claimed.appealId,
    at: now,
    actorId: null,
    action: kind === "reminder" ? "clock_reminder" : "clock_late",
    from: info.status,
    to: info.status,
    reason:
      kind === "reminder"
        ? `提醒${info.organisationName}:“${CLOCK_LABEL[claimed.kind]}”期限临近`
        : `${info.organisationName}“${CLOCK_LABEL[claimed.kind]}”已逾期,已发逾期通知`,
  });
  return true;
}

/** One sweep: up to `limit` reminders and `limit` late notices, each in its own transaction. */
export async function sweepDeadlines(
  db: Kysely<Database>,
  now: Date,
  opts: { limit?: number } = {},
): Promise<SweepResult> {
  const limit = opts.limit ?? 500;
  const result: SweepResult = { reminders: 0, lateNotices: 0 };
  for (const kind of ["late", "reminder"] as const) {
    for (const id of await dueClockIds(db, kind, now, limit)) {
      const sent = await db.transaction().execute((trx) => noticeOne(trx, id, kind, now));
      if (sent) result[kind === "reminder" ? "reminders" : "lateNotices"]++;
    }
  }
  return result;
}
