/**
 * An appeal's life after intake (SPEC §4 steps 2–5): every change of its status, who may make it, and what
 * the enterprise and the organisations must be told when it happens. An appeal is created in its first
 * status by intake (screening, registry_review or, registered outside the city, rejected); from then on
 * only these rows move it, through transitionAppeal (app/services/appeal-state.server.ts). Pure.
 */
import type { AppealTransitionAction } from "./audit";
import type { AppealStatus } from "./appeal";
import type { Transition } from "./transitions";

export type { AppealTransitionAction };

/**
 * What a transition owes in the outbox, queued by the writer in the same transaction:
 * decision: the enterprise hears the result (registry confirmed, screening result), and every organisation
 * the step assigned gets its notice; assignment: the newly assigned organisations only; county_reply: the
 * enterprise gets the county's reply; none: nobody is told (the step's own page shows it).
 */
export type AppealNotices = "decision" | "assignment" | "county_reply" | "none";

export interface AppealTransition extends Transition<AppealStatus, AppealTransitionAction> {
  notices: AppealNotices;
}

export const APPEAL_TRANSITIONS: readonly AppealTransition[] = [
  // The market supervision bureau's registry review (SPEC §4 step 2): confirmed, the appeal goes to
  // screening, or is turned away when the confirmed registration lies outside the city.
  {
    from: "registry_review",
    action: "registry_confirmed",
    to: "screening",
    roles: ["registry_reviewer"],
    notices: "decision",
  },
  {
    from: "registry_review",
    action: "registry_confirmed",
    to: "rejected",
    roles: ["registry_reviewer"],
    notices: "decision",
  },
  {
    from: "registry_review",
    action: "registry_rejected",
    to: "rejected",
    roles: ["registry_reviewer"],
    notices: "decision",
  },
  // Screening by the platform office (step 3).
  { from: "screening", action: "screening_rejected", to: "rejected", roles: ["platform_admin"], notices: "decision" },
  { from: "screening", action: "routed_to_county", to: "county", roles: ["platform_admin"], notices: "decision" },
  { from: "screening", action: "routed_to_city", to: "city", roles: ["platform_admin"], notices: "decision" },
  // The county's handling (step 4): it resolves the appeal, or asks the city to take it.
  { from: "county", action: "county_replied", to: "county_resolved", roles: ["county"], notices: "county_reply" },
  { from: "county", action: "escalation_requested", to: "escalation_review", roles: ["county"], notices: "none" },
  // The office decides the escalation.
  {
    from: "escalation_review",
    action: "escalation_sent_back",
    to: "county",
    roles: ["platform_admin"],
    notices: "none",
  },
  {
    from: "escalation_review",
    action: "escalation_approved",
    to: "city",
    roles: ["platform_admin"],
    notices: "assignment",
  },
  // The lead city department's reply (step 5).
  { from: "city", action: "replied", to: "replied", roles: ["department"], notices: "none" },
];

/** The statuses an appeal is created in by intake; none of them is reached by a transition from nothing. */
export const INTAKE_STATUSES: readonly AppealStatus[] = ["registry_review", "screening", "rejected"];

/** Statuses no row leaves: the appeal's handling before the meeting is over. */
export function isFinalStatus(status: AppealStatus): boolean {
  return !APPEAL_TRANSITIONS.some((t) => t.from === status);
}
