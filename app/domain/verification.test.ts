import { describe, expect, it } from "vitest";
import {
  codeRefusal,
  codeState,
  isCodeShape,
  limitKey,
  maskMobile,
  MAX_CODE_TRIES,
  refusalMessage,
  REGISTER_FORMS_PER_ADDRESS,
  resendAt,
  waitZh,
} from "./verification";

const T = new Date("2026-11-20T10:00:00+08:00");
const plus = (ms: number) => new Date(T.getTime() + ms);

describe("codes", () => {
  it("are six digits", () => {
    expect(isCodeShape("012345")).toBe(true);
    for (const v of ["12345", "1234567", "12345a", " 123456", "１２３４５６"]) expect(isCodeShape(v), v).toBe(false);
  });

  it("are used, exhausted, expired or active, in that order", () => {
    const code = { expiresAt: plus(5 * 60_000), consumedAt: null, attempts: 0 };
    expect(codeState(code, T)).toBe("active");
    expect(codeState(code, plus(5 * 60_000 - 1))).toBe("active");
    expect(codeState(code, plus(5 * 60_000))).toBe("expired");
    expect(codeState({ ...code, attempts: MAX_CODE_TRIES - 1 }, T)).toBe("active");
    expect(codeState({ ...code, attempts: MAX_CODE_TRIES }, T)).toBe("exhausted");
    expect(codeState({ ...code, attempts: MAX_CODE_TRIES, consumedAt: T }, plus(10 * 60_000))).toBe("used");
  });

  it("may be sent again 60 s after the last", () => {
    expect(resendAt(T)).toEqual(plus(60_000));
  });

  it("say why they were refused", () => {
    expect(codeRefusal("wrong", 3)).toBe("验证码不正确,还可尝试 3 次。");
    expect(codeRefusal("wrong", 0)).toContain("已达到尝试次数上限");
    expect(codeRefusal("expired")).toBe("验证码已过期,请重新获取。");
  });
});

describe("limits", () => {
  it("key each subject, trimmed and in lower case", () => {
    expect(limitKey(REGISTER_FORMS_PER_ADDRESS, " 2001:DB8::1 ")).toBe("limit:register-form:ip|2001:db8::1");
  });

  it("say how long to wait, rounded up", () => {
    expect(waitZh(T, plus(1))).toBe("1 秒");
    expect(waitZh(T, plus(45_000))).toBe("45 秒");
    expect(waitZh(T, plus(60_000))).toBe("60 秒");
    expect(waitZh(T, plus(61_000))).toBe("2 分钟");
    expect(waitZh(T, plus(3_600_000))).toBe("1 小时");
    expect(refusalMessage(REGISTER_FORMS_PER_ADDRESS, T, plus(30 * 60_000))).toBe(
      "本网络提交注册申请过于频繁,请在 30 分钟后再试。",
    );
  });
});

describe("maskMobile", () => {
  it("keeps the first three and last four digits of a mobile", () => {
    expect(maskMobile("13712345678")).toBe("137****5678");
    expect(maskMobile("0768-2201101")).toBe("****-***1101");
  });
});
