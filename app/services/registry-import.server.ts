/**
 * Importing the enterprise registry (法人库) from a CSV or XLSX file of up to a million rows and more.
 *
 * The upload is streamed to a temporary file; the import then runs in the app process after the response
 * (the browser goes to the progress page), reading the file as a stream, and upserting by credit code in
 * batches: memory stays flat whatever the file's size. Each batch commits with the import's counters, so the
 * progress page sees them move, and an import cut short has kept what it committed (importing the file
 * again is harmless: it is an upsert). Rows are applied in file order: when a code comes again, the later
 * row wins.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { copyFile, mkdir, open, readdir, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { CsvError, parse as parseCsv } from "csv-parse";
import ExcelJS from "exceljs";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import {
  mapRegistryHeader,
  parseRegistryRow,
  rowCells,
  standardCells,
  type RegistryCell,
  type RegistryEntry,
  type RegistryField,
  type RegistryHeader,
  type RegistryRowCells,
} from "~/domain/registry-row";
import { displayFilename } from "~/domain/attachment";
import { appendAudit } from "~/models/audit.server";
import { tidyRegistryIndexes } from "~/models/registry.server";
import { now as clockNow } from "~/utils/clock.server";
import { onDisk, receiveForm } from "~/utils/uploads.server";

export const MAX_REGISTRY_UPLOAD_BYTES = 500 * 1024 * 1024;
export const REGISTRY_UPLOAD_DIR = path.join(os.tmpdir(), "zhitongche-registry-imports");
export const INTERRUPTED_IMPORT_ERROR = "导入过程中服务重启,请重新上传";

/**
 * pg_advisory_lock(IMPORT_OWNER_LOCK, import id) is held by the instance running that import, on a connection
 * of its own, from before the import's row exists until the import ends. An import left queued or running
 * whose lock nobody holds was cut off: its instance stopped or died (failInterruptedImports).
 */
const IMPORT_OWNER_LOCK = 72_083;

/** Rows per upsert statement and commit: large enough to be fast, small enough for steady progress. */
const DEFAULT_BATCH_SIZE = 5_000;
const MAX_CSV_RECORD_CHARS = 100_000;
const ANALYZE_AFTER_WRITTEN = 10_000;

export type RegistryFileFormat = "csv" | "xlsx";

export type ReceivedUpload = { ok: true; filePath: string; filename: string } | { ok: false; error: string };

/**
 * Stream the `file` field of a multipart request to a temporary file (never into memory). The file on disk
 * is named at random; the upload's own name is only kept as a display name.
 */
export async function receiveRegistryUpload(request: Request, field = "file"): Promise<ReceivedUpload> {
  if (!/^multipart\/form-data\s*;\s*boundary=/i.test(request.headers.get("Content-Type") ?? "")) {
    return { ok: false, error: "请选择要导入的 CSV 或 XLSX 文件" };
  }
  const tooLarge = "文件超过 500 MB,请拆分后分批导入";
  const form = await receiveForm(
    request,
    {
      fileField: field,
      maxFiles: 1,
      maxFileBytes: MAX_REGISTRY_UPLOAD_BYTES,
      maxTotalBytes: MAX_REGISTRY_UPLOAD_BYTES + 1024 * 1024,
      tooManyFiles: "一次只能导入一个文件",
      bodyTooLarge: tooLarge,
      fileTooLarge: () => tooLarge,
    },
    onDisk(REGISTRY_UPLOAD_DIR, "upload"),
  );
  if (!form.ok) return { ok: false, error: form.error };
  const [received] = form.files;
  if (!received) return { ok: false, error: "请选择要导入的 CSV 或 XLSX 文件" };
  return { ok: true, filePath: received.file, filename: received.filename };
}

