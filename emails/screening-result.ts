/** The screening result (甄别结果) for the enterprise: rejected with the reason, or where the appeal went. */
import { formatInstantZh } from "../app/domain/calendar";
import { ASSIGNMENT_ROLE_LABEL } from "../app/domain/labels";
import { clip, renderEmail, SMS_SIGNATURE, type EmailContent, type SmsContent } from "./layout";

export type ScreeningOutcome =
  | { kind: "rejected"; reason: string }
  | { kind: "county"; countyName: string }
  | { kind: "city"; leadDepartment: string; coDepartments: string[] };

export interface ScreeningResultData {
  trackingNumber: string;
  title: string;
  enterpriseName: string;
  contactName: string;
  screenedAt: Date;
  outcome: ScreeningOutcome;
}

function outcomeSentence(o: ScreeningOutcome): string {
  switch (o.kind) {
    case "rejected":
      return `经甄别,不予受理。理由:${o.reason}`;
    case "county":
      return `经甄别,属县区办理事项,已转${o.countyName}办理,办理结果将通过平台答复。`;
    case "city":
      return (
        `经甄别,已转市直部门办理,${ASSIGNMENT_ROLE_LABEL.lead}为${o.leadDepartment}` +
        (o.coDepartments.length ? `,${ASSIGNMENT_ROLE_LABEL.co}为${o.coDepartments.join("、")}` : "") +
        ",部门将在规定时限内接收并答复。"
      );
  }
}

function outcomeLabel(o: ScreeningOutcome): string {
  return o.kind === "rejected" ? "不予受理" : o.kind === "county" ? "转县区办理" : "转市直部门办理";
}

export function screeningResultEmail(d: ScreeningResultData): EmailContent {
  const facts: [string, string][] = [
    ["受理编号", d.trackingNumber],
    ["诉求标题", d.title],
    ["企业名称", d.enterpriseName],
    ["甄别时间", formatInstantZh(d.screenedAt)],
    ["甄别结果", outcomeLabel(d.outcome)],
  ];
  if (d.outcome.kind === "rejected") facts.push(["理由", d.outcome.reason]);
  if (d.outcome.kind === "county") facts.push(["承办县区", d.outcome.countyName]);
  if (d.outcome.kind === "city") {
    facts.push([ASSIGNMENT_ROLE_LABEL.lead, d.outcome.leadDepartment]);
    if (d.outcome.coDepartments.length) facts.push([ASSIGNMENT_ROLE_LABEL.co, d.outcome.coDepartments.join("、")]);
  }
  return renderEmail({
    subject: `诉求甄别结果:${outcomeLabel(d.outcome)}(受理编号 ${d.trackingNumber})`,
    greeting: `${d.contactName}您好:`,
    paragraphs: [
      `${d.enterpriseName}提交的诉求“${d.title}”(受理编号 ${d.trackingNumber})${outcomeSentence(d.outcome)}`,
    ],
    facts,
    closing: [
      d.outcome.kind === "rejected"
        ? "如有疑问,可拨打 12345 政务服务便民热线咨询。"
        : "您可登录平台,在“我的诉求”中查看办理进度。",
    ],
  });
}

export function screeningResultSms(d: ScreeningResultData): SmsContent {
  return {
    text: `${SMS_SIGNATURE}您的诉求“${clip(d.title, 30)}”(受理编号${d.trackingNumber})${outcomeSentence(d.outcome)}`,
  };
}
