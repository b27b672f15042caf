import { z } from "zod";

/** Checked once at start-up; everything else reads `env`, never process.env. */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  /** The address to listen on; unset: every interface. Behind nginx on the same machine: 127.0.0.1. */
  HOST: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().positive().default(54329),
  /** Where the embedded PostgreSQL keeps its data (read by db/embedded.ts); unset: .data/ of the project. */
  DATA_DIR: z.string().optional(),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET must be at least 16 characters").optional(),
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /** A signed-in session ends after this long without a request: staff, and enterprises (minutes). */
  SESSION_IDLE_MINUTES_STAFF: z.coerce.number().int().min(1).default(30),
  SESSION_IDLE_MINUTES_ENTERPRISE: z.coerce.number().int().min(1).default(120),
  /** Every session ends this long after sign-in, however busy (hours). */
  SESSION_MAX_HOURS: z.coerce.number().min(0.1).default(12),
  /** Staff sign in with a password and a TOTP code. Unset: required, unless the demo city is seeded. */
  REQUIRE_STAFF_2FA: z.enum(["true", "false"]).optional(),
  /** Staff passwords older than this must be changed at sign-in (days; 0 = no maximum age). */
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).default(180),
  /** The month of 第1期. */
  FIRST_CYCLE_MONTH: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "FIRST_CYCLE_MONTH must look like 2026-01")
    .default("2026-01"),
  /** Start the app's clock at this instant (ISO 8601); it then runs on. For demos and tests. */
  APP_NOW: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), "APP_NOW must be an ISO 8601 instant")
    .optional(),
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  /** SMTP server for email, e.g. smtp://user:pass@mail.example:587; unset = messages are captured in the outbox. */
  SMTP_URL: z.string().url("SMTP_URL must be a URL such as smtp://host:587").optional(),
  SMTP_FROM: z.string().default("直通车平台 <noreply@zhitongche.example>"),
  /** HTTP SMS gateway (POST JSON {to, text}); unset = messages are captured in the outbox. */
  SMS_GATEWAY_URL: z.string().url("SMS_GATEWAY_URL must be a URL").optional(),
  SMS_GATEWAY_TOKEN: z.string().optional(),
  /** Pages and actions served at once; more wait in line (app/utils/admission.server.ts). */
  MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).default(16),
  /** Requests that may wait in line; one more is answered 503 at once. */
  MAX_QUEUED_REQUESTS: z.coerce.number().int().min(0).default(1000),
  /** How long a request may wait in line before it is answered 503 (ms). */
  MAX_QUEUE_WAIT_MS: z.coerce.number().int().min(0).default(15_000),
  /** The largest request body that is not a file upload (forms, JSON), in bytes; more is refused with 413. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** How long a client may take to send a request's headers (ms). */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
  /** How long a client may take to send a body that is not a file upload, from its headers on (ms). */
  BODY_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** How long a client may take to send a whole request with file uploads (ms). */
  UPLOAD_TIMEOUT_MS: z.coerce.number().int().min(1000).default(600_000),
  /** File uploads received at once; they wait in a line of their own, apart from MAX_CONCURRENT_REQUESTS. */
  MAX_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).default(4),
  /** Requests one client address may have open at once; one more is refused with 429. */
  MAX_REQUESTS_PER_CLIENT: z.coerce.number().int().min(1).default(8),
  /**
   * How many reverse proxies in front of the app to trust: the client's address is then the one the
   * outermost trusted proxy saw (X-Forwarded-For, read from the right). 0: the socket's address; the
   * header is ignored.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * HTTP worker processes sharing PORT (node:cluster). Unset: one per CPU core. 1: the server runs in the
   * started process itself, with no cluster.
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** How long a stop waits for requests in flight before closing their connections (ms); the whole stop stays under 10 s. */
  STOP_GRACE_MS: z.coerce.number().int().min(0).max(8000).default(5000),
  /** pino's level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** JSON lines (production) or readable lines (development). Unset: JSON when NODE_ENV=production. */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** PDFs rendered at once, each in a worker thread of its own; more wait in line (app/utils/pdf.server.ts). */
  PDF_RENDER_THREADS: z.coerce.number().int().min(1).max(32).default(1),
  /** A render thread's heap limit (MB): a document needing more fails alone (a 1,000-issue catalog needs 200–250). */
  PDF_RENDER_HEAP_MB: z.coerce.number().int().min(64).default(1024),
  /** Rendered PDFs kept in memory per process, in MB (at most 50 documents). */
  PDF_CACHE_MB: z.coerce.number().int().min(0).default(64),
  /** Where the notification worker runs: inside the app process, or in a separate `npm run worker`. */
  WORKER_MODE: z.enum(["in-process", "separate"]).default("in-process"),
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  return (cached ??= parseEnv());
}

/** Whether the session cookie is `Secure` (and HSTS is sent): COOKIE_SECURE, else in production. */
export function cookieSecure(e: Env): boolean {
  return e.COOKIE_SECURE ? e.COOKIE_SECURE === "true" : e.NODE_ENV === "production";
}
