/**
 * Guards that end a request with a Chinese message: a page shows it in its error boundary, a file route
 * sends it as text. Loaders, actions and resource routes use these instead of building Responses by hand.
 */

/** A Response with a Chinese message, to throw. */
export function httpError(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Throw `status` with `message` unless `condition` holds (Epic Stack's invariantResponse). */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw httpError(status, message);
}
