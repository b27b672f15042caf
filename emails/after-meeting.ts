/**
 * Messages after the on-site day: the handling opinion to the enterprise, the task to the lead department
 * (and the supervision office), the completion notice asking the enterprise to rate, and the dissatisfied
 * rating back to the department.
 */
import { formatDateZh, formatInstantZh } from "../app/domain/calendar";
import { clip, renderEmail, shortDateZh, SMS_SIGNATURE, type EmailContent, type SmsContent } from "./layout";

export interface HandlingOpinionData {
  trackingNumber: string;
  title: string;
  enterpriseName: string;
  contactName: string;
  cycleNumber: number;
  decision: string;
  leadName: string;
  /** YYYY-MM-DD */
  dueDate: string;
}

export function handlingOpinionEmail(d: HandlingOpinionData): EmailContent {
  return renderEmail({
    subject: `诉求处理意见(受理编号 ${d.trackingNumber})`,
    greeting: `${d.contactName}您好:`,
    paragraphs: [
      `${d.enterpriseName}提交的诉求“${d.title}”经第${d.cycleNumber}期“直通车”现场活动协调,市领导审定的处理意见如下:`,
      d.decision,
    ],
    facts: [
      ["受理编号", d.trackingNumber],
      ["牵头办理单位", d.leadName],
      ["办理时限", formatDateZh(d.dueDate)],
    ],
    closing: ["牵头单位将在3个工作日内公布办理承诺;办结后平台将请您评价办理结果。"],
  });
}

export function handlingOpinionSms(d: HandlingOpinionData): SmsContent {
  return {
    text:
      `${SMS_SIGNATURE}您的诉求“${clip(d.title, 30)}”(${d.trackingNumber})处理意见:${clip(d.decision, 60)}` +
      `由${d.leadName}牵头,${shortDateZh(d.dueDate)}前办结。`,
  };
}

export interface TaskNoticeData {
  organisationName: string;
  trackingNumber: string;
  title: string;
  enterpriseName: string;
  decision: string;
  dueDate: string;
  commitmentDueAt: Date;
  /** The department's own task, or a copy for the supervision office. */
  forSupervisor: boolean;
}

export function taskNoticeEmail(d: TaskNoticeData): EmailContent {
  return renderEmail({
    subject: `${d.forSupervisor ? "督办事项" : "办理任务"}:${d.title}(${d.trackingNumber})`,
    greeting: `${d.organisationName}:`,
    paragraphs: [
      d.forSupervisor
        ? `市领导审定的处理意见已交办,请跟踪督办:`
        : `市领导审定的处理意见已交由你单位牵头办理,请于${formatInstantZh(d.commitmentDueAt)}前在平台公布办理承诺(责任领导、责任人、完成时限和措施):`,
      d.decision,
    ],
    facts: [
      ["受理编号", d.trackingNumber],
      ["企业", d.enterpriseName],
      ["办理时限", formatDateZh(d.dueDate)],
      ["承诺公布期限", formatInstantZh(d.commitmentDueAt)],
    ],
  });
}

export function taskNoticeSms(d: TaskNoticeData): SmsContent {
  return {
    text: d.forSupervisor
      ? `${SMS_SIGNATURE}督办事项:${clip(d.title, 30)}(${d.trackingNumber}),办理时限${shortDateZh(d.dueDate)}。`
      : `${SMS_SIGNATURE}${d.organisationName}:诉求“${clip(d.title, 30)}”(${d.trackingNumber})已交办,请于${formatInstantZh(d.commitmentDueAt)}前公布办理承诺。`,
  };
}

export interface CompletionNoticeData {
  trackingNumber: string;
  title: string;
  contactName: string;
  organisationName: string;
  result: string;
  ratingDueAt: Date;
}

