/**
 * The security log's kinds of event (等保2.0 安全审计) and their labels, in one place: the services that
 * record them, the office's security log page and its filter all read this table.
 */
export const SECURITY_EVENT_LABELS = {
  sign_in: "登录成功",
  sign_in_failed: "登录失败",
  sign_in_throttled: "登录受限(尝试过多)",
  second_factor_failed: "动态口令错误",
  recovery_code_used: "使用恢复码登录",
  sign_out: "退出登录",
  session_expired: "会话超时",
  session_revoked: "会话被结束",
  sessions_revoked: "全部会话被结束",
  password_changed: "修改密码",
  password_change_failed: "修改密码时当前密码错误",
  password_reset: "管理员重置密码",
  second_factor_enrolled: "启用动态口令",
  second_factor_disabled: "停用动态口令",
  second_factor_reset: "管理员重置动态口令",
  recovery_codes_generated: "生成恢复码",
  sms_code_sent: "发送短信验证码",
  sms_code_failed: "短信验证码错误",
  mobile_verified: "手机号码验证成功",
  rate_limited: "请求过于频繁被限制",
} as const;

export type SecurityEventKind = keyof typeof SECURITY_EVENT_LABELS;

export const SECURITY_EVENT_KINDS = Object.keys(SECURITY_EVENT_LABELS) as SecurityEventKind[];

export function isSecurityEventKind(v: string): v is SecurityEventKind {
  return Object.hasOwn(SECURITY_EVENT_LABELS, v);
}

/** A stored kind in words; one this table does not know (an old row) neutrally, never the key. */
export function securityEventLabel(kind: string): string {
  return isSecurityEventKind(kind) ? SECURITY_EVENT_LABELS[kind] : "其他安全事件";
}
