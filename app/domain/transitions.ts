/**
 * Transition tables: for an aggregate with a life (an appeal, an assignment, a task…), every change of its
 * state is a row: from-state, action, to-state and the roles that may take it. Each aggregate's one writer
 * (app/services/*-state.server.ts) asks `checkTransition` before it writes; pages ask `actionsFrom` which
 * buttons to offer. Pure.
 */
import type { Role } from "./roles";

/** Who takes a step: a person in one of the roles, or the platform itself (a scheduled job). */
export type Actor = Role | "system";

export interface Transition<S extends string, A extends string> {
  from: S;
  action: A;
  to: S;
  roles: readonly Actor[];
}

export type TransitionCheck<T> =
  | { ok: true; transition: T }
  | { ok: false; reason: "no_such_action" | "wrong_state" | "not_allowed"; message: string };

/**
 * The row for `action` from `current` (and to `to`, when the action has more than one outcome) that `actor`
 * may take; or why not, in Chinese. `stateLabel` names a state for the message.
 */
export function checkTransition<T extends Transition<string, string>>(
  table: readonly T[],
  current: T["from"],
  action: T["action"],
  actor: Actor,
  stateLabel: (s: T["from"]) => string,
  to?: T["to"],
): TransitionCheck<T> {
  const rows = table.filter((t) => t.action === action && (to === undefined || t.to === to));
  if (rows.length === 0) return { ok: false, reason: "no_such_action", message: "没有这项操作,本次操作未执行。" };
  const here = rows.filter((t) => t.from === current);
  if (here.length === 0)
    return {
      ok: false,
      reason: "wrong_state",
      message: `当前状态(${stateLabel(current)})下不能进行这项操作,本次操作未执行。`,
    };
  const allowed = here.find((t) => t.roles.includes(actor));
  if (!allowed) return { ok: false, reason: "not_allowed", message: "您没有进行这项操作的权限,本次操作未执行。" };
  return { ok: true, transition: allowed };
}

/** The one state an action starts from (every table keeps each action to one from-state, tested). */
export function fromStateOf<T extends Transition<string, string>>(table: readonly T[], action: T["action"]): T["from"] {
  const from = new Set(table.filter((t) => t.action === action).map((t) => t.from));
  if (from.size !== 1) throw new Error(`action ${action} must start from exactly one state, not ${from.size}`);
  return [...from][0];
}

/** The actions `actor` may take from `state`. */
export function actionsFrom<T extends Transition<string, string>>(
  table: readonly T[],
  state: T["from"],
  actor: Actor,
): T["action"][] {
  return [...new Set(table.filter((t) => t.from === state && t.roles.includes(actor)).map((t) => t.action))];
}
