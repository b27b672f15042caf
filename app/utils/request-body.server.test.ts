import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MAX_REGISTRY_UPLOAD_BYTES } from "~/services/registry-import.server";
import { cappedStream, ClientLimiter, clientKey, readBody, uploadRouteOf } from "./request-body.server";

const MB = 1024 * 1024;

describe("readBody", () => {
  it("reads a body within its cap whole", async () => {
    const r = await readBody(Readable.from([Buffer.from("a=1&"), Buffer.from("b=2")]), {
      maxBytes: 100,
      timeoutMs: 1000,
    });
    expect(r).toEqual({ ok: true, bytes: Buffer.from("a=1&b=2") });
  });

  it("stops at the first chunk past the cap and reads no further", async () => {
    const source = new PassThrough();
    const reading = readBody(source, { maxBytes: 10, timeoutMs: 1000 });
    source.write(Buffer.alloc(8));
    source.write(Buffer.alloc(8));
    expect(await reading).toEqual({ ok: false, reason: "too-large" });
    expect(source.isPaused()).toBe(true);
    expect(source.listenerCount("data")).toBe(0);
  });

  it("gives up on a body that does not arrive in time", async () => {
    const source = new PassThrough();
    source.write("a=");
    const started = Date.now();
    expect(await readBody(source, { maxBytes: 100, timeoutMs: 100 })).toEqual({ ok: false, reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("notices a client that left", async () => {
    const source = new PassThrough();
    const reading = readBody(source, { maxBytes: 100, timeoutMs: 1000 });
    source.destroy();
    expect(await reading).toEqual({ ok: false, reason: "aborted" });
  });
});

describe("cappedStream", () => {
  async function drain(stream: Readable): Promise<{ bytes: number; error?: Error }> {
    let bytes = 0;
    try {
      for await (const chunk of stream) bytes += (chunk as Buffer).length;
      return { bytes };
    } catch (error) {
      return { bytes, error: error as Error };
    }
  }

  it("passes a body within the cap through untouched", async () => {
    const capped = cappedStream(Readable.from([Buffer.alloc(3 * MB), Buffer.alloc(MB)]), 4 * MB);
    expect(await drain(capped.stream)).toEqual({ bytes: 4 * MB });
    expect(capped.overCap()).toBe(false);
  });

  it("fails the stream past the cap, says so, and stops reading the source", async () => {
    const source = new PassThrough();
    const capped = cappedStream(source, 2 * MB);
    const drained = drain(capped.stream);
    source.write(Buffer.alloc(MB));
    source.write(Buffer.alloc(MB));
    source.write(Buffer.alloc(MB));
    const got = await drained;
    expect(got.error).toBeInstanceOf(Error);
    expect(got.bytes).toBeLessThanOrEqual(2 * MB);
    expect(capped.overCap()).toBe(true);
    expect(source.isPaused()).toBe(true);
  });
});

describe("uploadRouteOf", () => {
  const multipart = "multipart/form-data; boundary=----x";
  it("knows the routes that take files, with their caps, also as Remix data requests", () => {
    expect(uploadRouteOf("POST", "/appeals/new", multipart)?.maxBytes).toBe(51 * MB);
    expect(uploadRouteOf("POST", "/appeals/new.data", multipart)?.maxBytes).toBe(51 * MB);
    expect(uploadRouteOf("POST", "/intake/new", multipart)?.maxBytes).toBe(51 * MB);
    expect(uploadRouteOf("POST", "/handling/ZT20261120000123", multipart)?.maxBytes).toBe(51 * MB);
    expect(uploadRouteOf("POST", "/handling/ZT20261120000123.data", multipart)?.maxBytes).toBe(51 * MB);
    expect(uploadRouteOf("POST", "/admin/registry", multipart)?.maxBytes).toBe(MAX_REGISTRY_UPLOAD_BYTES + MB);
    expect(uploadRouteOf("POST", "/admin/registry.data", multipart)?.maxBytes).toBe(MAX_REGISTRY_UPLOAD_BYTES + MB);
  });

  it("is not an upload without multipart, on other routes, or with another method", () => {
    expect(uploadRouteOf("POST", "/appeals/new", "application/x-www-form-urlencoded")).toBeNull();
    expect(uploadRouteOf("POST", "/appeals/new", undefined)).toBeNull();
    expect(uploadRouteOf("POST", "/login", multipart)).toBeNull();
    expect(uploadRouteOf("POST", "/admin/registry/imports/3", multipart)).toBeNull();
    expect(uploadRouteOf("POST", "/handling", multipart)).toBeNull();
    expect(uploadRouteOf("PUT", "/appeals/new", multipart)).toBeNull();
  });
});

describe("ClientLimiter", () => {
  it("lets each address hold up to its limit, refuses one more, and forgets an address with none open", () => {
    const limiter = new ClientLimiter(2);
    expect(limiter.enter("a")).toBe(true);
    expect(limiter.enter("a")).toBe(true);
    expect(limiter.enter("a")).toBe(false);
    expect(limiter.enter("b")).toBe(true);
    expect(limiter.refused).toBe(1);
    limiter.leave("a");
    expect(limiter.enter("a")).toBe(true);
    limiter.leave("a");
    limiter.leave("a");
    limiter.leave("b");
    expect(limiter.clients).toBe(0);
    expect(limiter.openFor("a")).toBe(0);
  });
});

describe("clientKey", () => {
  it("an IPv4 address as it is, however written; an IPv6 one by its /64", () => {
    expect(clientKey("127.0.0.2")).toBe("127.0.0.2");
    expect(clientKey("::ffff:127.0.0.2")).toBe("127.0.0.2");
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:0db8:0001:0002::")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
  });
});
