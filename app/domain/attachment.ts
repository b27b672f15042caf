/**
 * Attachments: the type is read from the content, never trusted from the name alone, and the content is
 * looked into: an Office file must be a real OOXML package with no program or macro inside, and an image or
 * PDF must not carry a web page or script after its end (a polyglot). Pure: no I/O (jszip reads the package
 * in memory).
 */
import JSZip from "jszip";

export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** The longest display name kept, in characters (code points); longer names keep their extension. */
export const MAX_FILENAME_CHARS = 255;

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

/** The content type [Content_Types].xml gives the main part of each accepted OOXML package. */
const OOXML_MAIN_PART = new Map<SniffedType, string>([
  [DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"],
  [XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"],
]);

// ——— Names ———

/**
 * A file name as the browser meant it. Browsers (and Node's FormData) follow the HTML standard's multipart
 * encoding: `"` is sent as `%22`, CR and LF as `%0D` and `%0A`, and nothing else is escaped — so `%22` is
 * read back as the quote the user saw (a name with a literal `%22` in it is the price of that encoding),
 * and the line breaks are dropped like any other control character.
 */
export function decodeFormFilename(raw: string): string {
  return raw.replace(/%22/g, '"').replace(/%0[DA]/g, "");
}

// Control characters (C0, DEL, C1), line and paragraph separators, the byte-order mark, and the
// bidirectional overrides that make `报告‮fdp.exe` look like `报告exe.pdf`.
// eslint-disable-next-line no-control-regex
const UNSHOWN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name stored and shown for an uploaded file: the last path segment only (never a path), no control
 * or direction characters, no surrounding blanks or trailing dots, at most MAX_FILENAME_CHARS characters
 * with the extension kept. It is never used in a file system path.
 */
export function displayFilename(raw: string): string {
  let name = raw.normalize("NFC").replace(UNSHOWN, "");
  name = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);
  name = name.trim().replace(/[. ]+$/, "");
  if (name === "" || name === "..") return "附件";
  const chars = Array.from(name);
  if (chars.length <= MAX_FILENAME_CHARS) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  const keep = ext.length > 0 && ext.length <= 16 ? ext : [];
  return chars.slice(0, MAX_FILENAME_CHARS - keep.length - 1).join("") + "…" + keep.join("");
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot >= 0 ? filename.slice(dot + 1).toLowerCase() : "";
}

/**
 * A Content-Disposition header that downloads the file under its name: an ASCII stand-in for old clients
 * and the name itself in RFC 5987 form (every byte outside attr-char percent-encoded, `'` `(` `)` `*`
 * included, which encodeURIComponent leaves as they are).
 */
export function attachmentDisposition(filename: string): string {
  const dot = filename.lastIndexOf(".");
  const ext = dot > 0 ? filename.slice(dot).replace(/[^A-Za-z0-9.]/g, "") : "";
  const base = (dot > 0 ? filename.slice(0, dot) : filename).replace(/[^A-Za-z0-9._-]/g, "_");
  const ascii = `${/[A-Za-z0-9]/.test(base) ? base : "attachment"}${ext}`;
  const encoded = encodeURIComponent(filename).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

// ——— Bytes ———

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function contains(bytes: Uint8Array, text: string): boolean {
  return asBuffer(bytes).includes(text, 0, "latin1");
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * What the bytes are (from their first bytes), or null when they are none of the accepted kinds. A zip is
 * taken for the Office type its name or its entries suggest; checkAttachments then looks inside.
 */
export function sniffType(bytes: Uint8Array, filename: string): SniffedType | null {
  const ext = extensionOf(filename);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return PDF; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, ZIP)) {
    if (ext === "docx") return DOCX;
    if (ext === "xlsx") return XLSX;
    if (contains(bytes, "word/")) return DOCX;
    if (contains(bytes, "xl/")) return XLSX;
    return null;
  }
  if (startsWith(bytes, CFB)) {
    // The legacy compound file holds both; its extension says which.
    if (ext === "xls") return XLS;
    if (ext === "doc") return DOC;
    return null;
  }
  return null;
}

// ——— Web pages and scripts ———

/**
 * Markup a browser would run as a page or script. Only markers of five characters or more, so that the
 * compressed data of a genuine image (random-looking bytes) does not match them by chance.
 */
const MARKUP =
  /<(?:script|html|body|head[\s>]|iframe|frame[\s>]|object|embed|svg[\s>/]|meta[\s>/]|link[\s>/]|form[\s>]|img[\s/]|a\s+href|\?php|%@|!doctype\s+html|\?xml-stylesheet)|javascript:|vbscript:|on(?:load|error|click|mouseover)\s*=/i;

function hasMarkup(bytes: Uint8Array): boolean {
  return MARKUP.test(asBuffer(bytes).toString("latin1"));
}

/** Where a PNG ends: just after the CRC of its IEND chunk; null when the chunks do not reach one. */
export function pngEnd(bytes: Uint8Array): number | null {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    const next = at + 12 + length;
    if (next > bytes.length) return null;
    if (type === "IEND") return next;
    at = next;
  }
  return null;
}

