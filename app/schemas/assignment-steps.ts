/**
 * The steps a department or county takes on its own assignment of an appeal (SPEC §4 steps 4–5): accept or
 * dispute it, give its opinion, ask for more time, reply to the enterprise or ask to escalate (a county).
 * One schema per form, shared by the server and the browser (conform).
 */
import { z } from "zod";
import { INT4_MAX } from "~/utils/params";

const assignmentId = z.number({ error: "表单已失效,请刷新页面" }).int().positive().max(INT4_MAX);
const submissionKey = z.string({ error: "表单已失效,请刷新页面后重新提交" }).uuid("表单已失效,请刷新页面后重新提交");
const longText = (missing: string, min: number, max: number) =>
  z.string({ error: missing }).trim().min(min, `${missing}(至少${min}个字)`).max(max, `不超过${max}字`);

export const acceptSchema = z.object({ intent: z.literal("accept"), assignmentId });
export const disputeSchema = z
  .object({
    intent: z.literal("dispute"),
    assignmentId,
    reason: longText("请写明异议理由", 4, 1000),
    proposedOwnerId: z.number().int().positive().max(INT4_MAX).optional(),
    proposedOwnerText: z.string().trim().max(100, "不超过100字").optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.proposedOwnerId && !v.proposedOwnerText)
      ctx.addIssue({ code: "custom", path: ["proposedOwnerId"], message: "请选择或填写建议的承办单位" });
  });
/** A written answer's common fields: the step, the assignment, and the key that makes a retry one record. */
const writtenAnswer = <I extends string>(intent: I) => ({ intent: z.literal(intent), assignmentId, submissionKey });

export const opinionSchema = z.object({ ...writtenAnswer("opinion"), body: longText("请填写意见", 10, 5000) });
export const extensionSchema = z.object({
  intent: z.literal("extension"),
  assignmentId,
  reason: longText("请写明申请延期的理由", 4, 1000),
  requestedDueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "请选择日期")
    .optional(),
});
export const countyReplySchema = z.object({
  ...writtenAnswer("county_reply"),
  body: longText("请填写答复内容", 10, 5000),
});
export const escalateSchema = z.object({
  ...writtenAnswer("escalate"),
  opinion: longText("请填写县区意见,说明需要市级协调的原因", 10, 5000),
});
export const assignmentStepSchema = z.discriminatedUnion("intent", [
  acceptSchema,
  disputeSchema,
  opinionSchema,
  extensionSchema,
  countyReplySchema,
  escalateSchema,
]);
export type AssignmentStep = z.infer<typeof assignmentStepSchema>;
export type AssignmentIntent = AssignmentStep["intent"];
