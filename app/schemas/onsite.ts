/**
 * The on-site record's forms (SPEC §4 step 8): the office's decision per agenda issue and the submission of
 * the handling opinions, and the leader's return or approval. Shared by the server and the browser
 * (conform); the services check the rest (state, who may act, departments, the date against the day).
 */
import { z } from "zod";
import { INT4_MAX } from "~/utils/params";

const id = z.number().int().positive().max(INT4_MAX);

export const decisionSchema = z.object({
  intent: z.literal("decision"),
  itemId: z.number({ error: "表单已失效,请刷新页面" }).int().positive().max(INT4_MAX),
  decision: z
    .string({ error: "请填写市领导的处理意见" })
    .trim()
    .min(1, "请填写市领导的处理意见")
    .max(2000, "处理意见不超过2000字"),
  leadId: z
    .number({ error: "请选择牵头部门" })
    .int("请选择牵头部门")
    .positive("请选择牵头部门")
    .max(INT4_MAX, "请选择牵头部门"),
  coIds: z.array(id).max(30, "所选部门过多").default([]),
  dueDate: z
    .string({ error: "请选择办理时限" })
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "请选择办理时限"),
});

export const submitOpinionsSchema = z.object({ intent: z.literal("submit") });

export const sendOffAgendaSchema = z.object({
  intent: z.literal("send"),
  itemId: z.number({ error: "表单已失效,请刷新页面" }).int().positive().max(INT4_MAX),
});

export const onsiteActionSchema = z.discriminatedUnion("intent", [
  decisionSchema,
  submitOpinionsSchema,
  sendOffAgendaSchema,
]);

export const offAgendaAnswerSchema = z.object({
  itemId: z.number({ error: "表单已失效,请刷新页面" }).int().positive().max(INT4_MAX),
  body: z.string({ error: "请填写答复内容" }).trim().min(1, "请填写答复内容").max(3000, "答复内容不超过3000字"),
});

export const opinionsReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve") }),
  z.object({
    intent: z.literal("return"),
    remarks: z
      .string({ error: "请写明退回修改的意见" })
      .trim()
      .min(2, "请写明退回修改的意见")
      .max(1000, "不超过1000字"),
  }),
]);
