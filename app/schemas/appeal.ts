import { z } from "zod";
import { checkCreditCode, normalizeCreditCode } from "~/domain/credit-code";
import { INT4_MAX } from "~/utils/params";

/** One schema for the online form, the window and hotline forms, and the intake API. */
export const appealSchema = z.object({
  creditCode: z
    .string({ error: "请填写统一社会信用代码" })
    .transform((v) => normalizeCreditCode(v))
    .refine((v) => v.length > 0, "请填写统一社会信用代码")
    .refine((v) => checkCreditCode(v) !== "bad_shape", "统一社会信用代码应为18位数字或大写字母(不含 I、O、S、V、Z)"),
  enterpriseName: z.string({ error: "请填写企业名称" }).trim().min(2, "请填写企业全称").max(100, "企业名称不超过100字"),
  contactName: z.string({ error: "请填写联系人" }).trim().min(2, "请填写联系人姓名").max(30, "联系人姓名不超过30字"),
  contactPhone: z
    .string({ error: "请填写联系电话" })
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "请填写11位手机号码或带区号的固定电话"),
  contactEmail: z.email("电子邮箱格式不正确").max(100).optional(),
  title: z.string({ error: "请填写诉求标题" }).trim().min(5, "诉求标题至少5个字").max(60, "诉求标题不超过60字"),
  content: z
    .string({ error: "请填写诉求内容" })
    .trim()
    .min(20, "请具体说明诉求内容(至少20个字)")
    .max(3000, "诉求内容不超过3000字"),
  categoryId: z.coerce
    .number({ error: "请选择诉求类别" })
    .int("请选择诉求类别")
    .positive("请选择诉求类别")
    .max(INT4_MAX, "请选择诉求类别"),
  publishName: z.boolean().default(false),
});

export type AppealInput = z.infer<typeof appealSchema>;

/** The forms carry a key made when the form was shown, so a double submit or a retry makes one appeal. */
export const appealFormSchema = appealSchema.extend({
  submissionKey: z.string({ error: "表单已失效,请刷新页面后重新提交" }).uuid("表单已失效,请刷新页面后重新提交"),
});
