/**
 * The forms of a task after the on-site day (SPEC §4 steps 9 and 11), shared by the server and the browser
 * (conform): the department's commitment, progress, completion and final decision, the enterprise's
 * rating; and the address-bar filters of the task list and the public commitments. The services check the
 * rest (whose task it is, whether its state allows the step, the deadline against the on-site day).
 */
import { z } from "zod";
import { queryInt, queryPage } from "~/utils/params";

const STALE = "表单已失效,请刷新页面后重新提交";

function text(missing: string, max: number) {
  return z.string({ error: missing }).trim().min(1, missing).max(max, `不超过${max}字`);
}

export const commitSchema = z.object({
  intent: z.literal("commit"),
  responsibleLeader: text("请填写责任领导", 50),
  responsiblePerson: text("请填写责任人", 50),
  deadline: z.string({ error: "请选择完成时限" }).regex(/^\d{4}-\d{2}-\d{2}$/, "请选择完成时限"),
  measures: text("请填写工作措施", 2000),
});

export const progressSchema = z.object({
  intent: z.literal("progress"),
  body: text("请填写办理进展", 2000),
  submissionKey: z.string({ error: STALE }).uuid(STALE),
});

export const completeSchema = z.object({
  intent: z.literal("complete"),
  result: text("请填写办理结果", 5000),
});

export const finalSchema = z.object({
  intent: z.literal("final"),
  talkRecord: text("请记录与企业沟通的情况", 5000),
  finalDecision: text("请填写最终处理意见", 5000),
});

export const taskActionSchema = z.discriminatedUnion("intent", [
  commitSchema,
  progressSchema,
  completeSchema,
  finalSchema,
]);
export type TaskIntent = z.infer<typeof taskActionSchema>["intent"];

/** The enterprise's rating of its completed appeal: dissatisfied needs its reason. */
export const rateSchema = z
  .object({
    intent: z.literal("rate"),
    rating: z.enum(["satisfied", "dissatisfied"], { error: "请选择满意或不满意" }),
    reason: z.string().trim().max(1000, "不超过1000字").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.rating === "dissatisfied" && !v.reason)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "请写明不满意的理由" });
  });

const search = z
  .string()
  .trim()
  .max(60)
  .optional()
  .catch(undefined)
  .transform((v) => v || undefined);
const page = queryPage();

export const TASK_VIEWS = ["all", "open", "committed", "completed", "reopened", "closed"] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

/** The department's task list: an odd page number is refused (400), anything else unreadable is ignored. */
export const taskListFilterSchema = z.object({
  view: z.enum(TASK_VIEWS).catch("all").default("all"),
  q: search,
  page,
});

/** The public commitments: a cycle (by its number), a department, a search in titles. */
export const commitmentsFilterSchema = z.object({
  cycle: queryInt(),
  dept: queryInt(),
  q: search,
  page,
});
