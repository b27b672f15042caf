/** The outbox's message kinds (the notifications table). Pure. */
import type { Transition } from "./transitions";

export type NotificationChannel = "email" | "sms";
/** captured: no transport is configured, so the message is kept for the office to read. */
export type NotificationStatus = "pending" | "sent" | "captured" | "failed";

/**
 * An outbox message's life: the worker (the platform itself) sends it, records it as captured when no
 * transport is configured, leaves it pending with a later attempt after a failure, or gives up after the last
 * attempt; the office may queue a message the worker gave up on again. Claiming a message (its lock) is not a
 * state change. The one writer is `transitionNotification` (app/services/notification-state.server.ts).
 */
export type NotificationAction = "delivered" | "captured" | "retry_later" | "gave_up" | "resent";

export const NOTIFICATION_TRANSITIONS: readonly Transition<NotificationStatus, NotificationAction>[] = [
  { from: "pending", action: "delivered", to: "sent", roles: ["system"] },
  { from: "pending", action: "captured", to: "captured", roles: ["system"] },
  { from: "pending", action: "retry_later", to: "pending", roles: ["system"] },
  { from: "pending", action: "gave_up", to: "failed", roles: ["system"] },
  { from: "failed", action: "resent", to: "pending", roles: ["platform_admin"] },
];
