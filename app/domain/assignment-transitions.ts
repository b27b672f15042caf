/**
 * An assignment's life (SPEC §4 steps 4–5): a county or a city department given an appeal accepts or
 * disputes it, answers it, or is taken off it by the office. Each row: from-state, action (the action the
 * appeal's history records for it), to-state, who may, and for which part in the appeal (lead, co, county).
 * Only transitionAssignment (app/services/assignment-state.server.ts) changes an assignment's state. Pure.
 */
import type { AssignmentRole, AssignmentState } from "./appeal";
import type { AppealEventAction } from "./audit";
import type { Transition } from "./transitions";

export type AssignmentAction = Extract<
  AppealEventAction,
  "accepted" | "disputed" | "replied" | "co_opinion" | "county_replied" | "reassigned" | "escalation_approved"
>;

export interface AssignmentTransition extends Transition<AssignmentState, AssignmentAction> {
  /** The assignment's part in the appeal the row applies to. */
  parts: readonly AssignmentRole[];
}

export const ASSIGNMENT_TRANSITIONS: readonly AssignmentTransition[] = [
  // A city department's first step: accept (its reply or opinion clock starts), or dispute.
  { from: "assigned", action: "accepted", to: "accepted", roles: ["department"], parts: ["lead", "co"] },
  { from: "assigned", action: "disputed", to: "disputed", roles: ["department"], parts: ["lead", "co"] },
  // Its answer: the lead's reply, a co-department's opinion.
  { from: "accepted", action: "replied", to: "done", roles: ["department"], parts: ["lead"] },
  { from: "accepted", action: "co_opinion", to: "done", roles: ["department"], parts: ["co"] },
  // The county resolves and replies (asking for escalation leaves its assignment as it is).
  { from: "assigned", action: "county_replied", to: "done", roles: ["county"], parts: ["county"] },
  // The office settles a dispute: the disputed assignment ends (a new one is made).
  { from: "disputed", action: "reassigned", to: "ended", roles: ["platform_admin"], parts: ["lead", "co"] },
  // The office approves a county's escalation: the county's assignment ends.
  { from: "assigned", action: "escalation_approved", to: "ended", roles: ["platform_admin"], parts: ["county"] },
  { from: "done", action: "escalation_approved", to: "ended", roles: ["platform_admin"], parts: ["county"] },
];
