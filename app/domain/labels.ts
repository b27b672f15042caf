/**
 * The platform's words (zh-CN), in one place: every state, action, role, channel, reason and document name as
 * a person reads it, for the pages, the PDFs, the emails and the exports alike. A key is never shown to a
 * person; app/domain/labels.test.ts renders every one. Pure.
 *
 * An action the catalogue does not know (a history row written by an older version, whose action was since
 * renamed or dropped) reads as UNKNOWN_ACTION_LABEL, "其他操作": neutral, never the raw key. The row's other
 * facts (who, when, from → to, reason, note to the enterprise) still show, so nothing recorded is hidden.
 */
import type { AppealEventAction, AuditAction, AuditEntity } from "./audit";
import type { ClockFinish, ClockKind, ClockState } from "./clocks";
import type { UrgeLevel, UrgeRecipient, UrgingLevel } from "./urging";
import type { AgendaReviewAction, AgendaStatus } from "./agenda";
import type { CatalogState } from "./cycle-transitions";
import type { ExtensionState } from "./extension-transitions";
import type { AppealChannel, AppealStatus, AssignmentRole, AssignmentState, RegistryCheck, ReplyKind } from "./appeal";
import type { NotificationChannel, NotificationStatus } from "./notification";
import type { RegistryImportStatus } from "./registry-row";
import type { OrganisationKind, Role } from "./roles";
import type { OpinionsStatus, TaskRating, TaskState, TrackedKind } from "./tasks";

// ——— Appeals ———

export const CHANNEL_LABEL: Record<AppealChannel, string> = {
  online: "网上预约",
  window: "“难办事”窗口",
  hotline: "12345 热线",
  api: "12345 热线系统接口",
};

export const STATUS_LABEL: Record<AppealStatus, string> = {
  registry_review: "企业信息待核实",
  screening: "待甄别",
  rejected: "不予受理",
  county: "已转县区办理",
  escalation_review: "县区申请提级,待平台审核",
  county_resolved: "县区已办结答复",
  city: "已转市直部门办理",
  replied: "部门已答复",
};

/** Why an appeal's enterprise went to the registry reviewer (or that it did not need to). */
export const REGISTRY_CHECK_LABEL: Record<RegistryCheck, string> = {
  match: "与法人库一致",
  unknown_code: "法人库中无此代码",
  name_mismatch: "企业名称与法人库不一致",
  bad_check_character: "统一社会信用代码校验位不符",
  outside_city: "法人库登记地不在本市",
  confirmed: "市场监管部门已核实",
};

/** A status as stored on a history row: a known one in words; anything else (an old row) neutrally. */
export function appealStatusLabel(status: string | null): string | null {
  if (status === null) return null;
  return Object.hasOwn(STATUS_LABEL, status) ? STATUS_LABEL[status as AppealStatus] : "其他状态";
}

// ——— Handling: assignments, clocks, replies ———

export type { AssignmentRole };

export const ASSIGNMENT_ROLE_LABEL: Record<AssignmentRole, string> = {
  lead: "牵头部门",
  co: "协办部门",
  county: "县区承办",
};

/**
 * Where an assignment stands, in words, the same on the office's and the department's pages. A county's
 * assignment stays "assigned" while it works, and while its escalation is reviewed.
 */
export function assignmentStateLabel(role: AssignmentRole, state: AssignmentState, appealStatus: AppealStatus): string {
  if (state === "disputed") return "已提出异议,待平台重新交办";
  if (state === "ended") return "已结束";
  if (role === "county") {
    if (state === "done") return "已办结答复";
    if (appealStatus === "escalation_review") return "已申请提级,待平台审核";
    return appealStatus === "county" ? "待办结答复或申请提级" : "办理中";
  }
  if (state === "assigned") return "待接收";
  if (state === "accepted") return role === "lead" ? "已接收,待答复办理意见" : "已接收,待提出协办意见";
  return role === "lead" ? "已答复办理意见" : "已提出协办意见";
}

export const REPLY_KIND_LABEL: Record<ReplyKind, string> = {
  reply: "牵头部门办理意见",
  opinion: "协办意见",
  county_reply: "县区办结答复",
  county_opinion: "县区意见(申请提级)",
};

