/**
 * What the request log needs to know about the request being served, carried through its async work
 * (AsyncLocalStorage). The server (build/server.js) and the Remix app (build/index.js) are bundled apart, so
 * the store lives on `globalThis` under a registered symbol: both bundles reach the same one.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestContext {
  requestId: string;
  /** The signed-in user, once the session has been read. */
  userId?: number;
}

const STORE = Symbol.for("zhitongche.request-context");

function storage(): AsyncLocalStorage<RequestContext> {
  const g = globalThis as { [STORE]?: AsyncLocalStorage<RequestContext> };
  return (g[STORE] ??= new AsyncLocalStorage<RequestContext>());
}

export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage().run(context, fn);
}

/** The request being served here, if any (none in jobs and scripts). */
export function currentRequest(): RequestContext | undefined {
  return storage().getStore();
}
