import { describe, expect, it } from "vitest";
import {
  BAD_CHECK_CHARACTER_WARNING,
  mapRegistryHeader,
  parseRegistrationDate,
  parseRegistryRow,
  rowCells,
  standardCells,
  type RegistryRowCells,
} from "./registry-row";

const VALID = "91350100M000100Y43";

function row(overrides: RegistryRowCells = {}): RegistryRowCells {
  return {
    credit_code: VALID,
    name: "潮州市华盛陶瓷有限公司",
    legal_representative: "陈伟",
    region_code: "445102",
    address: "潮州市湘桥区枫春路1号",
    status: "存续",
    registered_on: "2015-03-01",
    ...overrides,
  };
}

describe("registry import header", () => {
  it("maps the Chinese column names in any order and ignores unknown columns", () => {
    const result = mapRegistryHeader(["\uFEFF行号", "企业名称", "统一社会信用代码", "成立日期", "备注"]);
    expect(result).toEqual({
      ok: true,
      header: { columns: [null, "name", "credit_code", "registered_on", null], present: expect.any(Array) },
    });
    if (!result.ok) return;
    expect(result.header.present).toEqual(["credit_code", "name", "registered_on"]);
    expect(rowCells(result.header, ["7", "某公司", VALID, "2020-01-02", "x"])).toEqual({
      name: "某公司",
      credit_code: VALID,
      registered_on: "2020-01-02",
    });
  });

  it("accepts the English aliases, full-width brackets and stray spaces", () => {
    const result = mapRegistryHeader([
      "credit_code",
      "name",
      "legal_representative",
      "region_code",
      "address",
      "status",
      " registered_on ",
    ]);
    expect(result.ok && result.header.present.length).toBe(7);
    const variant = mapRegistryHeader(["统一社会信用代码", "企业（机构）名称"]);
    expect(variant.ok && variant.header.columns).toEqual(["credit_code", "name"]);
  });

  it("refuses a file without the code or name column, or with a column twice", () => {
    expect(mapRegistryHeader(["企业名称", "地址"])).toEqual({
      ok: false,
      error: "第1行应为表头,缺少必需的列:统一社会信用代码",
    });
    expect(mapRegistryHeader(["91350100M000100Y43", "某公司"])).toMatchObject({ ok: false });
    expect(mapRegistryHeader(["统一社会信用代码", "企业名称", "credit_code"])).toEqual({
      ok: false,
      error: "表头中“统一社会信用代码”列出现了不止一次",
    });
  });
});

