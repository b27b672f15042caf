/**
 * Server-side sessions (SPEC §7). The cookie carries only a random 256-bit id (signed as well); the
 * sessions table keeps its SHA-256, the person, the client's address and browser, and when it ends. A
 * session is ended by deleting its row: sign-out, a password change or reset, deactivation, a change of
 * role or organisation, the office, or the person's own "退出其他设备".
 */
import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import {
  secondFactorOwed,
  sessionLimits,
  sessionState,
  shouldTouch,
  type SessionSettings,
} from "~/domain/session-policy";
import type { Role } from "~/domain/roles";
import { recordSecurityEvent } from "~/models/security-event.server";
import {
  deleteSession,
  markSecondFactorGiven,
  replaceSessionToken,
  findSessionByTokenHash,
  insertSession,
  touchSession,
  type SessionRecord,
} from "~/models/session.server";
import { now } from "./clock.server";
import { getDb } from "./db.server";
import { env } from "./env.server";
import { currentRequest } from "./request-context.server";
import { SESSION_COOKIE } from "./session-cookie";

export { SESSION_COOKIE };

export function sessionSettings(): SessionSettings {
  const e = env();
  return {
    idleMinutesStaff: e.SESSION_IDLE_MINUTES_STAFF,
    idleMinutesEnterprise: e.SESSION_IDLE_MINUTES_ENTERPRISE,
    maxHours: e.SESSION_MAX_HOURS,
    requireStaffSecondFactor: (e.REQUIRE_STAFF_2FA ?? (e.SEED_DEMO === "true" ? "false" : "true")) === "true",
    passwordMaxAgeDays: e.PASSWORD_MAX_AGE_DAYS,
  };
}

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  if (!cookie) {
    const e = env();
    if (!e.SESSION_SECRET) throw new Error("SESSION_SECRET is not set");
    cookie = createCookie(SESSION_COOKIE, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: e.COOKIE_SECURE ? e.COOKIE_SECURE === "true" : e.NODE_ENV === "production",
      secrets: [e.SESSION_SECRET],
    });
  }
  return cookie;
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The Set-Cookie value for a session token, kept by the browser until the session's absolute end. Max-Age,
 * not Expires: the browser counts it on its own clock, whatever instant the app's clock (APP_NOW) shows.
 */
export function sessionCookieHeader(token: string, expiresAt: Date): Promise<string> {
  const seconds = Math.max(1, Math.floor((expiresAt.getTime() - now().getTime()) / 1000));
  return sessionCookie().serialize(token, { maxAge: seconds });
}

export function clearSessionCookieHeader(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

export function userAgentOf(request: Request): string {
  return request.headers.get("user-agent") ?? "";
}

export function clientAddress(request: Request): string {
  return request.headers.get("x-zt-client-ip") ?? "unknown";
}

async function readToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 32 && value.length <= 64 ? value : null;
}

// One look-up per request, however many guards and loaders ask.
const current = new WeakMap<Request, Promise<SessionRecord | null>>();

/**
 * The request's live session, or null. A session past its idle or absolute end, or whose person or
 * organisation was disabled, is deleted here and is gone for good.
 */
export function requestSession(request: Request): Promise<SessionRecord | null> {
  let found = current.get(request);
  if (!found) {
    found = loadSession(request);
    current.set(request, found);
  }
  return found;
}

async function loadSession(request: Request): Promise<SessionRecord | null> {
  const token = await readToken(request);
  if (!token) return null;
  const db = getDb();
  const session = await findSessionByTokenHash(db, hashSessionToken(token));
  if (!session) return null;
  const at = now();
  const state = sessionState(session, at);
  if (state !== "active" || !session.user.active) {
    if ((await deleteSession(db, session.id)) && state !== "active") {
      await recordSecurityEvent(db, {
        kind: "session_expired",
        at,
        userId: session.user.id,
        username: session.user.username,
        ip: clientAddress(request),
        userAgent: userAgentOf(request),
        detail: { reason: state === "idle" ? "idle" : "absolute" },
      });
    }
    return null;
  }
  if (shouldTouch(session.lastSeenAt, at)) await touchSession(db, session.id, at);
  // The request log names the user.
  const served = currentRequest();
  if (served) served.userId = session.user.id;
  return session;
}

/** Where a sign-in goes on to: the second-factor step, or the page asked for. */
export const SECOND_FACTOR_PATH = "/login/two-factor";

/**
 * The password was right: start a session under a new id (never one the browser brought). When a second
 * factor is owed the session opens only the second-factor step until it is given.
 */
export async function startSession(
  request: Request,
  user: { id: number; username: string; role: Role; hasSecondFactor: boolean },
  redirectTo: string,
): Promise<Response> {
  const db = getDb();
  const at = now();
  const settings = sessionSettings();
  const pending = secondFactorOwed(user.role, user.hasSecondFactor, settings);
  const limits = sessionLimits(user.role, settings, at);
  const token = newSessionToken();
  // A session the browser still holds (another account, an abandoned step) ends here: one browser, one session.
  const previous = await requestSession(request);
  if (previous) await deleteSession(db, previous.id);
  await insertSession(db, {
    tokenHash: hashSessionToken(token),
    userId: user.id,
    now: at,
    expiresAt: limits.expiresAt,
    idleMinutes: limits.idleMinutes,
    secondFactorPending: pending,
    ip: clientAddress(request),
    userAgent: userAgentOf(request),
  });
  if (!pending) await recordSignIn(request, user, at, "password");
  const to = pending ? `${SECOND_FACTOR_PATH}?redirectTo=${encodeURIComponent(redirectTo)}` : redirectTo;
  return redirect(to, { headers: { "Set-Cookie": await sessionCookieHeader(token, limits.expiresAt) } });
}

/**
 * The second factor was given: the session opens everything. Its id stays: it was made fresh at this
 * sign-in's password step, never one the browser brought, and the page that shows the recovery codes after
 * an enrolment is rendered in the same request.
 */
export async function completeSession(
  request: Request,
  session: SessionRecord,
  method: "totp" | "recovery_code" | "enrolment",
): Promise<void> {
  const at = now();
  await markSecondFactorGiven(getDb(), session.id, at);
  await recordSignIn(request, session.user, at, method);
}

/** The same session under a new id (after a password change): a copied cookie stops working. */
export async function rotateSession(session: SessionRecord): Promise<string> {
  const token = newSessionToken();
  await replaceSessionToken(getDb(), session.id, hashSessionToken(token), now());
  return sessionCookieHeader(token, session.expiresAt);
}

async function recordSignIn(request: Request, user: { id: number; username: string }, at: Date, method: string) {
  await recordSecurityEvent(getDb(), {
    kind: "sign_in",
    at,
    userId: user.id,
    username: user.username,
    ip: clientAddress(request),
    userAgent: userAgentOf(request),
    detail: { method },
  });
}

/** Sign-out: the session row is deleted, so the cookie opens nothing even if it was copied. */
export async function endSession(request: Request): Promise<string> {
  const session = await requestSession(request);
  if (session && (await deleteSession(getDb(), session.id))) {
    await recordSecurityEvent(getDb(), {
      kind: "sign_out",
      at: now(),
      userId: session.user.id,
      username: session.user.username,
      ip: clientAddress(request),
      userAgent: userAgentOf(request),
    });
  }
  return clearSessionCookieHeader();
}
