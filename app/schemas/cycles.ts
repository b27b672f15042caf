import { z } from "zod";
import { isLocalDate } from "~/domain/calendar";
import { INT4_MAX } from "~/utils/params";

export const moveOnsiteSchema = z.object({
  intent: z.literal("move"),
  onsiteDate: z.string({ error: "请选择新的现场活动日" }).refine((v) => isLocalDate(v), "日期格式应为 年-月-日"),
  reason: z.string({ error: "请填写调整原因" }).trim().min(2, "请填写调整原因(至少2个字)").max(500, "原因不超过500字"),
});

const optionalId = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce.number().int().positive().max(INT4_MAX).nullable(),
);

export const assignPeopleSchema = z.object({
  intent: z.literal("assign"),
  leaderId: optionalId,
  secretaryGeneralId: optionalId,
});

export const cycleActionSchema = z.discriminatedUnion("intent", [moveOnsiteSchema, assignPeopleSchema]);

export const generateYearSchema = z.object({
  year: z.coerce.number({ error: "年份无效" }).int().min(2000, "年份无效").max(2100, "年份无效"),
});
