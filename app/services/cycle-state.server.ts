/**
 * The one writer of a cycle's catalog, agenda and opinions states (SPEC §4 steps 6–9): every change goes
 * through `transitionCycle`, inside the caller's transaction. It locks the cycle, checks the row of the life's
 * table (app/domain/cycle-transitions.ts) for the actor's role, changes the state only if it is still where
 * the row starts (a concurrent change loses with a Chinese message and the rolled-back transaction changes
 * nothing), runs what the row owes (the caller supplies it: a row that owes notices cannot be taken without
 * them) and writes the cycle's audit record.
 */
import type { AuditAction } from "~/domain/audit";
import { CYCLE_LIVES, type CycleLife, type CycleStateOf, type CycleTransition } from "~/domain/cycle-transitions";
import { checkTransition } from "~/domain/transitions";
import { appendAudit, type Db } from "~/models/audit.server";
import { lockCycleStates, writeCycleState, type CycleStatePatch } from "~/models/cycle.server";
import { actorOf, Refusal } from "~/services/refusal.server";

export interface CycleTransitionInput<L extends CycleLife> {
  cycleId: number;
  life: L;
  action: AuditAction<"cycle">;
  actorId: number;
  at: Date;
  patch?: CycleStatePatch;
  /** What the audit record keeps beside the new state. */
  audit?: Record<string, unknown>;
  reason?: string | null;
  /** The notices (or tasks) the row owes; what it answers joins the audit record. */
  owed?: () => Promise<Record<string, unknown>>;
}

const STALE = "该期次的状态已经变化(可能已由他人处理),本次操作未执行,请刷新页面。";

export async function transitionCycle<L extends CycleLife>(
  trx: Db,
  t: CycleTransitionInput<L>,
): Promise<{ from: CycleStateOf[L]; to: CycleStateOf[L] }> {
  const states = await lockCycleStates(trx, t.cycleId);
  if (!states) throw new Refusal("没有找到该期次。");
  const from = states[t.life];
  const life = CYCLE_LIVES[t.life] as unknown as {
    table: readonly CycleTransition<CycleStateOf[L]>[];
    label: (s: CycleStateOf[L]) => string;
  };
  const check = checkTransition(life.table, from, t.action, await actorOf(trx, t.actorId), life.label);
  if (!check.ok) throw new Refusal(check.message);
  const row = check.transition;
  if (row.notices !== "none" && !t.owed) throw new Error(`${t.action} owes ${row.notices}; none supplied`);
  if (row.notices === "none" && t.owed) throw new Error(`${t.action} owes nothing`);

  const written = await writeCycleState(trx, {
    cycleId: t.cycleId,
    life: t.life,
    from,
    to: row.to,
    patch: t.patch ?? {},
    at: t.at,
    actorId: t.actorId,
  });
  if (!written) throw new Refusal(STALE);
  const owed = t.owed ? await t.owed() : {};
  await appendAudit(trx, {
    entity: "cycle",
    entityId: t.cycleId,
    action: t.action,
    actorId: t.actorId,
    at: t.at,
    from: { [t.life]: from },
    to: { [t.life]: row.to, ...t.audit, ...owed },
    reason: t.reason ?? null,
  });
  return { from, to: row.to };
}
