/**
 * The registry (法人库) import by the platform office: CSV and XLSX, upsert by credit code (the later row of
 * a code wins), rows rejected with their reasons, wrong check characters imported but flagged, refused
 * files, one import at a time, imports cut off by a restart, and the search by code or part of the name.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeCreditCode, CREDIT_CODE_CHARSET } from "~/domain/credit-code";
import { BAD_CHECK_CHARACTER_WARNING } from "~/domain/registry-row";
import { findEnterpriseByCode, getRegistryImport, importRejects, searchEnterprises } from "~/models/registry.server";
import {
  failInterruptedImports,
  INTERRUPTED_IMPORT_ERROR,
  receiveRegistryUpload,
  REGISTRY_UPLOAD_DIR,
  startRegistryImport,
} from "~/services/registry-import.server";
import { createTestDb, type TestDb } from "./helpers/db";

let t: TestDb;
let dir: string;
const NOW = new Date("2026-11-20T10:00:00+08:00");
const HEADER = "统一社会信用代码,企业名称,法定代表人,所属区域代码,地址,登记状态,成立日期";

const code = (body: string, division = "445102") => composeCreditCode("91", division, body);
/** The same code with another check character: the GB 32100 check fails. */
function withWrongCheck(valid: string): string {
  const other = CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(valid[17]) + 1) % 31];
  return valid.slice(0, 17) + other;
}

const A = code("MA7R0001");
const B = withWrongCheck(code("MA7R0002"));
const E = code("MA7R0005", "445103");