export const CLOCK_LABEL: Record<ClockKind, string> = {
  accept: "接收或提出异议",
  reply: "答复办理意见",
  opinion: "提出协办意见",
  county_reply: "县区办理答复",
};

export const CLOCK_STATE_LABEL: Record<ClockState, string> = {
  ok: "办理中",
  due_soon: "即将到期",
  late: "已逾期",
  done_on_time: "按时完成",
  done_late: "逾期完成",
};

export type { ClockFinish };

/** How a clock ended. */
export const CLOCK_FINISH_LABEL: Record<ClockFinish, string> = {
  done: "已完成",
  disputed: "提出异议",
  stopped: "停止计时",
};

// ——— People and organisations ———

export const ROLE_LABEL: Record<Role, string> = {
  enterprise: "企业",
  window_clerk: "“难办事”窗口工作人员",
  hotline_operator: "12345 话务员",
  platform_admin: "平台管理员(市政务服务数据管理局)",
  registry_reviewer: "法人库审核员(市市场监督管理局)",
  county: "县区政府(管委会)",
  department: "市直职能部门",
  secretary_general: "轮值秘书长/副秘书长",
  government_office: "市政府办公室",
  leader: "出席市领导",
  supervisor: "市政府督查室",
};

export const ORGANISATION_KIND_LABEL: Record<OrganisationKind, string> = {
  platform_office: "平台管理机构",
  service_hall: "政务服务大厅",
  hotline_center: "12345 热线",
  county: "县、区政府(管委会)",
  department: "市直职能部门",
  government_office: "市政府办公室",
  supervision_office: "市政府督查室",
  city_government: "市人民政府",
  enterprise: "企业",
};

// ——— The cycle: agenda, opinions, tasks ———

export const AGENDA_STATUS_LABEL: Record<AgendaStatus, string> = {
  draft: "编制中",
  submitted: "待市领导审定",
  returned: "退回修改",
  approved: "已审定",
};

/** A step of the agenda's review (agenda_reviews), on the agenda's own page. */
export const AGENDA_REVIEW_ACTION_LABEL: Record<AgendaReviewAction, string> = {
  submitted: "报送市领导审定",
  returned: "退回修改",
  approved: "审定同意",
};

export const CATALOG_STATE_LABEL: Record<CatalogState, string> = { open: "汇总中", sent: "已报送市政府办公室" };

export const EXTENSION_STATE_LABEL: Record<ExtensionState, string> = {
  none: "未申请",
  pending: "待平台审核",
  granted: "已同意",
  refused: "未同意",
};

export const OPINIONS_STATUS_LABEL: Record<OpinionsStatus, string> = {
  draft: "整理中",
  submitted: "待市领导审定",
  approved: "已审定",
};

export const TASK_STATE_LABEL: Record<TaskState, string> = {
  open: "待公布承诺",
  committed: "办理中",
  completed: "已办结,待企业评价",
  reopened: "企业不满意,待沟通",
  closed: "已完结",
};

export const RATING_LABEL: Record<TaskRating, string> = {
  satisfied: "满意",
  dissatisfied: "不满意",
  default_satisfied: "逾期未评价,视为满意",
};

/** The deadline the supervisor tracks on a task. */
export const TRACKED_LABEL: Record<TrackedKind, string> = { commitment: "公布承诺", completion: "承诺办结" };

export const URGE_LABEL: Record<UrgeLevel, string> = {
  reminder: "到期提醒",
  yellow: "黄牌督办",
  red: "红牌督办",
};

export const URGING_LEVEL_LABEL: Record<UrgingLevel, string> = {
  none: "无需督办",
  ...URGE_LABEL,
};

export const URGE_RECIPIENT_LABEL: Record<UrgeRecipient, string> = {
  contact: "联系人",
  head: "负责人",
};

// ——— Documents, notifications, imports, the calendar ———

export type DocumentKind = "catalog" | "agenda" | "opinions";

