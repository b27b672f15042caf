/**
 * One-time SMS codes (SPEC §7: enterprises prove their mobile): how long a code lives, how many tries it
 * allows, when another may be sent, and how often codes may be asked for and checked. Pure: the services
 * (app/services/verification.server.ts, registration.server.ts) apply these numbers.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** 6 digits. */
export const CODE_LENGTH = 6;
/** A code is valid for 5 minutes after it is sent. */
export const CODE_TTL_MS = 5 * MINUTE;
/** Each code allows 5 tries, right or wrong; then a new one must be sent. */
export const MAX_CODE_TRIES = 5;
/** Another code to the same number only 60 s after the last. */
export const RESEND_AFTER_MS = 60 * SECOND;

export type VerificationPurpose = "register" | "change_mobile";

export function isCodeShape(value: string): boolean {
  return new RegExp(`^\\d{${CODE_LENGTH}}$`).test(value);
}

/**
 * A count per key within a fixed window: `max` attempts from the first one on, then refused until the
 * window (counted from that first attempt) has passed.
 */
export interface RateLimit {
  /** The first part of the stored key. */
  readonly prefix: string;
  readonly max: number;
  readonly windowMs: number;
  /** What the person is told when refused; `{wait}` becomes e.g. "5 分钟". */
  readonly message: string;
}

/**
 * Registration forms (step 1) from one client address, success or not: the form must not serve to test which
 * enterprises or mobiles exist, nor to burn the server's CPU on password hashes.
 */
export const REGISTER_FORMS_PER_ADDRESS: RateLimit = {
  prefix: "limit:register-form:ip",
  max: 20,
  windowMs: HOUR,
  message: "本网络提交注册申请过于频繁,请在 {wait}后再试。",
};

/** SMS codes asked for from one client address (each costs money and reaches a stranger's phone). */
export const CODES_SENT_PER_ADDRESS: RateLimit = {
  prefix: "limit:sms-send:ip",
  max: 10,
  windowMs: HOUR,
  message: "本网络获取短信验证码过于频繁,请在 {wait}后再试。",
};

/** SMS sent to one number, whoever asks (no SMS bombing): one per 60 s… */
export const CODE_GAP_PER_MOBILE: RateLimit = {
  prefix: "limit:sms-gap:mobile",
  max: 1,
  windowMs: RESEND_AFTER_MS,
  message: "验证码已发送,请在 {wait}后再重新获取。",
};

/** …and at most 5 an hour. */
export const CODES_SENT_PER_MOBILE: RateLimit = {
  prefix: "limit:sms-send:mobile",
  max: 5,
  windowMs: HOUR,
  message: "该手机号码获取验证码过于频繁,请在 {wait}后再试。",
};

/** Codes checked from one client address, right or wrong (each code allows only 5 tries of its own as well). */
export const CODE_CHECKS_PER_ADDRESS: RateLimit = {
  prefix: "limit:sms-check:ip",
  max: 20,
  windowMs: 15 * MINUTE,
  message: "验证码尝试过于频繁,请在 {wait}后再试。",
};

/** The stored key of a limit for one subject (an address, a mobile). */
export function limitKey(limit: RateLimit, subject: string): string {
  return `${limit.prefix}|${subject.trim().toLowerCase()}`;
}

/** "45 秒", "3 分钟", "1 小时": how long until `until`, rounded up, for a refusal. */
export function waitZh(now: Date, until: Date): string {
  const ms = Math.max(0, until.getTime() - now.getTime());
  if (ms <= MINUTE) return `${Math.max(1, Math.ceil(ms / SECOND))} 秒`;
  if (ms < HOUR) return `${Math.ceil(ms / MINUTE)} 分钟`;
  return `${Math.ceil(ms / HOUR)} 小时`;
}

export function refusalMessage(limit: RateLimit, now: Date, retryAt: Date): string {
  return limit.message.replace("{wait}", waitZh(now, retryAt));
}

/** Where a code stands when it is checked. */
export type CodeState = "active" | "expired" | "used" | "exhausted";

export function codeState(code: { expiresAt: Date; consumedAt: Date | null; attempts: number }, now: Date): CodeState {
  if (code.consumedAt) return "used";
  if (code.attempts >= MAX_CODE_TRIES) return "exhausted";
  if (code.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** Why a code was not accepted, in Chinese. */
export function codeRefusal(state: Exclude<CodeState, "active"> | "wrong" | "missing", triesLeft = 0): string {
  switch (state) {
    case "wrong":
      return triesLeft > 0
        ? `验证码不正确,还可尝试 ${triesLeft} 次。`
        : "验证码不正确,且已达到尝试次数上限,请重新获取验证码。";
    case "expired":
      return "验证码已过期,请重新获取。";
    case "exhausted":
      return "该验证码尝试次数已达上限,请重新获取。";
    case "used":
      return "该验证码已使用。";
    case "missing":
      return "没有待验证的手机号码,请重新提交。";
  }
}

/** When another code may be sent for a code sent at `sentAt`. */
export function resendAt(sentAt: Date): Date {
  return new Date(sentAt.getTime() + RESEND_AFTER_MS);
}

/** 13712345678 → 137****5678: enough for the person to recognise their number, not enough to read it off. */
export function maskMobile(mobile: string): string {
  const m = mobile.trim();
  return /^\d{11}$/.test(m) ? `${m.slice(0, 3)}****${m.slice(7)}` : m.replace(/\d(?=(?:\D*\d){4})/g, "*");
}
