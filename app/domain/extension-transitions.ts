/**
 * An extension request's life (SPEC §3): the answering county or department asks, before its limit passes,
 * for a later limit; the platform office grants it (a new limit) or refuses it (the old one stands). Each
 * step is also an event in the appeal's history, under the same action. The one writer is
 * `transitionExtension` (app/services/extension-state.server.ts). Pure.
 */
import type { AppealEventAction } from "./audit";
import type { Transition } from "./transitions";

/**
 * A request is pending until decided (appeal_extensions.decision null), then granted or refused. "none": the
 * clock has no pending request (an earlier one may have been decided: a clock may be extended again).
 */
export type ExtensionState = "none" | "pending" | "granted" | "refused";
export type ExtensionAction = Extract<
  AppealEventAction,
  "extension_requested" | "extension_granted" | "extension_refused"
>;

export const EXTENSION_TRANSITIONS: readonly Transition<ExtensionState, ExtensionAction>[] = [
  { from: "none", action: "extension_requested", to: "pending", roles: ["department", "county"] },
  { from: "pending", action: "extension_granted", to: "granted", roles: ["platform_admin"] },
  { from: "pending", action: "extension_refused", to: "refused", roles: ["platform_admin"] },
];

export function extensionStateOf(decision: "granted" | "refused" | null): ExtensionState {
  return decision ?? "pending";
}
