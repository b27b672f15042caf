/**
 * A department's or county's step on its own assignment, as the handling page posts it, taken by the
 * handling use case it names. A written answer's submission key is made unique to the person.
 */
import type { Kysely } from "kysely";
import type { AssignmentStep } from "~/schemas/assignment-steps";
import type { Database } from "../../db/schema";
import {
  acceptAssignment,
  countyReply,
  disputeAssignment,
  requestEscalation,
  requestExtension,
  submitOpinion,
  type HandlingResult,
  type ReplyAttachment,
} from "./handling.server";

export function takeAssignmentStep(
  db: Kysely<Database>,
  v: AssignmentStep,
  ctx: { actor: { id: number; organisationId: number }; attachments: ReplyAttachment[]; now: Date },
): Promise<HandlingResult> {
  const { actor, attachments, now } = ctx;
  const base = { assignmentId: v.assignmentId, actor, now };
  const key = (k: string) => `handling:${actor.id}:${k}`;
  switch (v.intent) {
    case "accept":
      return acceptAssignment(db, base);
    case "dispute":
      return disputeAssignment(db, {
        ...base,
        reason: v.reason,
        proposedOwnerId: v.proposedOwnerId ?? null,
        proposedOwnerText: v.proposedOwnerText ?? null,
      });
    case "opinion":
      return submitOpinion(db, { ...base, body: v.body, attachments, submissionKey: key(v.submissionKey) });
    case "extension":
      return requestExtension(db, { ...base, reason: v.reason, requestedDueDate: v.requestedDueDate ?? null });
    case "county_reply":
      return countyReply(db, { ...base, body: v.body, attachments, submissionKey: key(v.submissionKey) });
    case "escalate":
      return requestEscalation(db, { ...base, opinion: v.opinion, attachments, submissionKey: key(v.submissionKey) });
  }
}