/** What the file is, from its first bytes (the name only has to agree). */
export async function sniffRegistryFile(
  filePath: string,
  filename: string,
): Promise<{ ok: true; format: RegistryFileFormat; bytes: number } | { ok: false; error: string }> {
  const handle = await open(filePath, "r");
  let head: Buffer;
  let bytes: number;
  try {
    bytes = (await handle.stat()).size;
    head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  const ext = path.extname(filename).toLowerCase();
  if (bytes === 0) return { ok: false, error: "文件是空的" };
  if (head.readUInt32BE(0) === 0xd0cf11e0) {
    return { ok: false, error: "不支持旧版 Excel(.xls)文件,请在 Excel 中另存为 .xlsx 或 CSV 后上传" };
  }
  const zip = head.readUInt32BE(0) === 0x504b0304;
  if (ext === ".xlsx")
    return zip ? { ok: true, format: "xlsx", bytes } : { ok: false, error: "文件不是有效的 XLSX 文件" };
  if (ext === ".csv" || ext === ".txt") {
    return zip
      ? { ok: false, error: "文件内容是 Excel 工作簿,请把扩展名改为 .xlsx" }
      : { ok: true, format: "csv", bytes };
  }
  return { ok: false, error: "仅支持 CSV(.csv)或 Excel(.xlsx)文件" };
}

export interface ImportOutcome {
  status: "done" | "failed";
  error: string | null;
}

export type StartedImport =
  { ok: true; id: number; format: RegistryFileFormat; finished: Promise<ImportOutcome> } | { ok: false; error: string };

/**
 * Record the import and start it in the background. The service owns the file from here on: it is moved
 * next to the other uploads under the import's id and removed when the import ends, whichever way.
 */
export async function startRegistryImport(
  db: Kysely<Database>,
  input: { filePath: string; filename: string; actorId: number | null; now: Date; batchSize?: number },
): Promise<StartedImport> {
  const sniffed = await sniffRegistryFile(input.filePath, input.filename);
  if (!sniffed.ok) {
    await rm(input.filePath, { force: true });
    return sniffed;
  }
  const filename = displayFilename(input.filename);
  const format = sniffed.format;
  let settle!: (outcome: ImportOutcome) => void;
  const finished = new Promise<ImportOutcome>((resolve) => (settle = resolve));
  return new Promise<StartedImport>((resolve, reject) => {
    // The connection that holds the import's owner lock from before its row exists until it ends.
    db.connection()
      .execute(async (owner) => {
        const { id } = (
          await sql<{
            id: number;
          }>`select nextval(pg_get_serial_sequence('registry_imports', 'id'))::int as id`.execute(owner)
        ).rows[0];
        await sql`select pg_advisory_lock(${IMPORT_OWNER_LOCK}, ${id})`.execute(owner);
        try {
          const created = await recordQueuedImport(db, {
            id,
            filename,
            format,
            bytes: sniffed.bytes,
            actorId: input.actorId,
            now: input.now,
          });
          if (!created.ok) {
            await rm(input.filePath, { force: true });
            return resolve(created);
          }
          const ownPath = await moveInto(input.filePath, importFilePath(id, format));
          resolve({ ok: true, id, format, finished });
          settle(
            await runRegistryImport(db, {
              id,
              filePath: ownPath,
              format,
              batchSize: input.batchSize ?? DEFAULT_BATCH_SIZE,
            }),
          );
        } finally {
          await sql`select pg_advisory_unlock(${IMPORT_OWNER_LOCK}, ${id})`.execute(owner);
        }
      })
      // Before the import is under way this refuses the upload; afterwards runRegistryImport has recorded the
      // outcome, and an unlock that failed (the database gone) was released with the connection anyway.
      .catch(reject);
  });
}

/** The import's row, unless another import is still queued or running. */
async function recordQueuedImport(
  db: Kysely<Database>,
  input: { id: number; filename: string; format: RegistryFileFormat; bytes: number; actorId: number | null; now: Date },
): Promise<{ ok: true } | { ok: false; error: string }> {
  const { filename } = input;
  return db.transaction().execute(async (trx) => {
    // One import at a time: two running upserts over the same codes would only fight over row locks.
    await sql`select pg_advisory_xact_lock(hashtext('registry_import'))`.execute(trx);
    const busy = await trx
      .selectFrom("registry_imports")
      .select("id")
      .where("status", "in", ["queued", "running"])
      .executeTakeFirst();
    if (busy) return { ok: false as const, error: `第 ${busy.id} 号导入尚未结束,请等它完成后再上传` };
    await trx
      .insertInto("registry_imports")
      .values({
        id: input.id,
        filename,
        format: input.format,
        status: "queued",
        bytes_total: input.bytes,
        created_by: input.actorId,
        created_at: input.now,
      })
      .execute();
    await appendAudit(trx, {
      entity: "registry_import",
      entityId: input.id,
      action: "registry_import.started",
      actorId: input.actorId,
      at: input.now,
      to: { filename, format: input.format, bytes: input.bytes },
    });
    return { ok: true as const };
  });
}

/**
 * The import's own copy of its file, named by its id. The random part keeps the copies of two databases
 * served on one machine (a test run beside a demo) from overwriting each other.
 */
function importFilePath(id: number, format: RegistryFileFormat): string {
  return path.join(REGISTRY_UPLOAD_DIR, `registry-import-${id}-${randomUUID()}.${format}`);
}

async function removeImportFiles(ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const names = await readdir(REGISTRY_UPLOAD_DIR).catch(() => [] as string[]);
  const prefixes = ids.map((id) => `registry-import-${id}-`);
  const leftovers = names.filter((n) => prefixes.some((prefix) => n.startsWith(prefix)));
  await Promise.all(leftovers.map((n) => rm(path.join(REGISTRY_UPLOAD_DIR, n), { force: true })));
}

async function moveInto(from: string, to: string): Promise<string> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
  return to;
}

