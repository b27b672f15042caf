/**
 * `npm run bench -- burst` (or `npx tsx tests/bench/burst.ts`): the booking window opening. Against the
 * built app (`npm run build`) on a scratch database (DATABASE_URL's server, else an embedded PostgreSQL):
 *
 *  1. the minute: 2,000 enterprises, each with its own account, arrive evenly over 60 s, show the online
 *     form and post it (one in twenty double-clicks 提交); latency p50/p95/p99, errors;
 *  2. saturation: 2,000 more as fast as 16 clients can go: the app's booking rate;
 *  3. raw: the same appeal row inserted straight into PostgreSQL, one transaction each, 16 clients on a
 *     pool of 10 (the app's): PostgreSQL's rate for that insert, to which the app's rate is compared;
 *
 * then checks every acknowledged appeal is in the database exactly once. Prints Markdown.
 * Options: --enterprises N (2000), --seconds S (60), --keep (leave the database).
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { arg, cpuMs } from "./process-stats";
import { appProcess, dropDatabase, freshDatabase, pgServer } from "../reliability/app";
import {
  activeCategoryId,
  audit,
  burst,
  createBookingEnterprises,
  percentile,
  saturate,
  type Audit,
  type BookingResult,
} from "../reliability/booking-load";

const DATABASE = "zt_bench_burst";
const PORT = Number(process.env.BENCH_PORT ?? 3700);
const CONCURRENCY = 16;

/** Peak resident memory of a process so far (Linux). */
function peakRss(pid: number | undefined): number {
  if (!pid) return NaN;
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}

interface Phase {
  name: string;
  requests: number;
  acknowledged: number;
  errors: number;
  wallMs: number;
  postMs: number[];
  formMs: number[];
  /** From arrival to the tracking number, retries included. */
  totalMs: number[];
  /** Bookings that needed more than one try (a 503, a timeout). */
  retried: number;
  audit: Audit;
}

function phase(name: string, run: { results: BookingResult[]; wallMs: number }, a: Audit): Phase {
  const failures = new Map<string, number>();
  for (const f of run.results.flatMap((r) => r.failures)) failures.set(f, (failures.get(f) ?? 0) + 1);
  if (failures.size) process.stderr.write(`[burst] ${name}: failures ${JSON.stringify([...failures])}\n`);
  const ok = run.results.filter((r) => r.trackingNumber);
  return {
    name,
    requests: run.results.length,
    acknowledged: ok.length,
    errors: run.results.reduce((s, r) => s + r.failures.length, 0),
    wallMs: run.wallMs,
    postMs: ok.map((r) => r.postMs!),
    formMs: ok.map((r) => r.formMs!),
    totalMs: ok.map((r) => r.totalMs!),
    retried: run.results.filter((r) => r.failures.length).length,
    audit: a,
  };
}

/** The appeal row the app writes, straight into PostgreSQL, one transaction per row. */
async function rawInserts(
  databaseUrl: string,
  n: number,
): Promise<{ wallMs: number; ms: number[]; rowsBefore: number; rowsAfter: number }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  try {
    const meta = (
      await pool.query(
        `select (select id from cycles order by id desc limit 1) as cycle_id,
                (select id from appeal_categories where active order by id limit 1) as category_id`,
      )
    ).rows[0] as { cycle_id: number; category_id: number };
    const count = async () => Number((await pool.query("select count(*) as n from appeals")).rows[0].n);
    const rowsBefore = await count();
    const ms: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) {
          const i = next++;
          const t = performance.now();
          await pool.query(
            `insert into appeals (tracking_number, submission_key, cycle_id, channel, registered_by,
               enterprise_organisation_id, enterprise_id, credit_code, enterprise_name, contact_name, contact_phone,
               title, content, category_id, publish_name, registry_check, status, received_at, screening_due_at,
               updated_at)
             values ($1, $2, $3, 'online', null, null, null, $4, $5, '压测联系人', '13800138000',
               '厂房扩建用地报批进度咨询', $6, $7, false, 'match', 'screening', now(), now() + interval '3 days', now())`,
            [
              `ZT29991231${String(i).padStart(6, "0")}`,
              `raw:${i}`,
              meta.cycle_id,
              "91445102MA00000000",
              `潮州市原始插入陶瓷有限公司${i}号`,
              "我司计划扩建陶瓷生产线,用地报批材料已于上月提交,至今未有答复,恳请协调自然资源部门明确办理时限。",
              meta.category_id,
            ],
          );
          ms.push(performance.now() - t);
        }
      }),
    );
    const wallMs = performance.now() - t0;
    return { wallMs, ms, rowsBefore, rowsAfter: await count() };
  } finally {
    await pool.end();
  }
}

