/**
 * The one writer of an appeal's status (STYLE.md; pretalx's `set_submission_state` is the model). Every
 * change after intake goes through `transitionAppeal`, inside the caller's transaction: it checks the row of
 * APPEAL_TRANSITIONS (app/domain/appeal-transitions.ts) for the actor's role, changes the status only if the
 * appeal is still where the row starts (a concurrent transition loses with a Chinese message and, the
 * transaction rolled back, changes nothing), writes the typed history event and queues what the row owes
 * in the outbox. Nothing else writes appeals.status (tests/unit/state-writers.test.ts).
 */
import { STATUS_LABEL, type AppealStatus } from "~/domain/appeal";
import { APPEAL_TRANSITIONS, type AppealTransitionAction } from "~/domain/appeal-transitions";
import { checkTransition, fromStateOf } from "~/domain/transitions";
import { appendAppealEvent, writeAppealStatus, type AppealStatusPatch } from "~/models/appeal.server";
import type { Db } from "~/models/audit.server";
import { currentStatus } from "~/models/screening.server";
import { queueAssignmentNotices, queueDecisionNotices } from "~/services/appeal-notices.server";
import { notifyCountyReply } from "~/services/notifications.server";
import { actorOf, Refusal } from "~/services/refusal.server";

export interface AppealTransitionInput {
  appealId: number;
  action: AppealTransitionAction;
  /** For an action with more than one outcome (registry_confirmed: screening, or rejected outside the city). */
  to?: AppealStatus;
  /** The person taking the step (their role is checked against the table); null for the platform itself. */
  actorId: number | null;
  at: Date;
  /** Other columns the step writes with the status (the rejection reason, the level…). */
  patch?: AppealStatusPatch;
  /** For the office and the departments (the history's reason). */
  reason?: string | null;
  /** For the enterprise, in plain words. */
  publicNote?: string | null;
  /** What the notices need that the appeal does not hold. */
  owed?: { assignedOrganisationIds?: number[]; countyReply?: { countyName: string; body: string } };
}

/** The appeal was changed by someone else first: its current status, in the office's words. */
export function alreadyDecidedMessage(status: AppealStatus | undefined): string {
  return status
    ? `该诉求已由他人处理(当前状态:${STATUS_LABEL[status]}),本次操作未执行。`
    : "没有找到该诉求,本次操作未执行。";
}

/** Move the appeal along one row of its transition table; a Refusal when it cannot, and nothing written. */
export async function transitionAppeal(
  trx: Db,
  t: AppealTransitionInput,
): Promise<{ trackingNumber: string; from: AppealStatus; to: AppealStatus }> {
  const from = fromStateOf(APPEAL_TRANSITIONS, t.action);
  const current = await currentStatus(trx, t.appealId);
  if (!current) throw new Refusal(alreadyDecidedMessage(undefined));
  if (current !== from) throw new Refusal(alreadyDecidedMessage(current));
  const check = checkTransition(
    APPEAL_TRANSITIONS,
    from,
    t.action,
    await actorOf(trx, t.actorId),
    (s) => STATUS_LABEL[s],
    t.to,
  );
  if (!check.ok) throw new Refusal(check.message);
  const row = check.transition;

  const written = await writeAppealStatus(trx, {
    appealId: t.appealId,
    from,
    to: row.to,
    at: t.at,
    patch: t.patch ?? {},
  });
  if (!written) throw new Refusal(alreadyDecidedMessage(await currentStatus(trx, t.appealId)));
  await appendAppealEvent(trx, {
    appealId: t.appealId,
    at: t.at,
    actorId: t.actorId,
    action: t.action,
    from,
    to: row.to,
    reason: t.reason ?? null,
    publicNote: t.publicNote ?? null,
  });

  const assigned = t.owed?.assignedOrganisationIds ?? [];
  switch (row.notices) {
    case "decision":
      await queueDecisionNotices(trx, { appealId: t.appealId, assignedOrganisationIds: assigned }, t.at);
      break;
    case "assignment":
      await queueAssignmentNotices(trx, t.appealId, assigned, t.at);
      break;
    case "county_reply":
      if (!t.owed?.countyReply) throw new Error(`${t.action} owes the county's reply to the enterprise`);
      await notifyCountyReply(trx, { appealId: t.appealId, ...t.owed.countyReply, now: t.at });
      break;
    case "none":
      break;
  }
  return { trackingNumber: written.trackingNumber, from, to: row.to };
}
