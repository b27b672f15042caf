import { z } from "zod";

export const signInSchema = z.object({
  username: z.string({ error: "请输入用户名" }).trim().min(1, "请输入用户名").max(64, "用户名过长"),
  password: z.string({ error: "请输入密码" }).min(1, "请输入密码").max(128, "密码过长"),
  redirectTo: z.string().optional(),
});

/** A TOTP code (6 digits) or a recovery code (XXXXX-XXXXX) at the second-factor step. */
export const secondFactorSchema = z.object({
  code: z
    .string({ error: "请输入动态口令或恢复码" })
    .trim()
    .min(1, "请输入动态口令或恢复码")
    .max(20, "动态口令为 6 位数字,恢复码为 10 位字母数字"),
  redirectTo: z.string().max(2000).optional(),
});

/** Binding an authenticator: the offered secret, its signature and the first code. */
export const enrolSecondFactorSchema = z.object({
  secret: z.string().regex(/^[A-Z2-7]{16,64}$/, "绑定信息有误,请刷新页面"),
  signature: z.string().min(20).max(100),
  code: z
    .string({ error: "请输入验证器显示的 6 位动态口令" })
    .trim()
    .regex(/^\d{6}$/, "请输入验证器显示的 6 位动态口令"),
  redirectTo: z.string().max(2000).optional(),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "请输入当前密码" }).min(1, "请输入当前密码").max(128, "密码过长"),
    newPassword: z.string({ error: "请输入新密码" }).min(12, "新密码至少 12 个字符").max(128, "新密码最多 128 个字符"),
    newPasswordConfirm: z.string({ error: "请再次输入新密码" }),
    redirectTo: z.string().max(2000).optional(),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, {
    path: ["newPasswordConfirm"],
    message: "两次输入的新密码不一致",
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "新密码不能与当前密码相同",
  });
