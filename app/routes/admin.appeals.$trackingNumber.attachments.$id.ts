import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentContent } from "~/models/screening.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";

/** A name safe inside a quoted header value, for clients that do not read filename*. */
function asciiFallback(filename: string): string {
  const dot = filename.lastIndexOf(".");
  const ext = dot > 0 ? filename.slice(dot).replace(/[^A-Za-z0-9.]/g, "") : "";
  const base = (dot > 0 ? filename.slice(0, dot) : filename).replace(/[^A-Za-z0-9._-]/g, "_");
  return `${/[A-Za-z0-9]/.test(base) ? base : "attachment"}${ext}`;
}

/**
 * An appeal's attachment, for the platform office: always downloaded, never shown inline, and never
 * re-interpreted by the browser (the type was checked from the content at upload).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin"]);
  const id = intParam(params.id, { message: "没有找到该附件。" });
  const file = await attachmentContent(getDb(), String(params.trackingNumber ?? ""), id);
  if (!file) throw new Response("没有找到该附件。", { status: 404 });
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(file.content.byteLength),
      "Content-Disposition": `attachment; filename="${asciiFallback(file.filename)}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
