/**
 * The enterprise registry (法人库): look-ups by credit code and search by code or by words of the name, served
 * by the unique index on the code and the bigram and folded-name indexes on the name; the upkeep of those
 * indexes after an import; and the imports' progress and reports.
 */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { checkCreditCode, normalizeCreditCode, type CreditCodeCheck } from "~/domain/credit-code";
import { BAD_CHECK_CHARACTER_WARNING } from "~/domain/registry-row";
import {
  DEREGISTERED_MARKERS,
  deregistration,
  parseNameQuery,
  unaffectedByFolding,
  type NameQuery,
} from "~/domain/registry-search";
import type { Db } from "./audit.server";
import { readThroughIndexes } from "./index-reads.server";

export const REGISTRY_PAGE_SIZE = 20;
/** Deep pages are no use to a person; counting past this is not either. */
const MAX_COUNTED = 10_000;
const MAX_PAGE = MAX_COUNTED / REGISTRY_PAGE_SIZE;

export interface EnterpriseListItem {
  id: number;
  creditCode: string;
  name: string;
  legalRepresentative: string | null;
  regionCode: string | null;
  /** The county or district of the city whose region code this is; null outside the city. */
  regionName: string | null;
  address: string | null;
  status: string;
  registeredOn: string | null;
  /** "bad_check_character" for codes that fail the GB 32100 check (imported, to be verified). */
  codeCheck: CreditCodeCheck;
  /** Deregistered (注销) or revoked (吊销) by its status: flagged wherever it is listed. */
  deregistration: ReturnType<typeof deregistration>;
}

/** The short name of the city's county or district with this region code (null outside the city). */
function regionName(ref: "e.region_code") {
  return sql<string | null>`(
    select o.short_name from organisations o where o.kind = 'county' and o.region_code = ${sql.ref(ref)} limit 1
  )`.as("regionName");
}

/** What a registry entry shows, read from `enterprises as e`. */
const ENTERPRISE_COLUMNS = [
  "e.id",
  "e.credit_code as creditCode",
  "e.name",
  "e.legal_representative as legalRepresentative",
  "e.region_code as regionCode",
  regionName("e.region_code"),
  "e.address",
  "e.status",
  "e.registered_on as registeredOn",
] as const;

function selectEnterprise(db: Db) {
  return db.selectFrom("enterprises as e").select(ENTERPRISE_COLUMNS);
}

function withCheck<T extends { creditCode: string; status: string }>(
  row: T,
): T & Pick<EnterpriseListItem, "codeCheck" | "deregistration"> {
  return { ...row, codeCheck: checkCreditCode(row.creditCode), deregistration: deregistration(row.status) };
}

/** The registry entry with this code (normalised: case, spaces, full-width), or null. */
export async function findEnterpriseByCode(db: Db, code: string): Promise<EnterpriseListItem | null> {
  const normalised = normalizeCreditCode(code);
  if (normalised === "") return null;
  const row = await selectEnterprise(db).where("e.credit_code", "=", normalised).executeTakeFirst();
  return row ? withCheck(row) : null;
}

