import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentDisposition } from "~/domain/attachment";
import { appealIdsByTrackingNumber, assignmentsOf, attachmentContent } from "~/models/screening.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

const NOT_FOUND = "没有找到该附件。";

/**
 * An attachment of an appeal (the enterprise's, or one of a reply or opinion), for a department or county
 * the appeal was assigned to at any time; to anyone else it does not exist. Always downloaded, never shown
 * inline (the type was checked from the content at upload).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["department", "county"]);
  const db = getDb();
  const trackingNumber = String(params.trackingNumber ?? "");
  const id = intParam(params.id, { message: NOT_FOUND });
  const appeal = await appealIdsByTrackingNumber(db, trackingNumber);
  invariantResponse(appeal, NOT_FOUND, 404);
  const assigned = (await assignmentsOf(db, appeal.id)).some((s) => s.organisationId === user.organisationId);
  const file = assigned ? await attachmentContent(db, trackingNumber, id) : undefined;
  invariantResponse(file, NOT_FOUND, 404);
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
