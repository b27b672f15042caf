/**
 * The assignment notice (交办通知) to a department's or county's contact: accept on the platform, or dispute
 * with a proposed owner, within 24 hours of working-day time from the assignment (SPEC §3, §4.5).
 */
import { formatInstantZh } from "../app/domain/calendar";
import { ASSIGNMENT_ROLE_LABEL, type AssignmentRole } from "../app/domain/labels";
import { clip, renderEmail, SMS_SIGNATURE, type EmailContent, type SmsContent } from "./layout";

export type { AssignmentRole };

export interface AssignmentNoticeData {
  trackingNumber: string;
  title: string;
  enterpriseName: string;
  /** The department or county the appeal is assigned to. */
  organisationName: string;
  role: AssignmentRole;
  assignedAt: Date;
  /**
   * The limit of the first step: for a department, accept or dispute (24 working hours from the
   * assignment); for a county, reply or ask for escalation (10 working days). From the stored clock.
   */
  acceptDueAt: Date;
}

export function assignmentNoticeEmail(d: AssignmentNoticeData): EmailContent {
  const due = formatInstantZh(d.acceptDueAt);
  const county = d.role === "county";
  return renderEmail({
    subject: county
      ? `诉求交办通知:请于${due}前办结答复(受理编号 ${d.trackingNumber})`
      : `诉求交办通知:请于${due}前接收(受理编号 ${d.trackingNumber})`,
    greeting: `${d.organisationName}:`,
    paragraphs: [
      `平台于${formatInstantZh(d.assignedAt)}向你单位交办企业诉求“${d.title}”(受理编号 ${d.trackingNumber},${d.enterpriseName}),你单位为${ASSIGNMENT_ROLE_LABEL[d.role]}。`,
      ...(county
        ? [
            `请于${due}前办结并通过平台答复企业;确需市级协调解决的,请在同一时限内提出县区意见,申请提级办理。`,
            "时限为 10 个工作日,自交办之日的次日起算。",
          ]
        : [
            `请于${due}前登录平台接收;如认为不属于你单位职责,请在同一时限内提出异议,并写明建议的承办单位。`,
            "时限按工作日时间计算,共 24 小时,自交办时起算,非工作日不计。",
          ]),
    ],
    facts: [
      ["受理编号", d.trackingNumber],
      ["诉求标题", d.title],
      ["企业名称", d.enterpriseName],
      ["你单位职责", ASSIGNMENT_ROLE_LABEL[d.role]],
      ["交办时间", formatInstantZh(d.assignedAt)],
      [county ? "办结答复截止" : "接收或提出异议截止", due],
    ],
  });
}

export function assignmentNoticeSms(d: AssignmentNoticeData): SmsContent {
  const step = d.role === "county" ? "办结答复或申请提级" : "登录平台接收或提出异议";
  return {
    text:
      `${SMS_SIGNATURE}${d.organisationName}:平台向你单位交办企业诉求“${clip(d.title, 30)}”` +
      `(受理编号${d.trackingNumber},${ASSIGNMENT_ROLE_LABEL[d.role]}),请于${formatInstantZh(d.acceptDueAt)}前${step}。`,
  };
}
