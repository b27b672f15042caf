/**
 * Registry review (法人库核实, SPEC §4 step 2) by the market supervision bureau's reviewer: an appeal whose
 * enterprise did not match the registry is confirmed (linked to its registry entry, whose name may be
 * corrected, or with a new entry made from the appeal) or turned away with a written reason. A confirmed
 * enterprise registered outside the city is turned away for that reason, decided from the registry.
 * One transaction per decision; a second decision on the same appeal changes nothing.
 */
import type { Kysely } from "kysely";
import { OUTSIDE_CITY_REASON, type AppealStatus } from "~/domain/appeal";
import { cityRegionCodes } from "~/models/appeal.server";
import { appendAudit, type Db } from "~/models/audit.server";
import {
  activeOrganisationsOfKind,
  appealForRegistryDecision,
  currentStatus,
  enterpriseAccountOrganisation,
  enterpriseByCode,
  insertEnterprise,
  lockAppealInStatus,
  renameEnterprise,
} from "~/models/screening.server";
import { alreadyDecidedMessage, transitionAppeal } from "~/services/appeal-state.server";
import { Refusal } from "~/services/refusal.server";
import { CITY, CITY_CODE } from "~/utils/city";
import type { Database } from "../../db/schema";
import { decide, type DecisionContext, type DecisionOutcome } from "./screening.server";

export type { DecisionOutcome };

/** The regions a new registry entry may be given: the city itself and each county. */
export async function registryRegionChoices(db: Db) {
  const counties = await activeOrganisationsOfKind(db, "county");
  return [
    { code: CITY_CODE, label: `${CITY.city}本级(${CITY_CODE})` },
    ...counties.filter((c) => c.regionCode).map((c) => ({ code: c.regionCode!, label: `${c.name}(${c.regionCode})` })),
  ];
}

async function openForReview(trx: Db, appealId: number) {
  const a = await appealForRegistryDecision(trx, appealId);
  if (!a || a.status !== "registry_review") throw new Refusal(alreadyDecidedMessage(a?.status));
  // Claim the appeal before changing anything else: a concurrent reviewer waits on this row, then finds
  // it no longer in review and changes nothing.
  const claimed = await lockAppealInStatus(trx, appealId, "registry_review");
  if (!claimed) throw new Refusal(alreadyDecidedMessage(await currentStatus(trx, appealId)));
  return a;
}

async function finishConfirmation(
  trx: Db,
  a: NonNullable<Awaited<ReturnType<typeof appealForRegistryDecision>>>,
  entry: { id: number; regionCode: string | null },
  what: string,
  ctx: DecisionContext,
): Promise<Extract<DecisionOutcome, { ok: true }>> {
  const inCity = entry.regionCode !== null && (await cityRegionCodes(trx, CITY_CODE)).has(entry.regionCode);
  const status: AppealStatus = inCity ? "screening" : "rejected";
  // An appeal registered for the enterprise by the window or the hotline reaches its account, if it has one.
  const organisationId = a.enterpriseOrganisationId ?? (await enterpriseAccountOrganisation(trx, entry.id))?.id ?? null;
  await transitionAppeal(trx, {
    appealId: a.id,
    action: "registry_confirmed",
    to: status,
    actorId: ctx.actorId,
    at: ctx.now,
    patch: {
      registry_check: "confirmed",
      enterprise_id: entry.id,
      enterprise_organisation_id: organisationId,
      rejection_reason: inCity ? null : OUTSIDE_CITY_REASON,
    },
    reason: inCity ? what : `${what};${OUTSIDE_CITY_REASON}`,
    publicNote: inCity
      ? "市市场监督管理局已核实企业信息,诉求进入甄别。"
      : `市市场监督管理局已核实企业信息。不予受理:${OUTSIDE_CITY_REASON}`,
  });
  return {
    ok: true,
    appealId: a.id,
    trackingNumber: a.trackingNumber,
    status,
    assignedOrganisationIds: [],
    message: inCity
      ? `${a.trackingNumber} 已核实,转入甄别。`
      : `${a.trackingNumber} 已核实;该企业登记地不在本市,不予受理。`,
  };
}

