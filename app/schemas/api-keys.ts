import { z } from "zod";
import { INT4_MAX } from "~/utils/params";

export const apiKeyCreateSchema = z.object({
  intent: z.literal("create"),
  name: z.string({ error: "请填写密钥名称" }).trim().min(2, "密钥名称至少2个字").max(50, "密钥名称不超过50字"),
  organisationId: z.coerce
    .number({ error: "请选择使用单位" })
    .int("请选择使用单位")
    .positive("请选择使用单位")
    .max(INT4_MAX, "请选择使用单位"),
});

export const apiKeyRevokeSchema = z.object({
  intent: z.literal("revoke"),
  id: z.coerce.number().int().positive().max(INT4_MAX),
});

export const apiKeyActionSchema = z.union([apiKeyCreateSchema, apiKeyRevokeSchema]);

/** `ztk_<prefix>_<secret>`: 8 characters to find the key by, 64 hex characters (32 random bytes) of secret. */
export const API_KEY_PATTERN = /^ztk_([a-z0-9]{8})_([0-9a-f]{64})$/;

/** The client's name for one submission: 1–100 printable ASCII characters (a UUID is the usual choice). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7E]{1,100}$/;

/** Request bodies of the intake API are small JSON documents; anything larger is refused unread. */
export const MAX_API_BODY_BYTES = 64 * 1024;

/**
 * Control characters are not text: C0 (NUL, ESC …) but tab, line feed and carriage return, DEL, and C1.
 * PostgreSQL refuses NUL in text outright; the others would reach pages, exports and SMS unseen.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Half of a UTF-16 surrogate pair without its other half: no character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Where a parsed JSON document holds a control character or a lone surrogate, in a key or a string, as a
 * path such as `title` or `extra.deep[0]`; null when it holds none. Walks with its own stack, so a deeply
 * nested document cannot exhaust the call stack.
 */
export function unsafeTextIn(value: unknown): string | null {
  const bad = (s: string) => CONTROL_CHARACTER.test(s) || LONE_SURROGATE.test(s);
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (bad(v)) return path || "(根)";
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (v !== null && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        if (bad(k)) return JSON.stringify(at).slice(1, -1);
        stack.push([item, at]);
      }
    }
  }
  return null;
}
