import { isRouteErrorResponse } from "@remix-run/react";
// Remix's own reader of single-fetch answers, as the browser runs it.
import { decodeViaTurboStream } from "@remix-run/react/dist/single-fetch";
import { describe, expect, it } from "vitest";
import { carriesSession, contentSecurityPolicy, remixDataError } from "./edge.server";

function streamOf(text: string): ReadableStream<Uint8Array> {
  return new Blob([text]).stream();
}

describe("remixDataError", () => {
  it("an action's refusal reads as the route's error response, with its status and message", async () => {
    const decoded = await decodeViaTurboStream(streamOf(remixDataError("POST", 413, "内容过大,请精简")), globalThis);
    const { error } = decoded.value as { error: unknown };
    expect(isRouteErrorResponse(error)).toBe(true);
    expect(error).toMatchObject({ status: 413, statusText: "Payload Too Large", data: "内容过大,请精简" });
  });

  it("a navigation's refusal is the root route's error", async () => {
    const decoded = await decodeViaTurboStream(streamOf(remixDataError("GET", 429, "请稍候")), globalThis);
    const { root } = decoded.value as { root: { error: unknown } };
    expect(isRouteErrorResponse(root.error)).toBe(true);
    expect(root.error).toMatchObject({ status: 429, data: "请稍候" });
  });

  it("keeps a message with quotes and line breaks intact", async () => {
    const message = '引号"与\\反斜杠\n换行';
    const decoded = await decodeViaTurboStream(streamOf(remixDataError("POST", 400, message)), globalThis);
    expect((decoded.value as { error: { data: string } }).error.data).toBe(message);
  });
});

describe("contentSecurityPolicy", () => {
  it("scripts only from the site or with the nonce; nothing may frame the page", () => {
    const csp = contentSecurityPolicy("abc123");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });
});

describe("carriesSession", () => {
  it("finds the session cookie among others, and only it", () => {
    expect(carriesSession("__zt_session=abc")).toBe(true);
    expect(carriesSession("theme=dark; __zt_session=abc")).toBe(true);
    expect(carriesSession("theme=dark;__zt_session=abc")).toBe(true);
    expect(carriesSession("x__zt_session=abc")).toBe(false);
    expect(carriesSession("theme=dark")).toBe(false);
    expect(carriesSession(undefined)).toBe(false);
  });
});
