/**
 * The supervisor's urging (督办, SPEC §4 step 10): on a task whose tracked deadline is near or past, send the
 * notice the ladder owes (domain/urging nextUrge): a reminder, then yellow, then red, each at most once per
 * deadline, recorded and notified to the lead department's contact and, for red, its head.
 */
import type { Kysely } from "kysely";
import { TRACKED_LABEL, trackedDeadline } from "~/domain/tasks";
import { nextUrge, URGE_LABEL, URGE_RECIPIENTS, urgingLevel } from "~/domain/urging";
import { appendAppealEvent } from "~/models/appeal.server";
import { appendAudit } from "~/models/audit.server";
import { loadWorkCalendar } from "~/models/calendar.server";
import { notifyUrge } from "~/services/notifications.server";
import { Refusal } from "~/services/refusal.server";
import type { TaskResult } from "~/services/tasks.server";
import type { Database } from "../../db/schema";

export async function urgeTask(
  db: Kysely<Database>,
  input: { taskId: number; note: string; userId: number; now: Date },
): Promise<TaskResult> {
  try {
    const message = await db.transaction().execute(async (trx) => {
      const t = await trx
        .selectFrom("tasks as t")
        .innerJoin("appeals as a", "a.id", "t.appeal_id")
        .innerJoin("organisations as o", "o.id", "t.organisation_id")
        .select([
          "t.id",
          "t.state",
          "t.commitment_due_at as commitmentDueAt",
          "t.committed_deadline as committedDeadline",
          "t.appeal_id as appealId",
          "a.status",
          "a.tracking_number as trackingNumber",
          "a.title",
          "o.name as organisationName",
          "o.contact_phone as phone",
          "o.contact_email as email",
          "o.head_phone as headPhone",
          "o.head_email as headEmail",
        ])
        .where("t.id", "=", input.taskId)
        .forUpdate("t")
        .executeTakeFirst();
      if (!t) throw new Refusal("没有找到该任务。");
      const tracked = trackedDeadline(t);
      if (!tracked) throw new Refusal("该任务已报告办结,无需督办。");
      const level = urgingLevel(tracked.dueAt, input.now, await loadWorkCalendar(trx));
      const sent = (
        await trx
          .selectFrom("task_urges")
          .select("level")
          .where("task_id", "=", t.id)
          .where("due_at", "=", tracked.dueAt)
          .execute()
      ).map((u) => u.level);
      const owed = nextUrge(level, sent);
      if (!owed)
        throw new Refusal(level === "none" ? "尚未到督办时间(期限前1个工作日起可提醒)。" : "该期限的本级督办已发出。");
      const note = input.note.trim() || null;
      const urge = await trx
        .insertInto("task_urges")
        .values({
          task_id: t.id,
          level: owed,
          due_at: tracked.dueAt,
          note,
          urged_by: input.userId,
          urged_at: input.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const notice = {
        level: owed,
        organisationName: t.organisationName,
        trackingNumber: t.trackingNumber,
        title: t.title,
        what: TRACKED_LABEL[tracked.kind],
        dueAt: tracked.dueAt,
        note,
      };
      let queued = 0;
      for (const recipient of URGE_RECIPIENTS[owed]) {
        const contact =
          recipient === "head" ? { phone: t.headPhone, email: t.headEmail } : { phone: t.phone, email: t.email };
        queued += await notifyUrge(trx, {
          urgeId: urge.id,
          appealId: t.appealId,
          recipient,
          contact,
          notice,
          now: input.now,
        });
      }
      await appendAppealEvent(trx, {
        appealId: t.appealId,
        at: input.now,
        actorId: input.userId,
        action: `task.urged.${owed}`,
        from: t.status,
        to: t.status,
        reason: note,
      });
      await appendAudit(trx, {
        entity: "task",
        entityId: t.id,
        action: "task.urged",
        actorId: input.userId,
        at: input.now,
        to: { level: owed, dueAt: tracked.dueAt.toISOString(), queued },
        reason: note,
      });
      return `已发出${URGE_LABEL[owed]}(${queued} 条通知)。`;
    });
    return { ok: true, message };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.message, field: e.field };
    // Two supervisors urging at once: the second finds the urge recorded.
    if (e instanceof Error && "code" in e && (e as { code?: string }).code === "23505")
      return { ok: false, error: "该期限的本级督办已发出。" };
    throw e;
  }
}
