/**
 * The printed catalog (企业问题目录) read back page by page with pdftotext, as the leader reads it on paper:
 * every line of the contents gives the page where its heading is printed first, and no heading ends a page
 * without its form. A synthetic catalog of 300 issues (tests/fixtures/catalog-data.ts): 15 departments and
 * a new category every three issues, so that forms run over pages and category headings fall near the foot
 * of pages. No database is needed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { renderInThisThread } from "~/utils/pdfmake.server";
import { syntheticCatalog } from "../fixtures/catalog-data";
import { PDFTOTEXT, pdfText } from "../fixtures/pdftotext";

const ISSUES = 300;
const PAGE_NUMBER = /^\s*—\s*\d+\s*—\s*$/;
const DEPARTMENT = /^\s*[一二三四五六七八九十]+、\S+\(\d+项\)/;
const CATEGORY = /^\s*\([一二三四五六七八九十]+\)\S/;
const ISSUE = /^\s*第(\d+)号\s/;
/** A contents line: the heading's text, spaces, its page number at the end. */
const CONTENTS_LINE = /^\s*(第\d+号|[一二三四五六七八九十]+、\S+\(\d+项\))\s.*?(\d+)\s*$/;

/** The page's lines with text, without the running header (its first line) and the page number. */
function bodyLines(page: string): string[] {
  return page
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(1)
    .filter((l) => !PAGE_NUMBER.test(l));
}

/** How a heading's line starts on a page of the body: "第7号 …" or "一、市发展和改革局(20项)". */
function headingAt(key: string) {
  const issue = /^第(\d+)号$/.exec(key);
  return issue ? new RegExp(`^\\s*第${issue[1]}号\\s`) : new RegExp(`^\\s*${key.replace(/[()]/g, "\\$&")}\\s*$`);
}

describe.runIf(PDFTOTEXT)(`the printed catalog of ${ISSUES} issues, page by page`, () => {
  /** pages[0] is page 1 (the cover). */
  let pages: string[];
  let contents: { key: string; page: number }[];
  let bodyStarts: number;

  beforeAll(async () => {
    const bytes = await renderInThisThread("catalog", syntheticCatalog(ISSUES));
    // pdftotext ends every page with a form feed.
    pages = pdfText(bytes, { layout: true }).split("\f").slice(0, -1);
    contents = [];
    bodyStarts = Infinity;
    for (let p = 2; p <= pages.length && p < bodyStarts; p++)
      for (const line of bodyLines(pages[p - 1])) {
        const m = CONTENTS_LINE.exec(line);
        if (!m) continue;
        contents.push({ key: m[1], page: Number(m[2]) });
        bodyStarts = Math.min(bodyStarts, Number(m[2]));
      }
  }, 120_000);

  it("lists every department and issue in the contents, in order", () => {
    expect(contents).toHaveLength(ISSUES + 15);
    expect(contents.filter((c) => c.key.startsWith("第")).map((c) => c.key)).toEqual(
      Array.from({ length: ISSUES }, (_, i) => `第${i + 1}号`),
    );
    expect(contents[0].key).toBe("一、市发展和改革局(20项)");
  });

  it("gives for each line of the contents the page where its heading is printed first", () => {
    const wrong: string[] = [];
    let runOver = 0;
    for (const { key, page } of contents) {
      const at = headingAt(key);
      const printed = pages.flatMap((text, i) =>
        i + 1 >= bodyStarts && bodyLines(text).some((l) => at.test(l)) ? [i + 1] : [],
      );
      // A form that runs over a page prints its heading again on the next: the contents give the first.
      if (printed.length > 1) runOver++;
      if (printed[0] !== page) wrong.push(`${key}: contents say ${page}, printed on ${printed.join(", ") || "none"}`);
    }
    expect(wrong).toEqual([]);
    // The catalog has forms that run over a page, so the case is tested.
    expect(runOver).toBeGreaterThan(10);
  });

  // A department heading is followed by a category heading, a category heading by its first issue's
  // heading, an issue's heading by its first fact: so no page may end with a heading.
  it("never ends a page with a heading whose form starts on the next", () => {
    const stranded: string[] = [];
    let movedCategories = 0;
    for (let p = bodyStarts; p <= pages.length; p++) {
      const lines = bodyLines(pages[p - 1]);
      const last = lines.at(-1) ?? "";
      if (DEPARTMENT.test(last) || CATEGORY.test(last) || ISSUE.test(last)) stranded.push(`page ${p}: ${last.trim()}`);
      if (CATEGORY.test(lines[0] ?? "")) movedCategories++;
    }
    expect(stranded).toEqual([]);
    // Category headings do fall at the top of a page here, so the rule is exercised.
    expect(movedCategories).toBeGreaterThan(0);
  });
});
