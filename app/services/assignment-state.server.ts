/**
 * The one writer of an assignment's state: `transitionAssignment`, inside the caller's transaction, checks the
 * row of ASSIGNMENT_TRANSITIONS (app/domain/assignment-transitions.ts) for the actor's role and the
 * assignment's part, and changes the state only if the assignment is still where it was read (a concurrent
 * step loses with a Chinese message). A step that leaves the appeal's status as it is (accepting, disputing,
 * a co-department's opinion, a reassignment) writes its history event here, under the row's action, from
 * the caller's sentence; a step that moves the appeal leaves it to transitionAppeal.
 */
import { ASSIGNMENT_TRANSITIONS, type AssignmentAction } from "~/domain/assignment-transitions";
import type { AssignmentState } from "~/domain/appeal";
import { assignmentStateLabel } from "~/domain/labels";
import { checkTransition } from "~/domain/transitions";
import { appendAppealEvent } from "~/models/appeal.server";
import type { Db } from "~/models/audit.server";
import { assignmentStateOf, writeAssignmentState, type AssignmentStatePatch } from "~/models/handling.server";
import { actorOf, Refusal } from "~/services/refusal.server";

const STALE = "该交办事项的状态已经变化(可能已由他人处理),本次操作未执行,请刷新页面。";

export async function transitionAssignment(
  trx: Db,
  t: {
    assignmentId: number;
    action: AssignmentAction;
    actorId: number | null;
    patch?: AssignmentStatePatch;
    history?: { at: Date; reason: string; publicNote?: string | null };
  },
): Promise<{ from: AssignmentState; to: AssignmentState }> {
  const s = await assignmentStateOf(trx, t.assignmentId);
  if (!s) throw new Refusal("没有找到该交办事项。");
  const check = checkTransition(ASSIGNMENT_TRANSITIONS, s.state, t.action, await actorOf(trx, t.actorId), (x) =>
    assignmentStateLabel(s.role, x, s.appealStatus),
  );
  if (!check.ok) throw new Refusal(check.reason === "wrong_state" ? STALE : check.message);
  if (!check.transition.parts.includes(s.role)) throw new Refusal(STALE);
  const to = check.transition.to;
  const written = await writeAssignmentState(trx, { assignmentId: s.id, from: s.state, to, patch: t.patch ?? {} });
  if (!written) throw new Refusal(STALE);
  if (t.history)
    await appendAppealEvent(trx, {
      appealId: s.appealId,
      at: t.history.at,
      actorId: t.actorId,
      action: t.action,
      from: s.appealStatus,
      to: s.appealStatus,
      reason: t.history.reason,
      publicNote: t.history.publicNote ?? null,
    });
  return { from: s.state, to };
}
