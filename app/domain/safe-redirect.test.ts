import { describe, expect, it } from "vitest";
import { ODD_REDIRECT_TARGETS } from "../../tests/fixtures/redirect-targets";
import { safeRedirect } from "./safe-redirect";

/** Where a browser on https://zt.example goes when told `Location: <target>`. */
function landsOn(target: string): string {
  return new URL(target, "https://zt.example/login").origin;
}

describe("safeRedirect", () => {
  it("keeps paths on this site as they are", () => {
    for (const to of [
      "/",
      "/workspace",
      "/appeals/ZT20261120000123",
      "/admin/registry?q=%E9%99%B6%E7%93%B7&page=2",
      "/admin/screening?status=submitted#list",
      "/login?redirectTo=%2Fworkspace",
      "/tasks/12?tab=progress&x=a%2Bb",
      "/javascript:alert(1)",
    ])
      expect(safeRedirect(to), to).toBe(to);
  });

  it("sends anything that could leave the site, or is doubtful, to the fallback", () => {
    const odd = [
      ...ODD_REDIRECT_TARGETS,
      " /workspace",
      "/%5Cevil.example",
      "/%25252f%25252fevil.example",
      "/%0d%0a/evil.example",
      "/work\u0000space",
      "/workspace\u007f",
      "/workspace\u0085",
      "/..//evil.example",
      "/%2e/%2fevil.example",
      "https://evil.example/workspace",
      "http:evil.example",
      "http:/evil.example",
      "JaVaScRiPt:alert(1)",
      "workspace",
      "/%EF%BC%BCevil.example",
      "/ok%",
      "/a%2",
      "/" + "a".repeat(3000),
    ];
    for (const to of odd) {
      const got = safeRedirect(to);
      expect(got, JSON.stringify(to)).toBe("/workspace");
    }
  });

  it("takes any value without throwing, and a fallback of the caller's choice", () => {
    for (const to of [null, undefined, 42, {}, [], new Blob(["x"]), Symbol("x")])
      expect(safeRedirect(to as never)).toBe("/workspace");
    expect(safeRedirect("//evil.example", "/")).toBe("/");
  });

  it("everything it returns lands on this site in a browser's reading", () => {
    // Every single character after a slash, raw and percent-encoded (once and twice): whatever comes back
    // must resolve to this origin, and must not start a protocol-relative URL.
    for (let c = 0; c < 0x3100; c++) {
      const ch = String.fromCharCode(c);
      const enc = encodeURIComponent(ch);
      for (const to of [
        `/${ch}evil.example`,
        `/${ch}/evil.example`,
        `${ch}/evil.example`,
        `/${enc}/evil.example`,
        `/${enc.replace(/%/g, "%25")}/evil.example`,
      ]) {
        let got: string;
        try {
          got = safeRedirect(to);
        } catch (e) {
          throw new Error(`threw on ${JSON.stringify(to)}: ${String(e)}`);
        }
        expect(landsOn(got), JSON.stringify(to)).toBe("https://zt.example");
        expect(got.startsWith("//") || got.startsWith("/\\"), JSON.stringify(to)).toBe(false);
      }
    }
  });
});