export async function benchBurst(opts: { enterprises: number; seconds: number; keep: boolean }) {
  const server = await pgServer({ name: "pg-bench" });
  const databaseUrl = await freshDatabase(server, DATABASE);
  // Inside the booking window of 第12期 (opened 11-16, closes 11-23), on a working day.
  const app = appProcess({
    port: PORT,
    databaseUrl,
    env: { APP_NOW: "2026-11-20T10:00:00+08:00" },
    // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server
    nodeArgs: process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean),
  });
  try {
    await app.start();
    const categoryId = await activeCategoryId(databaseUrl);
    const minuteGroup = await createBookingEnterprises(databaseUrl, opts.enterprises, "m");
    const saturationGroup = await createBookingEnterprises(databaseUrl, opts.enterprises, "s");
    const log = (m: string) => process.stderr.write(`[burst] ${m}\n`);

    // Saturation first: the app's booking rate, and its CPU per booking (immune to the machine's noise).
    log(`saturation: ${opts.enterprises} enterprises, ${CONCURRENCY} clients`);
    const cpu0 = cpuMs(app.pid());
    const sat = await saturate(app.url, saturationGroup, CONCURRENCY, { categoryId });
    const serverCpuPerBooking = (cpuMs(app.pid()) - cpu0) / sat.results.length;
    const satPhase = phase(`saturation (${CONCURRENCY} clients)`, sat, await audit(databaseUrl, sat.results));

    let minutePhase: Phase | undefined;
    let minute: { results: BookingResult[]; wallMs: number } | undefined;
    if (opts.seconds > 0) {
      log(`the minute: ${opts.enterprises} enterprises over ${opts.seconds} s`);
      // A refused booking is tried again (same form) until a minute after the last arrival.
      const retryUntil = Date.now() + (opts.seconds + 60) * 1000;
      minute = await burst(
        app.url,
        minuteGroup,
        opts.seconds,
        (i) => ({ categoryId, double: i % 20 === 0, retryUntil }),
        (done) => done % 200 === 0 && log(`  ${done} done`),
      );
      minutePhase = phase("the minute (open loop)", minute, await audit(databaseUrl, minute.results));
    }

    log(`raw insert: ${opts.enterprises} rows, ${CONCURRENCY} clients`);
    const raw = await rawInserts(databaseUrl, opts.enterprises);
    const appRss = peakRss(app.pid());

    const rate = (n: number, ms: number) => (n / ms) * 1000;
    const f = (ms: number) => `${ms.toFixed(0)} ms`;
    const lines: string[] = [];
    lines.push(`Enterprises per phase: ${opts.enterprises}; app peak RSS ${(appRss / 1048576).toFixed(0)} MB.`, "");
    lines.push(
      "| phase | bookings | acknowledged | retried | wall | rate | form p50 / p95 / p99 | post p50 / p95 / p99 | arrival → number p50 / p95 / p99 | lost | duplicates |",
    );
    lines.push("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: |");
    const phases = minutePhase ? [satPhase, minutePhase] : [satPhase];
    for (const p of phases) {
      lines.push(
        `| ${p.name} | ${p.requests} | ${p.acknowledged} | ${p.retried} | ${(p.wallMs / 1000).toFixed(1)} s | ` +
          `${rate(p.acknowledged, p.wallMs).toFixed(1)}/s | ` +
          `${[50, 95, 99].map((q) => f(percentile(p.formMs, q))).join(" / ")} | ` +
          `${[50, 95, 99].map((q) => f(percentile(p.postMs, q))).join(" / ")} | ` +
          `${[50, 95, 99].map((q) => f(percentile(p.totalMs, q))).join(" / ")} | ` +
          `${p.audit.lost.length} | ${p.audit.duplicates + p.audit.doubleMismatches} |`,
      );
    }
    const rawRate = rate(opts.enterprises, raw.wallMs);
    lines.push(
      `| raw insert into PostgreSQL (${CONCURRENCY} clients, pool 10) | ${opts.enterprises} | ${raw.rowsAfter - raw.rowsBefore} | – | ` +
        `${(raw.wallMs / 1000).toFixed(1)} s | ${rawRate.toFixed(1)}/s | – | ` +
        `${[50, 95, 99].map((q) => f(percentile(raw.ms, q))).join(" / ")} | – | – | – |`,
    );
    const satRate = rate(satPhase.acknowledged, satPhase.wallMs);
    lines.push(
      "",
      `The app books at ${satRate.toFixed(1)} appeals/s, ${((satRate / rawRate) * 100).toFixed(1)}% of the raw insert's ` +
        `${rawRate.toFixed(1)} rows/s (1 : ${(rawRate / satRate).toFixed(1)}). ` +
        `The server process spent ${serverCpuPerBooking.toFixed(1)} ms of CPU per booking (form and post).` +
        (minute
          ? ` Double submits in the minute: ${minute.results.filter((r) => r.doubleAnswer !== undefined).length}, ` +
            `answered with the same tracking number: ${minute.results.filter((r) => r.doubleAnswer !== undefined && r.doubleAnswer === r.trackingNumber).length}.`
          : ""),
    );
    const failed = phases.some(
      (p) => p.audit.lost.length || p.audit.duplicates || p.audit.doubleMismatches || p.acknowledged < p.requests,
    );
    return {
      markdown: lines.join("\n"),
      failed,
      minute: minutePhase,
      saturation: satPhase,
      rawRate,
      satRate,
      serverCpuPerBooking,
    };
  } finally {
    await app.stop();
    if (!opts.keep) await dropDatabase(server, DATABASE);
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchBurst({
    enterprises: arg("enterprises", 2000),
    seconds: arg("seconds", 60),
    keep: process.argv.includes("--keep"),
  });
  console.log(r.markdown);
  if (r.failed) {
    console.error("FAILED: an acknowledged appeal is missing or duplicated, or a booking was not acknowledged");
    process.exitCode = 1;
  }
}
