/** The supervisor's urging notice (督办) on a task: a reminder before its deadline, yellow or red once late. */
import { formatInstantZh } from "../app/domain/calendar";
import { URGE_LABEL } from "../app/domain/labels";
import type { UrgeLevel } from "../app/domain/urging";
import { clip, renderEmail, SMS_SIGNATURE, type EmailContent, type SmsContent } from "./layout";

export interface UrgeNoticeData {
  level: UrgeLevel;
  organisationName: string;
  trackingNumber: string;
  title: string;
  /** 公布承诺 or 承诺办结 */
  what: string;
  dueAt: Date;
  note: string | null;
}

function sentence(d: UrgeNoticeData): string {
  const due = formatInstantZh(d.dueAt);
  if (d.level === "reminder") return `诉求“${d.title}”的${d.what}期限为${due},即将到期,请抓紧办理。`;
  return `诉求“${d.title}”的${d.what}期限${due}已过,仍未完成,现予${URGE_LABEL[d.level]},请立即办理并在平台反馈${d.level === "red" ? ",并报单位主要负责人" : ""}。`;
}

export function urgeNoticeEmail(d: UrgeNoticeData): EmailContent {
  return renderEmail({
    subject: `【${URGE_LABEL[d.level]}】${d.title}(${d.trackingNumber})`,
    greeting: `${d.organisationName}:`,
    paragraphs: [sentence(d), ...(d.note ? [`督查室意见:${d.note}`] : [])],
    facts: [
      ["受理编号", d.trackingNumber],
      ["督办事项", d.what],
      ["期限", formatInstantZh(d.dueAt)],
    ],
    closing: ["市政府督查室"],
  });
}

export function urgeNoticeSms(d: UrgeNoticeData): SmsContent {
  return {
    text: `${SMS_SIGNATURE}【${URGE_LABEL[d.level]}】${d.organisationName}:${clip(sentence(d), 90)}(${d.trackingNumber})`,
  };
}
