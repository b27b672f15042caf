/**
 * 企业问题目录: the cycle's issue catalog as the leader reads it on paper (SPEC §4 step 6, §5). A cover with
 * the cycle, the on-site day and the attending leader; the contents with page numbers; then, grouped as the
 * office ordered them (lead department, then category), one entry per issue: number, enterprise, region,
 * category, summary, the department's reply, the county's opinion where there is one, and the
 * secretary-general's proposed handling opinion.
 */
import type { Content, ContentText, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import { DOCUMENT_LABEL } from "../app/domain/labels";
import { chineseNumeral, factTable, officialDocument, STYLES } from "./official";

export interface CatalogDocumentEntry {
  number: number;
  trackingNumber: string;
  title: string;
  enterpriseName: string;
  regionName: string | null;
  categoryName: string;
  leadName: string | null;
  summary: string;
  reply: string | null;
  countyOpinion: string | null;
  proposedOpinion: string | null;
}

export interface CatalogDocumentData {
  cycleNumber: number;
  /** "2026年12月9日(星期三)". */
  onsiteDate: string;
  /** "李明(副市长)", or null while none is named. */
  leader: string | null;
  secretaryGeneral: string | null;
  /** Who compiled it: the platform office. */
  compiledBy: string;
  /** The date printed on the cover, "2026年12月2日". */
  printedOn: string;
  /** Where the catalog stands, e.g. "已于2026年12月2日(星期三) 15:00报送市政府办公室"; null while not sent. */
  sentNote: string | null;
  /** In catalog order. */
  entries: CatalogDocumentEntry[];
}

const NO_LEAD = "尚未确定牵头部门";

/** The entries under their department and category, in the order given (consecutive runs form a group). */
export function groupEntries(entries: readonly CatalogDocumentEntry[]) {
  const groups: { lead: string; categories: { name: string; entries: CatalogDocumentEntry[] }[] }[] = [];
  for (const e of entries) {
    const lead = e.leadName ?? NO_LEAD;
    let g = groups[groups.length - 1];
    if (!g || g.lead !== lead) {
      g = { lead, categories: [] };
      groups.push(g);
    }
    let c = g.categories[g.categories.length - 1];
    if (!c || c.name !== e.categoryName) {
      c = { name: e.categoryName, entries: [] };
      g.categories.push(c);
    }
    c.entries.push(e);
  }
  return groups;
}

function cover(d: CatalogDocumentData): Content[] {
  const line = (label: string, value: string): Content => ({
    columns: [
      { text: label, width: 110, alignment: "right", font: "Hei", fontSize: 14 },
      { text: value, width: "*", fontSize: 14, margin: [8, 0, 0, 0] },
    ],
    margin: [0, 0, 0, 10],
  });
  return [
    { text: "解决企业诉求“直通车”", style: "subtitle", color: "#b3261e", margin: [0, 60, 0, 16] },
    { text: `第${d.cycleNumber}期`, style: "title", color: "#b3261e" },
    { text: DOCUMENT_LABEL.catalog, style: "title", fontSize: 30, color: "#b3261e", margin: [0, 6, 0, 20] },
    {
      canvas: [{ type: "line", x1: 0, y1: 0, x2: 439, y2: 0, lineWidth: 2, lineColor: "#b3261e" }],
      margin: [0, 0, 0, 40],
    },
    line("现场活动日:", d.onsiteDate),
    line("出席市领导:", d.leader ?? "待定"),
    line("轮值秘书长:", d.secretaryGeneral ?? "待定"),
    line("问题数量:", `${d.entries.length} 项`),
    ...(d.sentNote ? [line("报送情况:", d.sentNote)] : []),
    { text: d.compiledBy, alignment: "center", fontSize: 16, margin: [0, 90, 0, 6] },
    { text: d.printedOn, alignment: "center", fontSize: 16 },
  ];
}

/** An issue's facts as its form prints them, label and text, in order. */
export function issueFacts(e: CatalogDocumentEntry): [string, string][] {
  const rows: [string, string][] = [
    ["企业名称", e.enterpriseName],
    ["所在县区", e.regionName ?? "—"],
    ["诉求类别", e.categoryName],
    ["受理编号", e.trackingNumber],
    ["问题摘要", e.summary],
    ["部门答复意见", e.reply ? `${e.leadName ?? "牵头部门"}:${e.reply}` : "(牵头部门尚未答复)"],
  ];
  if (e.countyOpinion) rows.push(["县区意见", e.countyOpinion]);
  rows.push(["拟办意见", e.proposedOpinion ?? "(轮值秘书长尚未提出)"]);
  return rows;
}

/** "第12号  title", the number in red: the form's heading and its line in the contents. */
function issueTitle(e: CatalogDocumentEntry): ContentText["text"] {
  return [{ text: `第${e.number}号  `, color: "#b3261e" }, e.title];
}

const issueAnchor = (e: CatalogDocumentEntry) => `issue-${e.number}`;

/**
 * One issue's form. Its heading is the table's header row: pdfmake keeps it with the first fact and repeats
 * it on the next page when the issue runs over. The first issue of a category carries the category's
 * heading as a header row above its own, so that the category heading never ends a page alone; when that
 * form runs over a page, both headings are printed again above the rest. (pdfmake's pageBreakBefore
 * callback, used before, laid the whole document out again for every heading it moved, and moved none: the
 * pages it reports for a table that pdfmake carried to the next page with its header are those of the page
 * it was first tried on.)
 */
function entry(e: CatalogDocumentEntry, category?: ContentText): Content {
  return factTable(issueFacts(e), { text: issueTitle(e) }, { anchorId: issueAnchor(e), lead: category });
}

/**
 * A line of the contents: the heading's text and the page its target starts on (a page reference, filled
 * in by pdfmake as it writes the page, in the one layout pass). The number is printed in the document's
 * default face and links to its target. The lines are built here rather than by pdfmake's own `toc`,
 * which links every character of the text separately (18 annotations to a line, half of the file).
 */
function contentsLine(text: ContentText["text"], style: "tocGroup" | "tocItem", indent: number, target: string) {
  return [
    { ...STYLES[style], text, margin: [indent, 0, 0, 0] },
    { pageReference: target, alignment: "right" },
  ] satisfies TableCell[];
}

export function catalogDocument(d: CatalogDocumentData): TDocumentDefinitions {
  const title = `第${d.cycleNumber}期${DOCUMENT_LABEL.catalog}`;
  const lines: TableCell[][] = [];
  const body: Content[] = [];
  groupEntries(d.entries).forEach((g, gi) => {
    const count = g.categories.reduce((n, c) => n + c.entries.length, 0);
    const text = `${chineseNumeral(gi + 1)}、${g.lead}(${count}项)`;
    const anchor = `department-${gi + 1}`;
    lines.push(contentsLine(text, "tocGroup", 0, anchor));
    // A department starts a page, so its heading is always followed by its first category there.
    body.push({ text, style: "h1", id: anchor, pageBreak: "before" });
    g.categories.forEach((c, ci) => {
      const heading: ContentText = { ...STYLES.h2, text: `(${chineseNumeral(ci + 1)})${c.name}` };
      c.entries.forEach((e, ei) => {
        lines.push(contentsLine(issueTitle(e), "tocItem", 24, issueAnchor(e)));
        body.push(entry(e, ei === 0 ? heading : undefined));
      });
    });
  });
  const contents: Content[] =
    d.entries.length === 0
      ? [{ text: "本期目录尚无问题。", style: "body", pageBreak: "before", alignment: "center" }]
      : [
          {
            pageBreak: "before",
            stack: [
              { text: "目  录", style: "tocTitle" },
              { table: { dontBreakRows: true, widths: ["*", "auto"], body: lines }, layout: "noBorders" },
            ],
          },
          ...body,
        ];
  return officialDocument(
    { title, headerRight: `现场活动日:${d.onsiteDate}`, bareFirstPages: 1, author: d.compiledBy },
    [...cover(d), ...contents],
  );
}
