/**
 * The one writer of an assignment's state: `transitionAssignment`, inside the caller's transaction, checks the
 * row of ASSIGNMENT_TRANSITIONS (app/domain/assignment-transitions.ts) for the actor's role and the
 * assignment's part, and changes the state only if the assignment is still where it was read (a concurrent
 * step loses with a Chinese message). The appeal's history event of the step is the caller's (handling
 * writes one sentence for the clocks and the assignment together).
 */
import { ASSIGNMENT_TRANSITIONS, type AssignmentAction } from "~/domain/assignment-transitions";
import type { AssignmentState } from "~/domain/appeal";
import { assignmentStateLabel } from "~/domain/labels";
import { checkTransition } from "~/domain/transitions";
import type { Db } from "~/models/audit.server";
import { assignmentStateOf, writeAssignmentState, type AssignmentStatePatch } from "~/models/handling.server";
import { actorOf, Refusal } from "~/services/refusal.server";

const STALE = "该交办事项的状态已经变化(可能已由他人处理),本次操作未执行,请刷新页面。";

export async function transitionAssignment(
  trx: Db,
  t: { assignmentId: number; action: AssignmentAction; actorId: number | null; patch?: AssignmentStatePatch },
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
  return { from: s.state, to };
}