beforeAll(async () => {
  t = await createTestDb();
  dir = await mkdtemp(path.join(os.tmpdir(), "zt-registry-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t.drop();
});

let fileNumber = 0;
async function fileWith(name: string, content: string | Buffer): Promise<string> {
  const filePath = path.join(dir, `${++fileNumber}-${name}`);
  await writeFile(filePath, content);
  return filePath;
}

/** Upload a file as the office does and wait for the background import to end. */
async function importFile(name: string, content: string | Buffer, batchSize?: number) {
  const filePath = await fileWith(name, content);
  const started = await startRegistryImport(t.db, { filePath, filename: name, actorId: null, now: NOW, batchSize });
  if (!started.ok) throw new Error(`import refused: ${started.error}`);
  const outcome = await started.finished;
  const record = await getRegistryImport(t.db, started.id, 100);
  if (!record) throw new Error("import not recorded");
  expect(existsSync(filePath)).toBe(false);
  return { id: started.id, outcome, record };
}

async function rejectsOf(id: number) {
  const all: { rowNumber: number; raw: string; reason: string }[] = [];
  for await (const page of importRejects(t.db, id, 2)) all.push(...page);
  return all;
}

const enterprise = (creditCode: string) =>
  t.db.selectFrom("enterprises").selectAll().where("credit_code", "=", creditCode).executeTakeFirst();

describe("CSV import", () => {
  it("imports valid rows, flags a wrong check character, rejects bad rows with their reasons, the later row wins", async () => {
    const csv = [
      `\uFEFF${HEADER}`,
      `${A},潮州市华盛陶瓷有限公司,陈伟,445102,潮州市湘桥区枫春路1号,存续,2015-03-01`,
      `${B},潮州市恒达卫浴有限公司,林芳,445103,潮安区彩塘镇,存续,2012/7/9`,
      `${code("MA7R0003")},,黄强,445102,潮州市湘桥区,存续,2018-01-01`,
      `12345,潮州市宏图食品有限公司,李敏,445122,饶平县,存续,2019-05-05`,
      `${E},潮州市嘉美茶业旧名有限公司,吴杰,445103,"潮安区庵埠镇,开发区",存续,2020-02-02`,
      `${code("MA7R0006")},潮州市永兴五金有限公司,蔡娟,4451,潮州市,存续,2015-02-30`,
      "",
      `${E.toLowerCase()},潮州市嘉美茶业有限公司,吴杰,445103,"潮安区庵埠镇,开发区",存续,2020-02-02`,
    ].join("\r\n");
    const { id, outcome, record } = await importFile("法人库.csv", csv);

    expect(outcome).toEqual({ status: "done", error: null });
    expect(record).toMatchObject({
      status: "done",
      format: "csv",
      rowsRead: 7,
      rowsInserted: 3,
      rowsUpdated: 1,
      rowsRejected: 3,
      rowsFlagged: 1,
      error: null,
    });
    expect(record.bytesRead).toBe(record.bytesTotal);
    expect(record.finishedAt).not.toBeNull();

    expect(await enterprise(A)).toMatchObject({
      name: "潮州市华盛陶瓷有限公司",
      legal_representative: "陈伟",
      region_code: "445102",
      status: "存续",
      registered_on: "2015-03-01",
    });
    // Imported despite the check character, and visible as such.
    expect(await enterprise(B)).toMatchObject({ name: "潮州市恒达卫浴有限公司", registered_on: "2012-07-09" });
    expect((await findEnterpriseByCode(t.db, B))?.codeCheck).toBe("bad_check_character");
    // The later row of a code wins (its code written in lower case is the same code).
    expect(await enterprise(E)).toMatchObject({ name: "潮州市嘉美茶业有限公司", address: "潮安区庵埠镇,开发区" });
    expect(await enterprise(code("MA7R0003"))).toBeUndefined();
    expect(await enterprise(code("MA7R0006"))).toBeUndefined();

    const rejects = await rejectsOf(id);
    expect(rejects.map((r) => r.rowNumber)).toEqual([3, 4, 5, 7]);
    const reason = new Map(rejects.map((r) => [r.rowNumber, r.reason]));
    expect(reason.get(3)).toBe(BAD_CHECK_CHARACTER_WARNING);
    expect(reason.get(4)).toBe("缺少企业名称");
    expect(reason.get(5)).toContain("统一社会信用代码格式不对");
    expect(reason.get(5)).toContain("12345");
    // Every problem of a row is named, not just the first.
    expect(reason.get(7)).toContain("所属区域代码应为6位数字");
    expect(reason.get(7)).toContain("成立日期无法识别");
    expect(JSON.parse(rejects[2].raw)).toEqual([
      "12345",
      "潮州市宏图食品有限公司",
      "李敏",
      "445122",
      "饶平县",
      "存续",
      "2019-05-05",
    ]);
    expect(record.sample.map((r) => r.rowNumber)).toEqual([3, 4, 5, 7]);
  });

  it("upserts by code on a second import: counts inserted and updated, leaves unchanged rows and absent columns alone", async () => {
    const before = await enterprise(B);
    const csv = [
      "统一社会信用代码,企业名称,法定代表人,登记状态",
      `${A},潮州市华盛陶瓷有限公司,陈大伟,存续`,
      `${B},潮州市恒达卫浴有限公司,林芳,存续`,
      `${code("MA7R0007")},潮州市新宇电子有限公司,郑明,存续`,
    ].join("\n");
    const { record } = await importFile("更新.csv", csv, 2);
    expect(record).toMatchObject({ status: "done", rowsRead: 3, rowsInserted: 1, rowsUpdated: 1, rowsRejected: 0 });
    expect(record.rowsFlagged).toBe(1);

    // The file has no address or date column: those stay as they were.
    expect(await enterprise(A)).toMatchObject({
      legal_representative: "陈大伟",
      address: "潮州市湘桥区枫春路1号",
      registered_on: "2015-03-01",
    });
    // A row identical to its entry is not rewritten.
    expect((await enterprise(B))?.updated_at).toEqual(before?.updated_at);
    expect(await enterprise(code("MA7R0007"))).toMatchObject({ name: "潮州市新宇电子有限公司", address: null });
  });

  it("leaves nothing waiting in the GIN indexes' pending lists, its own rows' entries or earlier ones", async () => {
    // Merging returns how many pages of pending entries it merged: a row written alone leaves some.
    const pendingPagesMerged = async () =>
      Number(
        (
          await sql<{ pages: number }>`
            select coalesce(sum(gin_clean_pending_list(i.indexrelid)), 0) as pages
            from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
            where i.indrelid = 'enterprises'::regclass and a.amname = 'gin'
          `.execute(t.db)
        ).rows[0].pages,
      );
    await t.db
      .insertInto("enterprises")
      .values({ credit_code: code("MA7R0090"), name: "潮州市单独写入有限公司" })
      .execute();
    expect(await pendingPagesMerged()).toBeGreaterThan(0);
    expect(await pendingPagesMerged()).toBe(0);

    await t.db
      .insertInto("enterprises")
      .values({ credit_code: code("MA7R0091"), name: "潮州市导入之前有限公司" })
      .execute();
    const { record } = await importFile(
      "合并.csv",
      `统一社会信用代码,企业名称\n${code("MA7R0092")},潮州市导入合并有限公司\n`,
    );
    expect(record).toMatchObject({ status: "done", rowsInserted: 1 });
    expect(await pendingPagesMerged()).toBe(0);
    expect((await searchEnterprises(t.db, { q: "导入合并" })).rows.map((r) => r.creditCode)).toEqual([
      code("MA7R0092"),
    ]);
  });

  it("applies a repeated code in file order across batches", async () => {
    const X = code("MA7R0010");
    const rows = [
      `${X},第一版有限公司`,
      `${code("MA7R0011")},其他有限公司`,
      `${X},第二版有限公司`,
      `${X},第三版有限公司`,
    ];
    for (const batchSize of [1, 2, 1000]) {
      const { record } = await importFile("重复.csv", ["统一社会信用代码,企业名称", ...rows].join("\n"), batchSize);
      expect(record.status).toBe("done");
      expect((await enterprise(X))?.name).toBe("第三版有限公司");
      await t.db.deleteFrom("enterprises").where("credit_code", "=", X).execute();
    }
  });

  it("reads a CSV saved by Excel in GB18030 (GBK)", async () => {
    const G = code("MA7GBK01", "445103");
    const content = Buffer.concat([
      Buffer.from("cdb3d2bbc9e7bbe1d0c5d3c3b4fac2eb2cc6f3d2b5c3fbb3c60d0a", "hex"),
      Buffer.from(`${G},`),
      Buffer.from("b3b1d6ddcad0b7e3cfaaccd5b4c9d3d0cfdeb9abcbbe", "hex"),
      Buffer.from("\r\n"),
    ]);
    const { record } = await importFile("gbk.csv", content);
    expect(record).toMatchObject({ status: "done", rowsInserted: 1, rowsRejected: 0 });
    expect((await enterprise(G))?.name).toBe("潮州市枫溪陶瓷有限公司");
  });

  it("fails with a reason the office can act on when the header lacks a required column or the file is broken", async () => {
    const noName = await importFile("无名称.csv", `统一社会信用代码,法定代表人\n${code("MA7R0020")},陈伟\n`);
    expect(noName.outcome.status).toBe("failed");
    expect(noName.record.status).toBe("failed");
    expect(noName.record.error).toContain("缺少必需的列:企业名称");
    expect(await enterprise(code("MA7R0020"))).toBeUndefined();

    const unclosed = await importFile(
      "引号.csv",
      `统一社会信用代码,企业名称\n${code("MA7R0021")},潮州市甲有限公司\n${code("MA7R0022")},"潮州市乙有限公司\n`,
    );
    expect(unclosed.record.status).toBe("failed");
    expect(unclosed.record.error).toMatch(/引号没有成对出现/);
  });
});

describe("XLSX import", () => {
  it("imports the first worksheet of a workbook, with date cells and a rejected row", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("法人库");
    sheet.addRow(["统一社会信用代码", "企业名称", "法定代表人", "所属区域代码", "成立日期"]);
    sheet.addRow([code("MA7X0001"), "潮州市锦丽婚纱礼服有限公司", "许丽", "445102", new Date(Date.UTC(2016, 4, 20))]);
    sheet.addRow([
      code("MA7X0002"),
      { richText: [{ text: "潮州市" }, { text: "凯博机械有限公司" }] },
      "谢涛",
      445122,
      42000,
    ]);
    sheet.addRow(["91445102MA7X000", "潮州市缺一位有限公司", "苏平", "445102", null]);
    workbook.addWorksheet("说明").addRow(["统一社会信用代码", "企业名称"]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

    const { id, record } = await importFile("法人库.xlsx", buffer);
    expect(record).toMatchObject({ status: "done", format: "xlsx", rowsRead: 3, rowsInserted: 2, rowsRejected: 1 });
    expect(await enterprise(code("MA7X0001"))).toMatchObject({
      name: "潮州市锦丽婚纱礼服有限公司",
      registered_on: "2016-05-20",
    });
    // Rich text, a number for the region code, and a date as Excel's serial day number (42000 = 2014-12-27).
    expect(await enterprise(code("MA7X0002"))).toMatchObject({
      name: "潮州市凯博机械有限公司",
      region_code: "445122",
      registered_on: "2014-12-27",
    });
    const rejects = await rejectsOf(id);
    expect(rejects).toHaveLength(1);
    expect(rejects[0].rowNumber).toBe(4);
    expect(rejects[0].reason).toContain("统一社会信用代码格式不对");
  });
});

describe("the upload", () => {
  const post = (body: FormData | URLSearchParams) =>
    new Request("http://localhost/admin/registry?index", { method: "POST", body });

  it("streams the file field of a multipart form to a file of its own", async () => {
    const csv = `${HEADER}\n${A},潮州市华盛陶瓷有限公司\n`;
    const form = new FormData();
    form.append("note", "ignored");
    form.append("file", new File([csv], "法人库 2026.csv", { type: "text/csv" }));
    const received = await receiveRegistryUpload(post(form));
    if (!received.ok) throw new Error(received.error);
    expect(received.filename).toBe("法人库 2026.csv");
    expect(path.dirname(received.filePath)).toBe(REGISTRY_UPLOAD_DIR);
    expect(await readFile(received.filePath, "utf8")).toBe(csv);
    await rm(received.filePath);
  });

  it("asks for a file when none was chosen or the form is not multipart", async () => {
    const empty = new FormData();
    empty.append("file", new File([], "", { type: "application/octet-stream" }));
    expect(await receiveRegistryUpload(post(empty))).toEqual({ ok: false, error: "请选择要导入的 CSV 或 XLSX 文件" });
    expect(await receiveRegistryUpload(post(new URLSearchParams({ file: "法人库.csv" })))).toEqual({
      ok: false,
      error: "请选择要导入的 CSV 或 XLSX 文件",
    });
  });
});

describe("files refused before anything is imported", () => {
  const refused = async (name: string, content: string | Buffer) => {
    const filePath = await fileWith(name, content);
    const importsBefore = await t.db.selectFrom("registry_imports").select("id").execute();
    const started = await startRegistryImport(t.db, { filePath, filename: name, actorId: null, now: NOW });
    expect(started.ok).toBe(false);
    expect(await t.db.selectFrom("registry_imports").select("id").execute()).toHaveLength(importsBefore.length);
    expect(existsSync(filePath)).toBe(false);
    return started.ok ? "" : started.error;
  };

  it("refuses a legacy .xls workbook, whatever its name says", async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await refused("法人库.xls", ole)).toContain("不支持旧版 Excel(.xls)");
    expect(await refused("法人库.xlsx", ole)).toContain("不支持旧版 Excel(.xls)");
    expect(await refused("法人库.csv", ole)).toContain("不支持旧版 Excel(.xls)");
  });

  it("refuses a wrong extension, a workbook named .csv, a non-workbook named .xlsx and an empty file", async () => {
    expect(await refused("法人库.pdf", `${HEADER}\n`)).toContain("仅支持 CSV(.csv)或 Excel(.xlsx)");
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    expect(await refused("法人库.csv", zip)).toContain("扩展名改为 .xlsx");
    expect(await refused("法人库.xlsx", `${HEADER}\n`)).toContain("不是有效的 XLSX");
    expect(await refused("法人库.csv", "")).toContain("文件是空的");
  });
});

