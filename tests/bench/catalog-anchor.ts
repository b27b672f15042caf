/**
 * The catalog bench's anchor (issue 15): a bare pdfmake render of the same text in the same fonts. Every
 * string the catalog's body prints (department and category headings, each issue's heading, every label
 * and text of its form, through the template's own issueFacts) as plain paragraphs, in the faces and sizes
 * the catalog prints them in, on A4 with the same margins, laid out once: no cover, no contents, no forms'
 * lines and shading, no running header or page numbers, no keeping of headings with their forms. What pdfmake
 * costs for the text alone; the catalog's target is at most 1.5× its time and peak memory, in the same run.
 */
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces";
import { groupEntries, issueFacts, type CatalogDocumentData } from "../../pdf-templates/catalog";
import { HEI, PAGE_MARGINS, SIZE, SONG } from "../../pdf-templates/official";

export function bareCatalogDocument(d: CatalogDocumentData): TDocumentDefinitions {
  const content: Content[] = [];
  for (const g of groupEntries(d.entries)) {
    content.push({ text: g.lead, font: HEI, fontSize: SIZE.三号 });
    for (const c of g.categories) {
      content.push({ text: c.name, font: HEI, fontSize: SIZE.四号 });
      for (const e of c.entries) {
        content.push({ text: `第${e.number}号  ${e.title}`, font: HEI, fontSize: SIZE.小四 });
        for (const [label, value] of issueFacts(e))
          content.push(
            { text: label, font: HEI, fontSize: SIZE.五号 },
            { text: value, font: SONG, fontSize: SIZE.五号, lineHeight: 1.25 },
          );
      }
    }
  }
  return { pageSize: "A4", pageMargins: PAGE_MARGINS, defaultStyle: { font: SONG }, content };
}
