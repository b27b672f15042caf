/**
 * Registry (法人库) search by words of the name (issue 15): the SQL bigram and fold functions agree with the
 * domain's; fragments of 2, 3 and 4 characters and several words in any order find the right firms, names
 * beginning with the query before names containing it and live firms before deregistered (注销/吊销) ones,
 * which are flagged (also in the window's and hotline's look-up); a lone character finds the names beginning
 * with it; and on 20,000 names with fresh statistics every statement reads enterprises through an index,
 * never a sequential scan.
 */
import { Kysely, PostgresDialect, sql, type CompiledQuery } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { composeCreditCode } from "~/domain/credit-code";
import { foldForSearch, nameBigrams } from "~/domain/registry-search";
import { searchEnterprises } from "~/models/registry.server";
import { registryCandidates } from "~/services/enterprise-account.server";
import { createTestDb, type TestDb } from "./helpers/db";
import { explainCaptured, tableAccess } from "./helpers/plans";

let t: TestDb;
let traced: Kysely<Database>;
let captured: CompiledQuery[] = [];

const FILLER = 20_000;
let serial = 0;
const code = () => composeCreditCode("91", "445102", `MA7R${String(++serial).padStart(4, "0")}`);

/** The firms the tests look for; the filler names hold none of 恒, 达, 湘, 桥, TCL or %. */
const FIRMS = {
  hengdaCeramics: { name: "恒达陶瓷有限公司" },
  hengdaTea: { name: "恒达茶业有限公司" },
  hengdaTrading: { name: "恒达贸易商行", status: "吊销,未注销" },
  raopingHengdaTea: { name: "饶平县恒达茶业有限公司" },
  xiangqiaoHengda: { name: "潮州市湘桥区恒达五金有限公司" },
  chaozhouHengda: { name: "潮州市恒达实业有限公司", status: "注销" },
  dahengElectronics: { name: "潮州市达恒电子有限公司" },
  hengfadaFood: { name: "潮州市恒发达食品有限公司" },
  tclFullWidth: { name: "ＴＣＬ科技（潮州）有限公司" },
  tclLower: { name: "潮州市tcl电子有限公司" },
  percent: { name: "潮州市100%纯茶有限公司" },
} as const;
type Firm = keyof typeof FIRMS;
const codes = {} as Record<Firm, string>;
const nameOf = Object.fromEntries(Object.entries(FIRMS).map(([k, v]) => [v.name, k])) as Record<string, Firm>;

beforeAll(async () => {
  t = await createTestDb();
  for (const [key, firm] of Object.entries(FIRMS)) {
    codes[key as Firm] = code();
    await t.db
      .insertInto("enterprises")
      .values({ credit_code: codes[key as Firm], name: firm.name, status: "status" in firm ? firm.status : "存续" })
      .execute();
  }
  // Twenty thousand other names, as the registry spells them: place, two characters, trade, legal form.
  await sql`
    insert into enterprises (credit_code, name, status)
    select 'FILLER' || lpad(g::text, 12, '0'),
           (array['潮州市', '潮安区', '饶平县', '潮州'])[1 + g % 4]
           || substr('华盛金海永兴顺发宏图嘉美信和联鸿运东升瑞丰万利新宇创源德汇荣启航立长隆泰安昌宝鑫佳光明', 1 + (g / 4) % 47, 1)
           || substr('华盛金海永兴顺发宏图嘉美信和联鸿运东升瑞丰万利新宇创源德汇荣启航立长隆泰安昌宝鑫佳光明', 1 + (g / 188) % 47, 1)
           || (array['陶瓷', '卫浴', '日用瓷', '不锈钢制品', '食品', '茶业', '印刷包装', '电子', '五金'])[1 + g % 9]
           || (array['有限公司', '有限责任公司', '股份有限公司', '实业有限公司'])[1 + g % 4],
           case when g % 50 = 0 then '注销' else '存续' end
    from generate_series(1, ${FILLER}) g
  `.execute(t.db);
  // Stored after every other name: a scan of the matches in table order meets it last.
  await t.db
    .insertInto("enterprises")
    .values({ credit_code: code(), name: "有限元分析(潮州)科技有限公司", status: "存续" })
    .execute();
  await sql`analyze enterprises`.execute(t.db);
  const pool = new pg.Pool({ connectionString: t.url, max: 2 });
  // Dropping the database ends connections the pool may not have closed yet.
  pool.on("connect", (client) => client.on("error", () => {}));
  traced = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === "query") captured.push(e.query);
    },
  });
});
afterAll(async () => {
  await traced?.destroy();
  await t.drop();
});