/**
 * Where a JPEG ends: just after its EOI marker, found by walking the segments (an EXIF thumbnail carries
 * an EOI of its own inside APP1) and, after each start of scan, the entropy-coded data up to the next
 * marker. Null when the walk does not reach an EOI.
 */
export function jpegEnd(bytes: Uint8Array): number | null {
  let at = 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) return at + 2; // EOI
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // TEM, RSTn: no length
      continue;
    }
    if (at + 3 >= bytes.length) return null;
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (length < 2) return null;
    at += 2 + length;
    if (marker === 0xda) {
      // Entropy-coded data: a 0xFF is followed by 0x00 (stuffing) or a restart marker inside the scan.
      while (at + 1 < bytes.length) {
        if (bytes[at] === 0xff && bytes[at + 1] !== 0x00 && !(bytes[at + 1] >= 0xd0 && bytes[at + 1] <= 0xd7)) break;
        at++;
      }
    }
  }
  return null;
}

/** Where a PDF ends: after its last `%%EOF` (an incremental update appends another); null without one. */
export function pdfEnd(bytes: Uint8Array): number | null {
  const at = asBuffer(bytes).lastIndexOf("%%EOF", undefined, "latin1");
  return at < 0 ? null : at + 5;
}

// ——— Office packages ———

/** Extensions of programs and scripts that have no business inside a document. */
const EXECUTABLE_EXTENSIONS = new Set([
  "exe", "dll", "com", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "jar",
  "msi", "msp", "scr", "cpl", "pif", "lnk", "sys", "ocx", "reg", "sh", "elf", "so", "dylib", "apk", "app",
]); // prettier-ignore

/** The most an Office package may unpack to while it is looked into, and how many entries it may have. */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
export const MAX_PACKAGE_ENTRIES = 5_000;
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;
/** Office files inside Office files (an embedded workbook) are looked into as well, this deep. */
const MAX_NESTING = 2;

const utf16 = (s: string) => Buffer.from(s, "utf16le");
/** Stream names in a compound file's directory (UTF-16): a VBA project, an embedded file of any kind. */
const VBA_STREAM = utf16("_VBA_PROJECT");
const PACKAGE_STREAM = utf16("Ole10Native");

/** What is refused inside a package, as a phrase completing “…内含”. */
type Finding = { kind: "program" | "macro" | "package" | "bomb" | "damaged"; entry: string };

