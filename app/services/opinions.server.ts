/**
 * After the on-site day (SPEC §4 steps 8–9): the office records the leader's decision on each agenda issue
 * and submits the handling opinions (处理意见); the cycle's leader approves them (or returns them), which
 * starts one task per issue for its lead department, sends the opinion to the enterprise and the task to the
 * department and the supervision office, and asks each lead department of an issue not taken on site for
 * its answer (off-agenda.server.ts). Each step is one transaction with its audit record and appeal history.
 */
import type { Kysely } from "kysely";
import { commitmentDeadlineProblem } from "~/domain/tasks";
import { appendAppealEvent } from "~/models/appeal.server";
import { appendAudit, type Db } from "~/models/audit.server";
import { agendaIssues, lockCycleForOpinions } from "~/models/onsite.server";
import { notifyHandlingOpinion, notifyTask } from "~/services/notifications.server";
import { transitionCycle } from "~/services/cycle-state.server";
import { Refusal, refusableStep, type StepResult } from "~/services/refusal.server";
import { startOffAgendaAnswers } from "~/services/off-agenda.server";
import type { Database } from "../../db/schema";

/** The cycle, locked; refused when there is none. */
async function lockCycle(trx: Db, cycleId: number) {
  const c = await lockCycleForOpinions(trx, cycleId);
  if (!c) throw new Refusal("没有找到该期次。");
  return c;
}

export function recordDecision(
  db: Kysely<Database>,
  input: {
    itemId: number;
    decision: string;
    leadId: number;
    coIds: number[];
    dueDate: string;
    actorId: number;
    now: Date;
  },
): Promise<StepResult> {
  return refusableStep(db, async (trx) => {
    const item = await trx
      .selectFrom("catalog_items as ci")
      .leftJoin("agenda_entries as ag", "ag.catalog_item_id", "ci.id")
      .select(["ci.id", "ci.number", "ci.cycle_id as cycleId", "ag.selected"])
      .where("ci.id", "=", input.itemId)
      .executeTakeFirst();
    if (!item) throw new Refusal("没有找到该议题。");
    const cycle = await lockCycle(trx, item.cycleId);
    if (cycle.agendaStatus !== "approved") throw new Refusal("本期议程尚未经市领导审定,不能记录现场处理意见。");
    if (!item.selected) throw new Refusal("该问题不在本期现场议程中。");
    if (cycle.opinionsStatus !== "draft")
      throw new Refusal(
        cycle.opinionsStatus === "approved" ? "处理意见已经市领导审定。" : "处理意见已报送市领导审定。",
      );
    const decision = input.decision.trim();
    if (!decision) throw new Refusal("请填写市领导的处理意见", "decision");
    const dueProblem = commitmentDeadlineProblem(input.dueDate, cycle.onsiteDate);
    if (dueProblem) throw new Refusal(dueProblem, "dueDate");
    const coIds = [...new Set(input.coIds)].filter((id) => id !== input.leadId);
    const ids = [input.leadId, ...coIds];
    const known = await trx
      .selectFrom("organisations")
      .select("id")
      .where("id", "in", ids)
      .where("kind", "=", "department")
      .where("active", "=", true)
      .execute();
    if (known.length !== ids.length) throw new Refusal("请从名单中选择牵头部门和协办部门", "leadId");
    const values = {
      decision,
      lead_id: input.leadId,
      co_ids: coIds,
      due_date: input.dueDate,
      recorded_by: input.actorId,
      recorded_at: input.now,
    };
    const before = await trx
      .selectFrom("onsite_decisions")
      .select(["decision", "lead_id", "co_ids", "due_date"])
      .where("catalog_item_id", "=", item.id)
      .executeTakeFirst();
    await trx
      .insertInto("onsite_decisions")
      .values({ catalog_item_id: item.id, cycle_id: cycle.id, ...values })
      .onConflict((oc) => oc.column("catalog_item_id").doUpdateSet(values))
      .execute();
    await appendAudit(trx, {
      entity: "catalog_item",
      entityId: item.id,
      action: "onsite.decision_recorded",
      actorId: input.actorId,
      at: input.now,
      from: before ?? null,
      to: { decision, lead_id: input.leadId, co_ids: coIds, due_date: input.dueDate },
    });
    return `已记录第${item.number}号议题的处理意见。`;
  });
}

/** The office sends the opinions to the leader once every agenda issue has its decision. */
export function submitOpinions(
  db: Kysely<Database>,
  input: { cycleId: number; actorId: number; now: Date },
): Promise<StepResult> {
  return refusableStep(db, async (trx) => {
    const cycle = await lockCycle(trx, input.cycleId);
    if (cycle.opinionsStatus !== "draft") throw new Refusal("处理意见已报送市领导审定。");
    const items = await agendaIssues(trx, cycle.id);
    if (items.length === 0) throw new Refusal("本期没有现场议题。");
    const decided = new Set(
      (
        await trx.selectFrom("onsite_decisions").select("catalog_item_id").where("cycle_id", "=", cycle.id).execute()
      ).map((d) => d.catalog_item_id),
    );
    const missing = items.filter((i) => !decided.has(i.id)).map((i) => `第${i.number}号`);
    if (missing.length) throw new Refusal(`尚未记录处理意见的议题:${missing.join("、")}。`);
    await transitionCycle(trx, {
      cycleId: cycle.id,
      life: "opinions",
      action: "opinions.submitted",
      actorId: input.actorId,
      at: input.now,
      patch: { opinions_submitted_at: input.now },
      audit: { items: items.length },
    });
    return "处理意见已报送市领导审定。";
  });
}