const names = async (q: string) => (await searchEnterprises(t.db, { q })).rows.map((r) => nameOf[r.name] ?? r.name);

describe("the bigram and fold functions", () => {
  it("are the same in SQL as in the domain", async () => {
    const samples = [
      "潮州市湘桥区恒达五金有限公司",
      "ＴＣＬ科技（潮州）有限公司",
      "潮州市TCL电子 Co., Ltd.",
      "𠮷野家(潮州)餐饮",
      "A\u3000B",
      "it's 100% \\ back",
      "华华华",
      "华",
      "",
    ];
    for (const s of samples) {
      const r = await sql<{ bigrams: string[]; folded: string }>`
        select registry_bigrams(${s}) as bigrams, registry_fold(${s}) as folded
      `.execute(t.db);
      expect(r.rows[0], s).toEqual({ bigrams: nameBigrams(s), folded: foldForSearch(s) });
    }
  });
});

describe("search by words of the name", () => {
  it("finds two characters: names beginning with them first, live firms before deregistered, shorter first", async () => {
    const found = await searchEnterprises(t.db, { q: "恒达" });
    expect(found).toMatchObject({ mode: "name", total: 6, totalCapped: false });
    // Not 达恒 (the other way round), nor 恒发达 (both characters, apart).
    expect(found.rows.map((r) => nameOf[r.name])).toEqual([
      "hengdaTea",
      "hengdaCeramics",
      "hengdaTrading",
      "raopingHengdaTea",
      "xiangqiaoHengda",
      "chaozhouHengda",
    ]);
    expect(found.rows.map((r) => r.deregistration)).toEqual([null, null, "revoked", null, null, "cancelled"]);
  });

  it("finds three and four characters", async () => {
    expect(await names("湘桥区")).toEqual(["xiangqiaoHengda"]);
    expect(await names("恒达五金")).toEqual(["xiangqiaoHengda"]);
    expect(await names("恒达茶业")).toEqual(["hengdaTea", "raopingHengdaTea"]);
    expect(await names("达恒电")).toEqual(["dahengElectronics"]);
  });

  it("finds several words in any order, the name beginning with the first word typed first", async () => {
    expect(await names("湘桥 恒达")).toEqual(["xiangqiaoHengda"]);
    expect(await names("恒达　湘桥")).toEqual(["xiangqiaoHengda"]);
    expect(await names("恒达 茶业")).toEqual(["hengdaTea", "raopingHengdaTea"]);
    expect(await names("茶业 恒达")).toEqual(["hengdaTea", "raopingHengdaTea"]);
    // A one-character word narrows what the others found.
    expect(await names("恒达 陶")).toEqual(["hengdaCeramics"]);
    expect(await names("湘桥 恒达 茶业")).toEqual([]);
    // Single characters typed apart are one word: 恒达, not 恒 and 达 anywhere.
    expect(await names("恒 达")).toEqual(await names("恒达"));
  });

  it("looks for the names beginning with a lone character, and says so", async () => {
    const found = await searchEnterprises(t.db, { q: "恒" });
    expect(found).toMatchObject({ mode: "prefix", total: 3 });
    expect(found.rows.map((r) => nameOf[r.name])).toEqual(["hengdaTea", "hengdaCeramics", "hengdaTrading"]);
  });

  it("matches Latin letters in any case and full-width forms as half-width, and takes % literally", async () => {
    expect(await names("tcl")).toEqual(["tclFullWidth", "tclLower"]);
    expect(await names("TCL科技")).toEqual(["tclFullWidth"]);
    expect(await names("(潮州)")).toEqual(["tclFullWidth", "有限元分析(潮州)科技有限公司"]);
    expect(await names("100%")).toEqual(["percent"]);
    expect(await names("0%纯")).toEqual(["percent"]);
    expect(await names("_%")).toEqual([]);
  });

  it("puts the exact code first", async () => {
    const found = await searchEnterprises(t.db, { q: codes.xiangqiaoHengda });
    expect(found.mode).toBe("code");
    expect(found.rows[0].creditCode).toBe(codes.xiangqiaoHengda);
    expect(found.rows[0].name).toBe(FIRMS.xiangqiaoHengda.name);
  });

  it("past 10,000 matches, still lists first the name beginning with the query, wherever it is stored", async () => {
    const found = await searchEnterprises(t.db, { q: "有限" });
    expect(found).toMatchObject({ total: 10_000, totalCapped: true, pageCount: 500 });
    expect(found.rows[0].name).toBe("有限元分析(潮州)科技有限公司");
    // Ten thousand names begin with 潮州: they are found through the bigram index too, and come first.
    const chaozhou = await searchEnterprises(t.db, { q: "潮州" });
    expect(chaozhou).toMatchObject({ total: 10_000, totalCapped: true });
    expect(chaozhou.rows.every((r) => r.name.startsWith("潮州"))).toBe(true);
    const page3 = await searchEnterprises(t.db, { q: "有限", page: 3 });
    expect(page3.rows).toHaveLength(20);
    expect(page3.rows.every((r) => r.name.includes("有限"))).toBe(true);
  });
});

