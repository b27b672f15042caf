/**
 * Server rendering: Remix's default for Node (bots and SPA mode get the whole page at once, browsers a
 * stream from the shell on), with the zero-byte padding of React 18.3's stream removed (html-stream.server.ts).
 * Every inline script carries the response's CSP nonce (server.ts makes it; see edge.server.ts).
 */
import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { zeroPaddingFilter } from "~/utils/html-stream.server";
import { logger } from "~/utils/log.server";
import { NonceProvider } from "~/utils/nonce";
import { currentRequest } from "~/utils/request-context.server";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const wholePage = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [wholePage ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          const filter = zeroPaddingFilter();
          filter.pipe(body);
          pipe(filter);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject above and are logged by Remix; later ones only here.
          if (shellRendered) logger().error({ err: error, reqId: currentRequest()?.requestId }, "error while streaming a page");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Errors of loaders, actions and rendering. An answer the app meant (404 for an unknown page, 400, 403…) is
 * already the request's log line; only the unexpected is logged, with its stack, and nothing for a request
 * the client abandoned.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logger().error({ err: error, reqId: currentRequest()?.requestId }, "unexpected error");
}
