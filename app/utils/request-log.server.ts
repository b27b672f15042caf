/**
 * One log line per request, written when the answer is done (or the client has gone): the request id, the
 * user, the Remix route that answered, the status and the time taken. The path is logged without its query
 * string (searches carry names and numbers of people).
 */
import { randomUUID } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";
import type { RequestHandler } from "express";
import { logger } from "./log.server";
import type { RequestContext } from "./request-context.server";

interface RouteNode {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children: RouteNode[];
}

/** The id of the route that answers a path ("routes/admin.appeals.$trackingNumber"), as Remix matches it. */
export function routeMatcher(build: Pick<ServerBuild, "routes">): (pathname: string) => string | null {
  const children = new Map<string | undefined, RouteNode[]>();
  for (const r of Object.values(build.routes)) {
    if (!r) continue;
    const node: RouteNode = { id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, children: [] };
    children.set(r.parentId, [...(children.get(r.parentId) ?? []), node]);
  }
  const attach = (nodes: RouteNode[]): RouteNode[] =>
    nodes.map((n) => ({ ...n, children: attach(children.get(n.id) ?? []) }));
  const tree = attach(children.get(undefined) ?? []);
  return (pathname) => {
    // The app's data requests: /foo.data for /foo, /_root.data for /.
    const page = pathname.endsWith(".data") ? pathname.slice(0, -".data".length).replace(/\/_root$/, "/") : pathname;
    const matches = matchRoutes(tree as Parameters<typeof matchRoutes>[0], page || "/");
    return matches?.at(-1)?.route.id ?? null;
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Starts the request's context (res.locals.requestContext, which remix-handler runs the app in) and logs the
 * request at its end. With TRUST_PROXY, the proxy's X-Request-Id (nginx's $request_id) is kept, so one id
 * follows the request through both logs.
 */
export function requestLog(opts: { build: Pick<ServerBuild, "routes">; trustProxy: number }): RequestHandler {
  const routeOf = routeMatcher(opts.build);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const given = opts.trustProxy > 0 ? req.get("x-request-id") : undefined;
    const context: RequestContext = { requestId: given && REQUEST_ID.test(given) ? given : randomUUID() };
    res.locals.requestContext = context;
    res.setHeader("X-Request-Id", context.requestId);
    res.once("close", () => {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      // 0: the client went away before the answer was sent.
      const status = res.writableFinished ? res.statusCode : 0;
      const fields = {
        reqId: context.requestId,
        method: req.method,
        path: req.path,
        route: routeOf(req.path),
        status,
        ms,
        userId: context.userId ?? null,
        ip: req.ip,
      };
      const line = `${req.method} ${req.path} ${status || "client closed"}`;
      if (status >= 500) logger().error(fields, line);
      else if (status === 0) logger().warn(fields, line);
      else logger().info(fields, line);
    });
    next();
  };
}
