/**
 * Forms of registry review, screening (甄别) and the routing table; shared by the server and the browser
 * (conform). The queue's filter is parsed here too.
 */
import { z } from "zod";
import { REJECTION_REASONS } from "~/domain/appeal";
import { INT4_MAX, queryInt, queryPage } from "~/utils/params";

/** The choice that asks for a written reason instead of one from the list. */
export const OTHER_REASON = "其他";
export const REJECTION_CHOICES = [...REJECTION_REASONS, OTHER_REASON] as const;

export const SCREENING_PAGE_SIZE = 50;
/** At most one page of the queue at once. */
export const BULK_LIMIT = SCREENING_PAGE_SIZE;

const id = z.number({ error: "请选择" }).int().positive().max(INT4_MAX);

const rejectFields = {
  reasonChoice: z.enum(REJECTION_CHOICES, { error: "请选择不予受理的原因" }),
  reasonText: z.string().trim().max(500, "原因不超过500字").optional(),
};

function requireWrittenReason(v: { reasonChoice: string; reasonText?: string }, ctx: z.RefinementCtx) {
  if (v.reasonChoice === OTHER_REASON && (v.reasonText ?? "").length < 4)
    ctx.addIssue({ code: "custom", path: ["reasonText"], message: "选择“其他”时,请写明不予受理的原因(至少4个字)" });
}

function coExcludesLead(v: { leadId?: number; coIds: number[] }, ctx: z.RefinementCtx) {
  if (v.leadId !== undefined && v.coIds.includes(v.leadId))
    ctx.addIssue({ code: "custom", path: ["coIds"], message: "协办部门不能包含牵头部门" });
}

const coIds = z.array(id).max(20, "协办部门过多").default([]);

export const screeningRejectSchema = z
  .object({ intent: z.literal("reject"), ...rejectFields })
  .superRefine(requireWrittenReason);
export const screeningCountySchema = z.object({
  intent: z.literal("county"),
  countyId: z.number({ error: "请选择县区" }).int().positive("请选择县区").max(INT4_MAX, "请选择县区"),
});
export const screeningCitySchema = z
  .object({
    intent: z.literal("city"),
    leadId: z.number({ error: "请选择牵头部门" }).int().positive().max(INT4_MAX),
    coIds,
  })
  .superRefine(coExcludesLead);

/** One appeal, on its page: the office always names the county and the lead there (pre-filled). */
export const screeningActionSchema = z.discriminatedUnion("intent", [
  screeningRejectSchema,
  screeningCountySchema,
  screeningCitySchema,
]);

const ids = z
  .array(id)
  .min(1, "请至少勾选一件诉求")
  .max(BULK_LIMIT, `一次最多处理${BULK_LIMIT}件`)
  .transform((xs) => [...new Set(xs)]);

/**
 * Many appeals at once. Without a county, each goes to its own enterprise's county; without a lead, each
 * goes to the lead its category suggests (the routing table).
 */
export const bulkScreeningSchema = z
  .object({
    ids,
    intent: z.enum(["reject", "county", "city"], { error: "请选择处理方式" }),
    reasonChoice: rejectFields.reasonChoice.optional(),
    reasonText: rejectFields.reasonText,
    countyId: id.optional(),
    leadId: id.optional(),
    coIds,
  })
  .superRefine((v, ctx) => {
    if (v.intent === "reject") {
      if (!v.reasonChoice) ctx.addIssue({ code: "custom", path: ["reasonChoice"], message: "请选择不予受理的原因" });
      else requireWrittenReason({ reasonChoice: v.reasonChoice, reasonText: v.reasonText }, ctx);
    }
    if (v.intent === "city") coExcludesLead(v, ctx);
  });

export type ScreeningDecision =
  | { kind: "reject"; reason: string }
  | { kind: "county"; countyId?: number }
  | { kind: "city"; leadId?: number; coIds: number[] };

export function rejectionReason(choice: (typeof REJECTION_CHOICES)[number], text: string | undefined): string {
  return choice === OTHER_REASON ? `其他:${text ?? ""}` : choice;
}

export function decisionOf(
  v: z.infer<typeof screeningActionSchema> | z.infer<typeof bulkScreeningSchema>,
): ScreeningDecision {
  if (v.intent === "reject") return { kind: "reject", reason: rejectionReason(v.reasonChoice!, v.reasonText) };
  if (v.intent === "county") return { kind: "county", countyId: v.countyId };
  return { kind: "city", leadId: v.leadId, coIds: v.coIds };
}

// --- Registry review (法人库核实) ---

export const registryLinkSchema = z.object({ intent: z.literal("link"), correctName: z.boolean().default(false) });
export const registryCreateSchema = z.object({
  intent: z.literal("create"),
  regionCode: z.string({ error: "请选择企业登记地" }).regex(/^\d{6}$/, "请选择企业登记地"),
});
export const registryRejectSchema = z.object({
  intent: z.literal("reject"),
  reason: z
    .string({ error: "请填写不予受理的原因" })
    .trim()
    .min(4, "请写明不予受理的原因(至少4个字)")
    .max(500, "原因不超过500字"),
});
export const registryDecisionSchema = z.discriminatedUnion("intent", [
  registryLinkSchema,
  registryCreateSchema,
  registryRejectSchema,
]);

// --- Routing table (诉求类别与建议牵头部门) ---

const categoryName = z
  .string({ error: "请填写类别名称" })
  .trim()
  .min(2, "类别名称至少2个字")
  .max(30, "类别名称不超过30字");

export const categoryAddSchema = z.object({
  intent: z.literal("add"),
  name: categoryName,
  departmentId: id.optional(),
});
export const categoryRenameSchema = z.object({ intent: z.literal("rename"), id, name: categoryName });
export const categoryRouteSchema = z.object({ intent: z.literal("route"), id, departmentId: id.optional() });
export const categoryActiveSchema = z.object({ intent: z.enum(["activate", "deactivate"]), id });
export const categoryActionSchema = z.union([
  categoryAddSchema,
  categoryRenameSchema,
  categoryRouteSchema,
  categoryActiveSchema,
]);

// --- The queue's filter, from the address bar: an odd number is refused (400, parseQuery in
// utils/params.server.ts); any other unreadable value is simply ignored ---

export const screeningFilterSchema = z.object({
  cycle: queryInt(),
  category: queryInt(),
  due: z.enum(["ok", "due_soon", "late"]).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(60)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  page: queryPage(),
});

/** The filter of a query string known to be well formed (the benches'); the page itself uses parseQuery. */
export function parseScreeningFilter(params: URLSearchParams) {
  return screeningFilterSchema.parse(Object.fromEntries(params));
}
