import { z } from "zod";
import { isLocalDate } from "~/domain/calendar";

export const dayEditSchema = z
  .object({
    intent: z.literal("day"),
    date: z.string({ error: "请选择日期" }).refine((v) => isLocalDate(v), "日期格式应为 年-月-日"),
    kind: z.enum(["holiday", "makeup", "normal"], { error: "请选择安排类型" }),
    name: z.string().trim().max(20, "名称不超过20字").optional(),
    source: z
      .string({ error: "请填写依据的通知名称" })
      .trim()
      .min(4, "请填写依据的通知名称,例如:国务院办公厅关于2027年部分节假日安排的通知")
      .max(200, "通知名称不超过200字"),
  })
  .refine((v) => v.kind === "normal" || (v.name && v.name.length > 0), {
    path: ["name"],
    message: "请填写节日名称,例如:春节",
  });

export const yearConfirmSchema = z.object({
  intent: z.enum(["confirm", "unconfirm"]),
  source: z.string().trim().max(200, "通知名称不超过200字").optional(),
});

export const calendarActionSchema = z.union([dayEditSchema, yearConfirmSchema]);