/** The cycle's printed documents: the PDF's title and its download link. */
export const DOCUMENT_LABEL: Record<DocumentKind, string> = {
  catalog: "企业问题目录",
  agenda: "现场活动议程",
  opinions: "企业请求协调解决事项处理意见",
};

export const NOTIFICATION_STATUS_LABEL: Record<NotificationStatus, string> = {
  pending: "待发送",
  sent: "已发送",
  captured: "已记录(未外发)",
  failed: "发送失败",
};

export const NOTIFICATION_CHANNEL_LABEL: Record<NotificationChannel, string> = { sms: "短信", email: "邮件" };

/** Each message the platform sends, by its template's name. */
export const NOTIFICATION_TEMPLATE_LABEL = {
  "appeal-receipt": "受理回执",
  "screening-result": "甄别结果",
  "assignment-notice": "交办通知",
  "registry-confirmed": "法人库核实结果",
  "county-reply": "县区办结答复",
  "deadline-reminder": "到期提醒",
  "deadline-late": "逾期通知",
  "catalog-sent": "目录报送通知",
  "agenda-invitation": "现场活动邀请",
  "agenda-change": "现场活动变更",
  "handling-opinion": "处理意见答复",
  "task-notice": "任务交办",
  "task-supervision": "督办抄送",
  "completion-notice": "办结评价邀请",
  "dissatisfied-notice": "企业不满意通知",
  "offagenda-notice": "未上会问题答复通知",
  "offagenda-reply": "未上会问题答复",
  "urge-reminder": "督办:到期提醒",
  "urge-yellow": "督办:黄牌",
  "urge-red": "督办:红牌",
  "verification-code": "注册验证码",
  "already-registered": "注册提醒(号码已注册)",
  "change-mobile-code": "更换手机号码验证码",
} as const satisfies Record<string, string>;

/** A stored template name in words; one this catalogue does not know (an old row) neutrally. */
export function notificationTemplateLabel(template: string): string {
  return Object.hasOwn(NOTIFICATION_TEMPLATE_LABEL, template)
    ? NOTIFICATION_TEMPLATE_LABEL[template as keyof typeof NOTIFICATION_TEMPLATE_LABEL]
    : "其他通知";
}

export const IMPORT_STATUS_LABEL: Record<RegistryImportStatus, string> = {
  queued: "排队中",
  running: "导入中",
  done: "已完成",
  failed: "失败",
};

export type CalendarDayKind = "holiday" | "makeup" | "normal" | "workday" | "weekend";

/** A day of the work calendar: the stored kinds (holiday, makeup) and what a plain day is. */
export const CALENDAR_DAY_KIND_LABEL: Record<CalendarDayKind, string> = {
  holiday: "放假",
  makeup: "调休上班",
  normal: "普通日(按周一至周五)",
  workday: "工作日",
  weekend: "周末",
};

// ——— Actions: an appeal's history and the general audit ———

export const UNKNOWN_ACTION_LABEL = "其他操作";

export const APPEAL_EVENT_LABEL: Record<AppealEventAction, string> = {
  received: "受理登记",
  registry_review_required: "转法人库核实",
  rejected: "不予受理",
  registry_confirmed: "法人库核实确认",
  registry_rejected: "法人库核实后不予受理",
  screening_rejected: "甄别:不予受理",
  routed_to_county: "甄别:转县区办理",
  routed_to_city: "甄别:转市直部门办理",
  county_replied: "县区办结答复",
  escalation_requested: "县区申请提级",
  escalation_sent_back: "提级申请退回县区",
  escalation_approved: "同意提级,转市直部门办理",
  replied: "牵头部门答复办理意见",
  accepted: "部门接收交办",
  disputed: "部门对交办提出异议",
  co_opinion: "协办部门提出意见",
  reassigned: "平台重新交办",
  extension_requested: "申请延期",
  extension_granted: "同意延期",
  extension_refused: "不同意延期",
  clock_reminder: "期限提醒",
  clock_late: "逾期通知",
  "offagenda.sent": "未列入现场议题,答复告知企业",
  "task.started": "市领导审定处理意见,交牵头部门办理",
  "task.committed": "牵头部门公布办理承诺",
  "task.progress": "牵头部门报告办理进展",
  "task.completed": "牵头部门报告办结",
  "task.rated": "企业评价办理结果",
  "task.final": "牵头部门记录最终处理意见",
  "task.urged.reminder": `督查室督办:${URGE_LABEL.reminder}`,
  "task.urged.yellow": `督查室督办:${URGE_LABEL.yellow}`,
  "task.urged.red": `督查室督办:${URGE_LABEL.red}`,
};

