import { describe, expect, it } from "vitest";
import { formFieldsProblem, hasControlCharacter, requestTargetProblem } from "./request-input";

describe("control characters", () => {
  it("tab and line breaks are text; every other C0 character and DEL are not", () => {
    for (const ok of ["陶瓷", "a\tb", "line\nline", "line\r\nline", "", " ", "\u0085", "\u00a0", "\u200b"])
      expect(hasControlCharacter(ok), JSON.stringify(ok)).toBe(false);
    for (let c = 0; c < 0x20; c++) {
      if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
      expect(hasControlCharacter(`a${String.fromCharCode(c)}b`), `U+${c.toString(16)}`).toBe(true);
    }
    expect(hasControlCharacter("\u007f")).toBe(true);
  });

  it("finds them in any field of an urlencoded form, name or value, decoded", () => {
    expect(formFieldsProblem("username=office&password=Demo%402026")).toBeNull();
    expect(formFieldsProblem("body=%E7%AC%AC%E4%B8%80%E8%A1%8C%0D%0A%E7%AC%AC%E4%BA%8C%E8%A1%8C%09")).toBeNull();
    expect(formFieldsProblem("username=office%00")).toBe("control");
    expect(formFieldsProblem("a=1&b=x%1Fy")).toBe("control");
    expect(formFieldsProblem("na%00me=1")).toBe("control");
    expect(formFieldsProblem("q=%7F")).toBe("control");
    expect(formFieldsProblem(`q=a${"\u0001"}b`)).toBe("control");
    // A broken escape is read as U+FFFD, which is text.
    expect(formFieldsProblem("q=%E0%A4%A")).toBeNull();
  });
});

describe("request targets", () => {
  it("lets ordinary paths and queries through", () => {
    for (const t of [
      "/",
      "/admin/registry?q=%E9%99%B6%E7%93%B7&page=2",
      "/disclosure?q=a+b&cycle=",
      "/admin/registry.data?index",
      "/appeals/ZT20261120000123",
      "/calendar?month=2026-11&x=%25",
    ])
      expect(requestTargetProblem(t), t).toBeNull();
  });

  it("refuses broken percent-encoding in the path or the query", () => {
    for (const t of ["/%E0%A4%A", "/appeals/%", "/a%zz", "/x?q=%", "/x?q=%E0%A4%A", "/x?%zz=1"])
      expect(requestTargetProblem(t), t).toBe("malformed");
  });

  it("refuses control characters in the decoded path or in any query parameter", () => {
    for (const t of ["/%00", "/appeals/ZT%00", "/x?q=%00", "/x?q=a%01b", "/x?a=1&%7F=2", "/x?q=%1b%5B31m"])
      expect(requestTargetProblem(t), t).toBe("control");
    expect(requestTargetProblem("/x?q=a%09b%0Ac")).toBeNull();
  });
});
