/**
 * The HTTP side of one server process: the edge (headers, cross-site refusal, request limits, admission),
 * static files, health endpoints, the request log and the Remix app, on a Node HTTP server with the slow-client
 * timeouts. server.ts runs one of these per process.
 */
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { AdmissionGate, BUSY_ADVICE, BUSY_MESSAGE, BUSY_RETRY_AFTER_SECONDS } from "./admission.server";
import {
  answerPlain,
  bodyBeforeAdmission,
  checkRequestTarget,
  closeAfterUnreadBody,
  edgeHeaders,
  limitPerClient,
  noStoreWhenSignedIn,
  type EdgeBody,
} from "./edge.server";
import { cookieSecure, type Env } from "./env.server";
import { healthRoutes, type readiness } from "./health.server";
import { remixHandler } from "./remix-handler.server";
import { ClientLimiter } from "./request-body.server";
import { requestLog } from "./request-log.server";

export function createHttpServer(opts: {
  build: ServerBuild;
  env: Env;
  projectRoot: string;
  health: () => Parameters<typeof readiness>[0];
}): Server {
  const { env, build } = opts;
  const app = express();
  app.disable("x-powered-by");
  // The fastest level: pages are streamed as they render, and gzip at its default level took 6 % of a
  // booking's CPU for a few per cent smaller pages (tests/bench/RESULTS.md §1). nginx may compress instead.
  app.use(compression({ level: 1 }));
  // The client's address: the socket's, or with TRUST_PROXY = n the one the n-th proxy from here saw.
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(edgeHeaders({ hsts: cookieSecure(env) }));
  const health = healthRoutes(opts.health);
  app.get("/healthz", health.healthz);
  app.get("/readyz", health.readyz);
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
  const publicDir = path.join(opts.projectRoot, "public");
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));
  app.use(requestLog({ build, trustProxy: env.TRUST_PROXY }));
  app.use(noStoreWhenSignedIn);
  app.use(checkRequestTarget);
  // A client address holds at most MAX_REQUESTS_PER_CLIENT requests at once, from its headers to the answer.
  const perClient = new ClientLimiter(env.MAX_REQUESTS_PER_CLIENT);
  app.use(limitPerClient(perClient));
  // The body is in (or, for an upload, known to be one) before the request may take a slot below.
  app.use(bodyBeforeAdmission({ maxBodyBytes: env.MAX_BODY_BYTES, bodyTimeoutMs: env.BODY_TIMEOUT_MS }));
  // At most MAX_CONCURRENT_REQUESTS pages and actions at once per process; the rest wait in line (see
  // admission.server.ts). Uploads stream their body into the route as it runs, so they have a line of their
  // own: a slow upload can hold up only other uploads, never the pages.
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
  const server = createServer(
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
  return server;
}

/**
 * Stop taking connections, let the requests in flight finish for up to `graceMs`, then close what is left.
 * Idle keep-alive connections are closed at once, and each busy one as soon as its answer is sent.
 */
export function closeHttpServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
