/**
 * The enterprise registry (法人库): look-ups by credit code and search by code or part of the name, served by
 * the unique index on the code and the trigram indexes on name and code; and the imports' progress and reports.
 */
import { sql, type ExpressionBuilder, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { checkCreditCode, normalizeCreditCode, type CreditCodeCheck } from "~/domain/credit-code";
import { BAD_CHECK_CHARACTER_WARNING } from "~/domain/registry-row";
import type { Db } from "./audit.server";

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
}

/** The short name of the city's county or district with this region code (null outside the city). */
function regionName(ref: "e.region_code" | "m.region_code") {
  return sql<string | null>`(
    select o.short_name from organisations o where o.kind = 'county' and o.region_code = ${sql.ref(ref)} limit 1
  )`.as("regionName");
}

function selectEnterprise(db: Db) {
  return db
    .selectFrom("enterprises as e")
    .select([
      "e.id",
      "e.credit_code as creditCode",
      "e.name",
      "e.legal_representative as legalRepresentative",
      "e.region_code as regionCode",
      regionName("e.region_code"),
      "e.address",
      "e.status",
      "e.registered_on as registeredOn",
    ]);
}

function withCheck<T extends { creditCode: string }>(row: T): T & { codeCheck: CreditCodeCheck } {
  return { ...row, codeCheck: checkCreditCode(row.creditCode) };
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
  /** What the query was read as: a credit code (or its beginning), or part of the name. */
  mode: "all" | "code" | "name";
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

const ENTERPRISE_COLUMNS = [
  "e.id",
  "e.credit_code",
  "e.name",
  "e.legal_representative",
  "e.region_code",
  "e.address",
  "e.status",
  "e.registered_on",
] as const;

/**
 * Search by credit code (exact, or its first characters) or by part of the name, 20 to a page.
 *
 * A code, or its beginning, is a range of the unique index on the code, read in order. A name fragment of
 * three characters or more is found through the trigram index (shorter ones by a scan that stops at the
 * first 10,000 matches); of at most 10,000 matches, the names closest to the query come first. Counting and
 * paging stop at 10,000: past that, a person narrows the query rather than reads on.
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
    const byCode = await searchByCode(db, code, requested);
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

async function searchByCode(db: Kysely<Database>, code: string, requested: number): Promise<EnterpriseSearch> {
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

async function searchByName(db: Kysely<Database>, q: string, requested: number): Promise<EnterpriseSearch> {
  // LIKE where case cannot matter (Chinese): it is much cheaper than ILIKE on every row a scan rechecks.
  const operator = /[a-z]/i.test(q) ? "ilike" : "like";
  const matches = db
    .selectFrom("enterprises as e")
    .select(ENTERPRISE_COLUMNS)
    .where("e.name", operator, `%${escapeLike(q)}%`)
    .limit(MAX_COUNTED + 1)
    .as("m");
  const pageOf = (page: number) =>
    db
      .selectFrom(matches)
      .select([
        "m.id",
        "m.credit_code as creditCode",
        "m.name",
        "m.legal_representative as legalRepresentative",
        "m.region_code as regionCode",
        regionName("m.region_code"),
        "m.address",
        "m.status",
        "m.registered_on as registeredOn",
        sql<number>`count(*) over ()`.as("matches"),
      ])
      .orderBy(sql`similarity(m.name, ${q})`, "desc")
      .orderBy("m.name")
      .orderBy("m.id")
      .limit(REGISTRY_PAGE_SIZE)
      .offset((page - 1) * REGISTRY_PAGE_SIZE)
      .execute();
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
    mode: "name",
    page,
    pageCount: Math.max(1, Math.ceil(total / REGISTRY_PAGE_SIZE)),
    total,
    totalCapped: found > MAX_COUNTED,
    rows: rows.map(({ matches: _matches, ...row }) => withCheck(row)),
  };
}

/** How many entries the registry holds: the planner's estimate when it is large (exact counting is slow). */
export async function registrySize(db: Kysely<Database>): Promise<{ count: number; estimated: boolean }> {
  const estimate = await sql<{ n: number }>`
    select greatest(reltuples, 0)::bigint as n from pg_class where oid = 'enterprises'::regclass
  `.execute(db);
  const n = Number(estimate.rows[0]?.n ?? 0);
  if (n > 100_000) return { count: n, estimated: true };
  const exact = await db
    .selectFrom("enterprises")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { count: Number(exact.n), estimated: false };
}

export type RegistryImportStatus = Database["registry_imports"]["status"];

/** How each state of an import reads on the office's pages, and its badge. */
export const IMPORT_STATUS_LABEL: Record<RegistryImportStatus, string> = {
  queued: "排队中",
  running: "导入中",
  done: "已完成",
  failed: "失败",
};
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
