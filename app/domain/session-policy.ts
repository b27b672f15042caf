/**
 * When a signed-in session ends and what a person must do before working (SPEC §7, 等保2.0 三级 身份鉴别):
 * staff sessions end after 30 minutes idle, enterprises' after 2 hours, every session 12 hours after sign-in;
 * staff sign in with two factors where required; a password set by the office, or older than the maximum
 * age for staff, must be changed first.
 */
import type { Role } from "./roles";

export interface SessionSettings {
  idleMinutesStaff: number;
  idleMinutesEnterprise: number;
  maxHours: number;
  requireStaffSecondFactor: boolean;
  /** 0 = no maximum age. */
  passwordMaxAgeDays: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  idleMinutesStaff: 30,
  idleMinutesEnterprise: 120,
  maxHours: 12,
  requireStaffSecondFactor: true,
  passwordMaxAgeDays: 180,
};

export function isStaff(role: Role): boolean {
  return role !== "enterprise";
}

/** The limits a new session of this role gets; stored on the session so a later change rewrites nothing. */
export function sessionLimits(
  role: Role,
  s: SessionSettings,
  startedAt: Date,
): { idleMinutes: number; expiresAt: Date } {
  return {
    idleMinutes: isStaff(role) ? s.idleMinutesStaff : s.idleMinutesEnterprise,
    expiresAt: new Date(startedAt.getTime() + s.maxHours * 3_600_000),
  };
}

export type SessionState = "active" | "idle" | "expired";

export function sessionState(
  session: { lastSeenAt: Date; expiresAt: Date; idleMinutes: number },
  now: Date,
): SessionState {
  if (now.getTime() >= session.expiresAt.getTime()) return "expired";
  if (now.getTime() >= session.lastSeenAt.getTime() + session.idleMinutes * 60_000) return "idle";
  return "active";
}

/** last_seen_at is written at most once a minute: the idle limit is counted in minutes, not per request. */
export const TOUCH_INTERVAL_MS = 60_000;

export function shouldTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;
}

/**
 * Whether a sign-in with the right password still owes a second factor: always once the person has set one
 * up; for staff also before they have, when the deployment requires it (they then enrol first).
 */
export function secondFactorOwed(role: Role, hasSecondFactor: boolean, s: SessionSettings): boolean {
  return hasSecondFactor || (isStaff(role) && s.requireStaffSecondFactor);
}

export type PasswordChangeReason = "reset" | "expired";

/** Why this person must choose a new password before working, or null. */
export function passwordChangeDue(
  user: { role: Role; mustChangePassword: boolean; passwordChangedAt: Date },
  s: SessionSettings,
  now: Date,
): PasswordChangeReason | null {
  if (user.mustChangePassword) return "reset";
  if (!isStaff(user.role) || s.passwordMaxAgeDays <= 0) return null;
  const ageMs = now.getTime() - user.passwordChangedAt.getTime();
  return ageMs >= s.passwordMaxAgeDays * 86_400_000 ? "expired" : null;
}
