/**
 * The PDF render worker: a piscina task runner in a worker thread (app/utils/pdf-pool.server.ts starts
 * it). A task is a template's name and its data; the answer is the PDF's bytes, moved to the asking
 * thread without a copy. Built to build/workers/pdf-render.js for production, run from this file by tsx
 * otherwise.
 */
import { move } from "piscina";
import type { PdfTemplate, PdfTemplateData } from "../../pdf-templates/index";
import { renderInThisThread } from "../utils/pdfmake.server";

export interface PdfRenderTask<T extends PdfTemplate = PdfTemplate> {
  template: T;
  data: PdfTemplateData<T>;
}

export default async function renderPdfTask({ template, data }: PdfRenderTask): Promise<Uint8Array> {
  const bytes = await renderInThisThread(template, data);
  // Moving transfers the whole ArrayBuffer under the view; a Buffer may be a slice of a shared pool, so
  // hand over one that holds exactly the PDF.
  const own =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? new Uint8Array(bytes.buffer, 0, bytes.byteLength)
      : new Uint8Array(bytes);
  return move(own) as unknown as Uint8Array;
}