/**
 * At start-up and in every deadline sweep: an import left queued or running whose owner lock is free was cut
 * off (its instance stopped or died). It cannot go on — its file was on that instance's disk — so it is
 * marked failed with a reason the office can read, and any file of it here removed. An import another
 * instance is running holds its lock and is left alone.
 */
export async function failInterruptedImports(db: Kysely<Database>, at: Date = clockNow()): Promise<number[]> {
  const failed = await db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable("registry_imports")
      .set({ status: "failed", error: INTERRUPTED_IMPORT_ERROR, finished_at: at })
      .where("status", "in", ["queued", "running"])
      // Taken (until the commit) only where nobody holds it; never waits.
      .where(sql<boolean>`pg_try_advisory_xact_lock(${IMPORT_OWNER_LOCK}, id)`)
      .returning("id")
      .execute();
    for (const r of rows) {
      await appendAudit(trx, {
        entity: "registry_import",
        entityId: r.id,
        action: "registry_import.failed",
        actorId: null,
        at,
        reason: INTERRUPTED_IMPORT_ERROR,
      });
    }
    return rows;
  });
  const ids = failed.map((r) => r.id);
  await removeImportFiles(ids);
  return ids;
}

/** An error whose message is meant for the platform office as it is. */
class ImportProblem extends Error {}

interface SourceRow {
  /** The row's number as a spreadsheet shows it (the header is row 1). */
  rowNumber: number;
  cells: RegistryCell[];
}

interface RowSource {
  rows: AsyncIterable<SourceRow>;
  bytesRead(): number;
  close(): void;
}

/** The counters written to registry_imports after every batch. */
interface Counters {
  rows_read: number;
  rows_inserted: number;
  rows_updated: number;
  rows_rejected: number;
  bytes_read: number;
}

interface PendingReject {
  row_number: number;
  raw: string;
  reason: string;
  /** False for a row imported with a warning (a wrong check character). */
  rejected: boolean;
}

/** Run an import to its end; never throws: a failure is recorded on the import. */
export async function runRegistryImport(
  db: Kysely<Database>,
  job: { id: number; filePath: string; format: RegistryFileFormat; batchSize: number },
): Promise<ImportOutcome> {
  let source: RowSource | undefined;
  const counters: Counters = { rows_read: 0, rows_inserted: 0, rows_updated: 0, rows_rejected: 0, bytes_read: 0 };
  try {
    await db.updateTable("registry_imports").set({ status: "running" }).where("id", "=", job.id).execute();
    source = job.format === "csv" ? await csvSource(job.filePath) : xlsxSource(job.filePath);
    await importRows(db, job, source, counters);
    // The new names wait in the GIN indexes' pending lists, and a large import leaves the planner's
    // statistics (and the registry size it estimates) far behind.
    const written = counters.rows_inserted + counters.rows_updated;
    if (written > 0) await tidyRegistryIndexes(db, { analyze: written >= ANALYZE_AFTER_WRITTEN });
    const at = clockNow();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("registry_imports")
        .set({ ...counters, status: "done", finished_at: at })
        .where("id", "=", job.id)
        .execute();
      await appendAudit(trx, {
        entity: "registry_import",
        entityId: job.id,
        action: "registry_import.finished",
        actorId: null,
        at,
        to: {
          read: counters.rows_read,
          inserted: counters.rows_inserted,
          updated: counters.rows_updated,
          rejected: counters.rows_rejected,
        },
      });
    });
    return { status: "done", error: null };
  } catch (e) {
    const error = describeFailure(e, counters);
    // A broken file is the office's to fix, not a fault of the server: only the unexpected is logged.
    if (!(e instanceof ImportProblem) && !(e instanceof CsvError)) console.error(`[registry import ${job.id}]`, e);
    const at = clockNow();
    try {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("registry_imports")
          .set({ status: "failed", error, finished_at: at })
          .where("id", "=", job.id)
          .execute();
        await appendAudit(trx, {
          entity: "registry_import",
          entityId: job.id,
          action: "registry_import.failed",
          actorId: null,
          at,
          reason: error,
        });
      });
    } catch (recordError) {
      // The database itself is gone (shutting down): failInterruptedImports settles it at the next start.
      console.error(`[registry import ${job.id}] could not record the failure`, recordError);
    }
    return { status: "failed", error };
  } finally {
    source?.close();
    await rm(job.filePath, { force: true }).catch(() => undefined);
  }
}

