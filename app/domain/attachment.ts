/** Attachments: the type is read from the content, never trusted from the name alone. Pure. */

export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface SniffedType {
  mediaType: string;
  extensions: string[];
  label: string;
}

const PDF: SniffedType = { mediaType: "application/pdf", extensions: ["pdf"], label: "PDF" };
const PNG: SniffedType = { mediaType: "image/png", extensions: ["png"], label: "PNG 图片" };
const JPEG: SniffedType = { mediaType: "image/jpeg", extensions: ["jpg", "jpeg"], label: "JPEG 图片" };
const DOCX: SniffedType = {
  mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  extensions: ["docx"],
  label: "Word 文档",
};
const XLSX: SniffedType = {
  mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  extensions: ["xlsx"],
  label: "Excel 表格",
};
const DOC: SniffedType = { mediaType: "application/msword", extensions: ["doc"], label: "Word 文档" };
const XLS: SniffedType = { mediaType: "application/vnd.ms-excel", extensions: ["xls"], label: "Excel 表格" };

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

function contains(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, "latin1");
}

/** What the bytes are, or null when they are none of the accepted kinds. */
export function sniffType(bytes: Uint8Array, filename: string): SniffedType | null {
  const ext = filename.toLowerCase().split(".").pop() ?? "";
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return PDF; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // An OOXML package names its main part in the archive's file list.
    if (contains(bytes, "word/")) return DOCX;
    if (contains(bytes, "xl/")) return XLSX;
    return null;
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // The legacy compound file holds both; its extension says which.
    if (ext === "xls") return XLS;
    if (ext === "doc") return DOC;
    return null;
  }
  return null;
}

export type AttachmentProblem = { filename: string; message: string };

/** Check a set of files; returns the first problem in Chinese, or the sniffed types. */
export function checkAttachments(
  files: { filename: string; bytes: Uint8Array }[],
): { ok: true; types: SniffedType[] } | { ok: false; problem: AttachmentProblem } {
  if (files.length > MAX_ATTACHMENTS) {
    return { ok: false, problem: { filename: "", message: `附件最多 ${MAX_ATTACHMENTS} 个` } };
  }
  const types: SniffedType[] = [];
  for (const f of files) {
    if (f.bytes.byteLength > MAX_ATTACHMENT_BYTES) {
      return { ok: false, problem: { filename: f.filename, message: `“${f.filename}”超过 10 MB` } };
    }
    if (f.bytes.byteLength === 0)
      return { ok: false, problem: { filename: f.filename, message: `“${f.filename}”是空文件` } };
    const t = sniffType(f.bytes, f.filename);
    if (!t) {
      return {
        ok: false,
        problem: { filename: f.filename, message: `“${f.filename}”不是可接受的文件类型(仅限 PDF、图片、Word、Excel)` },
      };
    }
    const ext = f.filename.toLowerCase().split(".").pop() ?? "";
    if (!t.extensions.includes(ext)) {
      return {
        ok: false,
        problem: { filename: f.filename, message: `“${f.filename}”的内容是${t.label},与文件扩展名不符` },
      };
    }
    types.push(t);
  }
  return { ok: true, types };
}
