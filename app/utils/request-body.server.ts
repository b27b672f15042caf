/**
 * Request bodies at the edge (server.ts), before a request may run. A body that is not a file upload is
 * read whole here, at most MAX_BODY_BYTES and within BODY_TIMEOUT_MS, so that a client sending slowly
 * holds no admission slot while it does, and a client sending much is refused before anything is kept. A
 * file upload is larger than that (up to its route's cap): it is streamed into the route instead, counted
 * as it goes and cut off at the cap, and waits in a line of its own (server.ts).
 */
import type { IncomingMessage } from "node:http";
import { PassThrough, type Readable } from "node:stream";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "~/domain/attachment";
import { MAX_REGISTRY_UPLOAD_BYTES } from "~/services/registry-import.server";

/** Room for a multipart form's text fields beside its files. */
const FORM_FIELDS_ROOM = 1024 * 1024;
/** The booking form and the handling reply: five attachments of 10 MB each at most. */
const ATTACHMENT_FORM_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + FORM_FIELDS_ROOM;

/**
 * The routes that take files (multipart/form-data), and the most a request to each may send. Every other
 * request body, multipart or not, is capped at MAX_BODY_BYTES.
 */
const UPLOAD_ROUTES: { path: RegExp; maxBytes: number; what: string }[] = [
  { path: /^\/appeals\/new$/, maxBytes: ATTACHMENT_FORM_BYTES, what: "诉求附件" },
  { path: /^\/intake\/new$/, maxBytes: ATTACHMENT_FORM_BYTES, what: "诉求附件" },
  { path: /^\/handling\/[^/]+$/, maxBytes: ATTACHMENT_FORM_BYTES, what: "办理附件" },
  { path: /^\/admin\/registry$/, maxBytes: MAX_REGISTRY_UPLOAD_BYTES + FORM_FIELDS_ROOM, what: "法人库导入文件" },
];

export interface UploadRoute {
  maxBytes: number;
  /** What is uploaded there, for the refusal. */
  what: string;
}

/** The upload route a request goes to, or null: a multipart POST to one of UPLOAD_ROUTES. */
export function uploadRouteOf(method: string, pathname: string, contentType: string | undefined): UploadRoute | null {
  if (method !== "POST" || !/^multipart\/form-data\s*;/i.test(contentType ?? "")) return null;
  // Remix's own data requests add `.data` to the page's path (single fetch).
  const page = pathname.replace(/\.data$/, "").replace(/(.)\/$/, "$1");
  const route = UPLOAD_ROUTES.find((r) => r.path.test(page));
  return route ? { maxBytes: route.maxBytes, what: route.what } : null;
}

/** The body's declared length: a number, null when it is sent in chunks, 0 when there is none. */
export function declaredLength(req: IncomingMessage): number | null {
  if (req.headers["transfer-encoding"] !== undefined) return null;
  const header = req.headers["content-length"];
  return header === undefined ? 0 : Number(header);
}

export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; reason: "too-large" | "timeout" | "aborted" };

/**
 * Read a body whole: at most `maxBytes`, all of it within `timeoutMs`. On a refusal reading stops at once
 * (the stream is paused, nothing more is kept); the caller answers and closes the connection.
 */
export function readBody(stream: Readable, opts: { maxBytes: number; timeoutMs: number }): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.off("data", onData).off("end", onEnd).off("error", onAbort).off("close", onAbort);
      if (!result.ok) {
        stream.pause();
        chunks.length = 0;
      }
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > opts.maxBytes) return settle({ ok: false, reason: "too-large" });
      chunks.push(chunk);
    };
    const onEnd = () => settle({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onAbort = () => settle({ ok: false, reason: "aborted" });
    const timer = setTimeout(() => settle({ ok: false, reason: "timeout" }), opts.timeoutMs);
    stream.on("data", onData).on("end", onEnd).on("error", onAbort).on("close", onAbort);
  });
}

/**
 * The body as a stream that ends in an error once more than `maxBytes` have come; `overCap()` then says
 * so (the edge answers 413 rather than whatever the route made of a broken form). Reading the source
 * stops there; nothing past the cap is read.
 */
export function cappedStream(source: Readable, maxBytes: number): { stream: Readable; overCap(): boolean } {
  const out = new PassThrough();
  let size = 0;
  let over = false;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      over = true;
      source.off("data", onData);
      source.pause();
      out.destroy(new Error(`request body over ${maxBytes} bytes`));
      return;
    }
    if (!out.write(chunk)) source.pause();
  };
  out.on("drain", () => {
    if (!over) source.resume();
  });
  source.on("data", onData);
  source.once("end", () => out.end());
  source.once("error", (e) => out.destroy(e));
  // The route stopped reading (it answered without the body): stop reading the source too.
  out.once("close", () => {
    if (!source.readableEnded) source.pause();
  });
  return { stream: out, overCap: () => over };
}

/**
 * The requests each client address has open. A client beyond `max` is refused; on a shared address (an
 * office behind one NAT) `max` is shared, so it is a setting.
 */
export class ClientLimiter {
  private readonly open = new Map<string, number>();
  /** Requests refused since start, for the log. */
  refused = 0;

  constructor(private readonly max: number) {
    if (max < 1) throw new Error("max must be at least 1");
  }

  /** Whether one more request of `client` may go on; if so, call `leave` exactly once when it is done. */
  enter(client: string): boolean {
    const n = this.open.get(client) ?? 0;
    if (n >= this.max) {
      this.refused++;
      return false;
    }
    this.open.set(client, n + 1);
    return true;
  }

  leave(client: string): void {
    const n = this.open.get(client) ?? 0;
    if (n <= 1) this.open.delete(client);
    else this.open.set(client, n - 1);
  }

  openFor(client: string): number {
    return this.open.get(client) ?? 0;
  }

  /** Addresses with a request open (the map never keeps one that has none). */
  get clients(): number {
    return this.open.size;
  }
}

/**
 * One client, for the per-address limit: an IPv4 address as it is (also when written as IPv6-mapped),
 * an IPv6 address by its /64 network, which one subscriber usually holds whole.
 */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(":")) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
