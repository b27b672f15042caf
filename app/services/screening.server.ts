/**
 * Screening (甄别, SPEC §4 step 3) by the platform office: turn an appeal away with a stated reason, or route
 * it to the enterprise's county, or to a lead city department and any co-departments. One transaction per
 * appeal, guarded so that a second decision (a double click, a colleague, a bulk run) changes nothing.
 * Also the routing table the city choice is pre-filled from (category → suggested lead department).
 *
 * Each decision queues, in its own transaction, the enterprise's result and a notice to every organisation
 * it newly assigned (appeal-notices.server.ts).
 */
import type { Kysely } from "kysely";
import type { AppealStatus } from "~/domain/appeal";
import { appendAudit, type Db } from "~/models/audit.server";
import { loadWorkCalendar } from "~/models/calendar.server";
import { insertAssignmentsWithClocks } from "~/models/handling.server";
import {
  appealForScreening,
  categoryById,
  categoryByName,
  countyOfRegion,
  insertCategory,
  organisationsByIds,
  updateCategory,
} from "~/models/screening.server";
import { alreadyDecidedMessage, transitionAppeal } from "~/services/appeal-state.server";
import { Refusal } from "~/services/refusal.server";
import type { ScreeningDecision } from "~/schemas/screening";
import type { Database } from "../../db/schema";

export interface DecisionContext {
  actorId: number;
  now: Date;
}

/** What a decision did, for the notification queue (receipt, screening result, assignment notices). */
export type DecisionOutcome =
  | {
      ok: true;
      appealId: number;
      trackingNumber: string;
      status: AppealStatus;
      /** Organisations assigned by this decision (a county, or a lead and co-departments): each gets a notice. */
      assignedOrganisationIds: number[];
      /** For the office: what happened, in a sentence. */
      message: string;
    }
  | { ok: false; appealId: number; trackingNumber: string | null; error: string; field?: string };

/**
 * Run one decision in its own transaction (its notices are queued by transitionAppeal in it); a Refusal
 * rolls it back and becomes an answer.
 */
export async function decide(
  db: Kysely<Database>,
  appealId: number,
  trackingNumber: string | null,
  run: (trx: Db) => Promise<Extract<DecisionOutcome, { ok: true }>>,
): Promise<DecisionOutcome> {
  try {
    return await db.transaction().execute(run);
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, appealId, trackingNumber, error: e.message, field: e.field };
    throw e;
  }
}

function uniqueIds(ids: number[]): number[] {
  return [...new Set(ids)];
}

