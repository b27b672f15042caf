import { env } from "./env.server";

/**
 * The one clock of the app: nothing else reads Date.now(). With APP_NOW set, time starts at that instant
 * when the process starts and runs on from there.
 */
const startedAt = Date.now();
let offsetMs: number | undefined;

export function now(): Date {
  if (offsetMs === undefined) {
    const appNow = env().APP_NOW;
    offsetMs = appNow ? Date.parse(appNow) - startedAt : 0;
  }
  return new Date(Date.now() + offsetMs);
}

/**
 * The real time, whatever APP_NOW says: for protocols shared with a device outside the app (an
 * authenticator's TOTP codes follow the phone's clock, not a demo's). Everything else uses now().
 */
export function wallClock(): Date {
  return new Date();
}
