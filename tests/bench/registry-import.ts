/**
 * `npm run bench:registry [-- --rows 1000000 --keep]`: the registry import and search on a million rows.
 *
 * Generates a CSV of N rows (valid GB 32100 codes, ~1% bad rows, ~0.1% wrong check characters, ~2%
 * deregistered firms, and 16 rare trade names of ~50 firms each per million) in a temp directory; in a
 * scratch database created on DATABASE_URL's server (and dropped after, unless --keep):
 *   1. raw `COPY` of the file into a bare table with psql's \copy, and COPY + one merge into a copy of
 *      `enterprises` with its indexes: what PostgreSQL alone does, for comparison;
 *   2. the import through the app's own service (startRegistryImport), as the office's upload runs it,
 *      sampling this process's RSS every 50 ms;
 *   3. 200 look-ups by code and 200 searches by name fragment (p50, p99); then searches by fragments of 2, 3
 *      and 4 characters, rare (about 50 matches), common (trade words: tens of thousands) and ubiquitous
 *      (legal forms and places: hundreds of thousands), and by two words, 100 of each class, beside their
 *      anchor measured in the same run: the index's own lookup of the same fragment (EXPLAIN ANALYZE of its
 *      Bitmap Index Scan alone: the trigram index, which cannot look up two characters, and the bigram
 *      index), once the import has merged the pending lists. The bench fails (exit code 1) when any
 *      statement of these searches reads enterprises by a sequential scan.
 *
 * `--database NAME` names the scratch database; `--search-only` measures the searches again on a database
 * kept by an earlier run (with the same --rows), skipping the import; `--rounds N` (10).
 * Prints Markdown tables.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { Kysely, PostgresDialect, sql, type CompiledQuery } from "kysely";
import pg from "pg";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { migrateToLatest } from "../../db/migrate";
import { composeCreditCode } from "../../app/domain/credit-code";
import { findEnterpriseByCode, searchEnterprises } from "../../app/models/registry.server";
import { startRegistryImport } from "../../app/services/registry-import.server";
import { explainCaptured, tableAccess, type PlanNode } from "../integration/helpers/plans";
import { base31 } from "../reliability/booking-load";

const run = promisify(execFile);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const ROWS = Number(arg("rows") ?? 1_000_000);
const SEARCH_ONLY = process.argv.includes("--search-only");
const KEEP = SEARCH_ONLY || process.argv.includes("--keep");
const DATABASE = arg("database") ?? `zt_bench_${randomBytes(4).toString("hex")}`;
const SERVER_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const LOOKUPS = 200;

/** mulberry32: the same file on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIVISIONS = ["445102", "445103", "445122", "445171", "445172", "440300", "445202"];
const PLACES = ["潮州市", "潮州市湘桥区", "潮安区", "饶平县", "潮州"];
const CHARS =
  "华盛金海恒达永兴顺发宏图嘉美信和联鸿运东升瑞丰万利新宇创源德汇荣启航立长隆泰安昌宝鑫佳源光明富康广晟辉锦丽豪雅凯博".split(
    "",
  );
const TRADES = [
  "陶瓷",
  "卫浴",
  "日用瓷",
  "不锈钢制品",
  "食品",
  "茶业",
  "婚纱礼服",
  "印刷包装",
  "电子",
  "五金",
  "塑料制品",
  "新材料",
  "纺织服装",
  "医药",
  "工艺品",
  "物流",
  "建材",
  "机械",
];
const FORMS = ["有限公司", "有限责任公司", "股份有限公司", "贸易商行", "实业有限公司"];
/**
 * Trade names of characters found nowhere else in the generated names: each is in about 50 names per
 * million, so that its first 2, 3 and 4 characters are rare fragments.
 */
