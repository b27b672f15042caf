/**
 * Every PDF the app prints goes through renderPdf: the document's data (plain JSON, built in the request)
 * goes to a worker thread that builds the pdfmake definition and renders it (app/workers/pdf-render.ts),
 * so a large document never stalls the thread that answers the other pages. The bytes are kept per
 * process, keyed by the document and a hash of its data: the data is everything the document shows, so
 * any change of what it shows gives a new key and a stale copy is never served, by this process or any
 * other. Callers asking for the same document at once share one render.
 *
 * The documents do not depend on who reads them (the routes and services check who may read, then build
 * the same data for everyone), which is what makes sharing them safe.
 */
import { createHash } from "node:crypto";
import type { PdfTemplate, PdfTemplateData } from "../../pdf-templates/index";
import { env } from "./env.server";
import { createPdfPool, pdfWorkerEntry, type PdfPool } from "./pdf-pool.server";
import { RenderCache, type RenderCacheStats } from "./render-cache";

/** Documents kept at most, whatever their size (the byte budget is PDF_CACHE_MB). */
const CACHE_ENTRIES = 50;

let pool: PdfPool | undefined;
let cache: RenderCache | undefined;

function renderer() {
  const e = env();
  pool ??= createPdfPool({
    threads: e.PDF_RENDER_THREADS,
    maxHeapMb: e.PDF_RENDER_HEAP_MB,
    worker: pdfWorkerEntry(import.meta.url, e.NODE_ENV),
  });
  cache ??= new RenderCache({ maxEntries: CACHE_ENTRIES, maxBytes: e.PDF_CACHE_MB * 1024 * 1024 });
  return { pool, cache };
}

/** The document's data version: a hash of everything the template is given. */
export function pdfDataKey<T extends PdfTemplate>(template: T, data: PdfTemplateData<T>): string {
  return `${template}:${createHash("sha256").update(JSON.stringify(data)).digest("base64url")}`;
}

/**
 * The named document (pdf-templates/index.ts) printed from its data. The Buffer may be shared with other
 * callers and the cache: read it, do not write into it.
 */
export function renderPdf<T extends PdfTemplate>(template: T, data: PdfTemplateData<T>): Promise<Buffer> {
  const { pool, cache } = renderer();
  return cache.get(pdfDataKey(template, data), () => pool.render(template, data));
}

/** Renders started, answers from the cache and from a shared render, and what the cache holds. */
export function pdfRenderStats(): RenderCacheStats {
  return renderer().cache.stats();
}

/** Ends the render threads (a clean stop); a render still running is rejected. */
export async function closePdfRenderer(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.close();
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
