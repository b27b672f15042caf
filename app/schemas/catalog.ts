/**
 * The cycle's catalog (企业问题目录) forms (SPEC §4 step 6): the office compiles, edits a summary, moves an
 * item within its group and sends the catalog; the government office confirms the attending leader. Shared
 * by the server and the browser (conform); the services check the rest.
 */
import { z } from "zod";
import { INT4_MAX } from "~/utils/params";

const itemId = z.number({ error: "表单已失效,请刷新页面" }).int().positive().max(INT4_MAX);

export const compileCatalogSchema = z.object({ intent: z.literal("compile") });

export const summarySchema = z.object({
  intent: z.literal("summary"),
  itemId,
  summary: z.string({ error: "请填写问题摘要" }).trim().min(1, "请填写问题摘要").max(2000, "问题摘要不超过2000字"),
});

export const moveItemSchema = z.object({
  intent: z.literal("move"),
  itemId,
  direction: z.enum(["up", "down"], { error: "请选择上移或下移" }),
});

export const sendCatalogSchema = z.object({ intent: z.literal("send") });

export const catalogActionSchema = z.discriminatedUnion("intent", [
  compileCatalogSchema,
  summarySchema,
  moveItemSchema,
  sendCatalogSchema,
]);

export const confirmLeaderSchema = z.object({
  intent: z.literal("leader"),
  leaderId: z
    .number({ error: "请选择出席市领导" })
    .int()
    .positive("请选择出席市领导")
    .max(INT4_MAX, "请选择出席市领导"),
});
