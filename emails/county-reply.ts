/** The county's reply (县区办结答复) to the enterprise, sent as soon as the county resolves the appeal. */
import { formatInstantZh } from "../app/domain/calendar";
import { clip, renderEmail, SMS_SIGNATURE, type EmailContent, type SmsContent } from "./layout";

export interface CountyReplyData {
  trackingNumber: string;
  title: string;
  enterpriseName: string;
  contactName: string;
  countyName: string;
  repliedAt: Date;
  body: string;
}

export function countyReplyEmail(d: CountyReplyData): EmailContent {
  return renderEmail({
    subject: `诉求办结答复(受理编号 ${d.trackingNumber})`,
    greeting: `${d.contactName}您好:`,
    paragraphs: [`${d.enterpriseName}提交的诉求“${d.title}”,${d.countyName}已办结,答复如下:`, d.body],
    facts: [
      ["受理编号", d.trackingNumber],
      ["诉求标题", d.title],
      ["办理单位", d.countyName],
      ["答复时间", formatInstantZh(d.repliedAt)],
    ],
    closing: ["您可登录平台,在“我的诉求”中查看答复全文和办理记录。"],
  });
}

export function countyReplySms(d: CountyReplyData): SmsContent {
  return {
    text:
      `${SMS_SIGNATURE}您的诉求“${clip(d.title, 30)}”(受理编号${d.trackingNumber})${d.countyName}已办结答复:` +
      `${clip(d.body, 60)}详见平台“我的诉求”。`,
  };
}