function describeFailure(e: unknown, counters: Counters): string {
  const done =
    counters.rows_read > 0 ? `(已处理前 ${counters.rows_read} 行,重新上传修正后的文件即可,已导入的行会被更新)` : "";
  if (e instanceof ImportProblem) return `${e.message}${done}`;
  if (e instanceof CsvError) {
    const where = typeof e.lines === "number" ? `第 ${e.lines} 行附近` : "";
    const what =
      e.code === "CSV_QUOTE_NOT_CLOSED" || e.code === "CSV_MAX_RECORD_SIZE"
        ? "引号没有成对出现,或一行内容过长"
        : "CSV 格式错误";
    return `${where}${what},无法继续读取${done}`;
  }
  return `导入中断:${e instanceof Error ? e.message : String(e)}${done}`;
}

async function importRows(
  db: Kysely<Database>,
  job: { id: number; batchSize: number },
  source: RowSource,
  counters: Counters,
) {
  let header: RegistryHeader | undefined;
  let batch: RegistryEntry[] = [];
  let batchCodes = new Set<string>();
  let rejects: PendingReject[] = [];
  let rowsInBatch = 0;
  // The batch being written while the next one is read: reading and writing overlap, in file order.
  let writing: Promise<void> = Promise.resolve();

  const flush = async () => {
    const entries = batch;
    const pending = rejects;
    const read = rowsInBatch;
    const bytesRead = source.bytesRead();
    batch = [];
    batchCodes = new Set();
    rejects = [];
    rowsInBatch = 0;
    await writing;
    writing = db.transaction().execute(async (trx) => {
      // Safe to lose on a crash (the import is then marked failed and uploaded again); saves a flush per batch.
      await sql`set local synchronous_commit = off`.execute(trx);
      // Let the GIN indexes (bigrams, trigrams) take a batch into their pending list and merge it in larger,
      // cheaper steps (tidyRegistryIndexes merges what is left at the end).
      await sql`set local gin_pending_list_limit = '32MB'`.execute(trx);
      let inserted = 0;
      let updated = 0;
      if (entries.length > 0 && header) {
        ({ inserted, updated } = await upsertEnterprises(trx, entries, header.present, clockNow()));
      }
      if (pending.length > 0) {
        await trx
          .insertInto("registry_import_rejects")
          .values(pending.map(({ rejected: _rejected, ...r }) => ({ import_id: job.id, ...r })))
          .onConflict((oc) => oc.columns(["import_id", "row_number"]).doNothing())
          .execute();
      }
      const rejected = pending.filter((r) => r.rejected).length;
      await trx
        .updateTable("registry_imports")
        .set((eb) => ({
          rows_read: eb("rows_read", "+", read),
          rows_inserted: eb("rows_inserted", "+", inserted),
          rows_updated: eb("rows_updated", "+", updated),
          rows_rejected: eb("rows_rejected", "+", rejected),
          bytes_read: bytesRead,
        }))
        .where("id", "=", job.id)
        .execute();
      counters.rows_read += read;
      counters.rows_inserted += inserted;
      counters.rows_updated += updated;
      counters.rows_rejected += rejected;
      counters.bytes_read = bytesRead;
    });
    // Handled when awaited; until then an early failure must not count as unhandled.
    writing.catch(() => undefined);
  };

  for await (const row of source.rows) {
    if (row.cells.every((c) => c === null || c === undefined || String(c).trim() === "")) continue;
    if (!header) {
      const mapped = mapRegistryHeader(row.cells);
      if (!mapped.ok) throw new ImportProblem(mapped.error);
      header = mapped.header;
      continue;
    }
    const cells = rowCells(header, row.cells);
    const result = parseRegistryRow(cells);
    if (result.ok && batchCodes.has(result.entry.credit_code)) {
      // The code came before in this batch: write what came before first, so the later row wins.
      await flush();
    }
    rowsInBatch++;
    if (!result.ok) {
      rejects.push({ row_number: row.rowNumber, raw: rawCells(cells), reason: result.reason, rejected: true });
    } else {
      batch.push(result.entry);
      batchCodes.add(result.entry.credit_code);
      if (result.warning) {
        rejects.push({ row_number: row.rowNumber, raw: rawCells(cells), reason: result.warning, rejected: false });
      }
    }
    if (batch.length >= job.batchSize || rejects.length >= job.batchSize) await flush();
  }
  if (!header) throw new ImportProblem("文件中没有内容:第1行应为表头(统一社会信用代码、企业名称……)");
  await flush();
  await writing;
}

