/**
 * POST /api/v1/appeals — the intake API of the 12345 hotline system (docs/intake-api.md,
 * /api/v1/openapi.json). JSON in, JSON out; errors are `{ error }` in Chinese.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { appealSchema } from "~/schemas/appeal";
import { IDEMPOTENCY_KEY_PATTERN, MAX_API_BODY_BYTES, unsafeTextIn } from "~/schemas/api-keys";
import { authenticateApiKey, submitApiAppeal } from "~/services/api-keys.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

function methodNotAllowed(): Response {
  return json({ error: "此地址只接受 POST 请求" }, 405, { Allow: "POST" });
}

/** The body as text, or null once it passes `limit` bytes (the rest is not read). */
async function readLimited(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get("Content-Length") ?? 0) > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
}

const zhCN = z.locales.zhCN().localeError;

/** The schema's own messages are Chinese; this covers the JSON types the form never sends wrong. */
const apiError: typeof zhCN = (issue) => {
  if (issue.code === "invalid_type" && issue.expected === "boolean") return "应为 true 或 false";
  if (issue.code === "invalid_type" && issue.expected === "object") return "请求内容应为 JSON 对象";
  return zhCN(issue);
};

export async function loader() {
  return methodNotAllowed();
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  const db = getDb();
  const at = now();

  const auth = await authenticateApiKey(db, request.headers.get("Authorization"), at);
  if (!auth.ok) {
    return json({ error: auth.error }, auth.status, auth.status === 401 ? { "WWW-Authenticate": "Bearer" } : {});
  }

  if (!/^application\/json\s*(;|$)/i.test(request.headers.get("Content-Type") ?? "")) {
    return json({ error: "Content-Type 应为 application/json" }, 415);
  }
  const idempotencyKey = request.headers.get("Idempotency-Key");
  if (idempotencyKey !== null && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    return json({ error: "Idempotency-Key 应为1至100个可打印的 ASCII 字符,建议使用 UUID" }, 400);
  }

  let text: string | null;
  try {
    text = await readLimited(request, MAX_API_BODY_BYTES);
  } catch {
    return json({ error: "请求内容不是有效的 UTF-8 JSON" }, 400);
  }
  if (text === null) return json({ error: "请求内容不能超过 64 KB(接口暂不接收附件)" }, 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return json({ error: "请求内容不是有效的 JSON" }, 400);
  }
  const unsafe = unsafeTextIn(body);
  if (unsafe !== null) {
    return json({ error: `请求内容含有控制字符或无效字符(如 NUL),位置:${unsafe}。请删除后重新提交` }, 400);
  }

  const parsed = appealSchema.safeParse(body, { error: apiError });
  if (!parsed.success) {
    const { formErrors, fieldErrors } = z.flattenError(parsed.error);
    return json({ error: formErrors[0] ?? "请求内容有误", fieldErrors }, 400);
  }

  const result = await submitApiAppeal(db, auth.caller, parsed.data, idempotencyKey, at);
  if (!result.ok) {
    const { error, fieldErrors } = result;
    return json(fieldErrors ? { error, fieldErrors } : { error }, result.status);
  }
  return json(result.appeal, 201, {
    Location: `/api/v1/appeals/${result.appeal.trackingNumber}`,
    ...(result.replayed ? { "Idempotent-Replayed": "true" } : {}),
  });
}
