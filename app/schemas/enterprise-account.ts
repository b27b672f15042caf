import { z } from "zod";
import { checkCreditCode, normalizeCreditCode } from "~/domain/credit-code";
import { password } from "~/schemas/accounts";

const mobile = z
  .string({ error: "请填写手机号码" })
  .trim()
  .regex(/^1[3-9]\d{9}$/, "请填写11位手机号码");

export const registerEnterpriseSchema = z
  .object({
    creditCode: z
      .string({ error: "请填写统一社会信用代码" })
      .transform((v) => normalizeCreditCode(v))
      .refine((v) => checkCreditCode(v) !== "bad_shape", "统一社会信用代码应为18位数字或大写字母"),
    enterpriseName: z
      .string({ error: "请填写企业名称" })
      .trim()
      .min(2, "请填写企业全称")
      .max(100, "企业名称不超过100字"),
    legalRepresentative: z.string({ error: "请填写法定代表人姓名" }).trim().min(2, "请填写法定代表人姓名").max(30),
    contactName: z.string({ error: "请填写联系人" }).trim().min(2, "请填写联系人姓名").max(30),
    mobile,
    email: z.email("电子邮箱格式不正确").max(100).optional(),
    password,
    passwordConfirm: z.string({ error: "请再次输入密码" }),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ["passwordConfirm"], message: "两次输入的密码不一致" });

export type RegisterEnterpriseInput = z.infer<typeof registerEnterpriseSchema>;

export const updateContactSchema = z.object({
  contactName: z.string({ error: "请填写联系人" }).trim().min(2, "请填写联系人姓名").max(30),
  mobile,
  email: z.email("电子邮箱格式不正确").max(100).optional(),
});

/** The one-time code from the SMS (step 2 of registration, a new contact mobile). */
export const verificationCodeSchema = z.object({
  code: z
    .string({ error: "请输入短信验证码" })
    .trim()
    .regex(/^\d{6}$/, "请输入短信中的6位数字验证码"),
});
