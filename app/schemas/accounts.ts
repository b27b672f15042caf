/** Forms of the platform office's account and organisation pages; shared by the server and the browser (conform). */
import { z } from "zod";
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from "~/domain/roles";
import { INT4_MAX } from "~/utils/params";

// A mobile number (13800138000) or a landline with area code and optional extension (0768-2201101-8001).
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;

const username = z
  .string({ error: "请输入用户名" })
  .trim()
  .min(3, "用户名至少 3 个字符")
  .max(32, "用户名最多 32 个字符")
  .regex(/^[A-Za-z0-9_.-]+$/, "用户名只能包含英文字母、数字、下划线、点和连字符");

/** What every form that chooses a password says about it (the server also runs passwordProblem). */
export const PASSWORD_HINT = "至少12位,不能使用常见或容易猜到的密码";

// The browser checks the length; the strength (zxcvbn-ts with its dictionary) is judged on the server only.
export const password = z.string({ error: "请输入密码" }).min(12, "密码至少 12 个字符").max(128, "密码最多 128 个字符");

const displayName = z.string({ error: "请输入姓名" }).trim().min(1, "请输入姓名").max(50, "姓名最多 50 个字");

const role = z.enum(ROLES as readonly [Role, ...Role[]], { error: "请选择角色" });

const organisationId = z
  .number({ error: "请选择所属机构" })
  .int("请选择所属机构")
  .positive("请选择所属机构")
  .max(INT4_MAX, "请选择所属机构");

const phone = z.string().trim().regex(PHONE, "请输入有效的电话号码,如 13800138000 或 0768-2201101").optional();

const email = z.string().trim().max(254, "电子邮箱过长").pipe(z.email("请输入有效的电子邮箱地址")).optional();

const reason = z.string().trim().max(500, "原因最多 500 个字").optional();

export const createUserSchema = z.object({
  username,
  displayName,
  role,
  organisationId,
  phone,
  email,
  password,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  intent: z.literal("update"),
  displayName,
  role,
  organisationId,
  phone,
  email,
});
export type UpdateUserInput = Omit<z.infer<typeof updateUserSchema>, "intent">;

export const setUserActiveSchema = z.object({
  intent: z.literal("set-active"),
  active: z.enum(["true", "false"]).transform((v) => v === "true"),
  reason,
});

export const resetPasswordSchema = z.object({
  intent: z.literal("reset-password"),
  password,
});

const organisationName = z
  .string({ error: "请输入机构名称" })
  .trim()
  .min(2, "机构名称至少 2 个字")
  .max(100, "机构名称最多 100 个字");

const organisationFields = {
  name: organisationName,
  shortName: z.string().trim().max(30, "简称最多 30 个字").optional(),
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "行政区划代码为 6 位数字,如 445102")
    .optional(),
  contactName: z.string().trim().max(50, "联系人姓名最多 50 个字").optional(),
  contactPhone: phone,
  contactEmail: email,
};

export const createOrganisationSchema = z.object({
  kind: z.enum(ORGANISATION_KINDS as readonly [OrganisationKind, ...OrganisationKind[]], { error: "请选择机构类型" }),
  // 统一社会信用代码: only for an enterprise, which is linked to its registry (法人库) entry.
  creditCode: z.string().trim().toUpperCase().max(18, "统一社会信用代码为 18 位").optional(),
  ...organisationFields,
});
export type CreateOrganisationInput = z.infer<typeof createOrganisationSchema>;

export const updateOrganisationSchema = z.object({
  intent: z.literal("update"),
  ...organisationFields,
});
export type UpdateOrganisationInput = Omit<z.infer<typeof updateOrganisationSchema>, "intent">;

export const setOrganisationActiveSchema = setUserActiveSchema;

export const PAGE_SIZE = 20;
