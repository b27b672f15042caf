import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentDisposition } from "~/domain/attachment";
import { attachmentContent } from "~/models/screening.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

/**
 * An appeal's attachment, for the platform office: always downloaded, never shown inline, and never
 * re-interpreted by the browser (the type was checked from the content at upload).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin"]);
  const id = intParam(params.id, { message: "没有找到该附件。" });
  const file = await attachmentContent(getDb(), String(params.trackingNumber ?? ""), id);
  invariantResponse(file, "没有找到该附件。", 404);
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(file.content.byteLength),
      "Content-Disposition": attachmentDisposition(file.filename),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
