import { redirect } from "@remix-run/node";
import { mayEnter, type Area, type Role } from "~/domain/roles";
import { getSessionUser, type SessionUser } from "~/models/user.server";
import { getDb } from "./db.server";
import { getSession } from "./session.server";

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  const id = session.get("userId");
  if (typeof id !== "number") return null;
  return (await getSessionUser(getDb(), id)) ?? null;
}

/** Only same-site paths: never send a person to another host after sign-in. */
export { safeRedirect } from "~/domain/safe-redirect";

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
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
  return request.headers.get("x-zt-client-ip") ?? "unknown";
}