const RARE_TRADES = [
  "沉香书院",
  "木雕世家",
  "麦秆画社",
  "手拉壶坊",
  "锣鼓乐坊",
  "凤凰单丛",
  "枫溪窑火",
  "龙湖古寨",
  "韩江渔火",
  "牌坊街巷",
  "笔架山房",
  "西湖书斋",
  "葫芦山庄",
  "粿条小馆",
  "卤鹅世家",
  "牛肉丸铺",
];
const RARE_SHARE = 50 / 1_000_000;
const SURNAMES = "陈林黄李吴蔡许郑刘张杨谢詹苏王".split("");
const GIVEN = "伟芳强敏军丽杰娟涛明华燕斌红平".split("");
const ROADS = ["枫春路", "潮州大道", "新桥路", "韩江大道", "凤新路", "永护路", "环城西路", "站前路"];

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

interface Generated {
  file: string;
  bytes: number;
  badRows: number;
  flagged: number;
  sampleCodes: string[];
  sampleFragments: string[];
}

async function generateCsv(dir: string, rows: number): Promise<Generated> {
  const rnd = random(20261120);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const file = path.join(dir, "registry-bench.csv");
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve()));
  await write("\uFEFF统一社会信用代码,企业名称,法定代表人,所属区域代码,地址,登记状态,成立日期\n");
  let badRows = 0;
  let flagged = 0;
  const sampleCodes: string[] = [];
  const sampleFragments: string[] = [];
  const sampleEvery = Math.max(1, Math.floor(rows / LOOKUPS));
  let chunk = "";
  for (let i = 0; i < rows; i++) {
    const division = pick(DIVISIONS);
    let code = composeCreditCode("91", division, base31(i + 1, 8));
    const core = `${pick(CHARS)}${pick(CHARS)}${pick(TRADES)}`;
    let name = `${pick(PLACES)}${core}${pick(FORMS)}`;
    if (rnd() < RARE_SHARE * RARE_TRADES.length) name = `${pick(PLACES)}${pick(RARE_TRADES)}${pick(FORMS)}`;
    const deregistered = rnd();
    const status = deregistered < 0.015 ? "注销" : deregistered < 0.02 ? "吊销,未注销" : "存续";
    let date = `${2000 + Math.floor(rnd() * 26)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`;
    const r = rnd();
    if (r < 0.003) {
      name = "";
      badRows++;
    } else if (r < 0.006) {
      code = code.slice(0, 17);
      badRows++;
    } else if (r < 0.01) {
      date = "2015-02-30";
      badRows++;
    } else if (r < 0.011) {
      code = code.slice(0, 17) + (code[17] === "0" ? "1" : "0");
      flagged++;
    } else if (i % sampleEvery === 0 && sampleCodes.length < LOOKUPS) {
      sampleCodes.push(code);
      const start = Math.floor(rnd() * Math.max(1, core.length - 3));
      sampleFragments.push(core.slice(start, start + 3 + Math.floor(rnd() * 2)));
    }
    const person = `${pick(SURNAMES)}${pick(GIVEN)}${rnd() < 0.5 ? pick(GIVEN) : ""}`;
    const address = `潮州市${pick(ROADS)}${1 + Math.floor(rnd() * 300)}号`;
    chunk += `${code},${csvField(name)},${person},${division},${csvField(address)},${csvField(status)},${date}\n`;
    if (chunk.length > 256 * 1024) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { file, bytes: (await stat(file)).size, badRows, flagged, sampleCodes, sampleFragments };
}

function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

