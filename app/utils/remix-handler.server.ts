/**
 * Remix on Express, as @remix-run/express does it, with three differences the edge needs: the request's
 * body is the one the edge read before admission (or the upload, capped), not the socket; the load
 * context carries the response's CSP nonce; and a header the app sets replaces the edge's default for it
 * rather than being added beside it (one `X-Content-Type-Options`, one `Cache-Control`).
 */
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type ServerBuild,
} from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import {
  badHost,
  carriesSession,
  closeAfterUnreadBody,
  SESSION_COOKIE,
  tooLargeUpload,
  uploadBody,
  type EdgeBody,
} from "./edge.server";
import { runInRequest, type RequestContext } from "./request-context.server";

function requestUrl(req: ExpressRequest): URL | null {
  // req.hostname follows `trust proxy`; the port is taken from the Host (or a trusted X-Forwarded-Host).
  const forwardedPort = req.get("X-Forwarded-Host")?.split(":")[1];
  const hostPort = req.get("host")?.split(":")[1];
  const port = [forwardedPort, hostPort].map((p) => Number.parseInt(p ?? "", 10)).find(Number.isSafeInteger);
  try {
    return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  } catch {
    return null;
  }
}

function requestHeaders(req: ExpressRequest, body: EdgeBody): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
  }
  if (body.kind === "bytes") {
    // The body is whole now, whichever way it came.
    headers.delete("transfer-encoding");
    headers.set("content-length", String(body.bytes.length));
  }
  headers.delete("expect");
  return headers;
}

export function remixHandler(build: ServerBuild, mode: string): RequestHandler {
  const handle = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const url = requestUrl(req);
      if (!url) return badHost(req, res);
      const body = (res.locals.body as EdgeBody | undefined) ?? { kind: "none" };
      let controller: AbortController | null = new AbortController();
      // Stop loaders and actions once the answer can no longer be sent (the client left before it was).
      res.once("finish", () => (controller = null));
      res.once("close", () => controller?.abort());
      const init: RequestInit & { duplex?: "half" } = {
        method: req.method,
        headers: requestHeaders(req, body),
        signal: controller.signal,
      };
      let overCap = () => false;
      if (req.method !== "GET" && req.method !== "HEAD") {
        if (body.kind === "upload") {
          const capped = uploadBody(req, res, body);
          overCap = capped.overCap;
          init.body = createReadableStreamFromReadable(capped.stream);
          init.duplex = "half";
        } else {
          // A copy of at most MAX_BODY_BYTES, typed as fetch wants it.
          init.body = body.kind === "bytes" ? new Uint8Array(body.bytes) : new Uint8Array(0);
        }
      }
      const request = new Request(url.href, init);
      const context = (res.locals.requestContext as RequestContext | undefined) ?? { requestId: "" };
      // The app's code below (the session, its logs) finds the request's context through AsyncLocalStorage.
      const response = await runInRequest(context, () => handle(request, { cspNonce: res.locals.cspNonce as string }));
      if (overCap() && !res.headersSent) {
        await response.body?.cancel();
        return tooLargeUpload(req, res, body as Extract<EdgeBody, { kind: "upload" }>);
      }
      await send(req, res, response);
    } catch (error) {
      next(error);
    }
  };
}

async function send(req: ExpressRequest, res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers) {
    if (key !== "set-cookie") res.setHeader(key, value);
  }
  const cookies = response.headers.getSetCookie();
  for (const cookie of cookies) res.append("Set-Cookie", cookie);
  if (carriesSession(req.headers.cookie) || cookies.some((c) => c.startsWith(`${SESSION_COOKIE}=`)))
    res.setHeader("Cache-Control", "no-store");
  // An upload the route answered without reading (a refusal): do not read the rest of it.
  closeAfterUnreadBody(req, res);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
