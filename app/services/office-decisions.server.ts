/**
 * The office's decisions on an appeal in handling, as its page posts them: each names an assignment or
 * extension of this appeal only, and goes to the handling use case that takes it.
 */
import type { Kysely } from "kysely";
import { handlingOf } from "~/models/handling.server";
import type { handlingActionSchema } from "~/schemas/handling";
import type { z } from "zod";
import type { Database } from "../../db/schema";
import { decideEscalation, decideExtension, reassignDisputed, type HandlingResult } from "./handling.server";

const GONE = "该事项已不在本诉求中,请刷新页面。";

export async function officeHandlingDecision(
  db: Kysely<Database>,
  appealId: number,
  v: z.infer<typeof handlingActionSchema>,
  ctx: { actorId: number; now: Date },
): Promise<HandlingResult> {
  const handling = await handlingOf(db, appealId);
  const gone = { ok: false, error: GONE } as const;
  switch (v.intent) {
    case "reassign":
      if (!handling.assignments.some((x) => x.id === v.assignmentId)) return gone;
      return reassignDisputed(db, {
        assignmentId: v.assignmentId,
        organisationId: v.organisationId,
        note: v.note,
        ...ctx,
      });
    case "grant_extension":
    case "refuse_extension":
      if (!handling.extensions.some((x) => x.id === v.extensionId)) return gone;
      return decideExtension(db, {
        extensionId: v.extensionId,
        grant: v.intent === "grant_extension",
        newDueDate: v.intent === "grant_extension" ? v.newDueDate : null,
        note: v.note ?? "",
        ...ctx,
      });
    case "approve_escalation":
      return decideEscalation(db, { appealId, approve: true, leadId: v.leadId, coIds: v.coIds, note: v.note, ...ctx });
    case "send_back_escalation":
      return decideEscalation(db, { appealId, approve: false, note: v.note, ...ctx });
  }
}
