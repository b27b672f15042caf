/**
 * Step 2 of registration belongs to the browser that did step 1: the pending registration's id travels in a
 * signed, HTTP-only cookie of its own (never in the form), so nobody can aim guesses at another person's
 * pending code by its id.
 */
import { createCookie } from "@remix-run/node";
import { env } from "./env.server";

const MAX_AGE_SECONDS = 30 * 60;

let cookie: ReturnType<typeof createCookie> | undefined;
function registrationCookie() {
  if (!cookie) {
    const e = env();
    if (!e.SESSION_SECRET) throw new Error("SESSION_SECRET is not set");
    cookie = createCookie("__zt_register", {
      httpOnly: true,
      sameSite: "lax",
      // "/" and not "/register": the client-side data requests go to /register.data.
      path: "/",
      maxAge: MAX_AGE_SECONDS,
      secure: e.COOKIE_SECURE ? e.COOKIE_SECURE === "true" : e.NODE_ENV === "production",
      secrets: [e.SESSION_SECRET],
    });
  }
  return cookie;
}

/** The pending registration this browser started, if any. */
export async function pendingRegistrationId(request: Request): Promise<number | null> {
  const value: unknown = await registrationCookie().parse(request.headers.get("Cookie"));
  const id = Number(value);
  return Number.isInteger(id) && id > 0 && id <= Number.MAX_SAFE_INTEGER ? id : null;
}

export function pendingRegistrationCookie(id: number): Promise<string> {
  return registrationCookie().serialize(String(id));
}

export function clearPendingRegistrationCookie(): Promise<string> {
  return registrationCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}