/** The leader sends the opinions back to the office with remarks. */
export function returnOpinions(
  db: Kysely<Database>,
  input: { cycleId: number; remarks: string; userId: number; now: Date },
): Promise<StepResult> {
  return refusableStep(db, async (trx) => {
    const cycle = await lockCycle(trx, input.cycleId);
    if (cycle.leaderUserId !== input.userId) throw new Refusal("没有找到该期次的处理意见。");
    if (cycle.opinionsStatus !== "submitted") throw new Refusal("处理意见不在待审定状态。");
    const remarks = input.remarks.trim();
    if (!remarks) throw new Refusal("请写明退回修改的意见", "remarks");
    await transitionCycle(trx, {
      cycleId: cycle.id,
      life: "opinions",
      action: "opinions.returned",
      actorId: input.userId,
      at: input.now,
      reason: remarks,
    });
    return "已退回平台修改。";
  });
}

/**
 * The leader approves: each agenda issue becomes a task of its lead department; the enterprise gets the
 * opinion, the department its task, the supervision office a copy. Safe to repeat: a task per appeal.
 */
export function approveOpinions(
  db: Kysely<Database>,
  input: { cycleId: number; userId: number; now: Date },
): Promise<StepResult> {
  return refusableStep(db, async (trx) => {
    const cycle = await lockCycle(trx, input.cycleId);
    if (cycle.leaderUserId !== input.userId) throw new Refusal("没有找到该期次的处理意见。");
    if (cycle.opinionsStatus !== "submitted") throw new Refusal("处理意见不在待审定状态。");
    const decisions = await trx
      .selectFrom("onsite_decisions as d")
      .innerJoin("catalog_items as ci", "ci.id", "d.catalog_item_id")
      .innerJoin("appeals as a", "a.id", "ci.appeal_id")
      .innerJoin("organisations as lead", "lead.id", "d.lead_id")
      .select([
        "d.decision",
        "d.lead_id as leadId",
        "d.co_ids as coIds",
        "d.due_date as dueDate",
        "a.id as appealId",
        "a.status",
        "a.tracking_number as trackingNumber",
        "a.title",
        "a.enterprise_name as enterpriseName",
        "a.contact_name as contactName",
        "a.contact_phone as phone",
        "a.contact_email as email",
        "lead.name as leadName",
        "lead.contact_phone as leadPhone",
        "lead.contact_email as leadEmail",
      ])
      .where("d.cycle_id", "=", cycle.id)
      .orderBy("ci.number")
      .execute();
    const supervisors = await trx
      .selectFrom("organisations")
      .select(["id", "name", "contact_phone as phone", "contact_email as email"])
      .where("kind", "=", "supervision_office")
      .where("active", "=", true)
      .execute();
    let offAgenda = 0;
    await transitionCycle(trx, {
      cycleId: cycle.id,
      life: "opinions",
      action: "opinions.approved",
      actorId: input.userId,
      at: input.now,
      patch: { opinions_approved_at: input.now, opinions_approved_by: input.userId },
      owed: async () => {
        for (const d of decisions) {
          const task = await trx
            .insertInto("tasks")
            .values({
              appeal_id: d.appealId,
              cycle_id: cycle.id,
              organisation_id: d.leadId,
              co_ids: d.coIds,
              decision: d.decision,
              due_date: d.dueDate,
              created_at: input.now,
              commitment_due_at: cycle.commitmentsDueAt,
            })
            .onConflict((oc) => oc.column("appeal_id").doNothing())
            .returning("id")
            .executeTakeFirst();
          if (!task) continue;
          await appendAppealEvent(trx, {
            appealId: d.appealId,
            at: input.now,
            actorId: input.userId,
            action: "task.started",
            from: d.status,
            to: d.status,
            publicNote: `市领导审定处理意见:${d.decision}(由${d.leadName}牵头办理)`,
          });
          await notifyHandlingOpinion(trx, {
            appealId: d.appealId,
            contact: { phone: d.phone, email: d.email },
            opinion: { ...d, cycleNumber: cycle.number },
            now: input.now,
          });
          const notice = {
            trackingNumber: d.trackingNumber,
            title: d.title,
            enterpriseName: d.enterpriseName,
            decision: d.decision,
            dueDate: d.dueDate,
            commitmentDueAt: cycle.commitmentsDueAt,
          };
          await notifyTask(trx, {
            taskId: task.id,
            appealId: d.appealId,
            organisationId: d.leadId,
            contact: { phone: d.leadPhone, email: d.leadEmail },
            notice: { ...notice, organisationName: d.leadName, forSupervisor: false },
            now: input.now,
          });
          for (const s of supervisors)
            await notifyTask(trx, {
              taskId: task.id,
              appealId: d.appealId,
              organisationId: s.id,
              contact: { phone: s.phone, email: s.email },
              notice: { ...notice, organisationName: s.name, forSupervisor: true },
              now: input.now,
            });
        }
        offAgenda = await startOffAgendaAnswers(trx, cycle, input.now);
        return { tasks: decisions.length, offAgenda };
      },
    });
    return `处理意见已审定,已交办 ${decisions.length} 项任务${offAgenda ? `,另有 ${offAgenda} 项未上会问题请牵头部门答复` : ""}。`;
  });
}
