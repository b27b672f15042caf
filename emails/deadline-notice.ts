/**
 * Deadline notices to a department's or county's contact: a reminder before a limit (4 working hours before
 * the accept limit, 2 working days before a reply limit) and a late notice once it has passed.
 */
import { formatInstantZh } from "../app/domain/calendar";
import { clip, renderEmail, SMS_SIGNATURE, type EmailContent, type SmsContent } from "./layout";

export interface DeadlineNoticeData {
  kind: "reminder" | "late";
  organisationName: string;
  trackingNumber: string;
  title: string;
  enterpriseName: string;
  /** What is due, e.g. 答复办理意见. */
  step: string;
  dueAt: Date;
}

export function deadlineNoticeEmail(d: DeadlineNoticeData): EmailContent {
  const due = formatInstantZh(d.dueAt);
  const late = d.kind === "late";
  return renderEmail({
    subject: late
      ? `逾期提醒:诉求 ${d.trackingNumber} “${d.step}”已超过期限`
      : `到期提醒:诉求 ${d.trackingNumber} 请于${due}前${d.step}`,
    greeting: `${d.organisationName}:`,
    paragraphs: [
      late
        ? `你单位承办的企业诉求“${d.title}”(受理编号 ${d.trackingNumber},${d.enterpriseName})“${d.step}”的期限 ${due} 已过,尚未办理。请立即登录平台办理,逾期情况将计入考核。`
        : `你单位承办的企业诉求“${d.title}”(受理编号 ${d.trackingNumber},${d.enterpriseName})须于 ${due} 前${d.step},期限临近,请及时登录平台办理。确需延期的,请在期限前提出申请。`,
    ],
    facts: [
      ["受理编号", d.trackingNumber],
      ["诉求标题", d.title],
      ["办理事项", d.step],
      ["期限", due],
    ],
  });
}

export function deadlineNoticeSms(d: DeadlineNoticeData): SmsContent {
  const due = formatInstantZh(d.dueAt);
  return {
    text:
      d.kind === "late"
        ? `${SMS_SIGNATURE}${d.organisationName}:诉求“${clip(d.title, 20)}”(${d.trackingNumber})“${d.step}”已超过期限${due},请立即办理。`
        : `${SMS_SIGNATURE}${d.organisationName}:诉求“${clip(d.title, 20)}”(${d.trackingNumber})须于${due}前${d.step},请及时办理。`,
  };
}
