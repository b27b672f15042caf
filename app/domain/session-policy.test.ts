import { describe, expect, it } from "vitest";
import {
  DEFAULT_SESSION_SETTINGS as S,
  passwordChangeDue,
  secondFactorOwed,
  sessionLimits,
  sessionState,
  shouldTouch,
} from "./session-policy";

const T0 = new Date("2026-12-07T09:00:00+08:00");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe("session limits", () => {
  it("gives staff 30 minutes idle, enterprises 2 hours, everyone 12 hours in all", () => {
    expect(sessionLimits("platform_admin", S, T0)).toEqual({ idleMinutes: 30, expiresAt: at(12 * 60) });
    expect(sessionLimits("leader", S, T0).idleMinutes).toBe(30);
    expect(sessionLimits("enterprise", S, T0)).toEqual({ idleMinutes: 120, expiresAt: at(12 * 60) });
  });

  it("ends a session at its idle limit and at its absolute end, whichever comes first", () => {
    const staff = { lastSeenAt: T0, expiresAt: at(720), idleMinutes: 30 };
    expect(sessionState(staff, at(29))).toBe("active");
    expect(sessionState(staff, at(30))).toBe("idle");
    // Kept busy, it still ends 12 hours after sign-in.
    expect(sessionState({ ...staff, lastSeenAt: at(719) }, at(719.5))).toBe("active");
    expect(sessionState({ ...staff, lastSeenAt: at(719) }, at(720))).toBe("expired");
  });

  it("writes last seen at most once a minute", () => {
    expect(shouldTouch(T0, at(0.5))).toBe(false);
    expect(shouldTouch(T0, at(1))).toBe(true);
  });
});

describe("second factor", () => {
  it("is owed by anyone who set one up, and by staff without one only where required", () => {
    expect(secondFactorOwed("enterprise", false, S)).toBe(false);
    expect(secondFactorOwed("enterprise", true, S)).toBe(true);
    expect(secondFactorOwed("department", false, S)).toBe(true);
    expect(secondFactorOwed("department", false, { ...S, requireStaffSecondFactor: false })).toBe(false);
    expect(secondFactorOwed("department", true, { ...S, requireStaffSecondFactor: false })).toBe(true);
  });
});

describe("password changes", () => {
  const day = 86_400_000;
  it("asks for a new password after an office reset, for anyone", () => {
    expect(passwordChangeDue({ role: "enterprise", mustChangePassword: true, passwordChangedAt: T0 }, S, T0)).toBe(
      "reset",
    );
  });

  it("asks staff for a new password at the maximum age, never enterprises, and never when the age is 0", () => {
    const old = new Date(T0.getTime() - 180 * day);
    const younger = new Date(T0.getTime() - 180 * day + 1);
    expect(passwordChangeDue({ role: "supervisor", mustChangePassword: false, passwordChangedAt: old }, S, T0)).toBe(
      "expired",
    );
    expect(
      passwordChangeDue({ role: "supervisor", mustChangePassword: false, passwordChangedAt: younger }, S, T0),
    ).toBeNull();
    expect(
      passwordChangeDue({ role: "enterprise", mustChangePassword: false, passwordChangedAt: old }, S, T0),
    ).toBeNull();
    expect(
      passwordChangeDue(
        { role: "supervisor", mustChangePassword: false, passwordChangedAt: old },
        { ...S, passwordMaxAgeDays: 0 },
        T0,
      ),
    ).toBeNull();
  });
});
