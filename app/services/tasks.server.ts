/**
 * After the on-site day (SPEC §4 steps 8, 9, 11). The office records the leader's decision on each agenda
 * issue and submits the handling opinions (处理意见); the cycle's leader approves them, which starts one task
 * per issue for its lead department, sends the opinion to the enterprise and the task to the department
 * and the supervision office. The department publishes its commitment (due by the cycle's commitments
 * time), adds progress and reports completion; the enterprise rates within 5 natural days, silence
 * counting as satisfied (sweepRatings, a scheduled job); a dissatisfied rating returns the task to the
 * department, which records its talk with the enterprise and a final decision. Each step is one
 * transaction with its audit record and appeal history, and is refused unless domain/tasks.ts allows it.
 */
import type { Kysely } from "kysely";
import { formatDateZhPlain, formatInstant, formatInstantZh } from "~/domain/calendar";
import { finishOutcome } from "~/domain/clocks";
import {
  commitmentDeadlineProblem,
  mayTake,
  ratingDueAt,
  RATING_LABEL,
  silenceCountsAsSatisfied,
  stateAfterRating,
  type TaskStep,
} from "~/domain/tasks";
import { appendAppealEvent } from "~/models/appeal.server";
import { appendAudit, type Db } from "~/models/audit.server";
import { catalogOf } from "~/models/catalog.server";
import { setTaskDisclosure } from "~/models/task.server";
import {
  notifyHandlingOpinion,
  notifyOffAgenda,
  notifyOffAgendaReply,
  notifyTask,
} from "~/services/notifications.server";
import { Refusal, refusableStep, type StepResult } from "~/services/refusal.server";
import { transitionTask } from "~/services/task-state.server";
import type { Database } from "../../db/schema";

export type TaskResult = StepResult;

const step = refusableStep;

async function lockCycle(trx: Db, cycleId: number) {
  const c = await trx
    .selectFrom("cycles as c")
    .leftJoin("roster_members as leader", "leader.id", "c.leader_id")
    .select([
      "c.id",
      "c.number",
      "c.onsite_date as onsiteDate",
      "c.agenda_status as agendaStatus",
      "c.opinions_status as opinionsStatus",
      "c.commitments_due_at as commitmentsDueAt",
      "leader.user_id as leaderUserId",
    ])
    .where("c.id", "=", cycleId)
    .forUpdate("c")
    .executeTakeFirst();
  if (!c) throw new Refusal("没有找到该期次。");
  return c;
}

/** The issues of a cycle's approved agenda, with their appeal and lead department. */
async function agendaItems(trx: Db, cycleId: number) {
  return trx
    .selectFrom("catalog_items as ci")
    .innerJoin("agenda_entries as ag", "ag.catalog_item_id", "ci.id")
    .select(["ci.id", "ci.number", "ci.appeal_id as appealId"])
    .where("ci.cycle_id", "=", cycleId)
    .where("ag.selected", "=", true)
    .orderBy("ci.number")
    .execute();
}

