import { describe, expect, it } from "vitest";
import { chineseNumeral, officialDocument, PAGE_MARGINS, pageNumberText } from "./official";

describe("the official-document frame", () => {
  it("numbers headings in Chinese", () => {
    expect([1, 2, 9, 10, 11, 15, 20, 21, 99].map(chineseNumeral)).toEqual([
      "一",
      "二",
      "九",
      "十",
      "十一",
      "十五",
      "二十",
      "二十一",
      "九十九",
    ]);
  });

  it("writes page numbers as “— n —” on the outer side, none on the bare first pages", () => {
    expect(pageNumberText(7)).toBe("— 7 —");
    const doc = officialDocument({ title: "测试文件", headerRight: "右侧", bareFirstPages: 1, author: "平台" }, []);
    const footer = doc.footer as (page: number, pages: number) => { text: string; alignment: string } | null;
    const header = doc.header as (page: number, pages: number) => unknown;
    expect(footer(1, 3)).toBeNull();
    expect(header(1, 3)).toBeNull();
    expect(footer(2, 3)).toMatchObject({ text: "— 2 —", alignment: "left" });
    expect(footer(3, 3)).toMatchObject({ text: "— 3 —", alignment: "right" });
    expect(JSON.stringify(header(2, 3))).toContain("测试文件");
    expect(JSON.stringify(header(2, 3))).toContain("右侧");
  });

  it("prints on A4 with the GB/T 9704 margins and a serif body", () => {
    const doc = officialDocument({ title: "t", headerRight: "r", author: "a" }, []);
    expect(doc.pageSize).toBe("A4");
    // 28 mm left, 37 mm top, 26 mm right, 35 mm bottom.
    expect(PAGE_MARGINS.map((p) => Math.round((p * 25.4) / 72))).toEqual([28, 37, 26, 35]);
    expect(doc.defaultStyle).toMatchObject({ font: "Song" });
    expect(doc.styles?.title).toMatchObject({ font: "Hei" });
  });
});
