/** The statements of extension requests (appeal_extensions); their one writer is transitionExtension. */
import type { Db } from "./audit.server";

export interface NewExtension {
  appealId: number;
  clockId: number;
  organisationId: number;
  reason: string;
  requestedDueDate: string | null;
  requestedBy: number;
  requestedAt: Date;
}

/** The request still waiting for the office on this clock, if any. */
export async function pendingExtensionOfClock(db: Db, clockId: number) {
  return db
    .selectFrom("appeal_extensions")
    .select("id")
    .where("clock_id", "=", clockId)
    .where("decision", "is", null)
    .executeTakeFirst();
}

export async function insertExtension(db: Db, x: NewExtension): Promise<number> {
  const row = await db
    .insertInto("appeal_extensions")
    .values({
      appeal_id: x.appealId,
      clock_id: x.clockId,
      organisation_id: x.organisationId,
      reason: x.reason,
      requested_due_date: x.requestedDueDate,
      requested_by: x.requestedBy,
      requested_at: x.requestedAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The one statement that decides a request, only while it is still pending. False when another decision won. */
export async function writeExtensionDecision(
  db: Db,
  d: {
    extensionId: number;
    decision: "granted" | "refused";
    note: string | null;
    newDueAt: Date | null;
    actorId: number;
    at: Date;
  },
): Promise<{ appealId: number } | undefined> {
  return db
    .updateTable("appeal_extensions")
    .set({
      decision: d.decision,
      decision_note: d.note,
      new_due_at: d.newDueAt,
      decided_by: d.actorId,
      decided_at: d.at,
    })
    .where("id", "=", d.extensionId)
    .where("decision", "is", null)
    .returning("appeal_id as appealId")
    .executeTakeFirst();
}