describe("the window's and the hotline's look-up", () => {
  it("offers the first firms of the same search, flagged, and nothing for an empty query", async () => {
    const candidates = await registryCandidates(t.db, "恒达", 4);
    expect(candidates.map((c) => c.name)).toEqual([
      FIRMS.hengdaTea.name,
      FIRMS.hengdaCeramics.name,
      FIRMS.hengdaTrading.name,
      FIRMS.raopingHengdaTea.name,
    ]);
    expect(candidates[2]).toMatchObject({ creditCode: codes.hengdaTrading, deregistration: "revoked" });
    expect(await registryCandidates(t.db, codes.chaozhouHengda)).toMatchObject([
      { name: FIRMS.chaozhouHengda.name, deregistration: "cancelled" },
    ]);
    expect(await registryCandidates(t.db, "  ")).toEqual([]);
  });
});

/** How the statements the search ran read enterprises: "Seq Scan", or the indexes' names. */
async function accessPaths(q: string): Promise<string[]> {
  captured = [];
  await searchEnterprises(traced, { q });
  const plans = await explainCaptured(t.url, captured);
  // The bigram index's parts, enterprises_name_bigrams_0_idx … _7_idx, as one.
  return plans.flatMap((p) =>
    tableAccess(p.plan, "enterprises").map((a) => a.replace(/^enterprises_name_bigrams_\d+_idx$/, "bigram index")),
  );
}

describe("the plans on 20,000 names", () => {
  it("read enterprises through the bigram index for words, never by a sequential scan", async () => {
    for (const q of ["恒达", "陶瓷", "有限", "湘桥区", "恒达五金", "湘桥 恒达", "华盛 有限"]) {
      const paths = await accessPaths(q);
      expect(paths, q).toContain("bigram index");
      expect(paths, q).not.toContain("Seq Scan");
      // The page's twenty rows are then read by id.
      for (const p of paths)
        expect(["bigram index", "enterprises_name_fold_idx", "enterprises_pkey", "Bitmap Heap Scan"], q).toContain(p);
    }
  });

  it("read the names beginning with a query through the folded-name b-tree", async () => {
    for (const q of ["恒", "潮", "恒达"]) {
      const paths = await accessPaths(q);
      expect(paths, q).toContain("enterprises_name_fold_idx");
      expect(paths, q).not.toContain("Seq Scan");
    }
  });
});