/** Screen one appeal. */
export async function screenAppeal(
  db: Kysely<Database>,
  appealId: number,
  decision: ScreeningDecision,
  ctx: DecisionContext,
): Promise<DecisionOutcome> {
  const before = await appealForScreening(db, appealId);
  if (!before) return { ok: false, appealId, trackingNumber: null, error: alreadyDecidedMessage(undefined) };
  return decide(db, appealId, before.trackingNumber, async (trx) => {
    const a = await appealForScreening(trx, appealId);
    if (!a || a.status !== "screening") throw new Refusal(alreadyDecidedMessage(a?.status));
    const base = { screened_at: ctx.now, updated_at: ctx.now };

    if (decision.kind === "reject") {
      const reason = decision.reason.trim();
      if (!reason) throw new Refusal("请写明不予受理的原因", "reasonText");
      await transitionAppeal(trx, {
        appealId,
        action: "screening_rejected",
        actorId: ctx.actorId,
        at: ctx.now,
        patch: { ...base, level: null, county_id: null, rejection_reason: reason },
        reason,
        publicNote: `经甄别,您的诉求不予受理。原因:${reason}`,
      });
      return {
        ok: true,
        appealId,
        trackingNumber: a.trackingNumber,
        status: "rejected",
        assignedOrganisationIds: [],
        message: `${a.trackingNumber} 不予受理(${reason})`,
      };
    }

    if (decision.kind === "county") {
      const fromRegistry = a.registryRegionCode ? await countyOfRegion(trx, a.registryRegionCode) : undefined;
      const countyId = decision.countyId ?? fromRegistry?.id;
      if (!countyId) throw new Refusal("该企业在法人库中登记在市本级或未登记县区,请指定承办的县区。", "countyId");
      const [county] = await organisationsByIds(trx, [countyId]);
      if (!county || county.kind !== "county" || !county.active) throw new Refusal("请选择有效的县区", "countyId");
      // The assignment and its clock first: the transition's notices tell the county its limit.
      await insertAssignmentsWithClocks(trx, await loadWorkCalendar(trx), [
        { appealId, organisationId: county.id, role: "county", at: ctx.now, by: ctx.actorId },
      ]);
      const overridden = fromRegistry && fromRegistry.id !== county.id;
      await transitionAppeal(trx, {
        appealId,
        action: "routed_to_county",
        actorId: ctx.actorId,
        at: ctx.now,
        patch: { ...base, level: "county", county_id: county.id, rejection_reason: null },
        reason: overridden
          ? `县区级诉求,由平台指定${county.name}承办(法人库登记地属${fromRegistry.name})`
          : "县区级诉求",
        publicNote: `经甄别,您的诉求已转交${county.name}办理。`,
        owed: { assignedOrganisationIds: [county.id] },
      });
      return {
        ok: true,
        appealId,
        trackingNumber: a.trackingNumber,
        status: "county",
        assignedOrganisationIds: [county.id],
        message: `${a.trackingNumber} 已转${county.name}办理`,
      };
    }

    const leadId = decision.leadId ?? a.suggestedDepartmentId ?? undefined;
    if (!leadId) throw new Refusal("该诉求的类别没有建议牵头部门,请指定牵头部门。", "leadId");
    const coIds = uniqueIds(decision.coIds);
    if (coIds.includes(leadId)) throw new Refusal("协办部门不能包含牵头部门", "coIds");
    const orgs = await organisationsByIds(trx, [leadId, ...coIds]);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const lead = byId.get(leadId);
    if (!lead || lead.kind !== "department" || !lead.active) throw new Refusal("请选择有效的牵头部门", "leadId");
    const co = coIds.map((id) => byId.get(id));
    if (co.some((o) => !o || o.kind !== "department" || !o.active))
      throw new Refusal("协办部门中有无效的部门", "coIds");
    const coNames = co.map((o) => o!.name);
    await insertAssignmentsWithClocks(trx, await loadWorkCalendar(trx), [
      { appealId, organisationId: lead.id, role: "lead", at: ctx.now, by: ctx.actorId },
      ...coIds.map((id) => ({ appealId, organisationId: id, role: "co" as const, at: ctx.now, by: ctx.actorId })),
    ]);
    const withCo = coNames.length ? `,${coNames.join("、")}协办` : "";
    await transitionAppeal(trx, {
      appealId,
      action: "routed_to_city",
      actorId: ctx.actorId,
      at: ctx.now,
      patch: { ...base, level: "city", county_id: null, rejection_reason: null },
      reason: `市级诉求:${lead.name}牵头${withCo}`,
      publicNote: `经甄别,您的诉求已转交${lead.name}牵头办理${withCo}。`,
      owed: { assignedOrganisationIds: [lead.id, ...coIds] },
    });
    return {
      ok: true,
      appealId,
      trackingNumber: a.trackingNumber,
      status: "city",
      assignedOrganisationIds: [lead.id, ...coIds],
      message: `${a.trackingNumber} 已转${lead.name}牵头办理${withCo}`,
    };
  });
}

/**
 * The same decision for each of many appeals, one transaction each. An appeal someone else screened in the
 * meantime (or one the decision does not fit) is reported and skipped; the others go ahead.
 */
export async function screenAppeals(
  db: Kysely<Database>,
  appealIds: number[],
  decision: ScreeningDecision,
  ctx: DecisionContext,
): Promise<DecisionOutcome[]> {
  const outcomes: DecisionOutcome[] = [];
  for (const id of uniqueIds(appealIds)) {
    try {
      outcomes.push(await screenAppeal(db, id, decision, ctx));
    } catch (e) {
      console.error(`screening appeal ${id} failed`, e);
      outcomes.push({ ok: false, appealId: id, trackingNumber: null, error: "处理时出错,未作更改,请稍后重试。" });
    }
  }
  return outcomes;
}

// --- The routing table (诉求类别 → 建议牵头部门) ---

export type CategoryResult = { ok: true; message: string } | { ok: false; error: string; field?: string };

