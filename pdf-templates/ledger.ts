/**
 * 交办任务台账: the supervision ledger (SPEC §5) on landscape A4: one row per task with the appeal, the
 * lead department, the leader's decision and time limit, the commitment, the state and the outcome.
 */
import type { TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import { officialDocument, SIZE } from "./official";

export interface LedgerDocumentRow {
  cycle: string;
  trackingNumber: string;
  enterpriseName: string;
  title: string;
  organisationName: string;
  decision: string;
  dueDate: string;
  commitment: string;
  state: string;
  outcome: string;
}

export interface LedgerDocumentData {
  /** "第12期" or "全部期次" */
  scope: string;
  issuer: string;
  printedOn: string;
  rows: LedgerDocumentRow[];
}

const HEAD = [
  "期次",
  "受理编号",
  "企业 / 诉求",
  "牵头部门",
  "市领导处理意见",
  "办理时限",
  "办理承诺",
  "状态",
  "办理结果与评价",
];

export function ledgerDocument(d: LedgerDocumentData): TDocumentDefinitions {
  const title = `“直通车”交办任务台账(${d.scope})`;
  const cell = (text: string): TableCell => ({ text, style: "cell", fontSize: SIZE.小五 });
  const body: TableCell[][] = [
    HEAD.map((h) => ({ text: h, style: "label", fontSize: SIZE.小五, fillColor: "#f0f0f0", alignment: "center" })),
    ...d.rows.map((r) => [
      cell(r.cycle),
      cell(r.trackingNumber),
      {
        stack: [
          { text: r.enterpriseName, style: "cell", fontSize: SIZE.小五 },
          { text: r.title, font: "Hei", fontSize: SIZE.小五 },
        ],
      },
      cell(r.organisationName),
      cell(r.decision),
      cell(r.dueDate),
      cell(r.commitment),
      cell(r.state),
      cell(r.outcome),
    ]),
  ];
  return officialDocument({ title, headerRight: `${d.issuer} ${d.printedOn}`, author: d.issuer, landscape: true }, [
    { text: title, style: "title", fontSize: SIZE.三号, margin: [0, 0, 0, 10] },
    d.rows.length === 0
      ? { text: "没有交办任务。", style: "body", alignment: "center" }
      : {
          table: { headerRows: 1, widths: [30, 84, 100, 56, "*", 50, "*", 40, "*"], body },
          layout: {
            hLineWidth: () => 0.5,
            vLineWidth: () => 0.5,
            hLineColor: () => "#555555",
            vLineColor: () => "#555555",
            paddingTop: () => 2,
            paddingBottom: () => 2,
          },
        },
    {
      text: `共 ${d.rows.length} 项。${d.issuer} ${d.printedOn}`,
      style: "note",
      alignment: "right",
      margin: [0, 8, 0, 0],
    },
  ]);
}