async function psql(url: string, command: string): Promise<number> {
  const started = performance.now();
  await run("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", command], { maxBuffer: 1 << 20 });
  return performance.now() - started;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timed(items: string[], fn: (s: string) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await fn(item);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString("en-US")}`;

interface ServiceRun {
  ms: number;
  rssBefore: number;
  rssPeak: number;
  counts: { rows_read: number; rows_inserted: number; rows_updated: number; rows_rejected: number };
}

/** One import through startRegistryImport, as the office's upload runs it, sampling this process's RSS. */
async function importThroughService(db: ReturnType<typeof createDb>, file: string): Promise<ServiceRun> {
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 50);
  const importStarted = performance.now();
  const started = await startRegistryImport(db, {
    filePath: file,
    filename: "registry-bench.csv",
    actorId: null,
    now: new Date(),
  });
  if (!started.ok) throw new Error(started.error);
  const outcome = await started.finished;
  const ms = performance.now() - importStarted;
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  if (outcome.status !== "done") throw new Error(`import failed: ${outcome.error}`);
  const counts = await db
    .selectFrom("registry_imports")
    .select(["rows_read", "rows_inserted", "rows_updated", "rows_rejected"])
    .where("id", "=", started.id)
    .executeTakeFirstOrThrow();
  return { ms, rssBefore, rssPeak, counts };
}

const countsOf = ({ counts: c }: ServiceRun) =>
  `${c.rows_read} / ${c.rows_inserted} / ${c.rows_updated} / ${c.rows_rejected}`;

// ——— search by name fragments ———

/** Trade words: in 1–10% of the names, tens of thousands of matches per million. */
const COMMON: Record<2 | 3 | 4, string[]> = {
  2: ["陶瓷", "卫浴", "食品", "茶业", "电子", "五金", "医药", "物流", "建材", "机械"],
  3: ["日用瓷", "不锈钢", "新材料", "工艺品", "印刷包", "纺织服", "塑料制", "婚纱礼", "锈钢制", "料制品"],
  4: [
    "不锈钢制",
    "锈钢制品",
    "婚纱礼服",
    "印刷包装",
    "塑料制品",
    "纺织服装",
    "新材料有",
    "日用瓷有",
    "工艺品有",
    "陶瓷有限",
  ],
};
/**
 * Legal forms and places: in 20–99% of the names, hundreds of thousands of matches. No index finds them
 * faster than it can list that many rows; the anchor shows what that costs.
 */
const UBIQUITOUS: Record<2 | 3 | 4, string[]> = {
  2: ["有限", "公司", "潮州", "州市", "湘桥", "饶平", "潮安", "限公", "安区", "平县"],
  3: ["有限公", "限公司", "潮州市", "湘桥区", "饶平县", "潮安区", "州市湘", "股份有", "责任公", "实业有"],
  4: [
    "有限公司",
    "潮州市湘",
    "州市湘桥",
    "市湘桥区",
    "股份有限",
    "有限责任",
    "责任公司",
    "实业有限",
    "份有限公",
    "业有限公",
  ],
};
/** The first 2, 3 and 4 characters of ten of the rare trade names: about 50 matches each per million. */
const RARE: Record<2 | 3 | 4, string[]> = {
  2: RARE_TRADES.slice(0, 10).map((t) => t.slice(0, 2)),
  3: RARE_TRADES.slice(0, 10).map((t) => t.slice(0, 3)),
  4: RARE_TRADES.slice(0, 10),
};
/** Rounds over each class's fragments: 10 fragments × 10 rounds = 100 searches a class (`--rounds`). */
const ROUNDS = Number(arg("rounds") ?? 10);

interface SearchClass {
  label: string;
  queries: string[];
  /** The fragment each index is asked for in the anchor (the query itself; none for two words). */
  anchored: boolean;
}

interface ClassFigures {
  label: string;
  examples: string;
  matches: string;
  search: { p50: number; p99: number };
  trigram: { p50: number; p99: number } | null;
  bigram: { p50: number; p99: number } | null;
}

const ms = (x: number) => (x < 1 ? x.toFixed(2) : x.toFixed(1));
const figure = (f: { p50: number; p99: number } | null) => (f ? `${ms(f.p50)} / ${ms(f.p99)}` : "—");

function percentiles(times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** The Actual Total Time of the plan's Bitmap Index Scans on indexes whose name begins so (0 when none). */
function indexLookupMs(node: PlanNode, indexPrefix: string): number {
  const own =
    node["Node Type"] === "Bitmap Index Scan" && node["Index Name"]?.startsWith(indexPrefix)
      ? (node["Actual Total Time"] ?? 0)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + indexLookupMs(child, indexPrefix), 0);
}

/** The predicates of the bigram index's parts (partial indexes), as the database spells them. */
async function bigramParts(client: pg.Client): Promise<string[]> {
  const r = await client.query<{ predicate: string }>(`
    select pg_get_expr(i.indpred, i.indrelid) as predicate
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where c.relname like 'enterprises_name_bigrams_%' order by c.relname
  `);
  return r.rows.map((row) => row.predicate);
}

/**
 * The anchor: how long the index alone takes to find all the fragment's rows (its Bitmap Index Scans, through
 * EXPLAIN ANALYZE of a bare count; for the bigram index, of each of its parts), the floor under any search
 * that would read all of them.
 */
async function indexLookup(
  client: pg.Client,
  index: "trigram" | "bigram",
  fragment: string,
  parts: string[],
): Promise<number> {
  const query =
    index === "trigram"
      ? `select count(*) from enterprises where name like '%' || $1 || '%'`
      : `select count(*) from (${parts
          .map((p) => `select 1 from enterprises where ${p} and registry_bigrams(name) @> registry_bigrams($1)`)
          .join(" union all ")}) x`;
  const r = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`explain (analyze, format json) ${query}`, [
    fragment,
  ]);
  const prefix = index === "trigram" ? "enterprises_name_trgm_idx" : "enterprises_name_bigrams_";
  return indexLookupMs(r.rows[0]["QUERY PLAN"][0].Plan, prefix);
}

async function measureClass(db: Kysely<Database>, url: string, c: SearchClass): Promise<ClassFigures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const times: number[] = [];
  const trigram: number[] = [];
  const bigram: number[] = [];
  const totals = new Map<string, string>();
  try {
    // Only the index lookups run with sequential scans off: a bare count would otherwise scan the table.
    await client.query("set enable_seqscan = off");
    const parts = await bigramParts(client);
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of c.queries) {
        const started = performance.now();
        const found = await searchEnterprises(db, { q });
        times.push(performance.now() - started);
        totals.set(q, `${found.total.toLocaleString("en-US")}${found.totalCapped ? "+" : ""}`);
        if (!c.anchored) continue;
        const length = Array.from(q).length;
        if (length >= 3) trigram.push(await indexLookup(client, "trigram", q, parts));
        bigram.push(await indexLookup(client, "bigram", q, parts));
      }
    }
  } finally {
    await client.end();
  }
  const counts = [...totals.values()];
  const numeric = counts.map((n) => Number(n.replace(/[,+]/g, "")));
  const low = counts[numeric.indexOf(Math.min(...numeric))];
  const high = counts[numeric.indexOf(Math.max(...numeric))];
  return {
    label: c.label,
    examples: c.queries.slice(0, 3).join("、"),
    matches: low === high ? low : `${low} – ${high}`,
    search: percentiles(times),
    trigram: trigram.length ? percentiles(trigram) : null,
    bigram: bigram.length ? percentiles(bigram) : null,
  };
}

/** Every statement each query's search runs, planned as it ran: the reads of enterprises by a sequential scan. */
async function sequentialScans(url: string, queries: string[]): Promise<string[]> {
  const captured: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const traced = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === "query") captured.push(e.query);
    },
  });
  const found: string[] = [];
  try {
    for (const q of queries) {
      captured.length = 0;
      await searchEnterprises(traced, { q });
      for (const statement of await explainCaptured(url, captured)) {
        if (tableAccess(statement.plan, "enterprises").includes("Seq Scan"))
          found.push(`“${q}”: ${statement.sql.replace(/\s+/g, " ").slice(0, 160)}`);
      }
    }
  } finally {
    await traced.destroy();
  }
  return found;
}

async function measureSearches(db: Kysely<Database>, url: string, gen: Generated) {
  const classes: SearchClass[] = [];
  for (const n of [2, 3, 4] as const) {
    classes.push({ label: `${n} characters, rare`, queries: RARE[n], anchored: true });
    classes.push({ label: `${n} characters, common`, queries: COMMON[n], anchored: true });
    classes.push({ label: `${n} characters, ubiquitous`, queries: UBIQUITOUS[n], anchored: true });
  }
  // Two words, a place and two characters of the firm's own name, the other way round from the name.
  const twoWords = gen.sampleFragments.slice(0, 10).map((f) => `${f.slice(0, 2)} 湘桥`);
  classes.push({ label: "two words (两字 + 湘桥)", queries: twoWords, anchored: false });

  console.error("sequential scans?");
  const scans = await sequentialScans(url, [...classes.flatMap((c) => c.queries), "潮"]);
  const figures: ClassFigures[] = [];
  for (const c of classes) {
    console.error(`searching: ${c.label}`);
    figures.push(await measureClass(db, url, c));
  }
  const lines = [
    "",
    `Search by name, ${ROUNDS} rounds over the 10 fragments of each class (ms, p50 / p99); anchors: the index's own lookup of the same fragment`,
    "",
    "| fragments | e.g. | matches (counted to 10,000) | search p50 / p99 | anchor: trigram index p50 / p99 | anchor: bigram index p50 / p99 |",
    "| --- | --- | --- | --- | --- | --- |",
    ...figures.map(
      (f) =>
        `| ${f.label} | ${f.examples} | ${f.matches} | **${figure(f.search)}** | ${figure(f.trigram)} | ${figure(f.bigram)} |`,
    ),
    "",
    scans.length === 0
      ? "No statement of these searches reads enterprises by a sequential scan."
      : `SEQUENTIAL SCANS of enterprises (${scans.length}):\n${scans.map((x) => `- ${x}`).join("\n")}`,
  ];
  return { lines, scans };
}

