/**
 * The one writer of extension requests (SPEC §3): `transitionExtension` asks for, grants or refuses more
 * time on a clock, inside the caller's transaction. It checks the row of EXTENSION_TRANSITIONS
 * (app/domain/extension-transitions.ts) for the actor's role, inserts the request or decides it only while it
 * is still pending (a concurrent decision loses with a Chinese message), and writes the appeal's history
 * event under the same action. Moving the clock itself (a granted request's new limit) is the caller's.
 */
import type { AppealStatus } from "~/domain/appeal";
import { EXTENSION_STATE_LABEL } from "~/domain/labels";
import { EXTENSION_TRANSITIONS, type ExtensionAction } from "~/domain/extension-transitions";
import { checkTransition } from "~/domain/transitions";
import { appendAppealEvent } from "~/models/appeal.server";
import type { Db } from "~/models/audit.server";
import {
  insertExtension,
  pendingExtensionOfClock,
  writeExtensionDecision,
  type NewExtension,
} from "~/models/extension.server";
import { actorOf, Refusal } from "~/services/refusal.server";

type Change =
  | { action: "extension_requested"; request: Omit<NewExtension, "requestedBy" | "requestedAt"> }
  | { action: "extension_granted"; extensionId: number; newDueAt: Date; note: string | null }
  | { action: "extension_refused"; extensionId: number; note: string };

export type ExtensionTransitionInput = Change & {
  actorId: number;
  at: Date;
  /** The appeal's status, unchanged by the step, for its history event. */
  appealStatus: AppealStatus;
  appealId: number;
  /** The history event's text. */
  reason: string;
};

const STALE = "该延期申请已由他人处理,本次操作未执行,请刷新页面。";

export async function transitionExtension(trx: Db, t: ExtensionTransitionInput): Promise<{ extensionId: number }> {
  const from = t.action === "extension_requested" ? "none" : "pending";
  const check = checkTransition(
    EXTENSION_TRANSITIONS,
    from,
    t.action satisfies ExtensionAction,
    await actorOf(trx, t.actorId),
    (s) => EXTENSION_STATE_LABEL[s],
  );
  if (!check.ok) throw new Refusal(check.message);

  let extensionId: number;
  if (t.action === "extension_requested") {
    if (await pendingExtensionOfClock(trx, t.request.clockId)) throw new Refusal("已有一项延期申请等待平台审核。");
    extensionId = await insertExtension(trx, { ...t.request, requestedBy: t.actorId, requestedAt: t.at });
  } else {
    const granted = t.action === "extension_granted";
    const decided = await writeExtensionDecision(trx, {
      extensionId: t.extensionId,
      decision: granted ? "granted" : "refused",
      note: t.note || null,
      newDueAt: granted ? t.newDueAt : null,
      actorId: t.actorId,
      at: t.at,
    });
    if (!decided) throw new Refusal(STALE);
    extensionId = t.extensionId;
  }
  await appendAppealEvent(trx, {
    appealId: t.appealId,
    at: t.at,
    actorId: t.actorId,
    action: t.action,
    from: t.appealStatus,
    to: t.appealStatus,
    reason: t.reason,
  });
  return { extensionId };
}