describe("one import at a time", () => {
  it("refuses a second import while one is queued or running", async () => {
    const running = await t.db
      .insertInto("registry_imports")
      .values({ filename: "正在导入.csv", format: "csv", status: "running", bytes_total: 10, created_at: NOW })
      .returning("id")
      .executeTakeFirstOrThrow();
    const filePath = await fileWith("第二个.csv", `${HEADER}\n${code("MA7R0030")},潮州市丙有限公司\n`);
    const second = await startRegistryImport(t.db, { filePath, filename: "第二个.csv", actorId: null, now: NOW });
    expect(second).toEqual({ ok: false, error: `第 ${running.id} 号导入尚未结束,请等它完成后再上传` });
    expect(existsSync(filePath)).toBe(false);
    await t.db.updateTable("registry_imports").set({ status: "done" }).where("id", "=", running.id).execute();
  });

  it("lets exactly one of two simultaneous uploads start", async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `${code(`MB${String(i).padStart(6, "0")}`)},并发测试${i}有限公司`,
    );
    const csv = ["统一社会信用代码,企业名称", ...rows].join("\n");
    const [p1, p2] = await Promise.all([fileWith("并发1.csv", csv), fileWith("并发2.csv", csv)]);
    const both = await Promise.all([
      startRegistryImport(t.db, { filePath: p1, filename: "并发1.csv", actorId: null, now: NOW, batchSize: 100 }),
      startRegistryImport(t.db, { filePath: p2, filename: "并发2.csv", actorId: null, now: NOW, batchSize: 100 }),
    ]);
    const started = both.filter((s) => s.ok);
    expect(started).toHaveLength(1);
    expect(both.find((s) => !s.ok)).toMatchObject({ error: expect.stringContaining("尚未结束") });
    const first = started[0];
    if (first.ok) expect(await first.finished).toEqual({ status: "done", error: null });
  });
});

