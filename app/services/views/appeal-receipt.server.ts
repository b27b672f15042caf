/**
 * The receipt of one appeal (/appeals/:trackingNumber), as its enterprise (or the clerk, operator or office)
 * may read it: the appeal, what happens next, the county's reply to it and, after the on-site day, its task.
 */
import { CHANNEL_LABEL, mayViewAppeal, STATUS_LABEL, type AppealStatus } from "~/domain/appeal";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { mayTake, type TaskState } from "~/domain/tasks";
import { appealEvents, attachmentsOf, getAppealByTrackingNumber } from "~/models/appeal.server";
import { handlingOf } from "~/models/handling.server";
import { progressOf, taskOfAppeal } from "~/models/task.server";
import type { SessionUser } from "~/models/user.server";
import { publicHistoryItems } from "~/utils/appeal-history";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { fileView } from "./handling-parts.server";
import { APPEAL_NOT_FOUND } from "./office-appeal.server";
import { ratingRanOut, taskOutcomeView } from "./task-parts.server";

/** The appeal, if the user may read it; someone else's answers exactly like a missing one. */
export async function viewableAppeal(user: SessionUser, trackingNumber: string) {
  const a = await getAppealByTrackingNumber(getDb(), trackingNumber);
  invariantResponse(a && mayViewAppeal(user, a), APPEAL_NOT_FOUND, 404);
  return a;
}

export async function appealReceiptPage(user: SessionUser, trackingNumber: string) {
  const db = getDb();
  const a = await viewableAppeal(user, trackingNumber);
  const [events, attachments, handling, task] = await Promise.all([
    appealEvents(db, a.id),
    attachmentsOf(db, a.id),
    handlingOf(db, a.id),
    taskOfAppeal(db, a.id),
  ]);
  const progress = task?.committedAt ? await progressOf(db, task.id) : [];
  const at = now();
  // Only what the enterprise may read: the county's reply to it, never internal opinions or assignments.
  const countyReply =
    a.status === "county_resolved" ? handling.replies.filter((r) => r.kind === "county_reply").at(-1) : undefined;
  const leadAtWork = handling.assignments.some((x) => x.role === "lead" && x.state === "accepted" && !x.endedAt);
  const ranOut = task ? ratingRanOut(task, at) : false;
  return {
    appeal: {
      trackingNumber: a.trackingNumber,
      title: a.title,
      content: a.content,
      category: a.categoryName,
      channel: CHANNEL_LABEL[a.channel],
      status: a.status,
      statusLabel: STATUS_LABEL[a.status],
      enterpriseName: a.enterpriseName,
      creditCode: a.creditCode,
      receivedAt: formatInstantZh(a.receivedAt),
      cycleNumber: a.cycleNumber,
      onsite: formatDateZh(a.cycleOnsiteDate),
      nextCycle: a.cycleOpensAt > a.receivedAt,
      publishName: a.publishName,
      next: task
        ? taskStep(task.state, { leadName: task.leadName, commitmentDueAt: task.commitmentDueAt })
        : nextStep(a.status, { screeningDueAt: a.screeningDueAt, rejectionReason: a.rejectionReason, leadAtWork }),
    },
    countyReply: countyReply
      ? {
          organisation: countyReply.organisationName,
          at: formatInstantZh(countyReply.createdAt),
          body: countyReply.body,
          attachments: countyReply.attachments.map((f) => f.filename),
        }
      : null,
    attachments: attachments.map(fileView),
    events: publicHistoryItems(events),
    backTo: user.role === "platform_admin" ? "/admin/screening" : "/appeals",
    // 办理情况: what the enterprise may read of the task after the on-site day (no internal notes).
    task: task
      ? {
          ...taskOutcomeView(task),
          progress: progress.map((p) => ({ id: p.id, body: p.body, at: formatInstantZh(p.createdAt) })),
          ratingRanOut: ranOut,
          // Only the enterprise itself rates, while the task waits for it and the time has not run out.
          mayRate: user.role === "enterprise" && mayTake(task.state, "rate") && !ranOut,
        }
      : null,
  };
}

/** What happens next once the leader's opinion has become a task of the lead department. */
function taskStep(state: TaskState, t: { leadName: string; commitmentDueAt: Date }): string {
  switch (state) {
    case "open":
      return `市领导已审定处理意见,由${t.leadName}牵头办理;办理承诺将于 ${formatInstantZh(t.commitmentDueAt)} 前公布。`;
    case "committed":
      return `${t.leadName}已公布办理承诺,正在按承诺办理;办理情况见下方。`;
    case "completed":
      return "牵头部门已报告办结,请对办理结果作出评价。";
    case "reopened":
      return "您对办理结果不满意,牵头部门将与您沟通并作出最终处理意见。";
    case "closed":
      return "已办理完结。";
  }
}

/** What happens next, in plain words for the enterprise. */
function nextStep(
  status: AppealStatus,
  a: { screeningDueAt: Date; rejectionReason: string | null; leadAtWork: boolean },
): string {
  switch (status) {
    case "screening":
      return `平台将于 ${formatInstantZh(a.screeningDueAt)} 前完成甄别,并短信告知结果。`;
    case "registry_review":
      return "企业信息与法人库不一致,正由市市场监督管理局核实;核实后进入甄别。";
    case "rejected":
      return `不予受理:${a.rejectionReason ?? ""}`;
    case "county":
      return "已转县区政府(管委会)办理,办理结果将通过平台回复。";
    case "escalation_review":
      return "县区认为需要由市级协调解决,已申请转市直部门办理,平台正在审核;审核结果将通过平台告知您。";
    case "county_resolved":
      return "县区已办结并答复,答复内容见下方。如有疑问,可联系承办县区。";
    case "city":
      return a.leadAtWork
        ? "牵头部门已接收,正在办理,将在规定时限内提出办理意见。"
        : "已转市直有关部门办理,部门将在规定时限内接收并办理。";
    case "replied":
      return "牵头部门已提出办理意见,平台将汇总后答复您。";
  }
}
