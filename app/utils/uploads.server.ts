/**
 * The one reader of form bodies that carry files (the booking form, the window and hotline's intake, the
 * handling attachments, the registry import): a streaming multipart parser (busboy) with caps on the number
 * of files, the bytes of each file and of the whole body, the number of fields and the size of each. Once a
 * cap is passed it stops parsing, drops what it kept (files written to disk are removed) and answers a
 * Chinese reason; nothing is stored.
 *
 * Why not Remix's unstable_parseMultipartFormData: it splits the Content-Disposition header on `;` and `=`
 * without regard to quotes, so a file named `a=b;c.pdf` (which a browser sends as it is, quoted) loses its
 * name and the fields after it come back empty. busboy reads quoted and RFC 5987 (`filename*`) values.
 */
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import busboy from "busboy";
import {
  checkAttachments,
  decodeFormFilename,
  displayFilename,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
} from "~/domain/attachment";
import type { IntakeAttachment } from "~/services/appeals.server";

/** Fields of a form: how many, and how large each (the longest, an appeal's content, is 3000 characters). */
export const MAX_FORM_FIELDS = 50;
export const MAX_FIELD_BYTES = 64 * 1024;
/** Room for the fields and the multipart framing, over the files' own bytes. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;
/**
 * After a refusal the rest of the body is read and thrown away, up to this much, so that the browser (which
 * reads the answer only once it has sent its body) sees the reason; past that the connection is cut.
 */
const MAX_DISCARDED_BYTES = 1024 * 1024 * 1024;

export const FORM_UNREADABLE = "表单内容无法识别,请刷新页面后重新提交";
const PART_UNREADABLE = "有附件的文件名无法识别,请修改文件名(去掉引号等符号)后重新上传";

export interface UploadLimits {
  /** The form field that carries the files; files in any other field are read and dropped. */
  fileField: string;
  maxFiles: number;
  maxFileBytes: number;
  /** The whole body, framing included. */
  maxTotalBytes: number;
  tooManyFiles: string;
  bodyTooLarge: string;
  fileTooLarge: (displayName: string) => string;
}

/** Where the bytes of one accepted file go while they arrive. */
export interface FileSink<T> {
  write(chunk: Buffer): Promise<void>;
  /** The file is whole. */
  close(): Promise<T>;
  /** The form was refused: forget the file (remove it from disk). */
  discard(): Promise<void>;
}

export interface ReceivedFile<T> {
  /** The name to store and show (see displayFilename); never a path. */
  filename: string;
  mimeType: string;
  file: T;
}

export type ReceivedForm<T> =
  { ok: true; fields: FormData; files: ReceivedFile<T>[] } | { ok: false; error: string; fields: FormData };

/**
 * Read a multipart (or urlencoded) form within the limits; each file with a name in `fileField` is streamed
 * into a sink of its own. Parts busboy cannot read (a name with an unescaped quote) are not dropped in
 * silence: the delimiters in the body are counted and compared with the parts that came out.
 */
export async function receiveForm<T>(
  request: Request,
  limits: UploadLimits,
  sink: () => FileSink<T>,
): Promise<ReceivedForm<T>> {
  const fields = new FormData();
  const contentType = request.headers.get("content-type") ?? "";
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Names and values are UTF-8 as every browser sends them (busboy's default for names is latin1).
      defParamCharset: "utf8",
      defCharset: "utf8",
      limits: {
        fileSize: limits.maxFileBytes,
        fields: MAX_FORM_FIELDS,
        fieldSize: MAX_FIELD_BYTES,
        fieldNameSize: 200,
        // Empty file inputs come as parts too; a few more than files and fields, and no more.
        parts: MAX_FORM_FIELDS + limits.maxFiles + 10,
      },
    });
  } catch {
    return { ok: false, error: FORM_UNREADABLE, fields };
  }
  if (!request.body) return { ok: false, error: FORM_UNREADABLE, fields };
  const delimiter = multipartDelimiter(contentType);

  let refusal: string | null = null;
  const refuse = (reason: string) => {
    refusal ??= reason;
  };
  const received: Promise<ReceivedFile<T> | null>[] = [];
  const sinks: FileSink<T>[] = [];
  let parts = 0;
  let files = 0;

  parser.on("field", (name, value, info) => {
    parts++;
    if (info.nameTruncated || info.valueTruncated) refuse("填写的内容过长,请精简后重新提交");
    else fields.append(name, value);
  });
  parser.on("file", (name, stream: Readable, info) => {
    parts++;
    // Errors reach the reader below; one after it has stopped reading (a destroyed parser) is of no use.
    stream.on("error", () => undefined);
    const raw = info.filename;
    if (name !== limits.fileField || !raw) {
      // No file chosen (an empty part), or a file in a field that takes none: read past it.
      stream.resume();
      return;
    }
    const filename = displayFilename(decodeFormFilename(raw));
    if (++files > limits.maxFiles) {
      refuse(limits.tooManyFiles);
      stream.resume();
      return;
    }
    // Stop reading the body at once: the rest of a file too large is not worth parsing.
    stream.on("limit", () => refuse(limits.fileTooLarge(filename)));
    const into = sink();
    sinks.push(into);
    received.push(
      (async () => {
        try {
          for await (const chunk of stream) {
            if (refusal) continue;
            await into.write(chunk as Buffer);
          }
        } catch {
          refuse(FORM_UNREADABLE);
        }
        if ((stream as Readable & { truncated?: boolean }).truncated) refuse(limits.fileTooLarge(filename));
        if (refusal) return null;
        return { filename, mimeType: info.mimeType, file: await into.close() };
      })(),
    );
  });
  parser.on("filesLimit", () => refuse(limits.tooManyFiles));
  parser.on("fieldsLimit", () => refuse("表单的字段过多,请刷新页面后重新提交"));
  parser.on("partsLimit", () => refuse("表单的内容过多,请刷新页面后重新提交"));
  const finished = new Promise<void>((resolve) => {
    parser.once("close", resolve);
    // `on`, not `once`: a destroyed parser reports the cut-off form as an error too.
    parser.on("error", () => {
      refuse(FORM_UNREADABLE);
      resolve();
    });
  });

  const reader = request.body.getReader();
  let total = 0;
  let delimiters = 0;
  let carry: Buffer = Buffer.from("\r\n");
  let complete = false;
  try {
    while (!refusal) {
      const { value, done } = await reader.read();
      if (done) {
        complete = true;
        break;
      }
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      total += chunk.byteLength;
      if (total > limits.maxTotalBytes) {
        refuse(limits.bodyTooLarge);
        break;
      }
      if (delimiter) {
        const window = Buffer.concat([carry, chunk]);
        for (let at = window.indexOf(delimiter); at >= 0; at = window.indexOf(delimiter, at + delimiter.length))
          delimiters++;
        carry = window.subarray(Math.max(0, window.length - delimiter.length + 1));
      }
      // Wait for busboy (and the sinks behind it) to take the chunk: a slow disk slows the upload.
      await new Promise<void>((resolve) => parser.write(chunk, () => resolve()));
    }
  } catch {
    refuse(FORM_UNREADABLE);
  }
  if (complete && !refusal) {
    parser.end();
    await finished;
  }
  // Ends the file being read, if any, so that its reader settles.
  if (refusal) parser.destroy();
  const kept = await Promise.all(received);
  // One delimiter opens each part and one more closes the body: a part busboy could not read is missing.
  if (!refusal && delimiter && delimiters - 1 > parts) refuse(PART_UNREADABLE);
  if (refusal) {
    await Promise.all(sinks.map((s) => s.discard().catch(() => undefined)));
    if (!complete) void discardRest(reader);
    return { ok: false, error: refusal, fields };
  }
  return { ok: true, fields, files: kept.filter((f): f is ReceivedFile<T> => f !== null) };
}

