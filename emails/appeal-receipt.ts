/** The enterprise's receipt (受理回执), sent as soon as an appeal is registered on any channel. */
import { formatDateZh, formatInstantZh } from "../app/domain/calendar";
import { clip, renderEmail, shortDateZh, SMS_SIGNATURE, type EmailContent, type SmsContent } from "./layout";

export interface AppealReceiptData {
  trackingNumber: string;
  title: string;
  enterpriseName: string;
  contactName: string;
  receivedAt: Date;
  /** The cycle the appeal belongs to (the next one when it came in while the window was closed). */
  cycleNumber: number;
  /** YYYY-MM-DD, Asia/Shanghai. */
  onsiteDate: string;
  /** Received while the booking window was closed: it belongs to the next cycle, and the enterprise is told so. */
  receivedWhileClosed: boolean;
  /** When screening is due; null while the enterprise's details wait for the registry review. */
  screeningDueAt: Date | null;
}

function cycleSentence(d: AppealReceiptData, date: string): string {
  return d.receivedWhileClosed
    ? `本期预约已截止,您的诉求在截止后收到,纳入下一期即第${d.cycleNumber}期办理,该期现场活动日为${date}。`
    : `您的诉求纳入第${d.cycleNumber}期办理,该期现场活动日为${date}。`;
}

function nextStep(d: AppealReceiptData): string {
  return d.screeningDueAt
    ? `平台将于${formatInstantZh(d.screeningDueAt)}前完成甄别,并告知您结果。`
    : "您填写的企业信息与法人库记录不一致,已转市市场监督管理局核实,核实后平台再进行甄别并告知您结果。";
}

export function appealReceiptEmail(d: AppealReceiptData): EmailContent {
  return renderEmail({
    subject: `诉求受理回执(受理编号 ${d.trackingNumber})`,
    greeting: `${d.contactName}您好:`,
    paragraphs: [
      `${d.enterpriseName}提交的诉求“${d.title}”已受理登记,受理编号为 ${d.trackingNumber}。`,
      cycleSentence(d, formatDateZh(d.onsiteDate)),
      nextStep(d),
    ],
    facts: [
      ["受理编号", d.trackingNumber],
      ["诉求标题", d.title],
      ["企业名称", d.enterpriseName],
      ["受理时间", formatInstantZh(d.receivedAt)],
      ["所属期次", `第${d.cycleNumber}期`],
      ["现场活动日", formatDateZh(d.onsiteDate)],
    ],
    closing: ["您可登录平台,在“我的诉求”中凭受理编号查看办理进度;也可拨打 12345 政务服务便民热线查询。"],
  });
}

export function appealReceiptSms(d: AppealReceiptData): SmsContent {
  const due = d.screeningDueAt ? `平台将于${formatInstantZh(d.screeningDueAt)}前告知甄别结果。` : "企业信息待核实。";
  return {
    text:
      `${SMS_SIGNATURE}您的诉求“${clip(d.title, 30)}”已受理,受理编号${d.trackingNumber}。` +
      cycleSentence(d, shortDateZh(d.onsiteDate)) +
      due,
  };
}