describe("imports cut off by a restart", () => {
  it("are marked failed with a reason at start-up, their files removed; finished imports are untouched", async () => {
    const insert = (status: "queued" | "running" | "done") =>
      t.db
        .insertInto("registry_imports")
        .values({ filename: `${status}.csv`, format: "csv", status, bytes_total: 100, created_at: NOW })
        .returning("id")
        .executeTakeFirstOrThrow();
    const queued = await insert("queued");
    const running = await insert("running");
    const done = await insert("done");
    await mkdir(REGISTRY_UPLOAD_DIR, { recursive: true });
    const leftover = path.join(REGISTRY_UPLOAD_DIR, `registry-import-${running.id}-left-by-a-restart.csv`);
    await writeFile(leftover, HEADER);

    const at = new Date("2026-11-20T11:00:00+08:00");
    const failed = await failInterruptedImports(t.db, at);
    expect(failed.sort((a, b) => a - b)).toEqual([queued.id, running.id]);
    for (const id of [queued.id, running.id]) {
      expect(await getRegistryImport(t.db, id)).toMatchObject({
        status: "failed",
        error: INTERRUPTED_IMPORT_ERROR,
        finishedAt: at,
      });
    }
    expect((await getRegistryImport(t.db, done.id))?.status).toBe("done");
    expect(existsSync(leftover)).toBe(false);
    const audit = await t.db
      .selectFrom("audit_events")
      .select("entity_id")
      .where("action", "=", "registry_import.failed")
      .where("reason", "=", INTERRUPTED_IMPORT_ERROR)
      .execute();
    expect(audit.map((a) => Number(a.entity_id)).sort((a, b) => a - b)).toEqual([queued.id, running.id]);
    expect(await failInterruptedImports(t.db, at)).toEqual([]);
  });
});