/** Merge what the GIN indexes of enterprises still hold pending; the pages merged (0: the import left none). */
async function mergePendingLists(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ pages: number }>`
    select coalesce(sum(gin_clean_pending_list(i.indexrelid)), 0)::int as pages
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
    where i.indrelid = 'enterprises'::regclass and a.amname = 'gin'
  `.execute(db);
  return Number(r.rows[0].pages);
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "zt-bench-registry-"));
  const database = DATABASE;
  const url = databaseUrl(SERVER_URL, database);
  console.error(`generating ${ROWS.toLocaleString("en-US")} rows in ${dir}`);
  const generatedAt = performance.now();
  const gen = await generateCsv(dir, ROWS);
  console.error(`  ${mb(gen.bytes)} in ${secs(performance.now() - generatedAt)}; scratch database ${database}`);

  if (!SEARCH_ONLY) await admin(`create database ${database}`);
  const db = createDb(url, 4);
  let failed = false;
  try {
    const lines = [
      `Registry benchmark: ${ROWS.toLocaleString("en-US")} rows, ${mb(gen.bytes)} CSV (UTF-8 with BOM), ` +
        `${gen.badRows.toLocaleString("en-US")} bad rows, ${gen.flagged.toLocaleString("en-US")} wrong check characters; ` +
        `Node ${process.version}, ${os.cpus().length} cores, PostgreSQL at ${new URL(SERVER_URL).host}` +
        (SEARCH_ONLY ? ` (searches only, on the kept database ${database})` : ""),
      "",
      "| measure | result |",
      "| --- | --- |",
    ];
    if (!SEARCH_ONLY) lines.push(...(await importFigures(db, url, gen)));

    console.error("look-ups");
    // The import merged the GIN pending lists and refreshed the statistics itself: nothing should be left.
    const pendingPages = await mergePendingLists(db);
    const byCode = await timed(gen.sampleCodes, (c) => findEnterpriseByCode(db, c.toLowerCase()));
    const byCodePrefix = await timed(gen.sampleCodes, (c) => searchEnterprises(db, { q: c.slice(0, 14) }));
    const byName = await timed(gen.sampleFragments, (q) => searchEnterprises(db, { q }));
    const byName2 = await timed(
      gen.sampleFragments.map((f) => f.slice(0, 2)),
      (q) => searchEnterprises(db, { q }),
    );
    const byNamePage5 = await timed(gen.sampleFragments, (q) => searchEnterprises(db, { q, page: 5 }));
    const sizes = await sql<{ table: string; indexes: string }>`
      select pg_size_pretty(pg_table_size('enterprises')) as table,
             pg_size_pretty(pg_indexes_size('enterprises')) as indexes
    `.execute(db);
    const searches = await measureSearches(db, url, gen);
    failed = searches.scans.length > 0;

    lines.push(
      `| GIN pending-list pages left after the import (merged by the bench before measuring) | ${pendingPages} |`,
      `| enterprises table / its indexes | ${sizes.rows[0].table} / ${sizes.rows[0].indexes} |`,
      `| look-up by code (findEnterpriseByCode), ${LOOKUPS}× | p50 ${byCode.p50.toFixed(1)} ms, p99 ${byCode.p99.toFixed(1)} ms |`,
      `| search by code prefix (14 characters), ${LOOKUPS}× | p50 ${byCodePrefix.p50.toFixed(1)} ms, p99 ${byCodePrefix.p99.toFixed(1)} ms |`,
      `| search by name fragment (3–4 characters), ${LOOKUPS}× | p50 ${byName.p50.toFixed(1)} ms, p99 ${byName.p99.toFixed(1)} ms |`,
      `| same, page 5 | p50 ${byNamePage5.p50.toFixed(1)} ms, p99 ${byNamePage5.p99.toFixed(1)} ms |`,
      `| search by name fragment (2 characters), ${LOOKUPS}× | p50 ${byName2.p50.toFixed(1)} ms, p99 ${byName2.p99.toFixed(1)} ms |`,
      ...searches.lines,
    );
    console.log(lines.join("\n"));
  } finally {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
    if (KEEP) console.error(`kept database ${database}`);
    else await admin(`drop database if exists ${database} with (force)`);
  }
  if (failed) {
    console.error("registry bench: a search read enterprises by a sequential scan");
    process.exitCode = 1;
  }
}