export function appealEventLabel(action: string): string {
  return Object.hasOwn(APPEAL_EVENT_LABEL, action)
    ? APPEAL_EVENT_LABEL[action as AppealEventAction]
    : UNKNOWN_ACTION_LABEL;
}

export const AUDIT_ACTION_LABEL: { [E in AuditEntity]: Record<AuditAction<E>, string> } = {
  user: {
    created: "创建",
    updated: "修改",
    enabled: "启用",
    disabled: "停用",
    password_reset: "重置密码",
    password_changed: "本人修改密码",
    second_factor_reset: "重置动态口令",
    registered: "企业自助注册",
  },
  organisation: {
    created: "创建",
    updated: "修改",
    activated: "启用",
    deactivated: "停用",
    contact_updated: "企业修改联系方式",
    registered: "企业自助注册",
  },
  api_key: { created: "生成接口密钥", revoked: "撤销接口密钥" },
  appeal_category: {
    created: "新增类别",
    renamed: "类别更名",
    routed: "调整建议牵头部门",
    activated: "恢复类别",
    deactivated: "停用类别",
  },
  notification: { resent: "重新发送" },
  calendar_day: { added: "新增", corrected: "更正", reset: "恢复" },
  calendar_year: { confirmed: "确认节假日安排", unconfirmed: "取消确认节假日安排" },
  cycle: {
    generated: "生成期次",
    onsite_moved: "调整现场活动日",
    dates_followed: "日程随之更新",
    people_assigned: "指定出席人员",
    "catalog.compiled": "汇总市级诉求",
    "catalog.sent": "报送市政府办公室",
    "leader.confirmed": "确认出席市领导",
    submitted: "议程报送市领导审定",
    returned: "市领导退回议程修改",
    approved: "市领导审定同意议程",
    "agenda.submitted": "报送议程,待市领导审定",
    "agenda.returned": "市领导退回议程",
    "agenda.reopened": "修改已审定的议程,待重新审定",
    "agenda.approved": "议程审定,发出参会通知",
    "opinions.submitted": "处理意见报送市领导审定",
    "opinions.returned": "市领导退回处理意见修改",
    "opinions.approved": "市领导审定同意处理意见",
  },
  catalog_item: {
    "catalog.summary_edited": "修改问题摘要",
    "catalog.moved": "调整目录顺序",
    "agenda.entry_saved": "保存议题安排",
    "onsite.decision_recorded": "记录市领导处理意见",
    "offagenda.answered": "牵头部门答复未上会问题",
    "offagenda.sent": "未上会问题答复告知企业",
  },
  enterprise: { created: "法人库新增企业", renamed: "法人库更正企业名称" },
  registry_import: {
    "registry_import.started": "开始导入法人库",
    "registry_import.finished": "法人库导入完成",
    "registry_import.failed": "法人库导入失败",
  },
  roster: { added: "新增人员", reordered: "调整排序", activated: "启用", deactivated: "停用" },
  task: {
    "task.committed": "公布办理承诺",
    "task.completed": "报告办结",
    "task.rated": "企业评价办理结果",
    "task.final": "记录最终处理意见",
    "task.default_satisfied": "逾期未评价,视为满意",
    "task.disclosed": "公开办理结果",
    "task.withdrawn": "撤回公开",
    "task.urged": "督查室督办",
  },
};

export function auditActionLabel(entity: AuditEntity, action: string): string {
  const labels = AUDIT_ACTION_LABEL[entity] as Record<string, string>;
  return Object.hasOwn(labels, action) ? labels[action] : UNKNOWN_ACTION_LABEL;
}
