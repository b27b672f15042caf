/**
 * The HTTP edge, as Express middleware for server.ts: security headers with a fresh CSP nonce per
 * request, the client's address, refusal of malformed input, the per-address limit, and reading a body
 * before the request may run (request-body.server.ts). Refusals are answered here, in Chinese, without
 * the app: a refused request never reaches a loader or an action, so it changes nothing.
 */
import { randomBytes } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { isIP } from "node:net";
import type { Request, RequestHandler, Response } from "express";
import { formatFileSize } from "../domain/file-size";
import {
  formFieldsProblem,
  hasControlCharacter,
  requestTargetProblem,
  type InputProblem,
} from "~/domain/request-input";
import { plainPage } from "./admission.server";
import { SESSION_COOKIE } from "./session-cookie";
import {
  cappedStream,
  clientKey,
  declaredLength,
  readBody,
  uploadRouteOf,
  type ClientLimiter,
} from "./request-body.server";

export { SESSION_COOKIE };

/** Whether the request carries the session cookie: its answer is then private and never stored. */
export function carriesSession(cookieHeader: string | undefined): boolean {
  return cookieHeader !== undefined && new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=`).test(cookieHeader);
}

/**
 * The page's Content-Security-Policy. Scripts only from this site and inline ones carrying this
 * response's nonce (Remix's hydration data and ScrollRestoration): injected markup cannot run script.
 * Styles may be inline (style attributes; FullCalendar adds its own <style>); images may be data: URLs
 * (QR codes of TOTP enrolment), and fonts too (FullCalendar's arrow icons are a font in its CSS).
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** One year; browsers then go to the site over HTTPS only. Not for subdomains: the site does not own them. */
export const HSTS = "max-age=31536000";

/**
 * Headers on every answer, files and refusals included (a route's own value for the same header replaces
 * the default, see remix-handler.server.ts, so each is sent once). The nonce is kept in `res.locals` for
 * the app (getLoadContext). The client's address goes to the app in `x-zt-client-ip`, set here and
 * never taken from the client; Express's `trust proxy` (TRUST_PROXY hops) decides what `req.ip` is.
 */
export function edgeHeaders(opts: { hsts: boolean }): RequestHandler {
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    if (opts.hsts) res.setHeader("Strict-Transport-Security", HSTS);
    // A forwarded address is believed only from TRUST_PROXY proxies, and only when it is an address.
    const ip = req.ip && isIP(req.ip) ? req.ip : req.socket.remoteAddress;
    const client = clientKey(ip ?? "unknown");
    res.locals.client = client;
    req.headers["x-zt-client-ip"] = client;
    next();
  };
}

/**
 * Whatever a signed-in person gets is private: never stored by the browser or a proxy (a shared
 * computer's back button, a proxy's cache). After the static files, which are the same for everyone.
 */
export const noStoreWhenSignedIn: RequestHandler = (req, res, next) => {
  if (carriesSession(req.headers.cookie)) res.setHeader("Cache-Control", "no-store");
  next();
};

/** Remix's own data requests (single fetch): `/page.data`. */
function isRemixData(req: Request): boolean {
  return /\.data$/.test(req.path);
}

/**
 * A refusal as Remix's data requests expect an answer: an error response of a route, in Remix's wire
 * format (turbo-stream, as the server writes it for a Response thrown with a message and a status), so that
 * the page's error boundary shows the status and the message instead of failing to read the answer. An
 * action's answer is `{ error }`; a navigation's is keyed by route, and the root's boundary takes it.
 */
export function remixDataError(method: string, status: number, message: string): string {
  const statusText = STATUS_CODES[status] ?? "";
  // A flat list of values; an object maps `_<index of key>` to the index of its value, and
  // ["ErrorResponse", i, j, k] is Remix's error response made of the values at i (data), j, k.
  if (method === "GET" || method === "HEAD")
    return JSON.stringify([
      { _1: 2 },
      "root",
      { _3: 4 },
      "error",
      ["ErrorResponse", 5, 6, 7],
      message,
      status,
      statusText,
    ]);
  return JSON.stringify([{ _1: 2 }, "error", ["ErrorResponse", 3, 4, 5], message, status, statusText]);
}

/**
 * Answer with a page of its own; to Remix's data request, with an error for the error boundary; to the
 * API, with its JSON error (`{ "error": "…" }`, docs/intake-api.md).
 */
export function answerPlain(
  req: Request,
  res: Response,
  status: number,
  title: string,
  message: string,
  ...more: string[]
): void {
  res.status(status).setHeader("Cache-Control", "no-store");
  if (req.path.startsWith("/api/")) res.json({ error: message });
  else if (isRemixData(req))
    res
      .type("text/x-script")
      .setHeader("X-Remix-Response", "yes")
      .send(remixDataError(req.method, status, message));
  else res.type("text/html; charset=utf-8").send(plainPage(title, [message, ...more]));
}

const REFUSALS = {
  malformed: { status: 400, title: "请求有误", message: "请求地址中含有无法识别的编码,请检查链接后重试。" },
  control: { status: 400, title: "请求有误", message: "提交的内容中含有不允许的控制字符,请删除后重新提交。" },
  tooLarge: { status: 413, title: "内容过大", message: "提交的内容过大,请精简后重新提交。" },
  timeout: { status: 408, title: "请求超时", message: "请求发送超时,请检查网络后重新提交。" },
  perClient: {
    status: 429,
    title: "请求过于频繁",
    message: "来自您网络地址的同时请求过多,请稍候几秒再试。",
  },
  host: { status: 400, title: "请求有误", message: "请求的主机名无效。" },
} as const;

type Refusal = keyof typeof REFUSALS;

/** How long a refused body is still read (and thrown away) after the answer, so the client sees it. */
const LINGER_MS = 5000;

/**
 * After the answer, do not read the rest of a body the request did not need; close the connection. A
 * client still sending when the server closes loses the answer to a TCP reset, so the rest is read and
 * thrown away for up to LINGER_MS after the answer (nginx's lingering close): the client reads the answer
 * and stops sending. Nothing of it is kept. Node itself would close the connection right after the answer
 * when the client asked for `Connection: close` (as most HTTP libraries do), hence `shouldKeepAlive`: this
 * function closes it instead, once the client has stopped or the time is up.
 */
export function closeAfterUnreadBody(req: Request, res: Response): void {
  if (declaredLength(req) === 0 || req.complete) return;
  res.shouldKeepAlive = true;
  res.once("finish", () => {
    const socket = req.socket;
    if (req.complete) return void socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once("close", () => clearTimeout(timer));
    req.on("data", () => {});
    req.once("end", () => socket.end());
    req.resume();
  });
}

/** Answer a refusal, in Chinese; the connection is closed if the body was not read to its end. */
export function refuse(req: Request, res: Response, kind: Refusal, opts: { message?: string } = {}) {
  const { status, title } = REFUSALS[kind];
  const message = opts.message ?? REFUSALS[kind].message;
  if (kind === "perClient") res.setHeader("Retry-After", "2");
  // A client that has not sent its body in time is not waited for any longer.
  if (kind === "timeout") res.setHeader("Connection", "close");
  else closeAfterUnreadBody(req, res);
  answerPlain(req, res, status, title, message);
}

/** A URL that does not decode, or a control character in the path or a query parameter: 400. */
export const checkRequestTarget: RequestHandler = (req, res, next) => {
  const problem = requestTargetProblem(req.originalUrl);
  if (problem) return refuse(req, res, problem);
  next();
};

/** At most `limiter`'s number of open requests per client address; one more is answered 429. */
export function limitPerClient(limiter: ClientLimiter): RequestHandler {
  return (req, res, next) => {
    const client = res.locals.client as string;
    if (!limiter.enter(client)) return refuse(req, res, "perClient");
    res.once("close", () => limiter.leave(client));
    next();
  };
}

/** What the body is, once the edge has dealt with it (res.locals.body), for the Remix handler. */
export type EdgeBody =
  { kind: "none" } | { kind: "bytes"; bytes: Buffer } | { kind: "upload"; maxBytes: number; what: string };

async function bodyFieldsProblem(contentType: string, bytes: Buffer): Promise<InputProblem | null> {
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) return formFieldsProblem(bytes.toString("utf8"));
  if (/^multipart\/form-data/i.test(contentType)) {
    let form: FormData;
    try {
      form = await new globalThis.Response(new Uint8Array(bytes), {
        headers: { "Content-Type": contentType },
      }).formData();
    } catch {
      // Not a form the route could read either: it answers that itself.
      return null;
    }
    for (const [name, value] of form) {
      if (hasControlCharacter(name) || (typeof value === "string" && hasControlCharacter(value))) return "control";
    }
  }
  return null;
}

/**
 * Deal with the body before the request may run. A declared length over the cap is refused at once,
 * unread. A body that is not an upload is read whole here (at most `maxBodyBytes`, within
 * `bodyTimeoutMs`); its form fields are checked for control characters. An upload larger than that (or
 * of unknown length) is left to stream into its route, capped there at the route's limit; it runs in the
 * uploads' own line (server.ts).
 */
export function bodyBeforeAdmission(opts: { maxBodyBytes: number; bodyTimeoutMs: number }): RequestHandler {
  return (req, res, next) => {
    const length = declaredLength(req);
    if (length === 0) {
      res.locals.body = { kind: "none" } satisfies EdgeBody;
      return next();
    }
    const upload = uploadRouteOf(req.method, req.path, req.headers["content-type"]);
    const cap = upload ? upload.maxBytes : opts.maxBodyBytes;
    if (length !== null && length > cap) {
      const message = upload
        ? `上传的内容超过${upload.what}的大小上限(${formatFileSize(upload.maxBytes)}),请减少或压缩文件后重新提交。`
        : undefined;
      return refuse(req, res, "tooLarge", { message });
    }
    if (upload && (length === null || length > opts.maxBodyBytes)) {
      res.locals.body = { kind: "upload", maxBytes: upload.maxBytes, what: upload.what } satisfies EdgeBody;
      return next();
    }
    if (req.headers.expect?.toLowerCase() === "100-continue") res.writeContinue();
    void readBody(req, { maxBytes: opts.maxBodyBytes, timeoutMs: opts.bodyTimeoutMs }).then(async (read) => {
      if (!read.ok) {
        if (read.reason === "aborted") return res.destroy();
        return refuse(req, res, read.reason === "timeout" ? "timeout" : "tooLarge");
      }
      const problem = await bodyFieldsProblem(req.headers["content-type"] ?? "", read.bytes);
      if (problem) return refuse(req, res, problem);
      res.locals.body = { kind: "bytes", bytes: read.bytes } satisfies EdgeBody;
      next();
    }, next);
  };
}

/** An upload's body, streamed and capped (see bodyBeforeAdmission); `overCap` says whether it was cut off. */
export function uploadBody(req: Request, res: Response, body: Extract<EdgeBody, { kind: "upload" }>) {
  if (req.headers.expect?.toLowerCase() === "100-continue") res.writeContinue();
  return cappedStream(req, body.maxBytes);
}

export function tooLargeUpload(req: Request, res: Response, body: Extract<EdgeBody, { kind: "upload" }>) {
  refuse(req, res, "tooLarge", {
    message: `上传的内容超过${body.what}的大小上限(${formatFileSize(body.maxBytes)}),请减少或压缩文件后重新提交。`,
  });
}

export function badHost(req: Request, res: Response) {
  refuse(req, res, "host");
}
