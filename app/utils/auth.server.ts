import { redirect } from "@remix-run/node";
import { mayEnter, type Area, type Role } from "~/domain/roles";
import { passwordChangeDue } from "~/domain/session-policy";
import type { SessionUser } from "~/models/user.server";
import type { SessionRecord } from "~/models/session.server";
import { now } from "./clock.server";
import { clientAddress, requestSession, SECOND_FACTOR_PATH, sessionSettings } from "./session.server";

function sessionUser(s: SessionRecord): SessionUser {
  const u = s.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    organisationId: u.organisationId,
    organisationName: u.organisationName,
    organisationKind: u.organisationKind,
  };
}

/** The signed-in person, once both factors (where owed) were given; null otherwise. */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const session = await requestSession(request);
  return session && !session.secondFactorPending ? sessionUser(session) : null;
}

/** Only same-site paths: never send a person to another host after sign-in. */
export { safeRedirect } from "~/domain/safe-redirect";

export const PASSWORD_CHANGE_PATH = "/account/password";

/**
 * The signed-in person, or a redirect: to sign in; to the second-factor step when it is still owed; to
 * choose a new password when the office reset it or (staff) it is older than the maximum age.
 */
export async function requireUser(request: Request, opts: { passwordChange?: "allowed" } = {}): Promise<SessionUser> {
  const session = await requestSession(request);
  const url = new URL(request.url);
  const here = url.pathname + url.search;
  if (!session) throw redirect(`/login?redirectTo=${encodeURIComponent(here)}`);
  if (session.secondFactorPending) throw redirect(`${SECOND_FACTOR_PATH}?redirectTo=${encodeURIComponent(here)}`);
  if (opts.passwordChange !== "allowed" && passwordChangeDue(session.user, sessionSettings(), now())) {
    throw redirect(`${PASSWORD_CHANGE_PATH}?redirectTo=${encodeURIComponent(here)}`);
  }
  return sessionUser(session);
}

export function forbidden(message = "您的账号无权访问此页面。"): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export async function requireRole(request: Request, roles: readonly Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

export async function requireArea(request: Request, area: Area): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!mayEnter(user.role, area)) throw forbidden();
  return user;
}

export function clientIp(request: Request): string {
  return clientAddress(request);
}