/** The first `limit` bytes of an entry (all of it when shorter), and whether there was more. */
function readEntry(file: JSZip.JSZipObject, limit: number): Promise<{ bytes: Buffer; more: boolean }> {
  return new Promise((resolve, reject) => {
    const stream = file.nodeStream("nodebuffer");
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (more: boolean) => {
      if (done) return;
      done = true;
      const bytes = Buffer.concat(chunks).subarray(0, limit);
      if (more) stream.removeAllListeners("data");
      resolve({ bytes, more });
    };
    stream.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > limit) {
        stream.pause();
        finish(true);
      }
    });
    stream.on("end", () => finish(false));
    stream.on("error", (e: unknown) => {
      if (!done) reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
}

interface Budget {
  bytes: number;
  entries: number;
}

/** Look through a package's entries for programs, macros and embedded packages; nested packages too. */
async function scanPackage(zip: JSZip, budget: Budget, depth: number): Promise<Finding | null> {
  const files = Object.values(zip.files).filter((f) => !f.dir);
  budget.entries -= files.length;
  if (budget.entries < 0) return { kind: "bomb", entry: "" };
  for (const f of files) {
    const base = f.name.split("/").pop()!.toLowerCase();
    if (base === "vbaproject.bin" || base === "vbadata.xml") return { kind: "macro", entry: f.name };
    if (EXECUTABLE_EXTENSIONS.has(extensionOf(base))) return { kind: "program", entry: f.name };
  }
  for (const f of files) {
    const head = await readEntry(f, 8);
    if (startsWith(head.bytes, [0x4d, 0x5a])) return { kind: "program", entry: f.name }; // MZ
    const nestedZip = startsWith(head.bytes, ZIP);
    const compound = startsWith(head.bytes, CFB);
    if (!nestedZip && !compound) continue;
    const whole = await readEntry(f, budget.bytes);
    if (whole.more) return { kind: "bomb", entry: f.name };
    budget.bytes -= whole.bytes.byteLength;
    if (compound) {
      const found = scanCompound(whole.bytes);
      if (found) return { kind: found, entry: f.name };
      continue;
    }
    if (depth >= MAX_NESTING) return { kind: "package", entry: f.name };
    let inner: JSZip;
    try {
      inner = await JSZip.loadAsync(whole.bytes);
    } catch {
      return { kind: "damaged", entry: f.name };
    }
    const found = await scanPackage(inner, budget, depth + 1);
    if (found) return found;
  }
  return null;
}

/** A compound (OLE) file holding a VBA project, or a packaged file of any kind (how programs ride along). */
function scanCompound(bytes: Uint8Array): "macro" | "package" | null {
  const b = asBuffer(bytes);
  if (b.includes(VBA_STREAM)) return "macro";
  if (b.includes(PACKAGE_STREAM)) return "package";
  return null;
}

function xmlAttribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[2] ?? m[3]) : null;
}

/** Why an OOXML package is refused, or null. */
async function ooxmlProblem(bytes: Uint8Array, type: SniffedType, name: string): Promise<string | null> {
  const notValid = (why: string) => `“${name}”不是有效的${type.label}(${why}),请用 Office 或 WPS 重新保存后上传`;
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return notValid("文件已损坏或不是 Office 文件");
  }
  const budget: Budget = { bytes: MAX_UNPACKED_BYTES, entries: MAX_PACKAGE_ENTRIES };
  try {
    const contentTypesFile = zip.file("[Content_Types].xml");
    if (!contentTypesFile) return notValid("缺少 [Content_Types].xml");
    const read = await readEntry(contentTypesFile, MAX_CONTENT_TYPES_BYTES);
    if (read.more) return notValid("[Content_Types].xml 过大");
    const contentTypes = read.bytes.toString("utf8");
    if (/macroEnabled|vnd\.ms-office\.vbaProject/i.test(contentTypes))
      return `“${name}”含有宏(VBA 代码),为安全起见不予接收,请另存为不含宏的文档后上传`;
    const entries = new Set(Object.keys(zip.files).map((n) => n.toLowerCase()));
    const mainType = OOXML_MAIN_PART.get(type);
    const main = (contentTypes.match(/<Override\b[^>]*>/g) ?? []).find(
      (tag) => xmlAttribute(tag, "ContentType") === mainType,
    );
    const partName = main ? xmlAttribute(main, "PartName")?.replace(/^\//, "").toLowerCase() : undefined;
    if (!partName || !entries.has(partName)) return notValid(`文件包中没有${type.label}的正文部分`);
    const found = await scanPackage(zip, budget, 0);
    if (!found) return null;
    const entry = found.entry ? `(${found.entry})` : "";
    switch (found.kind) {
      case "program":
        return `“${name}”内含可执行程序或脚本${entry},为安全起见不予接收`;
      case "macro":
        return `“${name}”含有宏(VBA 代码)${entry},为安全起见不予接收,请另存为不含宏的文档后上传`;
      case "package":
        return `“${name}”内嵌了打包的文件对象${entry},为安全起见不予接收,请把其中的文件作为单独的附件上传`;
      case "bomb":
        return `“${name}”解压后过大或包含的部件过多,不予接收`;
      case "damaged":
        return notValid(`内嵌的文件${entry}已损坏`);
    }
  } catch {
    // jszip refuses what it cannot unpack (an encrypted entry, a broken stream).
    return notValid("文件已损坏或已加密");
  }
}

