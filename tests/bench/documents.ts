/**
 * `npm run bench:documents`: the printed catalog (企业问题目录) of 300 and of 1,000 issues, rendered by the
 * app's own template, each size and way in a fresh Node process so that peak memory is the document's own:
 *
 * - **in the request's thread** (before 2026-12: pdfmake called where the request is served), and
 * - **through renderPdf** (app/utils/pdf.server.ts: a worker thread, then the cache).
 *
 * While each render runs, the main thread's event-loop delay is recorded (perf_hooks
 * monitorEventLoopDelay, 10 ms resolution): the longest stall is how long every other request on the
 * process would have waited. Through renderPdf it then asks for the same catalog of another day ten times
 * at once (one render expected) and once more (answered from the cache).
 * Prints a Markdown table: pages, bytes, time, the loop's longest stall and p99, RSS before and at peak
 * (sampled every 20 ms, whole process with its threads).
 *
 * The issues are synthetic (tests/fixtures/catalog-data.ts) but shaped like real ones.
 */
import { execFileSync } from "node:child_process";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { closePdfRenderer, pdfRenderStats, renderPdf } from "../../app/utils/pdf.server";
import { renderInThisThread } from "../../app/utils/pdfmake.server";
import { syntheticCatalog } from "../fixtures/catalog-data";

type Way = "thread" | "worker";

interface Row {
  n: number;
  way: Way;
  pages: number;
  bytes: number;
  ms: number;
  stallMax: number;
  stallP99: number;
  before: number;
  peak: number;
  /** Worker only: ten identical requests at once, and the same once more. */
  tenMs?: number;
  tenRenders?: number;
  againMs?: number;
}

async function one(n: number, way: Way): Promise<Row> {
  const data = syntheticCatalog(n);
  const render = way === "thread" ? () => renderInThisThread("catalog", data) : () => renderPdf("catalog", data);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // The loop's first delay after enable() is not recorded: let it tick before the render starts.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const t0 = performance.now();
  const bytes = await render();
  const ms = performance.now() - t0;
  // A stall is recorded when the loop's timer fires late, so let it fire once after the render.
  await new Promise((resolve) => setTimeout(resolve, 30));
  loop.disable();
  peak = Math.max(peak, process.memoryUsage().rss);
  const row: Row = {
    n,
    way,
    pages: (bytes.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length,
    bytes: bytes.length,
    ms,
    stallMax: loop.max / 1e6,
    stallP99: loop.percentile(99) / 1e6,
    before,
    peak,
  };
  if (way === "worker") {
    const next = syntheticCatalog(n, "2026年12月3日");
    const produced = pdfRenderStats().produced;
    const t1 = performance.now();
    const ten = await Promise.all(Array.from({ length: 10 }, () => renderPdf("catalog", next)));
    row.tenMs = performance.now() - t1;
    row.tenRenders = pdfRenderStats().produced - produced;
    if (new Set(ten).size !== 1) throw new Error("ten identical requests got different bytes");
    const t2 = performance.now();
    await renderPdf("catalog", next);
    row.againMs = performance.now() - t2;
    peak = Math.max(peak, process.memoryUsage().rss);
    row.peak = peak;
    await closePdfRenderer();
  }
  clearInterval(sampler);
  return row;
}

if (process.argv[2] === "--one") {
  console.log(JSON.stringify(await one(Number(process.argv[3]), process.argv[4] as Way)));
} else {
  const rows: Row[] = [];
  for (const n of [300, 1000])
    for (const way of ["thread", "worker"] as const) {
      const out = execFileSync(process.execPath, ["--import", "tsx", process.argv[1], "--one", String(n), way], {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      });
      rows.push(JSON.parse(out.trim().split("\n").at(-1)!) as Row);
    }
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    "| issues | pages | size | rendered | time | main thread's longest stall / p99 | RSS before → peak | 10 at once (renders) | once more |",
  );
  console.log("| ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: |");
  for (const r of rows)
    console.log(
      `| ${r.n} | ${r.pages} | ${(r.bytes / 1024 / 1024).toFixed(1)} MB | ${r.way === "thread" ? "in the request's thread" : "renderPdf (worker)"} | ${s(r.ms)} | ${r.stallMax.toFixed(0)} ms / ${r.stallP99.toFixed(0)} ms | ${mb(r.before)} → ${mb(r.peak)} | ${r.tenMs === undefined ? "–" : `${s(r.tenMs)} (${r.tenRenders})`} | ${r.againMs === undefined ? "–" : `${r.againMs.toFixed(1)} ms`} |`,
    );
}
