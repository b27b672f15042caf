/**
 * Renders a pdfmake document definition (from pdf-templates/) to PDF bytes with the CJK fonts shipped in
 * pdf-templates/fonts: Noto Serif SC for the body (宋体-like) and Noto Sans SC Bold for headings (黑体-like).
 * PDFKit embeds only the glyphs a document uses, so a PDF stays small. No URL is ever fetched and no file
 * outside the fonts folder is read, whatever a document definition asks for.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pdfmakeModule from "pdfmake";
import type { TDocumentDefinitions } from "pdfmake/interfaces";
import { HEI, SONG } from "../../pdf-templates/official";

// The access policies exist in pdfmake 0.3 but not yet in its type definitions.
const pdfmake = pdfmakeModule as typeof pdfmakeModule & {
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (filePath: string) => boolean): void;
};

/** The fonts folder, found upwards from this module (it runs from app/utils in tests, from build/ when built). */
function fontsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "pdf-templates", "fonts");
    if (existsSync(path.join(candidate, "NotoSerifSC-Regular-Subset.otf"))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("pdf-templates/fonts not found above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

let configured = false;

function configure() {
  if (configured) return;
  const dir = fontsDir();
  const serif = path.join(dir, "NotoSerifSC-Regular-Subset.otf");
  const sansBold = path.join(dir, "NotoSansSC-Bold-Subset.otf");
  pdfmake.setFonts({
    // pdfmake needs a face for every style a document may use; bold text in the body prints in 黑体.
    [SONG]: { normal: serif, bold: sansBold, italics: serif, bolditalics: sansBold },
    [HEI]: { normal: sansBold, bold: sansBold, italics: sansBold, bolditalics: sansBold },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(dir + path.sep));
  configured = true;
}

export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  configure();
  return pdfmake.createPdf(doc).getBuffer();
}

/** A PDF response that downloads under a Chinese file name (with an ASCII fallback for old clients). */
export function pdfResponse(bytes: Buffer, fileName: string, asciiName: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(bytes.length),
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
