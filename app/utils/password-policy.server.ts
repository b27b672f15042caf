/**
 * Passwords (SPEC §7, 等保2.0 三级 身份鉴别 a): at least 12 characters, and not guessable by the estimate of
 * zxcvbn-ts with its common dictionary (common passwords, names, keyboard rows, repeats, sequences, dates,
 * and the person's own name, mobile, user name and the platform's name). Server-only: the dictionary stays
 * out of the browser's bundle; the forms check the length in the browser and this on submit.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score: 3 = "safely unguessable: moderate protection from offline slow-hash scenario". */
const MIN_SCORE = 3;

const PLATFORM_WORDS = ["zhitongche", "ztc", "直通车", "chaozhou", "潮州", "12345"];

const WARNING_ZH: Record<string, string> = {
  straightRow: "键盘上连续的一行按键很容易被猜到",
  keyPattern: "简短的键盘图案很容易被猜到",
  simpleRepeat: "重复的字符(如 aaa)很容易被猜到",
  extendedRepeat: "重复的字符组合(如 abcabc)很容易被猜到",
  sequences: "常见的字符序列(如 abc、123)很容易被猜到",
  recentYears: "近年的年份很容易被猜到",
  dates: "日期很容易被猜到",
  topTen: "这是最常用的密码之一",
  topHundred: "这是常用的密码",
  common: "这是常用的密码",
  similarToCommon: "与常用密码过于相似",
  wordByItself: "单个词语很容易被猜到",
  namesByThemselves: "单独的姓名很容易被猜到",
  commonNames: "常见的姓名很容易被猜到",
  userInputs: "不要包含您的用户名、姓名、手机号码或本平台的名称",
};

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return factory;
}

/**
 * Why this password may not be used, in Chinese, or null when it may. `personal` are the person's own
 * words (user name, name, mobile, enterprise name) that the password must not lean on.
 */
export function passwordProblem(password: string, personal: (string | null | undefined)[] = []): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`;
  const inputs = [...PLATFORM_WORDS, ...personal.filter((w): w is string => Boolean(w && w.trim()))];
  const result = estimator().check(password.slice(0, 128), inputs);
  if (result.score >= MIN_SCORE) return null;
  const why = (result.feedback.warning && WARNING_ZH[result.feedback.warning]) || "容易被猜到";
  return `密码强度不足:${why}。请使用更长的、不常见的词语组合,或混合大小写字母、数字和符号`;
}
