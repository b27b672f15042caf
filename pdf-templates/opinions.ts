/**
 * 企业请求协调解决事项处理意见: the handling opinions of a cycle (SPEC §4 step 8, §5), as the leader approves
 * them and the departments receive them: an opening paragraph, then one numbered section per issue on the
 * day with the enterprise's request, the leader's decision, the lead and co-departments and the time
 * limit; the issuer and date at the end. A draft reads 送审稿 under the title.
 */
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces";
import { DOCUMENT_LABEL } from "../app/domain/labels";
import { chineseNumeral, officialDocument, SIZE } from "./official";

export interface OpinionsDocumentItem {
  number: number;
  title: string;
  enterpriseName: string;
  summary: string;
  decision: string | null;
  leadName: string | null;
  coNames: string[];
  /** "2026年12月31日" */
  dueDate: string | null;
}

export interface OpinionsDocumentData {
  cycleNumber: number;
  onsiteDate: string;
  leader: string | null;
  issuer: string;
  /** "2026年12月9日" */
  issuedOn: string;
  /** "2026年12月12日(星期六) 24:00" */
  commitmentsDue: string;
  /** "市领导于…审定"; null while a draft. */
  approvalNote: string | null;
  items: OpinionsDocumentItem[];
}

const para = (label: string, text: string): Content => ({
  text: [{ text: `${label}`, font: "Hei" }, text],
  style: "body",
  leadingIndent: SIZE.小四 * 2,
  margin: [0, 0, 0, 4],
});

export function opinionsDocument(d: OpinionsDocumentData): TDocumentDefinitions {
  const title = `第${d.cycleNumber}期${DOCUMENT_LABEL.opinions}`;
  const content: Content[] = [
    { text: [`第${d.cycleNumber}期\n`, DOCUMENT_LABEL.opinions], style: "title", margin: [0, 0, 0, 6] },
    {
      text: d.approvalNote ? `(${d.approvalNote})` : "(送审稿,待市领导审定)",
      style: "subtitle",
      fontSize: SIZE.小四,
      margin: [0, 0, 0, 18],
    },
    {
      text: `${d.onsiteDate},${d.leader ?? "市领导"}出席第${d.cycleNumber}期解决企业诉求“直通车”现场活动,与企业面对面协调解决诉求。现将有关事项处理意见印发如下,请各牵头单位于${d.commitmentsDue}前在平台公布办理承诺(责任领导、责任人、完成时限和工作措施),并按时限办结、反馈。`,
      style: "body",
      leadingIndent: SIZE.小四 * 2,
      margin: [0, 0, 0, 10],
    },
  ];
  if (d.items.length === 0) content.push({ text: "本期没有现场议题。", style: "body", alignment: "center" });
  d.items.forEach((item, i) => {
    content.push({
      text: `${chineseNumeral(i + 1)}、关于${item.enterpriseName}“${item.title}”的诉求(第${item.number}号)`,
      style: "h2",
    });
    content.push(para("企业诉求:", item.summary));
    content.push(para("处理意见:", item.decision ?? "(尚未记录)"));
    content.push(
      para(
        "办理单位:",
        item.leadName
          ? `${item.leadName}牵头${item.coNames.length ? `,${item.coNames.join("、")}配合` : ""}。`
          : "(尚未确定)",
      ),
    );
    content.push(para("办理时限:", item.dueDate ? `${item.dueDate}前办结。` : "(尚未确定)"));
  });
  content.push(
    { text: d.issuer, alignment: "right", margin: [0, 24, SIZE.小四 * 2, 4], fontSize: SIZE.小四 },
    { text: d.issuedOn, alignment: "right", margin: [0, 0, SIZE.小四 * 2, 0], fontSize: SIZE.小四 },
  );
  return officialDocument({ title, headerRight: `现场活动日:${d.onsiteDate}`, author: d.issuer }, content);
}
