/**
 * The on-site agenda's forms (SPEC §4 step 7): the secretary-general's entry per catalog issue and the
 * submission to the leader, and the leader's return or approval. Shared by the server and the browser
 * (conform); the services check the rest (who may act, what is still missing).
 */
import { z } from "zod";
import { INT4_MAX } from "~/utils/params";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const id = z.number().int().positive().max(INT4_MAX);
const time = (message: string) =>
  z
    .string()
    .regex(TIME, message)
    .optional()
    .transform((v) => v ?? null);

export const agendaEntrySchema = z
  .object({
    intent: z.literal("entry"),
    itemId: z.number({ error: "表单已失效,请刷新页面" }).int().positive().max(INT4_MAX),
    proposedOpinion: z
      .string()
      .trim()
      .max(2000, "拟办意见不超过2000字")
      .optional()
      .transform((v) => v ?? ""),
    consultedIds: z.array(id).max(60, "所选单位过多").default([]),
    selected: z.boolean().default(false),
    slotStart: time("请填写开始时间"),
    slotEnd: time("请填写结束时间"),
    attendeeIds: z.array(id).max(60, "所选单位过多").default([]),
  })
  .superRefine((v, ctx) => {
    if (v.selected && v.slotStart && v.slotEnd && v.slotEnd <= v.slotStart)
      ctx.addIssue({ code: "custom", path: ["slotEnd"], message: "结束时间须晚于开始时间" });
  });

export const submitAgendaSchema = z.object({
  intent: z.literal("submit"),
  place: z.string({ error: "请填写现场活动地点" }).trim().min(1, "请填写现场活动地点").max(200, "不超过200字"),
});

export const agendaActionSchema = z.discriminatedUnion("intent", [agendaEntrySchema, submitAgendaSchema]);

export const returnAgendaSchema = z.object({
  intent: z.literal("return"),
  remarks: z.string({ error: "请写明退回修改的意见" }).trim().min(2, "请写明退回修改的意见").max(1000, "不超过1000字"),
});

export const approveAgendaSchema = z.object({ intent: z.literal("approve") });

export const reviewActionSchema = z.discriminatedUnion("intent", [returnAgendaSchema, approveAgendaSchema]);
