/**
 * GET /api/v1/appeals/:trackingNumber — the status of an appeal sent through the intake API, for the
 * organisation whose key sent it. Any other appeal is "not found", so numbers cannot be probed.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiAppealStatus, authenticateApiKey } from "~/services/api-keys.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const auth = await authenticateApiKey(db, request.headers.get("Authorization"), now());
  if (!auth.ok) {
    return json({ error: auth.error }, auth.status, auth.status === 401 ? { "WWW-Authenticate": "Bearer" } : {});
  }
  const appeal = await apiAppealStatus(db, auth.caller, params.trackingNumber ?? "");
  if (!appeal) return json({ error: "未找到该诉求,或该诉求不是由本单位通过接口提交的" }, 404);
  return json(appeal, 200);
}

export async function action() {
  return json({ error: "此地址只接受 GET 请求" }, 405, { Allow: "GET" });
}