export interface EnterpriseSearch {
  q: string;
  /**
   * What the query was read as: a credit code (or its beginning), words of the name, or a single character
   * (names beginning with it: a character has no bigram to look for elsewhere in a name).
   */
  mode: "all" | "code" | "name" | "prefix";
  page: number;
  pageCount: number;
  /** Matches, counted up to 10,000 (the whole registry's size, estimated, when there is no query). */
  total: number;
  totalCapped: boolean;
  rows: EnterpriseListItem[];
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Search by credit code (exact, or its first characters) or by words of the name, 20 to a page.
 *
 * A code, or its beginning, is a range of the unique index on the code, read in order: the exact code first.
 * Words of a name (two characters or more, in any order: "湘桥 恒达") are found through the index of the
 * names' character bigrams (see nameMatches); the names beginning with the first word come first, then
 * those containing the words; live firms before deregistered ones, shorter names before longer. Counting
 * and paging stop at 10,000: past that, a person narrows the query rather than reads on.
 */
export async function searchEnterprises(
  db: Kysely<Database>,
  input: { q?: string | null; page?: number | null },
): Promise<EnterpriseSearch> {
  const q = (input.q ?? "")
    .replace(/[\s\u3000]+/g, " ")
    .trim()
    .slice(0, 100);
  const requested = Math.min(Math.max(1, Math.trunc(input.page ?? 1) || 1), MAX_PAGE);
  if (q === "") return listAll(db, requested);
  const code = normalizeCreditCode(q);
  if (/^[0-9A-Z]{2,18}$/.test(code) && /\d/.test(code)) {
    // A code's beginning may be a good part of the registry (a county's 6 digits): still read through the
    // code's index, in its order, and counted up to 10,001 there (see readThroughIndexes).
    const byCode = await readThroughIndexes(db, (db) => searchByCode(db, code, requested));
    // "3M", say, is a name that only looks like the start of a code.
    if (byCode.total > 0) return { ...byCode, q };
  }
  return { ...(await searchByName(db, q, requested)), q };
}

async function listAll(db: Kysely<Database>, requested: number): Promise<EnterpriseSearch> {
  const size = await registrySize(db);
  const total = Math.min(size.count, MAX_COUNTED);
  const pageCount = Math.max(1, Math.ceil(total / REGISTRY_PAGE_SIZE));
  const page = Math.min(requested, pageCount);
  const rows = await selectEnterprise(db)
    .orderBy("e.id", "desc")
    .limit(REGISTRY_PAGE_SIZE)
    .offset((page - 1) * REGISTRY_PAGE_SIZE)
    .execute();
  return { q: "", mode: "all", page, pageCount, total: size.count, totalCapped: false, rows: rows.map(withCheck) };
}

async function searchByCode(db: Db, code: string, requested: number): Promise<EnterpriseSearch> {
  // Every code is 18 characters of [0-9A-Y]: those starting with `code` lie between it and it padded with Z,
  // in the byte order and in any locale's order alike, so the b-tree serves the range even where it cannot
  // serve LIKE (a non-C collation).
  const upper = code.padEnd(18, "Z");
  const inRange = (eb: ExpressionBuilder<{ e: Database["enterprises"] }, "e">) =>
    eb.and([
      eb("e.credit_code", ">=", code),
      eb("e.credit_code", "<=", upper),
      eb("e.credit_code", "like", `${escapeLike(code)}%`),
    ]);
  const counted = await db
    .selectFrom(
      db
        .selectFrom("enterprises as e")
        .select(sql.lit(1).as("one"))
        .where(inRange)
        .limit(MAX_COUNTED + 1)
        .as("m"),
    )
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const matches = Number(counted.n);
  const total = Math.min(matches, MAX_COUNTED);
  const pageCount = Math.max(1, Math.ceil(total / REGISTRY_PAGE_SIZE));
  const page = Math.min(requested, pageCount);
  const rows =
    total === 0
      ? []
      : await selectEnterprise(db)
          .where(inRange)
          .orderBy("e.credit_code")
          .limit(REGISTRY_PAGE_SIZE)
          .offset((page - 1) * REGISTRY_PAGE_SIZE)
          .execute();
  return {
    q: code,
    mode: "code",
    page,
    pageCount,
    total,
    totalCapped: matches > MAX_COUNTED,
    rows: rows.map(withCheck),
  };
}

/** Deregistered (注销) or revoked (吊销) by its status, as deregistration() of the domain reads it. */
const deregisteredRef = sql<boolean>`(e.status like any(${DEREGISTERED_MARKERS.map((m) => `%${m}%`)}::text[]))`;

/** The name as a word is compared with it: as stored where folding cannot matter to the word, else folded. */
function nameFor(word: string) {
  return unaffectedByFolding(word) ? sql<string>`e.name` : sql<string>`registry_fold(e.name)`;
}

interface NameMatch {
  id: number;
  name: string;
  deregistered: boolean;
  /** 1: the name begins with the first word typed; 2: it contains the words. */
  rank: number;
}

/**
 * The bigram index is in parts, each a partial GIN index over blocks of ids taken in turn (migration
 * 2026_12_07_1000_registry_bigrams): part k holds the names whose id / 1024 % 8 is k.
 */
const BIGRAM_PARTS = 8;
const BIGRAM_BLOCK = 1024;

/** Up to this many names beginning with a one-word query are found through the b-tree, all of them. */
const PREFIX_COMPLETE = 1_000;

/**
 * The matches of a name query, with what ranks them: rank 1 when the name begins with the first word, 2 when
 * it only contains the words. Names containing the words come from the bigram index, one part after the
 * other (every bigram of the query in the name's, then the words themselves in the name), until 10,001 are
 * found: a GIN index hands over all its matches at once, and a word in most names (有限, 潮州) has hundreds
 * of thousands, but one part holds an eighth of them, and a common word fills the count from the first part
 * or two. For a one-word query, the names beginning with it come first from the b-tree on the folded name,
 * in its order: when there are at most 1,000 they are all found, so they rank first however many other names
 * contain the word, and the bigram index is asked only for the others; when there are more, the bigram
 * index finds them too, and they rank first among the 10,001 found. A one-character query looks only for
 * names beginning with it. Only what ranks a match is carried; the page's rows are read by id once ranked.
 */
function nameMatches(db: Transaction<Database>, query: Exclude<NameQuery, { kind: "empty" }>) {
  const folded = sql<string>`registry_fold(e.name)`;
  const firstPattern = `${escapeLike(query.first)}%`;
  const beginsWithFirst = sql<boolean>`${nameFor(query.first)} like ${firstPattern}`;
  const byPrefix = (limit: number) =>
    db
      .selectFrom("enterprises as e")
      .select(["e.id", "e.name", deregisteredRef.as("deregistered"), sql<number>`1`.as("rank")])
      // The b-tree's own expression and order (text_pattern_ops: ~<~), for the index to serve both.
      .where(sql<boolean>`${folded} like ${firstPattern}`)
      .orderBy(sql`${folded} using ~<~`)
      .limit(limit);
  if (query.kind === "prefix") return sql<NameMatch>`(${byPrefix(MAX_COUNTED + 1)})`.as("m");
  const oneWord = query.words.length === 1;
  // One word: are the names beginning with it all in p? (p is the CTE below.)
  const prefixComplete = sql<boolean>`((select count(*) from p) <= ${PREFIX_COMPLETE})`;
  const inPart = (part: number) =>
    db
      .selectFrom("enterprises as e")
      .select([
        "e.id",
        "e.name",
        deregisteredRef.as("deregistered"),
        sql<number>`case when ${beginsWithFirst} then 1 else 2 end`.as("rank"),
      ])
      // The part's own predicate, spelled as its index's, for the planner to take that index.
      .where(sql<boolean>`(e.id / ${sql.lit(BIGRAM_BLOCK)}) % ${sql.lit(BIGRAM_PARTS)} = ${sql.lit(part)}`)
      .where(sql<boolean>`registry_bigrams(e.name) @> ${query.bigrams}::text[]`)
      .where((eb) => eb.and(query.words.map((w) => eb(sql`strpos(${nameFor(w)}, ${w})`, ">", 0))))
      .$if(oneWord, (qb) => qb.where(sql<boolean>`(not ${prefixComplete} or not (${beginsWithFirst}))`));
  let parts = inPart(0);
  for (let part = 1; part < BIGRAM_PARTS; part++) parts = parts.unionAll(inPart(part));
  // The parts in turn: the limit stops the reading at the 10,001st match.
  const byWords = db
    .selectFrom(parts.as("parts"))
    .selectAll()
    .limit(MAX_COUNTED + 1);
  if (!oneWord) return sql<NameMatch>`(${byWords})`.as("m");
  return sql<NameMatch>`(
    with p as (${byPrefix(PREFIX_COMPLETE + 1)}), w as (${byWords})
    select * from p where ${prefixComplete} union all select * from w
  )`.as("m");
}

async function searchByName(db: Kysely<Database>, q: string, requested: number): Promise<EnterpriseSearch> {
  const query = parseNameQuery(q);
  const mode = query.kind === "prefix" ? "prefix" : "name";
  if (query.kind === "empty") return { q, mode, page: 1, pageCount: 1, total: 0, totalCapped: false, rows: [] };
  return db.transaction().execute(async (trx) => {
    // Never a sequential scan of the registry. The planner takes the indexes for these statements as they
    // stand (at 20,000 and at 1,000,000 names); this makes it a rule rather than an estimate's outcome. For a
    // word in most names a scan until 10,001 matches looks cheap, assuming the matches spread evenly; where
    // they are not (a district imported last, at the end of the table), it reads a million rows. Through
    // the indexes the cost has a bound whatever the order of the rows.
    await sql`set local enable_seqscan = off`.execute(trx);
    // A search is one of many short requests on few cores: parallel workers only add their start-up.
    await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
    return searchByNameIn(trx, query, mode, q, requested);
  });
}

async function searchByNameIn(
  db: Transaction<Database>,
  query: Exclude<NameQuery, { kind: "empty" }>,
  mode: "name" | "prefix",
  q: string,
  requested: number,
): Promise<EnterpriseSearch> {
  const pageOf = (page: number) => {
    // Exact code first is the code search's (an exact code is the first of the codes it begins); here the
    // names beginning with the query, then those containing it; live firms before deregistered ones, and
    // the shortest names (the closest to the query) first.
    const ranked = db
      .selectFrom(nameMatches(db, query))
      .select([
        "m.id",
        "m.rank",
        "m.deregistered",
        sql<number>`char_length(m.name)`.as("length"),
        "m.name",
        sql<number>`count(*) over ()`.as("matches"),
      ])
      .orderBy("m.rank")
      .orderBy("m.deregistered")
      .orderBy(sql`char_length(m.name)`)
      .orderBy("m.name")
      .orderBy("m.id")
      .limit(REGISTRY_PAGE_SIZE)
      .offset((page - 1) * REGISTRY_PAGE_SIZE)
      .as("r");
    return db
      .selectFrom(ranked)
      .innerJoin("enterprises as e", "e.id", "r.id")
      .select([...ENTERPRISE_COLUMNS, "r.matches"])
      .orderBy("r.rank")
      .orderBy("r.deregistered")
      .orderBy("r.length")
      .orderBy("r.name")
      .orderBy("r.id")
      .execute();
  };
  let page = requested;
  let rows = await pageOf(page);
  if (rows.length === 0 && page > 1) {
    // Past the last page (a stale link): show the last one there is.
    page = 1;
    rows = await pageOf(1);
    const last = rows.length > 0 ? Math.ceil(Math.min(Number(rows[0].matches), MAX_COUNTED) / REGISTRY_PAGE_SIZE) : 1;
    if (last > 1) {
      page = last;
      rows = await pageOf(last);
    }
  }
  const found = rows.length > 0 ? Number(rows[0].matches) : 0;
  const total = Math.min(found, MAX_COUNTED);
  return {
    q,
    mode,
    page,
    pageCount: Math.max(1, Math.ceil(total / REGISTRY_PAGE_SIZE)),
    total,
    totalCapped: found > MAX_COUNTED,
    rows: rows.map(({ matches: _matches, ...row }) => withCheck(row)),
  };
}

/**
 * How many entries the registry holds: the planner's estimate once it is over 10,000 entries (counting them
 * reads the whole table; an import refreshes the estimate with ANALYZE, see tidyRegistryIndexes).
 */
export async function registrySize(db: Kysely<Database>): Promise<{ count: number; estimated: boolean }> {
  const estimate = await sql<{ n: number }>`
    select greatest(reltuples, 0)::bigint as n from pg_class where oid = 'enterprises'::regclass
  `.execute(db);
  const n = Number(estimate.rows[0]?.n ?? 0);
  if (n > 10_000) return { count: n, estimated: true };
  const exact = await db
    .selectFrom("enterprises")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { count: Number(exact.n), estimated: false };
}

/**
 * The registry's indexes after a bulk write. The GIN indexes (bigrams, trigrams) take new entries into a
 * pending list that every search reads whole, and on these servers (autovacuum off) nothing else merges it
 * until it reaches gin_pending_list_limit: merge it now. After many rows, refresh the planner's statistics
 * too (the registry size it estimates, the bigrams' frequencies).
 */
export async function tidyRegistryIndexes(db: Kysely<Database>, opts: { analyze: boolean }): Promise<void> {
  await sql`
    select gin_clean_pending_list(i.indexrelid)
    from pg_index i
    join pg_class c on c.oid = i.indexrelid
    join pg_am a on a.oid = c.relam
    where i.indrelid = 'enterprises'::regclass and a.amname = 'gin'
  `.execute(db);
  if (opts.analyze) await sql`analyze enterprises`.execute(db);
}

export type RegistryImportStatus = Database["registry_imports"]["status"];

/** How each state of an import reads on the office's pages (app/domain/labels.ts), and its badge. */
export { IMPORT_STATUS_LABEL } from "~/domain/labels";
export const IMPORT_STATUS_BADGE: Record<RegistryImportStatus, string> = {
  queued: "badge--grey",
  running: "badge--warn",
  done: "badge--ok",
  failed: "badge--red",
};

const IMPORT_COLUMNS = [
  "i.id",
  "i.filename",
  "i.format",
  "i.status",
  "i.bytes_total as bytesTotal",
  "i.bytes_read as bytesRead",
  "i.rows_read as rowsRead",
  "i.rows_inserted as rowsInserted",
  "i.rows_updated as rowsUpdated",
  "i.rows_rejected as rowsRejected",
  "i.error",
  "i.created_at as createdAt",
  "i.finished_at as finishedAt",
  "u.display_name as createdByName",
] as const;

/** The latest imports, newest first. */
export async function listRegistryImports(db: Db, limit = 20) {
  return db
    .selectFrom("registry_imports as i")
    .leftJoin("users as u", "u.id", "i.created_by")
    .select(IMPORT_COLUMNS)
    .orderBy("i.id", "desc")
    .limit(limit)
    .execute();
}

/** One import with its counters, how many imported rows were flagged, and the first problems. */
export async function getRegistryImport(db: Db, id: number, sampleSize = 20) {
  const row = await db
    .selectFrom("registry_imports as i")
    .leftJoin("users as u", "u.id", "i.created_by")
    .select(IMPORT_COLUMNS)
    .where("i.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const [flagged, sample] = await Promise.all([
    db
      .selectFrom("registry_import_rejects")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("import_id", "=", id)
      .where("reason", "=", BAD_CHECK_CHARACTER_WARNING)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("registry_import_rejects")
      .select(["row_number as rowNumber", "raw", "reason"])
      .where("import_id", "=", id)
      .orderBy("row_number")
      .limit(sampleSize)
      .execute(),
  ]);
  return { ...row, rowsFlagged: Number(flagged.n), sample };
}

/** The import's id and file name, or undefined: enough to name its report. */
export async function findRegistryImport(db: Db, id: number) {
  return db.selectFrom("registry_imports").select(["id", "filename"]).where("id", "=", id).executeTakeFirst();
}

/** Every rejected or flagged row of an import in file order, a page at a time (a report may hold a million). */
export async function* importRejects(db: Db, id: number, chunk = 5_000) {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("registry_import_rejects")
      .select(["row_number as rowNumber", "raw", "reason"])
      .where("import_id", "=", id)
      .where("row_number", ">", after)
      .orderBy("row_number")
      .limit(chunk)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].rowNumber;
    if (rows.length < chunk) return;
  }
}
