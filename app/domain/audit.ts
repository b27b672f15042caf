/**
 * Every action the platform records, by what it is recorded on: an appeal's history (appeal_events) and the
 * general audit (audit_events, per entity). The actions are stored as these strings, so a name here is
 * never changed, only added; app/domain/labels.ts gives each its Chinese label, and the compiler refuses an
 * action written anywhere that is not listed here. Pure.
 */

/** The actions that move an appeal from one status to another (app/domain/appeal-transitions.ts). */
export const APPEAL_TRANSITION_ACTIONS = [
  "registry_confirmed",
  "registry_rejected",
  "screening_rejected",
  "routed_to_county",
  "routed_to_city",
  "county_replied",
  "escalation_requested",
  "escalation_sent_back",
  "escalation_approved",
  "replied",
] as const;
export type AppealTransitionAction = (typeof APPEAL_TRANSITION_ACTIONS)[number];

/** An appeal's history: its transitions, and the steps that leave its status as it is. */
export const APPEAL_EVENT_ACTIONS = [
  // intake (the appeal is created in its first status)
  "received",
  "registry_review_required",
  "rejected",
  ...APPEAL_TRANSITION_ACTIONS,
  // handling steps within a status
  "accepted",
  "disputed",
  "co_opinion",
  "reassigned",
  "extension_requested",
  "extension_granted",
  "extension_refused",
  "clock_reminder",
  "clock_late",
  // after the meeting
  "offagenda.sent",
  "task.started",
  "task.committed",
  "task.progress",
  "task.completed",
  "task.rated",
  "task.final",
  "task.urged.reminder",
  "task.urged.yellow",
  "task.urged.red",
] as const;
export type AppealEventAction = (typeof APPEAL_EVENT_ACTIONS)[number];

/** The general audit's actions, per entity. */
export const AUDIT_ACTIONS = {
  user: [
    "created",
    "updated",
    "enabled",
    "disabled",
    "password_reset",
    "password_changed",
    "second_factor_reset",
    "registered",
  ],
  organisation: ["created", "updated", "activated", "deactivated", "contact_updated", "registered"],
  api_key: ["created", "revoked"],
  notification: ["resent"],
  appeal_category: ["created", "renamed", "routed", "activated", "deactivated"],
  calendar_day: ["added", "corrected", "reset"],
  calendar_year: ["confirmed", "unconfirmed"],
  cycle: [
    "generated",
    "onsite_moved",
    "dates_followed",
    "people_assigned",
    "catalog.compiled",
    "catalog.sent",
    "leader.confirmed",
    "submitted",
    "returned",
    "approved",
    "agenda.submitted",
    "agenda.returned",
    "agenda.reopened",
    "agenda.approved",
    "opinions.submitted",
    "opinions.returned",
    "opinions.approved",
  ],
  catalog_item: [
    "catalog.summary_edited",
    "catalog.moved",
    "agenda.entry_saved",
    "onsite.decision_recorded",
    "offagenda.answered",
    "offagenda.sent",
  ],
  enterprise: ["created", "renamed"],
  registry_import: ["registry_import.started", "registry_import.finished", "registry_import.failed"],
  roster: ["added", "reordered", "activated", "deactivated"],
  task: [
    "task.committed",
    "task.completed",
    "task.rated",
    "task.final",
    "task.default_satisfied",
    "task.disclosed",
    "task.withdrawn",
    "task.urged",
  ],
} as const satisfies Record<string, readonly string[]>;

export type AuditEntity = keyof typeof AUDIT_ACTIONS;
export type AuditAction<E extends AuditEntity = AuditEntity> = (typeof AUDIT_ACTIONS)[E][number];

export function isAppealEventAction(action: string): action is AppealEventAction {
  return (APPEAL_EVENT_ACTIONS as readonly string[]).includes(action);
}

export function isAuditAction<E extends AuditEntity>(entity: E, action: string): action is AuditAction<E> {
  return (AUDIT_ACTIONS[entity] as readonly string[]).includes(action);
}