/**
 * Confirm the enterprise as the registry entry of its code. With `correctName`, the entry's name becomes
 * the one on the appeal (the registry was out of date), audited.
 */
export async function confirmWithRegistryEntry(
  db: Kysely<Database>,
  input: { appealId: number; correctName: boolean } & DecisionContext,
): Promise<DecisionOutcome> {
  return decide(db, input.appealId, null, async (trx) => {
    const a = await openForReview(trx, input.appealId);
    const entry = await enterpriseByCode(trx, a.creditCode);
    if (!entry) throw new Refusal("法人库中没有该统一社会信用代码的企业,请选择“新增法人库登记”。");
    let what = `关联法人库登记“${entry.name}”`;
    if (input.correctName && entry.name !== a.enterpriseName) {
      await renameEnterprise(trx, entry.id, a.enterpriseName, input.now);
      await appendAudit(trx, {
        entity: "enterprise",
        entityId: entry.id,
        action: "renamed",
        actorId: input.actorId,
        at: input.now,
        from: { name: entry.name },
        to: { name: a.enterpriseName },
        reason: `法人库核实诉求 ${a.trackingNumber}`,
      });
      what = `关联法人库登记,并将企业名称由“${entry.name}”更正为“${a.enterpriseName}”`;
    }
    return finishConfirmation(trx, a, entry, what, input);
  });
}

/** Confirm an enterprise the registry does not know, entering it with the appeal's code and name. */
export async function confirmWithNewRegistryEntry(
  db: Kysely<Database>,
  input: { appealId: number; regionCode: string } & DecisionContext,
): Promise<DecisionOutcome> {
  return decide(db, input.appealId, null, async (trx) => {
    const regions = await registryRegionChoices(trx);
    const region = regions.find((r) => r.code === input.regionCode);
    if (!region) throw new Refusal("请选择企业登记地", "regionCode");
    const a = await openForReview(trx, input.appealId);
    if (await enterpriseByCode(trx, a.creditCode))
      throw new Refusal("法人库中已有该代码的企业,请选择“关联法人库登记”。");
    const row = await insertEnterprise(trx, {
      creditCode: a.creditCode,
      name: a.enterpriseName,
      regionCode: region.code,
      now: input.now,
    });
    if (!row) throw new Refusal("法人库中已有该代码的企业,请刷新页面后选择“关联法人库登记”。");
    await appendAudit(trx, {
      entity: "enterprise",
      entityId: row.id,
      action: "created",
      actorId: input.actorId,
      at: input.now,
      to: { creditCode: a.creditCode, name: a.enterpriseName, regionCode: region.code },
      reason: `法人库核实诉求 ${a.trackingNumber}`,
    });
    return finishConfirmation(
      trx,
      a,
      { id: row.id, regionCode: region.code },
      `新增法人库登记,登记地${region.label}`,
      input,
    );
  });
}

/** Turn the appeal away: the enterprise could not be confirmed. */
export async function rejectAtRegistryReview(
  db: Kysely<Database>,
  input: { appealId: number; reason: string } & DecisionContext,
): Promise<DecisionOutcome> {
  return decide(db, input.appealId, null, async (trx) => {
    const reason = input.reason.trim();
    if (!reason) throw new Refusal("请写明不予受理的原因", "reason");
    const a = await openForReview(trx, input.appealId);
    await transitionAppeal(trx, {
      appealId: a.id,
      action: "registry_rejected",
      actorId: input.actorId,
      at: input.now,
      patch: { rejection_reason: reason },
      reason,
      publicNote: `经市市场监督管理局核实,不予受理。原因:${reason}`,
    });
    return {
      ok: true,
      appealId: a.id,
      trackingNumber: a.trackingNumber,
      status: "rejected",
      assignedOrganisationIds: [],
      message: `${a.trackingNumber} 不予受理。`,
    };
  });
}
