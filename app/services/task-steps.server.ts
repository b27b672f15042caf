/**
 * A department's step on its own task, as the task page posts it, taken by the task use case it names.
 * A progress update's submission key is made unique to the task and the person.
 */
import type { Kysely } from "kysely";
import type { z } from "zod";
import type { taskActionSchema } from "~/schemas/tasks";
import type { Database } from "../../db/schema";
import { addProgress, publishCommitment, recordFinalDecision, reportCompletion, type TaskResult } from "./tasks.server";

export function takeTaskStep(
  db: Kysely<Database>,
  v: z.infer<typeof taskActionSchema>,
  base: { taskId: number; organisationId: number; userId: number; now: Date },
): Promise<TaskResult> {
  switch (v.intent) {
    case "commit":
      return publishCommitment(db, {
        ...base,
        responsibleLeader: v.responsibleLeader,
        responsiblePerson: v.responsiblePerson,
        deadline: v.deadline,
        measures: v.measures,
      });
    case "progress":
      // Unique across all tasks and people: the form's key alone could be replayed elsewhere.
      return addProgress(db, {
        ...base,
        body: v.body,
        submissionKey: `task:${base.taskId}:${base.userId}:${v.submissionKey}`,
      });
    case "complete":
      return reportCompletion(db, { ...base, result: v.result });
    case "final":
      return recordFinalDecision(db, { ...base, talkRecord: v.talkRecord, finalDecision: v.finalDecision });
  }
}
