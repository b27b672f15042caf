import { z } from "zod";
import { INT4_MAX } from "~/utils/params";

export const rosterAddSchema = z.object({
  intent: z.literal("add"),
  kind: z.enum(["leader", "secretary_general"], { error: "请选择类别" }),
  name: z.string({ error: "请填写姓名" }).trim().min(2, "姓名至少2个字").max(20, "姓名不超过20字"),
  title: z.string({ error: "请填写职务" }).trim().min(2, "请填写职务,例如:副市长").max(30, "职务不超过30字"),
});

const memberId = z.coerce.number().int().positive().max(INT4_MAX);

export const rosterMoveSchema = z.object({ intent: z.enum(["up", "down"]), id: memberId });
export const rosterActiveSchema = z.object({ intent: z.enum(["activate", "deactivate"]), id: memberId });

export const rosterActionSchema = z.union([rosterAddSchema, rosterMoveSchema, rosterActiveSchema]);
