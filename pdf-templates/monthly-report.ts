/**
 * 解决企业诉求“直通车”工作月报: the month's report (SPEC §5): appeals received by channel and how they were
 * screened, the on-site days held, the tasks' commitments and outcomes, and the figures of each department
 * and county with the ranking on the three-rate score.
 */
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import { chineseNumeral, officialDocument, SIZE } from "./official";

export interface MonthlyReportData {
  /** "2026年11月" */
  month: string;
  issuer: string;
  printedOn: string;
  received: number;
  byChannel: { label: string; count: number }[];
  screening: { label: string; count: number }[];
  onsiteDays: { cycleNumber: number; date: string; leader: string | null; issues: number }[];
  tasks: { label: string; count: number }[];
  figures: {
    rank: number | null;
    name: string;
    received: number;
    acceptedOnTime: string;
    repliedOnTime: string;
    completion: string;
    resolution: string;
    satisfaction: string;
    score: string;
  }[];
}

const table = (
  head: string[],
  rows: (string | number)[][],
  widths: (number | string)[],
  fontSize: number = SIZE.五号,
): Content => ({
  table: {
    headerRows: 1,
    widths,
    body: [
      head.map((h): TableCell => ({ text: h, style: "label", fontSize, fillColor: "#f0f0f0", alignment: "center" })),
      ...rows.map((r) => r.map((c): TableCell => ({ text: String(c), style: "cell", fontSize, alignment: "center" }))),
    ],
  },
  layout: {
    hLineWidth: () => 0.5,
    vLineWidth: () => 0.5,
    hLineColor: () => "#555555",
    vLineColor: () => "#555555",
  },
  margin: [0, 4, 0, 10],
});

export function monthlyReportDocument(d: MonthlyReportData): TDocumentDefinitions {
  const title = `解决企业诉求“直通车”工作月报(${d.month})`;
  const sections: [string, Content[]][] = [
    [
      "诉求受理",
      [
        {
          text: `本月共受理企业诉求 ${d.received} 件。${d.byChannel.map((c) => `${c.label}${c.count}件`).join(",") || "无"}。`,
          style: "body",
        },
        d.screening.length
          ? table(
              d.screening.map((s) => s.label),
              [d.screening.map((s) => s.count)],
              d.screening.map(() => "*"),
            )
          : { text: "本月没有甄别的诉求。", style: "body" },
      ],
    ],
    [
      "现场活动",
      d.onsiteDays.length
        ? [
            table(
              ["期次", "现场活动日", "出席市领导", "现场议题"],
              d.onsiteDays.map((o) => [`第${o.cycleNumber}期`, o.date, o.leader ?? "—", o.issues]),
              [60, "*", "*", 60],
            ),
          ]
        : [{ text: "本月没有现场活动。", style: "body" }],
    ],
    [
      "交办任务",
      d.tasks.length
        ? [
            table(
              d.tasks.map((t) => t.label),
              [d.tasks.map((t) => t.count)],
              d.tasks.map(() => "*"),
            ),
          ]
        : [{ text: "本月没有交办任务。", style: "body" }],
    ],
    [
      "各单位办理情况与排名",
      d.figures.length
        ? [
            table(
              ["排名", "单位", "受理数", "按时签收率", "按时答复率", "办结率", "解决率", "满意率", "三率得分"],
              d.figures.map((f) => [
                f.rank ?? "—",
                f.name,
                f.received,
                f.acceptedOnTime,
                f.repliedOnTime,
                f.completion,
                f.resolution,
                f.satisfaction,
                f.score,
              ]),
              [20, 112, 26, 46, 46, 40, 40, 40, 42],
              SIZE.小五,
            ),
            {
              text: "三率得分 = 响应率(按时签收率)×30 + 满意率×35 + 解决率×35;“—”表示该项尚无统计基数。",
              style: "note",
            },
          ]
        : [{ text: "本月没有交办的诉求。", style: "body" }],
    ],
  ];
  const content: Content[] = [
    { text: ["解决企业诉求“直通车”\n", `工作月报(${d.month})`], style: "title", margin: [0, 0, 0, 16] },
  ];
  sections.forEach(([heading, body], i) => {
    content.push({ text: `${chineseNumeral(i + 1)}、${heading}`, style: "h2" }, ...body);
  });
  content.push(
    { text: d.issuer, alignment: "right", margin: [0, 20, SIZE.小四 * 2, 4] },
    { text: d.printedOn, alignment: "right", margin: [0, 0, SIZE.小四 * 2, 0] },
  );
  return officialDocument({ title, headerRight: d.month, author: d.issuer }, content);
}