describe("registry import row", () => {
  it("takes a complete, valid row as it is", () => {
    expect(parseRegistryRow(row())).toEqual({
      ok: true,
      entry: {
        credit_code: VALID,
        name: "潮州市华盛陶瓷有限公司",
        legal_representative: "陈伟",
        region_code: "445102",
        address: "潮州市湘桥区枫春路1号",
        status: "存续",
        registered_on: "2015-03-01",
      },
      warning: null,
    });
  });

  it("normalises the code: full-width characters, spaces and lower case", () => {
    const result = parseRegistryRow(row({ credit_code: " ９１３５０１００ｍ000100 y43 " }));
    expect(result.ok && result.entry.credit_code).toBe(VALID);
  });

  it("rejects a row without a code or without a name", () => {
    expect(parseRegistryRow(row({ credit_code: "  " }))).toEqual({ ok: false, reason: "缺少统一社会信用代码" });
    expect(parseRegistryRow(row({ credit_code: undefined }))).toEqual({ ok: false, reason: "缺少统一社会信用代码" });
    expect(parseRegistryRow(row({ name: "" }))).toEqual({ ok: false, reason: "缺少企业名称" });
  });

  it("rejects a code of the wrong shape (length, letters I O S V Z, letters in the division)", () => {
    for (const bad of ["91350100M000100Y4", "91350100M000100I43", "913501A0M000100Y43", "91350100M000100Y431"]) {
      const result = parseRegistryRow(row({ credit_code: bad }));
      expect(result.ok, bad).toBe(false);
      expect(!result.ok && result.reason).toBe(`统一社会信用代码格式不对(应为18位数字或大写字母):${bad}`);
    }
  });

  it("imports a code with a wrong check character and flags it for checking", () => {
    const result = parseRegistryRow(row({ credit_code: "91350100M000100Y44" }));
    expect(result).toMatchObject({
      ok: true,
      entry: { credit_code: "91350100M000100Y44" },
      warning: BAD_CHECK_CHARACTER_WARNING,
    });
    expect(BAD_CHECK_CHARACTER_WARNING).toBe("校验码不符(已导入,待核实)");
  });

  it("rejects a date that cannot be read or does not exist", () => {
    for (const bad of ["2015-02-30", "2015-13-01", "03/01/2015", "去年", "1899-12-31"]) {
      expect(parseRegistryRow(row({ registered_on: bad }))).toEqual({
        ok: false,
        reason: `成立日期无法识别:${bad}`,
      });
    }
  });

  it("names every problem of a row at once", () => {
    expect(parseRegistryRow(row({ credit_code: "", name: " ", registered_on: "2015-02-30" }))).toEqual({
      ok: false,
      reason: "缺少统一社会信用代码;缺少企业名称;成立日期无法识别:2015-02-30",
    });
  });

  it("rejects a region code that is not 6 digits and over-long text", () => {
    expect(parseRegistryRow(row({ region_code: "湘桥区" }))).toEqual({
      ok: false,
      reason: "所属区域代码应为6位数字:湘桥区",
    });
    expect(parseRegistryRow(row({ region_code: 445102 })).ok).toBe(true);
    expect(parseRegistryRow(row({ name: "名".repeat(201) }))).toEqual({ ok: false, reason: "企业名称超过200个字" });
  });

  it("leaves optional cells empty, defaults the status to 存续 and tidies white space", () => {
    const result = parseRegistryRow({ credit_code: VALID, name: "  潮州市\u3000华盛  陶瓷 " });
    expect(result).toEqual({
      ok: true,
      entry: {
        credit_code: VALID,
        name: "潮州市 华盛 陶瓷",
        legal_representative: null,
        region_code: null,
        address: null,
        status: "存续",
        registered_on: null,
      },
      warning: null,
    });
  });

  it("keeps the cells in the standard column order for the rejects report", () => {
    expect(
      standardCells({ name: "某公司", registered_on: new Date(Date.UTC(2020, 0, 2)), region_code: 445102 }),
    ).toEqual(["", "某公司", "", "445102", "", "", "2020-01-02"]);
  });
});

describe("成立日期", () => {
  it("reads the usual written forms", () => {
    for (const s of [
      "2015-03-01",
      "2015/3/1",
      "2015.03.01",
      "20150301",
      "2015年3月1日",
      "2015-03-01 00:00:00",
      "２０１５-０３-０１",
    ]) {
      expect(parseRegistrationDate(s), s).toBe("2015-03-01");
    }
  });

  it("reads XLSX date cells and Excel serial day numbers", () => {
    expect(parseRegistrationDate(new Date(Date.UTC(2015, 2, 1)))).toBe("2015-03-01");
    expect(parseRegistrationDate(42064)).toBe("2015-03-01");
    expect(parseRegistrationDate(42064.5)).toBe("invalid");
  });

  it("treats an empty cell as unknown", () => {
    expect(parseRegistrationDate("")).toBeNull();
    expect(parseRegistrationDate(" ")).toBeNull();
    expect(parseRegistrationDate(null)).toBeNull();
  });

  it("knows leap years", () => {
    expect(parseRegistrationDate("2016-02-29")).toBe("2016-02-29");
    expect(parseRegistrationDate("2015-02-29")).toBe("invalid");
  });
});