function rawCells(cells: RegistryRowCells): string {
  return JSON.stringify(standardCells(cells));
}

const UPDATABLE: readonly Exclude<RegistryField, "credit_code">[] = [
  "name",
  "legal_representative",
  "region_code",
  "address",
  "status",
  "registered_on",
];

/**
 * One statement per batch: the rows as arrays through unnest, `on conflict` by credit code. Only the
 * columns the file has are overwritten, and a row identical to the entry is left alone (no dead tuple, no
 * index churn, `updated_at` stays true). `xmax = 0` tells a fresh insert from an update.
 */
async function upsertEnterprises(
  trx: Kysely<Database>,
  entries: RegistryEntry[],
  present: readonly RegistryField[],
  at: Date,
): Promise<{ inserted: number; updated: number }> {
  const column = (f: RegistryField) => entries.map((e) => e[f]);
  const updated = UPDATABLE.filter((f) => present.includes(f));
  const target = sql.join(updated.map((f) => sql`enterprises.${sql.ref(f)}`));
  const incoming = sql.join(updated.map((f) => sql`excluded.${sql.ref(f)}`));
  const assignments = sql.join(updated.map((f) => sql`${sql.ref(f)} = excluded.${sql.ref(f)}`));
  const result = await sql<{ inserted: number; updated: number }>`
    with upserted as (
      insert into enterprises
        (credit_code, name, legal_representative, region_code, address, status, registered_on, created_at, updated_at)
      select s.credit_code, s.name, s.legal_representative, s.region_code, s.address, s.status, s.registered_on,
        ${at}::timestamptz, ${at}::timestamptz
      from unnest(
        ${column("credit_code")}::text[], ${column("name")}::text[], ${column("legal_representative")}::text[],
        ${column("region_code")}::text[], ${column("address")}::text[], ${column("status")}::text[],
        ${column("registered_on")}::date[]
      ) as s(credit_code, name, legal_representative, region_code, address, status, registered_on)
      on conflict (credit_code) do update set ${assignments}, updated_at = excluded.updated_at
      where (${target}) is distinct from (${incoming})
      returning (xmax = 0) as inserted
    )
    select
      count(*) filter (where inserted)::int as inserted,
      count(*) filter (where not inserted)::int as updated
    from upserted
  `.execute(trx);
  return result.rows[0];
}

/** UTF-8 (with or without BOM) unless the start of the file is not UTF-8: then GB18030, as Excel saves CSV in China. */
async function detectCsvEncoding(filePath: string): Promise<"utf-8" | "gb18030"> {
  const handle = await open(filePath, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, bytesRead), { stream: true });
      return "utf-8";
    } catch {
      return "gb18030";
    }
  } finally {
    await handle.close();
  }
}

function decodeStream(encoding: string): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

async function csvSource(filePath: string): Promise<RowSource> {
  const encoding = await detectCsvEncoding(filePath);
  const file = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  const parser = parseCsv({
    bom: true,
    info: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  const input: Readable = encoding === "utf-8" ? file : file.pipe(decodeStream(encoding));
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);
  async function* rows(): AsyncGenerator<SourceRow> {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { rowNumber: item.info.lines, cells: item.record };
    }
  }
  return { rows: rows(), bytesRead: () => file.bytesRead, close: () => destroyAll(file, parser) };
}

function xlsxSource(filePath: string): RowSource {
  const file = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      // The first worksheet holds the registry; any other sheet is ignored.
      for await (const sheet of reader) {
        for await (const row of sheet) {
          const values = row.values as unknown[];
          yield { rowNumber: row.number, cells: values.slice(1).map(xlsxCellValue) };
        }
        return;
      }
    } catch (e) {
      if (e instanceof ImportProblem) throw e;
      throw new ImportProblem(`无法读取 XLSX 文件(文件可能已损坏):${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { rows: rows(), bytesRead: () => file.bytesRead, close: () => destroyAll(file) };
}

function destroyAll(...streams: (ReadStream | Transform)[]) {
  for (const s of streams) if (!s.destroyed) s.destroy();
}

/** An XLSX cell's value as the row rules read it: rich text and formulas as their text or result. */
function xlsxCellValue(v: unknown): RegistryCell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join("");
    if ("result" in o) return xlsxCellValue(o.result);
    if (typeof o.text === "string") return o.text;
    if (typeof o.error === "string") return o.error;
  }
  return String(v);
}
