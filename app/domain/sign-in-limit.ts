/** Failed sign-ins are limited per account and per address within a sliding window. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_USER = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface FailureCounts {
  user: { count: number; last: Date | null };
  ip: { count: number; last: Date | null };
}

/** null when a sign-in may be tried; else the instant from which it may be tried again. */
export function signInBlockedUntil(f: FailureCounts): Date | null {
  const blocked = [
    f.user.count >= MAX_FAILURES_PER_USER ? f.user.last : null,
    f.ip.count >= MAX_FAILURES_PER_IP ? f.ip.last : null,
  ].filter((d): d is Date => d !== null);
  if (blocked.length === 0) return null;
  return new Date(Math.max(...blocked.map((d) => d.getTime())) + SIGN_IN_WINDOW_MS);
}