describe("search", () => {
  it("finds by a whole code or its beginning, typed in any case and width", async () => {
    const whole = await searchEnterprises(t.db, { q: ` ${A.toLowerCase()} ` });
    expect(whole.mode).toBe("code");
    expect(whole.rows.map((r) => r.creditCode)).toEqual([A]);

    const fullWidthPrefix = A.slice(0, 12).replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const prefix = await searchEnterprises(t.db, { q: fullWidthPrefix });
    expect(prefix.mode).toBe("code");
    expect(prefix.rows.map((r) => r.creditCode)).toContain(A);
    expect(prefix.rows.every((r) => r.creditCode.startsWith(A.slice(0, 12)))).toBe(true);

    const flagged = await searchEnterprises(t.db, { q: B });
    expect(flagged.rows).toHaveLength(1);
    expect(flagged.rows[0].codeCheck).toBe("bad_check_character");
  });

  it("finds by part of the name, short or long, and says when nothing matches", async () => {
    const three = await searchEnterprises(t.db, { q: "华盛陶" });
    expect(three.mode).toBe("name");
    expect(three.rows.map((r) => r.creditCode)).toEqual([A]);
    expect(three.rows[0]).toMatchObject({ name: "潮州市华盛陶瓷有限公司", legalRepresentative: "陈大伟" });

    const two = await searchEnterprises(t.db, { q: "嘉美" });
    expect(two.rows.map((r) => r.creditCode)).toEqual([E]);

    const many = await searchEnterprises(t.db, { q: "并发测试", page: 2 });
    expect(many).toMatchObject({ mode: "name", total: 3000, page: 2, pageCount: 150 });
    expect(many.rows).toHaveLength(20);

    const none = await searchEnterprises(t.db, { q: "不存在的企业名称" });
    expect(none).toMatchObject({ total: 0, rows: [] });
  });

  it("an import another instance is running is left alone; once that instance is gone it is failed", async () => {
    const row = await t.db
      .insertInto("registry_imports")
      .values({ filename: "别处.csv", format: "csv", status: "running", bytes_total: 100, created_at: NOW })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The other instance: a connection of its own holding the import's owner lock.
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    await other.query("select pg_advisory_lock(72083, $1)", [row.id]);
    const at = new Date("2026-11-20T11:00:00+08:00");
    expect(await failInterruptedImports(t.db, at)).toEqual([]);
    expect((await getRegistryImport(t.db, row.id))?.status).toBe("running");
    await other.end();
    expect(await failInterruptedImports(t.db, at)).toEqual([row.id]);
    expect((await getRegistryImport(t.db, row.id))?.status).toBe("failed");
  });
});
