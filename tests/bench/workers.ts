/**
 * `npm run bench -- workers` (or `npx tsx tests/bench/workers.ts`): the booking rate of the built app with
 * one and with two cluster workers (WEB_CONCURRENCY), measured in the same run on the same machine, each on a
 * fresh database, in the order 1, 2, 2, 1 so that a drift of the machine's load weighs on both alike.
 * The anchor is the one-worker rate of the same run; the target (issue 14) is two workers ≥ 1.6× one.
 *
 * Each round: N enterprises with accounts, a warm-up of W bookings, then N bookings as fast as C clients can go
 * (the same saturation as burst.ts), every acknowledged appeal checked to be in the database exactly once.
 * The load generator runs on the same cores: its CPU is measured and printed beside the server's.
 * Options: --bookings N (800), --clients C (24), --warmup W (100).
 */
import { readFileSync } from "node:fs";
import { arg, cpuMs } from "./process-stats";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess } from "../reliability/app";
import { activeCategoryId, audit, createBookingEnterprises, saturate } from "../reliability/booking-load";

const DATABASE = "zt_bench_workers";
const PORT = Number(process.env.BENCH_PORT ?? 3702);

/** The CPU of the app: its primary and every worker process (children of the primary). */
function appCpuMs(app: AppProcess): number {
  const primary = app.pid();
  if (!primary) return NaN;
  let total = cpuMs(primary);
  const children = readFileSync(`/proc/${primary}/task/${primary}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  for (const c of children) {
    try {
      total += cpuMs(Number(c));
    } catch {
      // ended meanwhile
    }
  }
  return total;
}

/** The whole machine's busy and total CPU time so far (all cores), from /proc/stat, in ticks. */
function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4]; // idle + iowait
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

interface Round {
  workers: number;
  rate: number;
  bookings: number;
  acknowledged: number;
  lost: number;
  duplicates: number;
  serverCpuPerBooking: number;
  clientCpuPerBooking: number;
  /** How busy the machine's cores were during the round (0–1, all cores together). */
  machineBusy: number;
}

async function round(workers: number, opts: { bookings: number; clients: number; warmup: number }): Promise<Round> {
  const server = await pgServer({ name: "pg-bench" });
  const databaseUrl = await freshDatabase(server, DATABASE);
  const app = appProcess({
    port: PORT,
    databaseUrl,
    env: { APP_NOW: "2026-11-20T10:00:00+08:00", WEB_CONCURRENCY: String(workers) },
  });
  try {
    await app.start();
    // Every worker listens before the clock starts.
    const deadline = Date.now() + 60_000;
    while (workers > 1 && !app.output().includes(`${workers} workers listening`)) {
      if (Date.now() > deadline)
        throw new Error(`the ${workers} workers did not all start:\n${app.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const categoryId = await activeCategoryId(databaseUrl);
    const warm = await createBookingEnterprises(databaseUrl, opts.warmup, "w");
    const group = await createBookingEnterprises(databaseUrl, opts.bookings, "b");
    await saturate(app.url, warm, opts.clients, { categoryId });
    const server0 = appCpuMs(app);
    const client0 = process.cpuUsage();
    const machine0 = machineTicks();
    const run = await saturate(app.url, group, opts.clients, { categoryId });
    const clientCpu = process.cpuUsage(client0);
    const serverCpu = appCpuMs(app) - server0;
    const machine1 = machineTicks();
    const checked = await audit(databaseUrl, run.results);
    return {
      workers,
      rate: (checked.acknowledged / run.wallMs) * 1000,
      bookings: run.results.length,
      acknowledged: checked.acknowledged,
      lost: checked.lost.length,
      duplicates: checked.duplicates + checked.doubleMismatches,
      serverCpuPerBooking: serverCpu / run.results.length,
      clientCpuPerBooking: (clientCpu.user + clientCpu.system) / 1000 / run.results.length,
      machineBusy: (machine1.busy - machine0.busy) / (machine1.total - machine0.total),
    };
  } finally {
    await app.stop();
    await dropDatabase(server, DATABASE);
    await server.stop();
  }
}

async function main() {
  const opts = { bookings: arg("bookings", 800), clients: arg("clients", 24), warmup: arg("warmup", 100) };
  const rounds: Round[] = [];
  for (const workers of [1, 2, 2, 1]) {
    process.stderr.write(`[workers] ${workers} worker(s): ${opts.bookings} bookings, ${opts.clients} clients\n`);
    rounds.push(await round(workers, opts));
  }
  const mean = (n: number) => {
    const rs = rounds.filter((r) => r.workers === n).map((r) => r.rate);
    return rs.reduce((a, b) => a + b, 0) / rs.length;
  };
  const lines = [
    `Bookings per round: ${opts.bookings} (after ${opts.warmup} to warm up), ${opts.clients} clients; ` +
      `${rounds.length} rounds in the order ${rounds.map((r) => r.workers).join(", ")}.`,
    "",
    "| round | workers | acknowledged | rate | server CPU / booking | load generator CPU / booking | machine busy | lost | duplicates |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rounds.map(
      (r, i) =>
        `| ${i + 1} | ${r.workers} | ${r.acknowledged} / ${r.bookings} | ${r.rate.toFixed(1)}/s | ` +
        `${r.serverCpuPerBooking.toFixed(1)} ms | ${r.clientCpuPerBooking.toFixed(1)} ms | ` +
        `${(r.machineBusy * 100).toFixed(0)} % | ${r.lost} | ${r.duplicates} |`,
    ),
    "",
    `Mean rate: 1 worker ${mean(1).toFixed(1)}/s, 2 workers ${mean(2).toFixed(1)}/s: ` +
      `**${(mean(2) / mean(1)).toFixed(2)}×** (target ≥ 1.6×).`,
  ];
  console.log(lines.join("\n"));
  if (rounds.some((r) => r.lost || r.duplicates)) {
    console.error("an acknowledged booking was lost or doubled");
    process.exitCode = 1;
  }
}

await main();