/** Phases 1 and 2: PostgreSQL's own COPY and merge, then the import through the service, twice. */
async function importFigures(db: Kysely<Database>, url: string, gen: Generated): Promise<string[]> {
  await migrateToLatest(db);
  const copyFrom = `from '${gen.file}' with (format csv, header true)`;

  console.error("raw COPY into a bare table");
  await sql`create table bench_raw (c text, n text, l text, r text, a text, s text, d text)`.execute(db);
  const copyMs = await psql(url, `\\copy bench_raw ${copyFrom}`);

  console.error("COPY into a staging table, then one merge into a copy of enterprises with its indexes");
  await sql`create table bench_enterprises (like enterprises including all)`.execute(db);
  await sql`create unlogged table bench_stage (c text, n text, l text, r text, a text, s text, d text)`.execute(db);
  const stageMs = await psql(url, `\\copy bench_stage ${copyFrom}`);
  const mergeStarted = performance.now();
  await sql`
    insert into bench_enterprises (credit_code, name, legal_representative, region_code, address, status, registered_on)
    select distinct on (c) c, n, l, r, a, s, d::date from bench_stage
    where n <> '' and c ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' and d <> '2015-02-30'
    on conflict (credit_code) do update set name = excluded.name
  `.execute(db);
  const copyMergeMs = stageMs + (performance.now() - mergeStarted);
  await sql`drop table bench_raw, bench_stage, bench_enterprises`.execute(db);

  // The service takes the file over and removes it when done: the second run imports a copy.
  const again = `${gen.file}.again.csv`;
  await copyFile(gen.file, again);

  console.error("import through the service");
  const first = await importThroughService(db, gen.file);
  console.error("the same file again through the service (every code already there, nothing changed)");
  const second = await importThroughService(db, again);

  const fileRows = ROWS;
  return [
    `| raw COPY into a bare table (psql \\copy) | ${secs(copyMs)} (${perSecond(fileRows, copyMs)} rows/s) |`,
    `| COPY into staging + one merge into an indexed copy of enterprises | ${secs(copyMergeMs)} (${perSecond(fileRows, copyMergeMs)} rows/s) |`,
    `| **import through the service** (validate, upsert in batches, rejects, progress) | **${secs(first.ms)} (${perSecond(fileRows, first.ms)} rows/s)** |`,
    `| rows read / inserted / updated / rejected | ${countsOf(first)} |`,
    `| RSS of the importing process: before → peak | ${mb(first.rssBefore)} → ${mb(first.rssPeak)} |`,
    `| the same file again (upsert, every row unchanged) | ${secs(second.ms)} (${perSecond(fileRows, second.ms)} rows/s); ${countsOf(second)}; RSS peak ${mb(second.rssPeak)} |`,
  ];
}

await main();
