import {
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from "@remix-run/node";
import { checkAttachments, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "~/domain/attachment";
import type { IntakeAttachment } from "~/services/appeals.server";

export type ParsedUpload =
  { formData: FormData; attachments: IntakeAttachment[] } | { error: string; formData?: FormData };

/**
 * Read a multipart form with its attachments held in memory (at most 5 × 10 MB), and check each file's
 * type from its content.
 */
export async function parseAppealForm(request: Request, field = "attachments"): Promise<ParsedUpload> {
  let formData: FormData;
  try {
    formData = await parseMultipartFormData(
      request,
      composeUploadHandlers(createMemoryUploadHandler({ maxPartSize: MAX_ATTACHMENT_BYTES })),
    );
  } catch {
    return { error: `单个附件不能超过 10 MB,最多 ${MAX_ATTACHMENTS} 个` };
  }
  const files = formData.getAll(field).filter((f): f is File => typeof f !== "string" && f.size > 0);
  const loaded = await Promise.all(
    files.map(async (f) => ({ filename: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
  const checked = checkAttachments(loaded);
  if (!checked.ok) return { error: checked.problem.message, formData };
  formData.delete(field);
  return { formData, attachments: loaded.map((f, i) => ({ ...f, type: checked.types[i] })) };
}
