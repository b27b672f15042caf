/**
 * The printing style of Chinese official documents (after GB/T 9704-2012) shared by every PDF the platform
 * prints: A4 with the standard margins, a serif body (宋体-like, Noto Serif SC) and a bold heading face
 * (黑体-like, Noto Sans SC Bold), a running header with the cycle and date, and page numbers written
 * "— 1 —", on the outer side (right on odd pages, left on even ones). Pure: no fonts are loaded here, the
 * families are named and app/utils/pdf.server.ts maps them to the files in ./fonts.
 */
import type {
  Content,
  ContentText,
  ContentTocItem,
  DynamicContent,
  StyleDictionary,
  TableCell,
  TDocumentDefinitions,
} from "pdfmake/interfaces";

/** Font families as the renderer registers them. */
export const SONG = "Song";
export const HEI = "Hei";

/** GB/T 9704 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (in points). */
const MM = 72 / 25.4;
export const PAGE_MARGINS: [number, number, number, number] = [28 * MM, 37 * MM, 26 * MM, 35 * MM];

/** Chinese type sizes in points. */
export const SIZE = { 二号: 22, 三号: 16, 四号: 14, 小四: 12, 五号: 10.5, 小五: 9 } as const;

export const STYLES: StyleDictionary = {
  title: { font: HEI, fontSize: SIZE.二号, alignment: "center", lineHeight: 1.3 },
  subtitle: { font: SONG, fontSize: SIZE.三号, alignment: "center" },
  h1: { font: HEI, fontSize: SIZE.三号, margin: [0, 12, 0, 6] },
  h2: { font: HEI, fontSize: SIZE.四号, margin: [0, 8, 0, 4] },
  h3: { font: HEI, fontSize: SIZE.小四, margin: [0, 8, 0, 4] },
  label: { font: HEI, fontSize: SIZE.五号 },
  cell: { font: SONG, fontSize: SIZE.五号, lineHeight: 1.25 },
  body: { font: SONG, fontSize: SIZE.小四, lineHeight: 1.4 },
  note: { font: SONG, fontSize: SIZE.五号, color: "#333333" },
  running: { font: SONG, fontSize: SIZE.小五, color: "#444444" },
  pageNumber: { font: SONG, fontSize: SIZE.四号 },
  tocTitle: { font: HEI, fontSize: SIZE.三号, alignment: "center", margin: [0, 0, 0, 12] },
  tocGroup: { font: HEI, fontSize: SIZE.小四 },
  tocItem: { font: SONG, fontSize: SIZE.五号 },
};

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九: the numbering of headings (一、 (一)). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : DIGITS[tens]}十${ones ? DIGITS[ones] : ""}`;
}

/** "— 7 —": the page number as official documents write it. */
export function pageNumberText(page: number): string {
  return `— ${page} —`;
}

export interface OfficialFrame {
  /** The PDF's title (document properties) and the running header's left side. */
  title: string;
  /** The running header's right side, e.g. "现场活动日:2026年12月9日(星期三)". */
  headerRight: string;
  /** Pages without header and page number (a cover), counted from 1. */
  bareFirstPages?: number;
  author: string;
  /** Wide tables (a ledger) print on landscape A4. */
  landscape?: boolean;
}

/** The page frame every document shares: A4, margins, fonts, header and the "— n —" page numbers. */
export function officialDocument(frame: OfficialFrame, content: Content[]): TDocumentDefinitions {
  const bare = frame.bareFirstPages ?? 0;
  // Landscape: 28 mm left and right, 26 mm top and bottom, so a wide table gets the width and the header
  // and page number still fit.
  const margins: [number, number, number, number] = frame.landscape
    ? [PAGE_MARGINS[0], PAGE_MARGINS[2], PAGE_MARGINS[0], PAGE_MARGINS[2]]
    : PAGE_MARGINS;
  const width = frame.landscape ? 841.89 : 595.28;
  const header: DynamicContent = (page) =>
    page <= bare
      ? null
      : {
          margin: [margins[0], (frame.landscape ? 14 : 20) * MM, margins[2], 0],
          stack: [
            {
              columns: [
                { text: frame.title, style: "running" },
                { text: frame.headerRight, style: "running", alignment: "right" },
              ],
            },
            {
              canvas: [
                {
                  type: "line",
                  x1: 0,
                  y1: 3,
                  x2: width - margins[0] - margins[2],
                  y2: 3,
                  lineWidth: 0.5,
                  lineColor: "#444444",
                },
              ],
            },
          ],
        };
  const footer: DynamicContent = (page) =>
    page <= bare
      ? null
      : {
          text: pageNumberText(page),
          style: "pageNumber",
          // Outer side: right on odd pages, left on even ones, one character in from the text block.
          alignment: page % 2 === 1 ? "right" : "left",
          margin: [margins[0] + SIZE.四号, (frame.landscape ? 8 : 12) * MM, margins[2] + SIZE.四号, 0],
        };
  return {
    pageSize: "A4",
    pageOrientation: frame.landscape ? "landscape" : "portrait",
    pageMargins: margins,
    info: { title: frame.title, author: frame.author, creator: "直通车平台", producer: "直通车平台" },
    defaultStyle: { font: SONG, fontSize: SIZE.小四 },
    styles: STYLES,
    header,
    footer,
    content,
  };
}

export interface FactTableOptions {
  /**
   * An id on the first row's label, for a page reference (a contents line) to the page where the form
   * starts. Not on the heading: pdfmake moves a node's recorded page to wherever its line is printed
   * last, and the heading is printed again on every page the form runs onto.
   */
  anchorId?: string;
  /**
   * A heading above the form's own (a category's, above its first form), printed without lines as the
   * first header row: kept with the form's heading and first row, and like them printed again on every
   * page the form runs onto.
   */
  lead?: ContentText;
}

/**
 * A two-column form of label and text, as official registers print an item's facts. With a heading, the
 * heading is the table's header row: kept with the first row and repeated when the form runs onto the
 * next page.
 *
 * The cells carry their style's properties themselves rather than the style's name: pdfmake resolves
 * every property of every character through the style stack, and a named style costs a dictionary walk
 * each time. What prints is the same.
 */
export function factTable(
  rows: [string, string][],
  heading?: ContentText | (ContentText & ContentTocItem),
  options: FactTableOptions = {},
): Content {
  const header: TableCell[][] = [];
  // The lead sits where it would stand above the table: the cell's padding (3 above and below, 4 to the
  // left, after the 0.5 line) taken off its margins.
  if (options.lead)
    header.push([{ ...options.lead, colSpan: 2, border: [false, false, false, false], margin: [-4.5, 5, 0, 1] }, {}]);
  if (heading) header.push([{ ...STYLES.h3, ...heading, colSpan: 2, margin: [0, 2, 0, 2] }, {}]);
  const body: TableCell[][] = rows.map(([label, value], i) => [
    {
      ...STYLES.label,
      text: label,
      fillColor: "#f0f0f0",
      ...(i === 0 && options.anchorId ? { id: options.anchorId } : {}),
    },
    { ...STYLES.cell, text: value },
  ]);
  return {
    table: {
      widths: [72, "*"],
      body: [...header, ...body],
      headerRows: header.length,
      keepWithHeaderRows: header.length ? 1 : undefined,
    },
    layout: {
      hLineWidth: (i) => (i === 0 && options.lead ? 0 : 0.5),
      vLineWidth: () => 0.5,
      hLineColor: () => "#555555",
      vLineColor: () => "#555555",
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 0, 0, 10],
  };
}
