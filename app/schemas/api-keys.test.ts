import { describe, expect, it } from "vitest";
import { unsafeTextIn } from "./api-keys";

describe("unsafeTextIn", () => {
  it("finds control characters and lone surrogates in values and keys, anywhere", () => {
    expect(unsafeTextIn({ title: "厂房\u0000扩建" })).toBe("title");
    expect(unsafeTextIn({ a: { b: ["ok", "\u001b[31m"] } })).toBe("a.b[1]");
    expect(unsafeTextIn({ "ti\u0000tle": "x" })).toBe("ti\\u0000tle");
    expect(unsafeTextIn({ t: "\u007f" })).toBe("t");
    expect(unsafeTextIn({ t: "\u0085" })).toBe("t");
    expect(unsafeTextIn({ t: "\ud800" })).toBe("t");
    expect(unsafeTextIn({ t: "a\udc00" })).toBe("t");
    expect(unsafeTextIn("\u0007")).toBe("(根)");
  });

  it("lets text through: tabs, line breaks, Chinese, emoji, numbers and booleans", () => {
    expect(
      unsafeTextIn({ content: "第一段\n第二段\r\n\t缩进", title: "直通车 🚗", n: 1, b: false, z: null }),
    ).toBeNull();
  });

  it("walks a deeply nested document without exhausting the stack", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unsafeTextIn(deep)).toMatch(/^(\[0\])+$/);
  });
});
