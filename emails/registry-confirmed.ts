/**
 * The registry review's confirmation (法人库核实结果) for the enterprise: its details were confirmed and
 * the appeal goes on to screening. A rejection at the review is a screening result (screening-result.ts).
 */
import { formatInstantZh } from "../app/domain/calendar";
import { clip, renderEmail, SMS_SIGNATURE, type EmailContent, type SmsContent } from "./layout";

export interface RegistryConfirmedData {
  trackingNumber: string;
  title: string;
  enterpriseName: string;
  contactName: string;
  confirmedAt: Date;
  screeningDueAt: Date;
}

export function registryConfirmedEmail(d: RegistryConfirmedData): EmailContent {
  return renderEmail({
    subject: `企业信息已核实,诉求进入甄别(受理编号 ${d.trackingNumber})`,
    greeting: `${d.contactName}您好:`,
    paragraphs: [
      `市市场监督管理局已核实${d.enterpriseName}的企业信息。您提交的诉求“${d.title}”进入甄别,` +
        `平台将于${formatInstantZh(d.screeningDueAt)}前完成甄别并告知您结果。`,
    ],
    facts: [
      ["受理编号", d.trackingNumber],
      ["诉求标题", d.title],
      ["企业名称", d.enterpriseName],
      ["核实时间", formatInstantZh(d.confirmedAt)],
    ],
    closing: ["您可登录平台,在“我的诉求”中查看办理进度。"],
  });
}

export function registryConfirmedSms(d: RegistryConfirmedData): SmsContent {
  return {
    text:
      `${SMS_SIGNATURE}您的诉求“${clip(d.title, 30)}”(受理编号${d.trackingNumber})企业信息已核实,` +
      `平台将于${formatInstantZh(d.screeningDueAt)}前告知甄别结果。`,
  };
}