async function validDepartment(trx: Db, id: number | undefined): Promise<{ id: number; name: string } | null> {
  if (id === undefined) return null;
  const [d] = await organisationsByIds(trx, [id]);
  if (!d || d.kind !== "department" || !d.active) throw new Refusal("请选择有效的市直部门", "departmentId");
  return d;
}

async function categoryChange(db: Kysely<Database>, run: (trx: Db) => Promise<string>): Promise<CategoryResult> {
  try {
    return { ok: true, message: await db.transaction().execute(run) };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.message, field: e.field };
    throw e;
  }
}

export async function addCategory(
  db: Kysely<Database>,
  input: { name: string; departmentId?: number } & DecisionContext,
): Promise<CategoryResult> {
  return categoryChange(db, async (trx) => {
    const department = await validDepartment(trx, input.departmentId);
    if (await categoryByName(trx, input.name)) throw new Refusal(`已有类别“${input.name}”`, "name");
    const row = await insertCategory(trx, { name: input.name, suggestedDepartmentId: department?.id ?? null });
    if (!row) throw new Refusal(`已有类别“${input.name}”`, "name");
    await appendAudit(trx, {
      entity: "appeal_category",
      entityId: row.id,
      action: "created",
      actorId: input.actorId,
      at: input.now,
      to: { name: input.name, suggestedDepartment: department?.name ?? null },
    });
    return `已添加类别“${input.name}”。`;
  });
}

export async function renameCategory(
  db: Kysely<Database>,
  input: { id: number; name: string } & DecisionContext,
): Promise<CategoryResult> {
  return categoryChange(db, async (trx) => {
    const c = await categoryById(trx, input.id);
    if (!c) throw new Refusal("没有找到该类别");
    if (c.name === input.name) return "名称未变。";
    if (await categoryByName(trx, input.name, c.id)) throw new Refusal(`已有类别“${input.name}”`, "name");
    await updateCategory(trx, c.id, { name: input.name });
    await appendAudit(trx, {
      entity: "appeal_category",
      entityId: c.id,
      action: "renamed",
      actorId: input.actorId,
      at: input.now,
      from: { name: c.name },
      to: { name: input.name },
    });
    return `类别“${c.name}”已更名为“${input.name}”。`;
  });
}

export async function setCategoryDepartment(
  db: Kysely<Database>,
  input: { id: number; departmentId?: number } & DecisionContext,
): Promise<CategoryResult> {
  return categoryChange(db, async (trx) => {
    const c = await categoryById(trx, input.id);
    if (!c) throw new Refusal("没有找到该类别");
    const department = await validDepartment(trx, input.departmentId);
    if ((department?.id ?? null) === c.suggestedDepartmentId) return "建议牵头部门未变。";
    const [previous] = c.suggestedDepartmentId ? await organisationsByIds(trx, [c.suggestedDepartmentId]) : [];
    await updateCategory(trx, c.id, { suggested_department_id: department?.id ?? null });
    await appendAudit(trx, {
      entity: "appeal_category",
      entityId: c.id,
      action: "routed",
      actorId: input.actorId,
      at: input.now,
      from: { name: c.name, suggestedDepartment: previous?.name ?? null },
      to: { name: c.name, suggestedDepartment: department?.name ?? null },
    });
    return department
      ? `“${c.name}”类诉求今后建议由${department.name}牵头。`
      : `“${c.name}”类诉求今后不预设牵头部门,由甄别时指定。`;
  });
}

/** Deactivated categories are no longer offered on the forms; appeals filed under them keep them. */
export async function setCategoryActive(
  db: Kysely<Database>,
  input: { id: number; active: boolean } & DecisionContext,
): Promise<CategoryResult> {
  return categoryChange(db, async (trx) => {
    const c = await categoryById(trx, input.id);
    if (!c) throw new Refusal("没有找到该类别");
    if (c.active === input.active) return input.active ? "该类别已在使用中。" : "该类别已停用。";
    await updateCategory(trx, c.id, { active: input.active });
    await appendAudit(trx, {
      entity: "appeal_category",
      entityId: c.id,
      action: input.active ? "activated" : "deactivated",
      actorId: input.actorId,
      at: input.now,
      from: { name: c.name, active: c.active },
      to: { name: c.name, active: input.active },
    });
    return input.active ? `类别“${c.name}”已恢复使用。` : `类别“${c.name}”已停用,企业提交诉求时不再可选。`;
  });
}
