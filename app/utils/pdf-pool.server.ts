/**
 * The worker threads that render PDFs (piscina, see docs/decisions/0004-pdf-render-worker.md). A render
 * takes seconds of CPU and hundreds of MB for a large catalog; in a worker thread it leaves the request
 * thread free to answer other pages. Threads start when a render is asked for and end after a minute
 * idle, which gives their memory back.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { PdfTemplate, PdfTemplateData } from "../../pdf-templates/index";
import type { PdfRenderTask } from "../workers/pdf-render";
import { findUpwards } from "./find-upwards.server";

export interface PdfPoolOptions {
  /** Renders at once; more wait in line, first come first served. */
  threads: number;
  /** A worker's V8 heap limit (MB): a render that needs more fails alone, and the worker is replaced. */
  maxHeapMb: number;
  /** How long an idle worker lives (ms). */
  idleMs?: number;
  /** The worker's entry (pdfWorkerEntry). */
  worker: PdfWorkerEntry;
}

export interface PdfWorkerEntry {
  filename: string;
  execArgv: string[];
}

/**
 * The worker's entry for a module at `moduleUrl`. In production, when that module runs from the server
 * bundle (inside <project>/build/), the compiled build/workers/pdf-render.js (`npm run build` writes it).
 * Otherwise the TypeScript source run through tsx: vitest and scripts run from app/, and `npm run dev`
 * serves Remix's build/index.js without compiling the workers, where an older compiled worker would print
 * stale templates.
 */
export function pdfWorkerEntry(moduleUrl: string, nodeEnv: string): PdfWorkerEntry {
  const root = findUpwards("package.json", moduleUrl);
  const build = path.join(root, "build") + path.sep;
  return nodeEnv === "production" && fileURLToPath(moduleUrl).startsWith(build)
    ? { filename: path.join(build, "workers", "pdf-render.js"), execArgv: [] }
    : { filename: path.join(root, "app", "workers", "pdf-render.ts"), execArgv: ["--import", "tsx"] };
}

export interface PdfPool {
  render<T extends PdfTemplate>(template: T, data: PdfTemplateData<T>): Promise<Buffer>;
  close(): Promise<void>;
}

export function createPdfPool(options: PdfPoolOptions): PdfPool {
  const { filename, execArgv } = options.worker;
  if (!existsSync(filename)) throw new Error(`The PDF render worker ${filename} is missing: run \`npm run build\`.`);
  const pool = new Piscina<PdfRenderTask, Uint8Array>({
    filename,
    execArgv,
    minThreads: 0,
    maxThreads: options.threads,
    idleTimeout: options.idleMs ?? 60_000,
    // Young generation left at V8's default; the layout's long-lived objects are what grows.
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb },
  });
  // A worker that dies between tasks (its heap, a crash) is replaced on the next render; piscina reports
  // it here, and an 'error' event without a listener would end the process.
  pool.on("error", (error: unknown) => console.error("PDF render worker failed:", error));
  return {
    async render(template, data) {
      const bytes = await pool.run({ template, data } as PdfRenderTask);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    close: () => pool.destroy(),
  };
}
