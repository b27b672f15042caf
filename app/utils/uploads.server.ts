import {
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from "@remix-run/node";
import { checkAttachments, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "~/domain/attachment";
import type { IntakeAttachment } from "~/services/appeals.server";

/** The attachments at their largest, and room for the form's text fields. */
const MAX_FORM_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024;

export type ParsedUpload =
  { formData: FormData; attachments: IntakeAttachment[] } | { error: string; formData?: FormData };

/**
 * Read a multipart form with its attachments held in memory (at most 5 × 10 MB), and check each file's
 * type from its content.
 */
export async function parseAppealForm(request: Request, field = "attachments"): Promise<ParsedUpload> {
  // Each part is held in memory, so the whole form is bounded too (anyone may register an enterprise
  // account and post here): at most MAX_ATTACHMENTS files, and no more bytes than they and the fields need.
  const inMemory = createMemoryUploadHandler({ maxPartSize: MAX_ATTACHMENT_BYTES });
  let fileParts = 0;
  let bytes = 0;
  async function* bounded(data: AsyncIterable<Uint8Array>) {
    for await (const chunk of data) {
      bytes += chunk.byteLength;
      if (bytes > MAX_FORM_BYTES) throw new Error("multipart form too large");
      yield chunk;
    }
  }
  let formData: FormData;
  try {
    formData = await parseMultipartFormData(
      request,
      composeUploadHandlers((part) => {
        if (part.filename && ++fileParts > MAX_ATTACHMENTS) throw new Error("too many files");
        return inMemory({ ...part, data: bounded(part.data) });
      }),
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
