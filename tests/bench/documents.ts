/**
 * `npm run bench -- documents`: the printed catalog (企业问题目录) of 300, 1,000 and 3,000 issues against its
 * anchor, a bare pdfmake render of the same text in the same fonts (tests/bench/catalog-anchor.ts), measured
 * in the same run. Each size and way in a fresh Node process, so that peak memory is the document's own:
 *
 * - **bare pdfmake (anchor)**: the anchor's definition rendered where it is called;
 * - **in the request's thread**: the app's template rendered where it is called (before 2026-12-07 the
 *   routes did this);
 * - **through renderPdf**: app/utils/pdf.server.ts, the worker thread and the cache, as the app prints.
 *
 * Each process first renders a one-issue document the same way (fonts loaded, code compiled, the worker
 * started): the figures are those of a warm process. While the render runs, the main thread's event-loop
 * delay is recorded (perf_hooks monitorEventLoopDelay, 10 ms resolution): the longest stall is how long
 * every other request on the process would have waited. Through renderPdf it then asks for the same
 * catalog of another day ten times at once (one render expected) and once more (answered from the cache).
 *
 * Printed as a Markdown table: pages, bytes, wall time and its ratio to the anchor's, CPU time of the
 * whole process (all threads), the loop's longest stall and p99, RSS before the render and the process's
 * peak RSS (VmHWM, all threads) with its ratio to the anchor's. `--sizes 300,1000` for fewer sizes,
 * `--rounds 2` to run every size twice (anchor, thread, worker in turn each time).
 *
 * The issues are synthetic (tests/fixtures/catalog-data.ts) but shaped like real ones.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { syntheticCatalog } from "../fixtures/catalog-data";

type Way = "anchor" | "thread" | "worker";
const WAYS: Way[] = ["anchor", "thread", "worker"];
const LABEL: Record<Way, string> = {
  anchor: "bare pdfmake (anchor)",
  thread: "catalog, in the request's thread",
  worker: "catalog, renderPdf (worker)",
};

interface Row {
  n: number;
  way: Way;
  pages: number;
  bytes: number;
  ms: number;
  cpuMs: number;
  stallMax: number;
  stallP99: number;
  before: number;
  peak: number;
  /** Worker only: ten identical requests at once, and the same once more. */
  tenMs?: number;
  tenRenders?: number;
  againMs?: number;
}

/** The process's peak resident set since it started, all threads (Linux); else what was sampled. */
function peakRss(sampled: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb ? Math.max(sampled, Number(kb) * 1024) : sampled;
  } catch {
    return sampled;
  }
}

type Render = (n: number, printedOn?: string) => Promise<Buffer>;

/**
 * How a way renders, importing only what it uses: a process that prints through the worker does not load
 * pdfmake in its own thread, so its memory is the app's.
 */
async function renderer(way: Way): Promise<Render> {
  if (way === "anchor") {
    const [{ renderDefinitionInThisThread }, { bareCatalogDocument }] = await Promise.all([
      import("../../app/utils/pdfmake.server"),
      import("./catalog-anchor"),
    ]);
    return (n) => renderDefinitionInThisThread(bareCatalogDocument(syntheticCatalog(n)));
  }
  if (way === "thread") {
    const { renderInThisThread } = await import("../../app/utils/pdfmake.server");
    return (n, on) => renderInThisThread("catalog", syntheticCatalog(n, on));
  }
  const { renderPdf } = await import("../../app/utils/pdf.server");
  return (n, on) => renderPdf("catalog", syntheticCatalog(n, on));
}

async function one(n: number, way: Way): Promise<Row> {
  const render = await renderer(way);
  await render(1, "warm-up");
  const before = process.memoryUsage().rss;
  let sampled = before;
  const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 20);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // The loop's first delay after enable() is not recorded: let it tick before the render starts.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = await render(n);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // A stall is recorded when the loop's timer fires late, so let it fire once after the render.
  await new Promise((resolve) => setTimeout(resolve, 30));
  loop.disable();
  const row: Row = {
    n,
    way,
    pages: (bytes.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length,
    bytes: bytes.length,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stallMax: loop.max / 1e6,
    stallP99: loop.percentile(99) / 1e6,
    before,
    peak: peakRss(Math.max(sampled, process.memoryUsage().rss)),
  };
  if (way === "worker") {
    const { closePdfRenderer, pdfRenderStats } = await import("../../app/utils/pdf.server");
    const next = "2026年12月3日";
    const produced = pdfRenderStats().produced;
    const t1 = performance.now();
    const ten = await Promise.all(Array.from({ length: 10 }, () => render(n, next)));
    row.tenMs = performance.now() - t1;
    row.tenRenders = pdfRenderStats().produced - produced;
    if (new Set(ten).size !== 1) throw new Error("ten identical requests got different bytes");
    const t2 = performance.now();
    await render(n, next);
    row.againMs = performance.now() - t2;
    await closePdfRenderer();
  }
  clearInterval(sampler);
  return row;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[2] === "--one") {
  console.log(JSON.stringify(await one(Number(process.argv[3]), process.argv[4] as Way)));
} else {
  const sizes = (option("sizes") ?? "300,1000,3000").split(",").map(Number);
  const rounds = Number(option("rounds") ?? 1);
  const rows: Row[] = [];
  for (let r = 0; r < rounds; r++)
    for (const n of sizes)
      for (const way of WAYS) {
        const out = execFileSync(process.execPath, ["--import", "tsx", process.argv[1], "--one", String(n), way], {
          encoding: "utf8",
          maxBuffer: 1 << 20,
        });
        const row = JSON.parse(out.trim().split("\n").at(-1)!) as Row;
        console.error(
          `${n} issues, ${LABEL[way]}: ${(row.ms / 1000).toFixed(1)} s, ${(row.peak / 2 ** 20).toFixed(0)} MB`,
        );
        rows.push(row);
      }
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    "| issues | rendered | pages | size | time | × anchor | CPU | main thread's longest stall / p99 | RSS before → peak | × anchor | 10 at once (renders) | once more |",
  );
  console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
  let anchor: Row | undefined;
  for (const r of rows) {
    if (r.way === "anchor") anchor = r;
    const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : "–");
    console.log(
      `| ${r.n} | ${LABEL[r.way]} | ${r.pages} | ${(r.bytes / 1024 / 1024).toFixed(1)} MB | ${s(r.ms)} | ${r.way === "anchor" ? "1" : ratio(r.ms, anchor?.ms)} | ${s(r.cpuMs)} | ${r.stallMax.toFixed(0)} ms / ${r.stallP99.toFixed(0)} ms | ${mb(r.before)} → ${mb(r.peak)} | ${r.way === "anchor" ? "1" : ratio(r.peak, anchor?.peak)} | ${r.tenMs === undefined ? "–" : `${s(r.tenMs)} (${r.tenRenders})`} | ${r.againMs === undefined ? "–" : `${r.againMs.toFixed(1)} ms`} |`,
    );
  }
}
