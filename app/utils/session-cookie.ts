/** The session cookie's name: read by the sessions (session.server.ts) and by the edge (no-store when present). */
export const SESSION_COOKIE = "__zt_session";