export function completionNoticeEmail(d: CompletionNoticeData): EmailContent {
  return renderEmail({
    subject: `诉求已办结,请评价(受理编号 ${d.trackingNumber})`,
    greeting: `${d.contactName}您好:`,
    paragraphs: [`您的诉求“${d.title}”${d.organisationName}已办结,办理结果如下:`, d.result],
    facts: [
      ["受理编号", d.trackingNumber],
      ["评价截止", formatInstantZh(d.ratingDueAt)],
    ],
    closing: ["请登录平台,在“我的诉求”中评价办理结果;逾期未评价的,视为满意。"],
  });
}

export function completionNoticeSms(d: CompletionNoticeData): SmsContent {
  return {
    text:
      `${SMS_SIGNATURE}您的诉求“${clip(d.title, 30)}”(${d.trackingNumber})已办结,请于${formatInstantZh(d.ratingDueAt)}前` +
      `登录平台评价;逾期未评价视为满意。`,
  };
}

export interface DissatisfiedNoticeData {
  organisationName: string;
  trackingNumber: string;
  title: string;
  reason: string;
}

export function dissatisfiedNoticeEmail(d: DissatisfiedNoticeData): EmailContent {
  return renderEmail({
    subject: `企业对办理结果不满意:${d.title}(${d.trackingNumber})`,
    greeting: `${d.organisationName}:`,
    paragraphs: [`企业对诉求“${d.title}”的办理结果不满意,理由如下,请与企业沟通并在平台记录最终处理意见:`, d.reason],
    facts: [["受理编号", d.trackingNumber]],
  });
}

export function dissatisfiedNoticeSms(d: DissatisfiedNoticeData): SmsContent {
  return {
    text: `${SMS_SIGNATURE}企业对诉求“${clip(d.title, 30)}”(${d.trackingNumber})的办理结果不满意,请与企业沟通并记录最终处理意见。`,
  };
}

export interface OffAgendaNoticeData {
  organisationName: string;
  trackingNumber: string;
  title: string;
  cycleNumber: number;
  dueAt: Date;
}

/** To the lead department: an issue of the catalog not taken on site, to be answered by the due time. */
export function offAgendaNoticeEmail(d: OffAgendaNoticeData): EmailContent {
  return renderEmail({
    subject: `未列入现场议题的问题请答复:${d.title}(${d.trackingNumber})`,
    greeting: `${d.organisationName}:`,
    paragraphs: [
      `第${d.cycleNumber}期企业问题目录中的诉求“${d.title}”未列入现场议题,请于${formatInstantZh(d.dueAt)}前在平台答复企业,平台审核后转送企业。`,
    ],
    facts: [
      ["受理编号", d.trackingNumber],
      ["答复期限", formatInstantZh(d.dueAt)],
    ],
  });
}

export function offAgendaNoticeSms(d: OffAgendaNoticeData): SmsContent {
  return {
    text: `${SMS_SIGNATURE}${d.organisationName}:诉求“${clip(d.title, 30)}”(${d.trackingNumber})未列入现场议题,请于${formatInstantZh(d.dueAt)}前在平台答复。`,
  };
}

export interface OffAgendaReplyData {
  trackingNumber: string;
  title: string;
  contactName: string;
  organisationName: string;
  body: string;
}

/** To the enterprise: the department's answer to an issue not taken on site, sent by the office. */
export function offAgendaReplyEmail(d: OffAgendaReplyData): EmailContent {
  return renderEmail({
    subject: `诉求答复(受理编号 ${d.trackingNumber})`,
    greeting: `${d.contactName}您好:`,
    paragraphs: [`您的诉求“${d.title}”未列入本期现场活动议题,${d.organisationName}答复如下:`, d.body],
    facts: [["受理编号", d.trackingNumber]],
    closing: ["您可登录平台,在“我的诉求”中查看答复全文和办理记录。"],
  });
}

export function offAgendaReplySms(d: OffAgendaReplyData): SmsContent {
  return {
    text: `${SMS_SIGNATURE}您的诉求“${clip(d.title, 30)}”(${d.trackingNumber})${d.organisationName}答复:${clip(d.body, 60)}详见平台“我的诉求”。`,
  };
}
