/**
 * The platform office's decisions while departments and counties handle an appeal (SPEC §4 steps 4–5):
 * reassigning a disputed assignment, deciding an extension, deciding a county's escalation. Shared by the
 * server and the browser (conform); the overview's filter is parsed here too.
 */
import { z } from "zod";
import { INT4_MAX, queryPage } from "~/utils/params";

const id = z.number({ error: "请选择" }).int().positive().max(INT4_MAX);

function note(message: string) {
  return z.string({ error: message }).trim().min(2, message).max(500, "不超过500字");
}

const optionalNote = z.string().trim().max(500, "不超过500字").optional();

export const reassignSchema = z.object({
  intent: z.literal("reassign"),
  assignmentId: id,
  organisationId: z
    .number({ error: "请选择承办部门" })
    .int()
    .positive("请选择承办部门")
    .max(INT4_MAX, "请选择承办部门"),
  note: note("请写明处理意见(至少2个字)"),
});

export const grantExtensionSchema = z.object({
  intent: z.literal("grant_extension"),
  extensionId: id,
  newDueDate: z.string({ error: "请选择新的办理期限" }).regex(/^\d{4}-\d{2}-\d{2}$/, "请选择新的办理期限"),
  note: optionalNote,
});

export const refuseExtensionSchema = z.object({
  intent: z.literal("refuse_extension"),
  extensionId: id,
  note: note("请写明不同意延期的理由(至少2个字)"),
});

export const approveEscalationSchema = z
  .object({
    intent: z.literal("approve_escalation"),
    leadId: z.number({ error: "请选择牵头部门" }).int().positive("请选择牵头部门").max(INT4_MAX, "请选择牵头部门"),
    coIds: z.array(id).max(20, "协办部门过多").default([]),
    note: optionalNote,
  })
  .superRefine((v, ctx) => {
    if (v.coIds.includes(v.leadId))
      ctx.addIssue({ code: "custom", path: ["coIds"], message: "协办部门不能包含牵头部门" });
  });

export const sendBackEscalationSchema = z.object({
  intent: z.literal("send_back_escalation"),
  note: note("请写明退回的理由(至少2个字)"),
});

export const handlingActionSchema = z.discriminatedUnion("intent", [
  reassignSchema,
  grantExtensionSchema,
  refuseExtensionSchema,
  approveEscalationSchema,
  sendBackEscalationSchema,
]);

export type HandlingIntent = z.infer<typeof handlingActionSchema>["intent"];

export const HANDLING_INTENTS: readonly string[] = [
  "reassign",
  "grant_extension",
  "refuse_extension",
  "approve_escalation",
  "send_back_escalation",
] satisfies HandlingIntent[];

// --- The overview of open clocks, from the address bar: an odd page number is refused (400, parseQuery),
// an unknown view is ignored ---

export const overviewFilterSchema = z.object({
  view: z.enum(["late", "due_soon", "open"]).catch("late").default("late"),
  page: queryPage(),
});
