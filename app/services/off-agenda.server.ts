/**
 * Issues not taken on site (SPEC §4 step 8): every catalog issue of the cycle that was not on the agenda is
 * answered by its lead department by the cycle's commitments time, and the office sends the answer on to the
 * enterprise. Each step is one transaction with its audit record and appeal history.
 */
import type { Kysely } from "kysely";
import { finishOutcome } from "~/domain/clocks";
import { appendAppealEvent } from "~/models/appeal.server";
import { appendAudit, type Db } from "~/models/audit.server";
import { catalogOf } from "~/models/catalog.server";
import { notifyOffAgenda, notifyOffAgendaReply } from "~/services/notifications.server";
import { Refusal, refusableStep, type StepResult } from "~/services/refusal.server";
import type { Database } from "../../db/schema";

/**
 * Every catalog issue of the cycle not on the agenda is to be answered by its lead department by the cycle's
 * commitments time; the department is told. Safe to repeat: one answer per issue.
 */
export async function startOffAgendaAnswers(
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
): Promise<StepResult> {
  return refusableStep(db, async (trx) => {
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
): Promise<StepResult> {
  return refusableStep(db, async (trx) => {
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
