import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy.server";

describe("password policy", () => {
  it("refuses fewer than 12 characters", () => {
    expect(passwordProblem("gT7#kq92!mZ")).toBe("密码至少 12 个字符");
    expect(passwordProblem("gT7#kq92!mZp")).toBeNull();
  });

  it("refuses common and guessable passwords of any length with a reason in Chinese", () => {
    for (const weak of ["password1234", "qwertyuiop12", "aaaaaaaaaaaa", "abcdefghijkl", "Password2026"]) {
      expect(passwordProblem(weak), weak).toMatch(/^密码强度不足:.+。/);
    }
    expect(passwordProblem("password1234")).toContain("常用密码");
  });

  it("refuses a password built on the person's own name, mobile or the platform's name", () => {
    expect(passwordProblem("13800138000ab", ["13800138000"])).toMatch(/不要包含您的用户名/);
    expect(passwordProblem("Zhitongche@2026")).toMatch(/^密码强度不足/);
  });

  it("accepts long uncommon passphrases", () => {
    expect(passwordProblem("青山绿水陶瓷厂2026-三号窑")).toBeNull();
    expect(passwordProblem("correct horse battery staple")).toBeNull();
  });
});
