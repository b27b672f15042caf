/**
 * The SMS of mobile verification (SPEC §7): the registration code, the notice to a number that already has
 * an account (in place of a code: it says how to sign in, and gives nothing that would complete a
 * registration), and the code for a new contact mobile. Short: an SMS is billed by length.
 */
import { CITY } from "../app/utils/city";
import { SMS_SIGNATURE, type SmsContent } from "./layout";

const PLATFORM = `${CITY.city}“直通车”平台`;
const IGNORE = "如非本人操作,请忽略本短信。工作人员不会向您索要验证码。";

export function registrationCodeSms(d: { code: string; validMinutes: number }): SmsContent {
  return {
    text: `${SMS_SIGNATURE}您正在注册${PLATFORM}企业账号,验证码:${d.code},${d.validMinutes}分钟内有效。${IGNORE}`,
  };
}

export function alreadyRegisteredSms(): SmsContent {
  return {
    text:
      `${SMS_SIGNATURE}有人使用本手机号码申请注册${PLATFORM}企业账号,但本号码已注册。` +
      `如是您本人,请以本手机号码直接登录;忘记密码请联系平台管理员(咨询电话 12345)重置。如非本人操作,请忽略本短信。`,
  };
}

export function changeMobileCodeSms(d: { code: string; validMinutes: number; enterpriseName: string }): SmsContent {
  return {
    text:
      `${SMS_SIGNATURE}您正在将${d.enterpriseName}在${PLATFORM}的联系手机更换为本号码,` +
      `验证码:${d.code},${d.validMinutes}分钟内有效。${IGNORE}`,
  };
}