/** A text as a sentence in a note: trimmed and ending in one full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return /[。!?!?.]$/.test(t) ? t : `${t}。`;
}

// ——— The handling opinions ———

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
): Promise<TaskResult> {
  return step(db, async (trx) => {
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
): Promise<TaskResult> {
  return step(db, async (trx) => {
    const cycle = await lockCycle(trx, input.cycleId);
    if (cycle.opinionsStatus !== "draft") throw new Refusal("处理意见已报送市领导审定。");
    const items = await agendaItems(trx, cycle.id);
    if (items.length === 0) throw new Refusal("本期没有现场议题。");
    const decided = new Set(
      (
        await trx.selectFrom("onsite_decisions").select("catalog_item_id").where("cycle_id", "=", cycle.id).execute()
      ).map((d) => d.catalog_item_id),
    );
    const missing = items.filter((i) => !decided.has(i.id)).map((i) => `第${i.number}号`);
    if (missing.length) throw new Refusal(`尚未记录处理意见的议题:${missing.join("、")}。`);
    await trx
      .updateTable("cycles")
      .set({ opinions_status: "submitted", opinions_submitted_at: input.now, updated_at: input.now })
      .where("id", "=", cycle.id)
      .execute();
    await appendAudit(trx, {
      entity: "cycle",
      entityId: cycle.id,
      action: "opinions.submitted",
      actorId: input.actorId,
      at: input.now,
      to: { items: items.length },
    });
    return "处理意见已报送市领导审定。";
  });
}

/** The leader sends the opinions back to the office with remarks. */
export function returnOpinions(
  db: Kysely<Database>,
  input: { cycleId: number; remarks: string; userId: number; now: Date },
): Promise<TaskResult> {
  return step(db, async (trx) => {
    const cycle = await lockCycle(trx, input.cycleId);
    if (cycle.leaderUserId !== input.userId) throw new Refusal("没有找到该期次的处理意见。");
    if (cycle.opinionsStatus !== "submitted") throw new Refusal("处理意见不在待审定状态。");
    const remarks = input.remarks.trim();
    if (!remarks) throw new Refusal("请写明退回修改的意见", "remarks");
    await trx
      .updateTable("cycles")
      .set({ opinions_status: "draft", updated_at: input.now })
      .where("id", "=", cycle.id)
      .execute();
    await appendAudit(trx, {
      entity: "cycle",
      entityId: cycle.id,
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
): Promise<TaskResult> {
  return step(db, async (trx) => {
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
    await trx
      .updateTable("cycles")
      .set({
        opinions_status: "approved",
        opinions_approved_at: input.now,
        opinions_approved_by: input.userId,
        updated_at: input.now,
      })
      .where("id", "=", cycle.id)
      .execute();
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
    const offAgenda = await startOffAgendaAnswers(trx, cycle, input.now);
    await appendAudit(trx, {
      entity: "cycle",
      entityId: cycle.id,
      action: "opinions.approved",
      actorId: input.userId,
      at: input.now,
      to: { tasks: decisions.length, offAgenda },
    });
    return `处理意见已审定,已交办 ${decisions.length} 项任务${offAgenda ? `,另有 ${offAgenda} 项未上会问题请牵头部门答复` : ""}。`;
  });
}

// ——— Issues not taken on site ———

/**
 * Every catalog issue of the cycle not on the agenda is to be answered by its lead department by the cycle's
 * commitments time; the department is told. Safe to repeat: one answer per issue.
 */
async function startOffAgendaAnswers(
  trx: Db,
  cycle: { id: number; number: number; commitmentsDueAt: Date },
  now: Date,
): Promise<number> {
  const items = (await catalogOf(trx, cycle.id)).filter((i) => !i.selected && i.leadId !== null);
  let started = 0;
  for (const i of items) {
    const row = await trx
      .insertInto("off_agenda_answers")
      .values({
        catalog_item_id: i.id,
        cycle_id: cycle.id,
        appeal_id: i.appealId,
        organisation_id: i.leadId!,
        due_at: cycle.commitmentsDueAt,
        created_at: now,
      })
      .onConflict((oc) => oc.column("catalog_item_id").doNothing())
      .returning("catalog_item_id")
      .executeTakeFirst();
    if (!row) continue;
    started++;
    const org = await trx
      .selectFrom("organisations")
      .select(["name", "contact_phone as phone", "contact_email as email"])
      .where("id", "=", i.leadId!)
      .executeTakeFirstOrThrow();
    await notifyOffAgenda(trx, {
      itemId: i.id,
      appealId: i.appealId,
      contact: org,
      notice: {
        organisationName: org.name,
        trackingNumber: i.trackingNumber,
        title: i.title,
        cycleNumber: cycle.number,
        dueAt: cycle.commitmentsDueAt,
      },
      now,
    });
  }
  return started;
}

/** The lead department answers an issue not taken on site; it may correct its answer until the office sends it. */
export function answerOffAgenda(
  db: Kysely<Database>,
  input: { itemId: number; organisationId: number; body: string; userId: number; now: Date },
): Promise<TaskResult> {
  return step(db, async (trx) => {
    const a = await trx
      .selectFrom("off_agenda_answers")
      .selectAll()
      .where("catalog_item_id", "=", input.itemId)
      .forUpdate()
      .executeTakeFirst();
    if (!a || a.organisation_id !== input.organisationId) throw new Refusal("没有找到该问题。");
    if (a.sent_at) throw new Refusal("答复已由平台转送企业,不能再修改。");
    const body = input.body.trim();
    if (!body) throw new Refusal("请填写答复内容", "body");
    if (body.length > 3000) throw new Refusal("答复内容不超过3000字", "body");
    // On time is judged by the first answer; a correction does not make a late answer timely or vice versa.
    const first = a.answered_at ?? input.now;
    await trx
      .updateTable("off_agenda_answers")
      .set({ body, answered_at: first, answered_by: input.userId, on_time: finishOutcome(a.due_at, first).onTime })
      .where("catalog_item_id", "=", a.catalog_item_id)
      .execute();
    await appendAudit(trx, {
      entity: "catalog_item",
      entityId: a.catalog_item_id,
      action: "offagenda.answered",
      actorId: input.userId,
      at: input.now,
      from: a.body ? { body: a.body } : null,
      to: { body },
    });
    return a.body ? "答复已修改。" : "答复已提交,待平台转送企业。";
  });
}

/** The office sends a department's answer to the enterprise; it joins the appeal's history. */
export function sendOffAgendaAnswer(
  db: Kysely<Database>,
  input: { itemId: number; actorId: number; now: Date },
): Promise<TaskResult> {
  return step(db, async (trx) => {
    const a = await trx
      .selectFrom("off_agenda_answers as x")
      .innerJoin("appeals as ap", "ap.id", "x.appeal_id")
      .innerJoin("organisations as o", "o.id", "x.organisation_id")
      .select([
        "x.catalog_item_id as itemId",
        "x.appeal_id as appealId",
        "x.body",
        "x.sent_at as sentAt",
        "ap.status",
        "ap.tracking_number as trackingNumber",
        "ap.title",
        "ap.contact_name as contactName",
        "ap.contact_phone as phone",
        "ap.contact_email as email",
        "o.name as organisationName",
      ])
      .where("x.catalog_item_id", "=", input.itemId)
      .forUpdate("x")
      .executeTakeFirst();
    if (!a) throw new Refusal("没有找到该问题。");
    if (a.sentAt) return "答复已转送企业。";
    if (!a.body) throw new Refusal("牵头部门尚未答复。");
    await trx
      .updateTable("off_agenda_answers")
      .set({ sent_at: input.now, sent_by: input.actorId })
      .where("catalog_item_id", "=", a.itemId)
      .execute();
    await appendAppealEvent(trx, {
      appealId: a.appealId,
      at: input.now,
      actorId: input.actorId,
      action: "offagenda.sent",
      from: a.status,
      to: a.status,
      publicNote: `未列入现场议题,${a.organisationName}答复:${a.body}`,
    });
    await notifyOffAgendaReply(trx, {
      itemId: a.itemId,
      appealId: a.appealId,
      contact: { phone: a.phone, email: a.email },
      reply: { ...a, body: a.body },
      now: input.now,
    });
    await appendAudit(trx, {
      entity: "catalog_item",
      entityId: a.itemId,
      action: "offagenda.sent",
      actorId: input.actorId,
      at: input.now,
    });
    return "答复已转送企业。";
  });
}

// ——— The department's task ———

/** The task, locked, if it belongs to the organisation and its state allows the step. */
async function taskFor(trx: Db, taskId: number, organisationId: number, stepName: TaskStep) {
  const t = await trx
    .selectFrom("tasks as t")
    .innerJoin("appeals as a", "a.id", "t.appeal_id")
    .innerJoin("cycles as c", "c.id", "t.cycle_id")
    .select([
      "t.id",
      "t.state",
      "t.organisation_id as organisationId",
      "t.commitment_due_at as commitmentDueAt",
      "t.rating_due_at as ratingDueAt",
      "t.appeal_id as appealId",
      "a.status",
      "a.tracking_number as trackingNumber",
      "a.title",
      "a.contact_name as contactName",
      "a.contact_phone as phone",
      "a.contact_email as email",
      "c.onsite_date as onsiteDate",
    ])
    .where("t.id", "=", taskId)
    .forUpdate("t")
    .executeTakeFirst();
  if (!t || t.organisationId !== organisationId) throw new Refusal("没有找到该任务。");
  if (!mayTake(t.state, stepName)) throw new Refusal(STEP_REFUSAL[stepName]);
  return t;
}

const STEP_REFUSAL: Record<TaskStep, string> = {
  commit: "该任务的办理承诺已公布。",
  progress: "该任务当前不能添加进展。",
  complete: "该任务当前不能报告办结(须先公布承诺,且尚未办结)。",
  rate: "该诉求当前不在待评价状态。",
  final: "该任务当前不需要记录最终处理意见。",
};

export function publishCommitment(
  db: Kysely<Database>,
  input: {
    taskId: number;
    organisationId: number;
    responsibleLeader: string;
    responsiblePerson: string;
    deadline: string;
    measures: string;
    userId: number;
    now: Date;
  },
): Promise<TaskResult> {
  return step(db, async (trx) => {
    const t = await taskFor(trx, input.taskId, input.organisationId, "commit");
    const problem = commitmentDeadlineProblem(input.deadline, t.onsiteDate);
    if (problem) throw new Refusal(problem, "deadline");
    const { onTime, lateMs } = finishOutcome(t.commitmentDueAt, input.now);
    await transitionTask(trx, {
      taskId: t.id,
      action: "task.committed",
      actorId: input.userId,
      at: input.now,
      patch: {
        responsible_leader: input.responsibleLeader.trim(),
        responsible_person: input.responsiblePerson.trim(),
        committed_deadline: input.deadline,
        measures: input.measures.trim(),
        committed_at: input.now,
        committed_by: input.userId,
        commitment_on_time: onTime,
        commitment_late_ms: lateMs,
      },
      publicNote: `办理承诺:责任领导${input.responsibleLeader.trim()},责任人${input.responsiblePerson.trim()},${formatDateZhPlain(input.deadline)}前完成。措施:${sentence(input.measures)}`,
      audit: { onTime, lateMs },
    });
    return onTime ? "办理承诺已公布。" : "办理承诺已公布(晚于公布期限)。";
  });
}

export function addProgress(
  db: Kysely<Database>,
  input: { taskId: number; organisationId: number; body: string; submissionKey: string; userId: number; now: Date },
): Promise<TaskResult> {
  return step(db, async (trx) => {
    const t = await taskFor(trx, input.taskId, input.organisationId, "progress");
    const body = input.body.trim();
    if (!body) throw new Refusal("请填写办理进展", "body");
    const added = await trx
      .insertInto("task_progress")
      .values({
        task_id: t.id,
        body,
        submission_key: input.submissionKey,
        created_by: input.userId,
        created_at: input.now,
      })
      .onConflict((oc) => oc.column("submission_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!added) return "该进展已记录。";
    await appendAppealEvent(trx, {
      appealId: t.appealId,
      at: input.now,
      actorId: input.userId,
      action: "task.progress",
      from: t.status,
      to: t.status,
      publicNote: `办理进展:${body}`,
    });
    return "办理进展已记录。";
  });
}

export function reportCompletion(
  db: Kysely<Database>,
  input: { taskId: number; organisationId: number; result: string; userId: number; now: Date },
): Promise<TaskResult> {
  return step(db, async (trx) => {
    const t = await taskFor(trx, input.taskId, input.organisationId, "complete");
    const result = input.result.trim();
    if (!result) throw new Refusal("请填写办理结果", "result");
    const due = ratingDueAt(input.now);
    await transitionTask(trx, {
      taskId: t.id,
      action: "task.completed",
      actorId: input.userId,
      at: input.now,
      patch: { completed_at: input.now, completion_result: result, completed_by: input.userId, rating_due_at: due },
      publicNote: `已办结:${sentence(result)}请于${formatInstantZh(due)}前评价,逾期视为满意。`,
      audit: { ratingDueAt: formatInstant(due) },
    });
    return "已报告办结,平台已请企业评价。";
  });
}

/** The enterprise rates its completed appeal before the time runs out. */
export function rateTask(
  db: Kysely<Database>,
  input: {
    appealId: number;
    enterpriseOrganisationId: number;
    rating: "satisfied" | "dissatisfied";
    reason: string;
    userId: number;
    now: Date;
  },
): Promise<TaskResult> {
  return step(db, async (trx) => {
    const owner = await trx
      .selectFrom("tasks as t")
      .innerJoin("appeals as a", "a.id", "t.appeal_id")
      .select(["t.id", "t.organisation_id as organisationId", "a.enterprise_organisation_id as enterpriseId"])
      .where("t.appeal_id", "=", input.appealId)
      .executeTakeFirst();
    if (!owner || owner.enterpriseId !== input.enterpriseOrganisationId) throw new Refusal("没有找到待评价的诉求。");
    const t = await taskFor(trx, owner.id, owner.organisationId, "rate");
    if (t.ratingDueAt && silenceCountsAsSatisfied(t.ratingDueAt, input.now))
      throw new Refusal("评价期限已过,已视为满意。");
    const reason = input.reason.trim();
    if (input.rating === "dissatisfied" && !reason) throw new Refusal("请写明不满意的理由", "reason");
    await transitionTask(trx, {
      taskId: t.id,
      action: "task.rated",
      to: stateAfterRating(input.rating),
      actorId: input.userId,
      at: input.now,
      patch: { rating: input.rating, rating_reason: reason || null, rated_at: input.now },
      reason: reason || null,
      publicNote: `企业评价:${RATING_LABEL[input.rating]}${reason ? `(${reason})` : ""}`,
      audit: { rating: input.rating },
    });
    return input.rating === "satisfied" ? "感谢您的评价。" : "已收到您的评价,牵头部门将与您沟通。";
  });
}

/** After a dissatisfied rating: the department's talk with the enterprise and its final decision. */
export function recordFinalDecision(
  db: Kysely<Database>,
  input: {
    taskId: number;
    organisationId: number;
    talkRecord: string;
    finalDecision: string;
    userId: number;
    now: Date;
  },
): Promise<TaskResult> {
  return step(db, async (trx) => {
    const t = await taskFor(trx, input.taskId, input.organisationId, "final");
    const talk = input.talkRecord.trim();
    const decision = input.finalDecision.trim();
    if (!talk) throw new Refusal("请记录与企业沟通的情况", "talkRecord");
    if (!decision) throw new Refusal("请填写最终处理意见", "finalDecision");
    await transitionTask(trx, {
      taskId: t.id,
      action: "task.final",
      actorId: input.userId,
      at: input.now,
      patch: { talk_record: talk, final_decision: decision, final_at: input.now, final_by: input.userId },
      publicNote: `最终处理意见:${decision}`,
    });
    return "最终处理意见已记录,任务已完结。";
  });
}

/**
 * Silence counts as satisfied: every completed task whose rating time has run out is closed as
 * default-satisfied. Each is claimed by a conditional update in its own transaction, so two sweeps (or a
 * sweep killed half-way and run again) close each task once.
 */
export async function sweepRatings(db: Kysely<Database>, now: Date, limit = 500): Promise<number> {
  const due = await db
    .selectFrom("tasks")
    .select("id")
    .where("state", "=", "completed")
    .where("rating", "is", null)
    .where("rating_due_at", "<", now)
    .orderBy("rating_due_at")
    .limit(limit)
    .execute();
  let closed = 0;
  for (const { id } of due) {
    const done = await db
      .transaction()
      .execute(async (trx) => {
        await transitionTask(trx, {
          taskId: id,
          action: "task.default_satisfied",
          actorId: null,
          at: now,
          patch: { rating: "default_satisfied", rated_at: now },
          publicNote: `企业评价:${RATING_LABEL.default_satisfied}`,
          audit: { rating: "default_satisfied" },
        });
        return true;
      })
      // Rated, or closed by another sweep, in the meantime.
      .catch((e: unknown) => {
        if (e instanceof Refusal) return false;
        throw e;
      });
    if (done) closed++;
  }
  return closed;
}

/**
 * Public disclosure (SPEC §5): the office publishes a finished task (closed: rated, silent, or decided after
 * dissatisfaction) to the public page, or withdraws it. The enterprise's name stays withheld unless it agreed.
 */
export function setDisclosure(
  db: Kysely<Database>,
  input: { taskId: number; disclose: boolean; actorId: number; now: Date },
): Promise<TaskResult> {
  return step(db, async (trx) => {
    const t = await trx
      .selectFrom("tasks")
      .select(["id", "state", "disclosed_at"])
      .where("id", "=", input.taskId)
      .forUpdate()
      .executeTakeFirst();
    if (!t) throw new Refusal("没有找到该任务。");
    if (input.disclose && t.state !== "closed") throw new Refusal("只有已完结的事项才能公开。");
    if (input.disclose === (t.disclosed_at !== null)) return input.disclose ? "该事项已公开。" : "该事项未公开。";
    await setTaskDisclosure(trx, t.id, input.disclose ? { at: input.now, by: input.actorId } : null);
    await appendAudit(trx, {
      entity: "task",
      entityId: t.id,
      action: input.disclose ? "task.disclosed" : "task.withdrawn",
      actorId: input.actorId,
      at: input.now,
    });
    return input.disclose ? "已公开。" : "已撤回公开。";
  });
}
