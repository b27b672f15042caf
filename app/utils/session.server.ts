import { createCookieSessionStorage } from "@remix-run/node";
import { env } from "./env.server";

interface SessionData {
  userId: number;
}

let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | undefined;

export function sessionStorage() {
  if (!storage) {
    const e = env();
    if (!e.SESSION_SECRET) throw new Error("SESSION_SECRET is not set");
    storage = createCookieSessionStorage<SessionData>({
      cookie: {
        name: "__zt_session",
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: e.COOKIE_SECURE ? e.COOKIE_SECURE === "true" : e.NODE_ENV === "production",
        secrets: [e.SESSION_SECRET],
        maxAge: 60 * 60 * 10,
      },
    });
  }
  return storage;
}

export function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}
