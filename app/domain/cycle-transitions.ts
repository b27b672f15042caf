/**
 * A cycle's three lives after its window (SPEC §4 steps 6–9), each a transition table: the catalog (compiled,
 * then sent to the government office), the on-site agenda (the secretary-general drafts and submits it, the
 * cycle's leader returns or approves it; a change after approval takes it back to a draft), and the handling
 * opinions (the office records the leader's decisions and submits them, the leader returns or approves them).
 * The one writer is `transitionCycle` (app/services/cycle-state.server.ts). Pure.
 *
 * Not state changes, and so not rows: compiling, reordering and summarising the catalog (allowed until the
 * agenda is approved), the government office's confirmation of the attending leader (a fact it may correct
 * at any time), saving an agenda entry or an on-site decision (allowed in the editable states below).
 */
import type { AgendaStatus } from "./agenda";
import type { AuditAction } from "./audit";
import { AGENDA_STATUS_LABEL, CATALOG_STATE_LABEL, OPINIONS_STATUS_LABEL } from "./labels";
import type { OpinionsStatus } from "./tasks";
import type { Transition } from "./transitions";

/** The catalog's state is whether it has been sent (cycles.catalog_sent_at). */
export type CatalogState = "open" | "sent";

/**
 * What a cycle's transition owes besides its state and audit record: the government office hears the catalog
 * has come; the agenda's invitations (to those a change concerns); the tasks and notices of approved opinions.
 */
export type CycleNotices = "catalog_sent" | "agenda_invitations" | "opinion_tasks" | "none";

export interface CycleTransition<S extends string> extends Transition<S, AuditAction<"cycle">> {
  notices: CycleNotices;
}

export const CATALOG_TRANSITIONS: readonly CycleTransition<CatalogState>[] = [
  { from: "open", action: "catalog.sent", to: "sent", roles: ["platform_admin"], notices: "catalog_sent" },
];

export const AGENDA_TRANSITIONS: readonly CycleTransition<AgendaStatus>[] = [
  { from: "draft", action: "agenda.submitted", to: "submitted", roles: ["secretary_general"], notices: "none" },
  { from: "returned", action: "agenda.submitted", to: "submitted", roles: ["secretary_general"], notices: "none" },
  { from: "submitted", action: "agenda.returned", to: "returned", roles: ["leader"], notices: "none" },
  { from: "submitted", action: "agenda.approved", to: "approved", roles: ["leader"], notices: "agenda_invitations" },
  // A change to an approved agenda needs the leader again.
  { from: "approved", action: "agenda.reopened", to: "draft", roles: ["secretary_general"], notices: "none" },
];

export const OPINIONS_TRANSITIONS: readonly CycleTransition<OpinionsStatus>[] = [
  { from: "draft", action: "opinions.submitted", to: "submitted", roles: ["platform_admin"], notices: "none" },
  { from: "submitted", action: "opinions.returned", to: "draft", roles: ["leader"], notices: "none" },
  { from: "submitted", action: "opinions.approved", to: "approved", roles: ["leader"], notices: "opinion_tasks" },
];

/** The secretary-general may edit the agenda's entries in these states (not while the leader reviews it). */
export const AGENDA_EDITABLE: readonly AgendaStatus[] = ["draft", "returned", "approved"];

export const CYCLE_LIVES = {
  catalog: { table: CATALOG_TRANSITIONS, label: (s: CatalogState) => CATALOG_STATE_LABEL[s] },
  agenda: { table: AGENDA_TRANSITIONS, label: (s: AgendaStatus) => AGENDA_STATUS_LABEL[s] },
  opinions: { table: OPINIONS_TRANSITIONS, label: (s: OpinionsStatus) => OPINIONS_STATUS_LABEL[s] },
} as const;

export type CycleLife = keyof typeof CYCLE_LIVES;
export type CycleStateOf = { catalog: CatalogState; agenda: AgendaStatus; opinions: OpinionsStatus };
