import { describe, expect, it } from "vitest";
import { z } from "zod";
import { INT4_MAX, intRangeText, listHref, plainInt, plainMonth, queryInt, queryMonth, queryPage } from "./params";

describe("plainInt", () => {
  it("takes whole numbers written plainly in decimal, within range", () => {
    expect(plainInt("1")).toBe(1);
    expect(plainInt("12")).toBe(12);
    expect(plainInt(String(INT4_MAX))).toBe(INT4_MAX);
    expect(plainInt("0", { min: 0 })).toBe(0);
    expect(plainInt("2026", { min: 2000, max: 2100 })).toBe(2026);
    expect(plainInt("9007199254740991", { max: Number.MAX_SAFE_INTEGER })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses every other spelling and everything out of range", () => {
    for (const v of [
      "99999999999999999999",
      "2147483648",
      "-1",
      "0",
      "1.5",
      "1.0",
      "1e3",
      "0x10",
      "0b1",
      "",
      " 1",
      "1 ",
      "+1",
      "007",
      "１",
      "\u00001",
      "Infinity",
      "NaN",
      "abc",
    ])
      expect(plainInt(v), JSON.stringify(v)).toBeNull();
    expect(plainInt(null)).toBeNull();
    expect(plainInt(undefined)).toBeNull();
    expect(plainInt("1999", { min: 2000, max: 2100 })).toBeNull();
    expect(plainInt("99999999999999999", { max: Number.MAX_SAFE_INTEGER })).toBeNull();
  });

  it("months: YYYY-MM in the years the platform takes", () => {
    expect(plainMonth("2026-11")).toBe("2026-11");
    for (const v of ["2026-13", "2026-00", "2026-1", "0000-01", "1999-12", "2101-01", "99999-01", "2026-11-01", ""])
      expect(plainMonth(v), v).toBeNull();
  });

  it("says what was expected", () => {
    expect(intRangeText()).toBe("不小于 1 的整数");
    expect(intRangeText({ min: 1, max: 100 })).toBe("1 至 100 之间的整数");
  });
});

describe("query filter fields", () => {
  const schema = z.object({ cycle: queryInt(), page: queryPage(), month: queryMonth() });

  it("absent or empty is no value; a page defaults to 1", () => {
    expect(schema.parse({})).toEqual({ cycle: undefined, page: 1, month: undefined });
    expect(schema.parse({ cycle: "", page: "", month: "" })).toEqual({ cycle: undefined, page: 1, month: undefined });
    expect(schema.parse({ cycle: "12", page: "3", month: "2026-11" })).toEqual({
      cycle: 12,
      page: 3,
      month: "2026-11",
    });
  });

  it("an odd value fails, naming its field with a Chinese message", () => {
    for (const [field, value] of [
      ["cycle", "2147483648"],
      ["cycle", "1e3"],
      ["page", "0"],
      ["page", "100001"],
      ["month", "2026-13"],
    ]) {
      const r = schema.safeParse({ [field]: value });
      expect(r.success, `${field}=${value}`).toBe(false);
      expect(r.error?.issues[0].path).toEqual([field]);
      expect(r.error?.issues[0].message).toMatch(/^应为/);
    }
  });
});

describe("listHref", () => {
  it("keeps the non-empty filters in order and the page past the first", () => {
    expect(listHref("/admin/users", { q: "张 三", role: "", org: "7" }, 2)).toBe(
      "/admin/users?q=%E5%BC%A0+%E4%B8%89&org=7&page=2",
    );
    expect(listHref("/admin/outbox", { status: "failed", channel: null, q: undefined }, 1)).toBe(
      "/admin/outbox?status=failed",
    );
  });

  it("is the bare path on the first page without filters", () => {
    expect(listHref("/admin/registry", { q: "" })).toBe("/admin/registry");
  });
});
