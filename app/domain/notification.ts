/** The outbox's message kinds (the notifications table). Pure. */

export type NotificationChannel = "email" | "sms";
/** captured: no transport is configured, so the message is kept for the office to read. */
export type NotificationStatus = "pending" | "sent" | "captured" | "failed";
