/**
 * The platform's log: pino, JSON lines in production (one object per line: time, level, msg and fields,
 * for a log shipper), readable lines in development. LOG_LEVEL and LOG_FORMAT set it (env.server.ts).
 * One logger per process, shared by the server's bundle and the Remix app's through `globalThis`.
 */
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { env } from "./env.server";

const LOGGER = Symbol.for("zhitongche.logger");

function createLogger(): Logger {
  const e = env();
  const format = e.LOG_FORMAT ?? (e.NODE_ENV === "production" ? "json" : "pretty");
  if (format === "pretty") {
    return pino(
      { level: e.LOG_LEVEL, base: undefined },
      pretty({ colorize: Boolean(process.stdout.isTTY), translateTime: "SYS:HH:MM:ss", sync: true }),
    );
  }
  // Written synchronously: a line logged just before the process ends is never lost.
  return pino(
    { level: e.LOG_LEVEL, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: true }),
  );
}

export function logger(): Logger {
  const g = globalThis as { [LOGGER]?: Logger };
  return (g[LOGGER] ??= createLogger());
}
