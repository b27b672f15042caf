import { describe, expect, it } from "vitest";
import type { Content } from "pdfmake/interfaces";
import { catalogDocument, groupEntries, type CatalogDocumentData, type CatalogDocumentEntry } from "./catalog";

const entry = (over: Partial<CatalogDocumentEntry>): CatalogDocumentEntry => ({
  number: 1,
  trackingNumber: "ZT20261120000001",
  title: "诉求标题",
  enterpriseName: "潮州市某某有限公司",
  regionName: "湘桥区",
  categoryName: "用地与规划",
  leadName: "市自然资源局",
  summary: "问题摘要",
  reply: "部门答复",
  countyOpinion: null,
  proposedOpinion: "拟办意见",
  ...over,
});

const data: CatalogDocumentData = {
  cycleNumber: 12,
  onsiteDate: "2026年12月9日(星期三)",
  leader: "李明(副市长)",
  secretaryGeneral: "王强(市政府副秘书长)",
  compiledBy: "潮州市政务服务数据管理局",
  printedOn: "2026年12月2日",
  sentNote: null,
  entries: [
    entry({ number: 3, leadName: "市工业和信息化局", categoryName: "用地与规划", title: "甲" }),
    entry({ number: 1, leadName: "市工业和信息化局", categoryName: "用地与规划", title: "乙" }),
    entry({ number: 2, leadName: "市工业和信息化局", categoryName: "融资服务", title: "丙", reply: null }),
    entry({
      number: 4,
      leadName: "市自然资源局",
      title: "丁",
      countyOpinion: "县区认为需市级统筹",
      proposedOpinion: null,
      enterpriseName: "饶平县某某公司",
      regionName: "饶平县",
    }),
  ],
};

/** Every string printed by a part of a document definition, in order (what a reader finds, before layout). */
function texts(node: unknown, printed = false): string[] {
  if (typeof node === "string") return printed ? [node] : [];
  if (Array.isArray(node)) return node.flatMap((n) => texts(n, printed));
  if (node && typeof node === "object") return Object.entries(node).flatMap(([k, v]) => texts(v, k === "text"));
  return [];
}

describe("the catalog document", () => {
  const doc = catalogDocument(data);
  const content = doc.content as Content[];
  const all = texts(content).join("\n");
  // The contents (目录) and what follows them.
  const contentsAt = content.findIndex((c) => texts(c)[0] === "目  录");
  const body = texts(content.slice(contentsAt + 1)).join("\n");

  it("has a cover with the cycle, the on-site day, the leader and the count", () => {
    for (const s of ["第12期", "企业问题目录", "2026年12月9日(星期三)", "李明(副市长)", "王强(市政府副秘书长)", "4 项"])
      expect(all).toContain(s);
    // The cover has no page number or header; the contents follow on a page of their own.
    expect((doc.footer as (p: number, n: number) => unknown)(1, 9)).toBeNull();
    expect(contentsAt).toBeGreaterThan(0);
    expect(content[contentsAt]).toMatchObject({ pageBreak: "before" });
  });

  it("groups the issues by department then category, in the order given, with Chinese numbering", () => {
    expect(groupEntries(data.entries).map((g) => [g.lead, g.categories.map((c) => c.name)])).toEqual([
      ["市工业和信息化局", ["用地与规划", "融资服务"]],
      ["市自然资源局", ["用地与规划"]],
    ]);
    const order = [
      "一、市工业和信息化局(3项)",
      "(一)用地与规划",
      "甲",
      "乙",
      "(二)融资服务",
      "丙",
      "二、市自然资源局(1项)",
      "丁",
    ];
    const at = order.map((s) => body.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("prints each issue's facts and texts, the county opinion only where there is one", () => {
    expect(all).toContain("第3号");
    for (const s of ["企业名称", "所在县区", "诉求类别", "受理编号", "问题摘要", "部门答复意见", "拟办意见"])
      expect(all).toContain(s);
    expect(all).toContain("市工业和信息化局:部门答复");
    expect(all).toContain("(牵头部门尚未答复)");
    expect(all).toContain("(轮值秘书长尚未提出)");
    expect(all.match(/县区意见/g)).toHaveLength(1);
    expect(all).toContain("县区认为需市级统筹");
    expect(all).toContain("饶平县某某公司");
  });

  it("lists every department and issue in the contents, each with the page its target starts on", () => {
    const json = JSON.stringify(doc.content);
    const targets = [...json.matchAll(/"pageReference":"([^"]+)"/g)].map((m) => m[1]);
    // 2 departments and 4 issues, in the order printed.
    expect(targets).toEqual(["department-1", "issue-3", "issue-1", "issue-2", "department-2", "issue-4"]);
    // Each target is one node: a department heading, or the first fact of an issue's form (not the form's
    // heading, which is printed again on every page the form runs onto).
    for (const t of targets) expect(json.split(`"id":"${t}"`)).toHaveLength(2);
    expect(json).toMatch(/"text":"企业名称"[^{}]*"id":"issue-3"/);
  });

  it("keeps each heading with its form", () => {
    type Form = { table?: { headerRows: number; keepWithHeaderRows?: number; body: unknown[][] } };
    const forms = (content as Form[]).filter((c) => c.table);
    // Issue headings are table header rows, which pdfmake keeps with the first row and repeats; the first
    // form of a category carries the category heading as a header row above its own.
    expect(
      forms.map((f) => [
        f.table!.headerRows,
        f.table!.keepWithHeaderRows,
        texts(f.table!.body.slice(0, f.table!.headerRows)).join(""),
      ]),
    ).toEqual([
      [2, 1, "(一)用地与规划第3号  甲"],
      [1, 1, "第1号  乙"],
      [2, 1, "(二)融资服务第2号  丙"],
      [2, 1, "(一)用地与规划第4号  丁"],
    ]);
  });

  it("says so when the catalog is empty", () => {
    expect(texts(catalogDocument({ ...data, entries: [] }).content).join()).toContain("本期目录尚无问题");
  });
});
