/**
 * 现场活动议程: the on-site day's agenda (SPEC §4 step 7, §5): when and where, who chairs, and the issues in
 * the order of their time slots with the lead department and everyone who attends. A draft not yet
 * approved by the leader says so under the title.
 */
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import { DOCUMENT_LABEL } from "../app/domain/labels";
import { officialDocument, SIZE } from "./official";

export interface AgendaDocumentSlot {
  /** "09:00—09:30". */
  slot: string;
  number: number;
  title: string;
  enterpriseName: string;
  leadName: string | null;
  attendees: string[];
  proposedOpinion: string | null;
}

export interface AgendaDocumentData {
  cycleNumber: number;
  onsiteDate: string;
  place: string | null;
  leader: string | null;
  secretaryGeneral: string | null;
  compiledBy: string;
  /** "第2版,市领导于2026年12月8日(星期二) 10:00审定"; null while not approved (a draft for review). */
  approvalNote: string | null;
  /** In slot order. */
  slots: AgendaDocumentSlot[];
}

const HEAD = (text: string): TableCell => ({ text, style: "label", alignment: "center", fillColor: "#f0f0f0" });

function issueCell(s: AgendaDocumentSlot): Content[] {
  const lines: Content[] = [
    { text: `第${s.number}号  ${s.title}`, font: "Hei", fontSize: SIZE.五号 },
    { text: s.enterpriseName, style: "cell" },
  ];
  if (s.proposedOpinion) lines.push({ text: `拟办意见:${s.proposedOpinion}`, style: "note", margin: [0, 2, 0, 0] });
  return lines;
}

export function agendaDocument(d: AgendaDocumentData): TDocumentDefinitions {
  const title = `第${d.cycleNumber}期解决企业诉求“直通车”${DOCUMENT_LABEL.agenda}`;
  const facts: [string, string][] = [
    ["时  间", d.onsiteDate],
    ["地  点", d.place?.trim() || "待定"],
    ["出席市领导", d.leader ?? "待定"],
    ["轮值秘书长", d.secretaryGeneral ?? "待定"],
  ];
  const rows: TableCell[][] = d.slots.map((s, i) => [
    { text: String(i + 1), style: "cell", alignment: "center" },
    { text: s.slot, style: "cell", alignment: "center", noWrap: true },
    { stack: issueCell(s) },
    { text: s.leadName ?? "—", style: "cell" },
    { text: s.attendees.join("、") || "—", style: "cell" },
  ]);
  const content: Content[] = [
    {
      text: [`第${d.cycleNumber}期解决企业诉求“直通车”\n`, DOCUMENT_LABEL.agenda],
      style: "title",
      margin: [0, 0, 0, 6],
    },
    {
      text: d.approvalNote ? `(${d.approvalNote})` : "(送审稿,待市领导审定)",
      style: "subtitle",
      fontSize: SIZE.小四,
      margin: [0, 0, 0, 18],
    },
    ...facts.map(([label, value]): Content => ({
      columns: [
        { text: `${label}:`, width: 84, font: "Hei", fontSize: SIZE.四号 },
        { text: value, width: "*", fontSize: SIZE.四号 },
      ],
      margin: [0, 0, 0, 6],
    })),
    { text: "议  题", style: "h1", alignment: "center", margin: [0, 14, 0, 8] },
    d.slots.length === 0
      ? { text: "尚未安排议题。", style: "body", alignment: "center" }
      : {
          table: {
            headerRows: 1,
            dontBreakRows: true,
            widths: [24, 74, "*", 70, 88],
            body: [[HEAD("序号"), HEAD("时段"), HEAD("议题与企业"), HEAD("牵头部门"), HEAD("参加单位")], ...rows],
          },
          layout: {
            hLineWidth: () => 0.5,
            vLineWidth: () => 0.5,
            hLineColor: () => "#555555",
            vLineColor: () => "#555555",
            paddingTop: () => 4,
            paddingBottom: () => 4,
          },
        },
    { text: `${d.compiledBy} 编印`, alignment: "right", style: "note", margin: [0, 18, 0, 0] },
  ];
  return officialDocument({ title, headerRight: `现场活动日:${d.onsiteDate}`, author: d.compiledBy }, content);
}