/**
 * Why the content of a file of the sniffed type is refused, or null. Looks inside: the whole of an Office
 * package, the end of an image or PDF (and what follows it), and the head of every file.
 */
export async function contentProblem(bytes: Uint8Array, type: SniffedType, name: string): Promise<string | null> {
  const end = type === PNG ? pngEnd(bytes) : type === JPEG ? jpegEnd(bytes) : type === PDF ? pdfEnd(bytes) : null;
  if (end !== null && hasMarkup(bytes.subarray(end)))
    return `“${name}”在${type.label}内容之后附带了网页或脚本代码,为安全起见不予接收`;
  if (hasMarkup(bytes.subarray(0, 1024))) return `“${name}”含有网页或脚本代码,为安全起见不予接收`;
  if (type === DOCX || type === XLSX) return ooxmlProblem(bytes, type, name);
  if (type === DOC || type === XLS) {
    const found = scanCompound(bytes);
    if (found === "macro") return `“${name}”含有宏(VBA 代码),为安全起见不予接收,请另存为不含宏的文档后上传`;
    if (found === "package") return `“${name}”内嵌了打包的文件对象,为安全起见不予接收,请把其中的文件作为单独的附件上传`;
    return null;
  }
  if (end === null) return `“${name}”不是完整的${type.label}(文件可能已损坏),请重新导出后上传`;
  return null;
}

export type AttachmentProblem = { filename: string; message: string };

/**
 * Check a set of files (names already made display names); returns the first problem in Chinese, or the
 * sniffed types.
 */
export async function checkAttachments(
  files: { filename: string; bytes: Uint8Array }[],
): Promise<{ ok: true; types: SniffedType[] } | { ok: false; problem: AttachmentProblem }> {
  if (files.length > MAX_ATTACHMENTS) {
    return { ok: false, problem: { filename: "", message: `附件最多 ${MAX_ATTACHMENTS} 个` } };
  }
  const types: SniffedType[] = [];
  for (const f of files) {
    const refuse = (message: string) => ({ ok: false as const, problem: { filename: f.filename, message } });
    if (f.bytes.byteLength > MAX_ATTACHMENT_BYTES) return refuse(`“${f.filename}”超过 10 MB`);
    if (f.bytes.byteLength === 0) return refuse(`“${f.filename}”是空文件`);
    const t = sniffType(f.bytes, f.filename);
    if (!t) return refuse(`“${f.filename}”不是可接受的文件类型(仅限 PDF、图片、Word、Excel)`);
    if (!t.extensions.includes(extensionOf(f.filename)))
      return refuse(`“${f.filename}”的内容是${t.label},与文件扩展名不符`);
    const problem = await contentProblem(f.bytes, t, f.filename);
    if (problem) return refuse(problem);
    types.push(t);
  }
  return { ok: true, types };
}
