/**
 * PDFs render in worker threads (app/utils/pdf-pool.server.ts) and are kept by their data version
 * (app/utils/pdf.server.ts): the request thread keeps answering while a catalog renders, identical requests
 * at once share one render, a change of data renders anew, a failing render fails alone, and the compiled
 * worker that production runs works without tsx. No database is needed.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { createPdfPool, pdfWorkerEntry, type PdfPool } from "~/utils/pdf-pool.server";
import { closePdfRenderer, pdfRenderStats, renderPdf } from "~/utils/pdf.server";
import { syntheticCatalog } from "../fixtures/catalog-data";
import { PDFTOTEXT, pdfText } from "../fixtures/pdftotext";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE_WORKER = pdfWorkerEntry(import.meta.url, "test");

/** The PDF's text without white space. */
const flatText = (bytes: Buffer) => pdfText(bytes).replace(/\s+/g, "");

const pools: PdfPool[] = [];
function pool(maxHeapMb = 1024, worker = SOURCE_WORKER): PdfPool {
  const p = createPdfPool({ threads: 1, maxHeapMb, worker });
  pools.push(p);
  return p;
}

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await closePdfRenderer();
});

describe("the worker's entry", () => {
  it("is the compiled worker for the production server bundle, the TypeScript source through tsx otherwise", () => {
    const bundle = pathToFileURL(path.join(ROOT, "build", "index.js")).href;
    expect(pdfWorkerEntry(bundle, "production")).toEqual({
      filename: path.join(ROOT, "build", "workers", "pdf-render.js"),
      execArgv: [],
    });
    const source = { filename: path.join(ROOT, "app", "workers", "pdf-render.ts"), execArgv: ["--import", "tsx"] };
    // `npm run dev` serves build/index.js too, but compiles no workers.
    expect(pdfWorkerEntry(bundle, "development")).toEqual(source);
    const module = pathToFileURL(path.join(ROOT, "app", "utils", "pdf.server.ts")).href;
    expect(pdfWorkerEntry(module, "production")).toEqual(source);
    expect(pdfWorkerEntry(module, "test")).toEqual(source);
  });
});

describe("rendering off the request thread", () => {
  it("answers fifty requests, one after another, while a 200-issue catalog renders", async () => {
    const server = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const order: string[] = [];
      const rendering = pool()
        .render("catalog", syntheticCatalog(200))
        .then((bytes) => (order.push("catalog"), bytes));
      const pages = (async () => {
        for (let i = 0; i < 50; i++) expect(await (await fetch(url)).text()).toBe("ok");
        order.push("pages");
      })();
      const [bytes] = await Promise.all([rendering, pages]);
      expect(order).toEqual(["pages", "catalog"]);
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("renderPdf: one render per data version", () => {
  it("renders ten identical requests at once once, a change of the data anew, the same data again not at all", async () => {
    const data = syntheticCatalog(12, "2026年12月5日");
    const before = pdfRenderStats();
    const ten = await Promise.all(Array.from({ length: 10 }, () => renderPdf("catalog", data)));
    expect(new Set(ten).size).toBe(1);
    expect(pdfRenderStats().produced - before.produced).toBe(1);
    expect(pdfRenderStats().joined - before.joined).toBe(9);

    const changed = structuredClone(data);
    changed.entries[3].title = "关于污水管网接驳的协调请求";
    const second = await renderPdf("catalog", changed);
    expect(pdfRenderStats().produced - before.produced).toBe(2);
    expect(second).not.toBe(ten[0]);
    if (PDFTOTEXT) {
      expect(flatText(second)).toContain("关于污水管网接驳的协调请求");
      expect(flatText(ten[0])).not.toContain("关于污水管网接驳的协调请求");
    }

    // Equal data in new objects (another request) is the same version.
    expect(await renderPdf("catalog", structuredClone(data))).toBe(ten[0]);
    expect(await renderPdf("catalog", structuredClone(changed))).toBe(second);
    expect(pdfRenderStats().produced - before.produced).toBe(2);
    expect(pdfRenderStats().hits - before.hits).toBe(2);
  });
});

describe("a render that fails", () => {
  it("rejects its own request only; the requests around it are answered", async () => {
    const p = pool();
    const first = p.render("catalog", syntheticCatalog(3));
    const bad = expect(p.render("catalog", { ...syntheticCatalog(3), entries: null } as never)).rejects.toThrow();
    const unknown = expect(p.render("no-such-document" as never, {} as never)).rejects.toThrow("unknown PDF template");
    const after = p.render("catalog", syntheticCatalog(4));
    await Promise.all([bad, unknown]);
    expect((await first).subarray(0, 5).toString()).toBe("%PDF-");
    expect((await after).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("past the heap limit ends its worker and fails alone; the next render gets a new worker", async () => {
    const p = pool(64);
    await expect(p.render("catalog", syntheticCatalog(1000))).rejects.toThrow(/memory limit/);
    expect((await p.render("catalog", syntheticCatalog(2))).subarray(0, 5).toString()).toBe("%PDF-");
  });
});

describe("the compiled worker", () => {
  it("renders with the shipped fonts on plain Node, as built by `npm run build`", async () => {
    // The build script's esbuild options, into a folder of this run's own inside the project (the fonts
    // and node_modules are found upwards from the worker, as from build/workers/).
    const dir = path.join(ROOT, ".cache", `pdf-worker-${randomBytes(4).toString("hex")}`);
    mkdirSync(dir, { recursive: true });
    try {
      await build({
        entryPoints: [path.join(ROOT, "app", "workers", "pdf-render.ts")],
        bundle: true,
        platform: "node",
        format: "esm",
        packages: "external",
        target: "node20",
        outdir: dir,
        logLevel: "warning",
      });
      const bytes = await pool(1024, { filename: path.join(dir, "pdf-render.js"), execArgv: [] }).render(
        "catalog",
        syntheticCatalog(5),
      );
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      if (PDFTOTEXT) expect(flatText(bytes)).toContain("第12期企业问题目录");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