/** `\r\n--boundary`, as it stands before every part and before the closing `--`; null when not multipart. */
function multipartDelimiter(contentType: string): Buffer | null {
  if (!/^multipart\/form-data\b/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  return boundary ? Buffer.from(`\r\n--${boundary}`, "latin1") : null;
}

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let discarded = 0;
  try {
    while (discarded <= MAX_DISCARDED_BYTES) {
      const { value, done } = await reader.read();
      if (done) return;
      discarded += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away.
  }
}

/** Each file held in memory (the attachments: at most 5 × 10 MB). */
export function inMemory(): FileSink<Uint8Array> {
  let chunks: Buffer[] = [];
  return {
    async write(chunk) {
      chunks.push(chunk);
    },
    async close() {
      return new Uint8Array(Buffer.concat(chunks));
    },
    async discard() {
      chunks = [];
    },
  };
}

/** Each file streamed to a file of its own in `directory`, named at random (never after the upload's name). */
export function onDisk(directory: string, prefix: string): () => FileSink<string> {
  return () => {
    const filePath = path.join(directory, `${prefix}-${randomUUID()}`);
    let out: WriteStream | undefined;
    const opened = async () => {
      if (!out) {
        await mkdir(directory, { recursive: true });
        out = createWriteStream(filePath, { flags: "wx" });
        // Reported through drain/finished below; a write failing after a discard has no one to tell.
        out.on("error", () => undefined);
      }
      return out;
    };
    return {
      async write(chunk) {
        const stream = await opened();
        if (!stream.write(chunk)) await once(stream, "drain");
      },
      async close() {
        const stream = await opened();
        stream.end();
        await finished(stream);
        return filePath;
      },
      async discard() {
        if (out) {
          out.destroy();
          await finished(out).catch(() => undefined);
        }
        await rm(filePath, { force: true });
      },
    };
  };
}

export type ParsedUpload =
  { formData: FormData; attachments: IntakeAttachment[] } | { error: string; formData?: FormData };

/**
 * Read a form with its attachments (at most 5 × 10 MB, held in memory) and check each file from its
 * content. The fields come back whatever happens to the files, so the form can be shown again as it was.
 */
export async function parseAppealForm(request: Request, field = "attachments"): Promise<ParsedUpload> {
  const form = await receiveForm(
    request,
    {
      fileField: field,
      maxFiles: MAX_ATTACHMENTS,
      maxFileBytes: MAX_ATTACHMENT_BYTES,
      maxTotalBytes: MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + FORM_OVERHEAD_BYTES,
      tooManyFiles: `附件最多 ${MAX_ATTACHMENTS} 个,单个附件不能超过 10 MB`,
      bodyTooLarge: `提交的内容过大:附件最多 ${MAX_ATTACHMENTS} 个,单个附件不能超过 10 MB`,
      fileTooLarge: (name) => `“${name}”超过 10 MB,单个附件不能超过 10 MB`,
    },
    inMemory,
  );
  if (!form.ok) return { error: form.error, formData: form.fields };
  const loaded = form.files.filter((f) => f.file.byteLength > 0).map((f) => ({ filename: f.filename, bytes: f.file }));
  const checked = await checkAttachments(loaded);
  if (!checked.ok) return { error: checked.problem.message, formData: form.fields };
  return { formData: form.fields, attachments: loaded.map((f, i) => ({ ...f, type: checked.types[i] })) };
}
