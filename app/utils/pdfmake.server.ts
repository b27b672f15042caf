/**
 * Lays out and writes a document with pdfmake in the calling thread, with the CJK fonts shipped in
 * pdf-templates/fonts: Noto Serif SC for the body (宋体-like) and Noto Sans SC Bold for headings (黑体-like).
 * PDFKit embeds only the glyphs a document uses, so a PDF stays small. No URL is ever fetched and no file
 * outside the fonts folder is read, whatever a document definition asks for.
 *
 * A large document takes seconds of CPU and hundreds of MB here: only the render worker
 * (app/workers/pdf-render.ts) calls this; the app asks for PDFs through renderPdf in pdf.server.ts.
 */
import path from "node:path";
import v8 from "node:v8";
import pdfmakeModule from "pdfmake";
import type { TDocumentDefinitions } from "pdfmake/interfaces";
import { PDF_TEMPLATES, type PdfTemplate, type PdfTemplateData } from "../../pdf-templates/index";
import { HEI, SONG } from "../../pdf-templates/official";
import { findUpwards } from "./find-upwards.server";

// The access policies exist in pdfmake 0.3 but not yet in its type definitions.
const pdfmake = pdfmakeModule as typeof pdfmakeModule & {
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (filePath: string) => boolean): void;
};

let configured = false;

function configure() {
  if (configured) return;
  const dir = path.join(
    findUpwards("pdf-templates/fonts/NotoSerifSC-Regular-Subset.otf", import.meta.url),
    "pdf-templates",
    "fonts",
  );
  const serif = path.join(dir, "NotoSerifSC-Regular-Subset.otf");
  const sansBold = path.join(dir, "NotoSansSC-Bold-Subset.otf");
  pdfmake.setFonts({
    // pdfmake needs a face for every style a document may use; bold text in the body prints in 黑体.
    [SONG]: { normal: serif, bold: sansBold, italics: serif, bolditalics: sansBold },
    [HEI]: { normal: sansBold, bold: sansBold, italics: sansBold, bolditalics: sansBold },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(dir + path.sep));
  // V8's allocation-site pretenuring off. pdfkit keeps a document's link annotations to its end; when many
  // come first (the catalog's contents link every line to its page), V8 sees objects from pdfkit's and
  // pdfmake's allocation sites survive and from then on allocates them in the old generation, where each
  // page's drawing dies: a 1,000-issue catalog piled up 300 MB of such garbage before a full collection
  // (peak RSS 650–700 MB instead of 430 MB) and rendered a fifth slower (tests/bench/RESULTS.md §3). V8 has
  // one set of flags per process: this holds for the request thread too, which allocates mostly short-lived
  // objects and gains little from pretenuring.
  v8.setFlagsFromString("--no-allocation-site-pretenuring");
  configured = true;
}

/** A pdfmake document definition rendered here, in this thread, with the project's fonts and policies. */
export function renderDefinitionInThisThread(definition: TDocumentDefinitions): Promise<Buffer> {
  configure();
  return pdfmake.createPdf(definition).getBuffer();
}

/** The named document built from its data and rendered here, in this thread. */
export async function renderInThisThread<T extends PdfTemplate>(
  template: T,
  data: PdfTemplateData<T>,
): Promise<Buffer> {
  const build = PDF_TEMPLATES[template] as (d: PdfTemplateData<T>) => ReturnType<(typeof PDF_TEMPLATES)[T]>;
  if (typeof build !== "function") throw new Error(`unknown PDF template: ${String(template)}`);
  return renderDefinitionInThisThread(build(data));
}
