/**
 * The department's page of its own task (/tasks/:id): the leader's decision, the appeal, the commitment and
 * its progress, the completion, the enterprise's rating and the final decision, and which steps it may take.
 */
import { randomUUID } from "node:crypto";
import { dueState } from "~/domain/appeal";
import { endOfDay, formatDateZh, formatInstantZh } from "~/domain/calendar";
import { formatDurationZh } from "~/domain/clocks";
import { appealContactPhone } from "~/domain/personal-data";
import { mayTake } from "~/domain/tasks";
import { organisationNames, progressOf, taskOfOrganisation } from "~/models/task.server";
import type { SessionUser } from "~/models/user.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { intParam } from "~/utils/params.server";
import { ratingRanOut, taskOutcomeView } from "./task-parts.server";

export const TASK_NOT_FOUND = "没有找到该任务。";

/** The task, if it is the department's own; to anyone else it does not exist. */
export async function ownTask(id: string | undefined, organisationId: number) {
  const t = await taskOfOrganisation(getDb(), intParam(id, { message: TASK_NOT_FOUND }), organisationId);
  invariantResponse(t, TASK_NOT_FOUND, 404);
  return t;
}

export async function taskPage(user: SessionUser, id: string | undefined) {
  const t = await ownTask(id, user.organisationId);
  const db = getDb();
  const [progress, coDepartments] = await Promise.all([progressOf(db, t.id), organisationNames(db, t.coIds)]);
  const at = now();
  const commitmentState = t.committedAt ? null : dueState(t.commitmentDueAt, at);
  const working = t.state === "committed" || t.state === "reopened";
  const completionDue = t.committedDeadline ? endOfDay(t.committedDeadline) : null;
  const completionState = completionDue && working ? dueState(completionDue, at) : null;
  const outcome = taskOutcomeView(t);
  return {
    task: {
      ...outcome,
      id: t.id,
      trackingNumber: t.trackingNumber,
      title: t.title,
      content: t.content,
      enterpriseName: t.enterpriseName,
      contactName: t.contactName,
      // The task is this department's own (ownTask found it by the department): it handles the appeal.
      contactPhone: appealContactPhone(
        user,
        {
          enterpriseOrganisationId: null,
          registeredBy: null,
          organisationIds: [user.organisationId],
          registryReview: false,
        },
        t.contactPhone,
      ),
      cycleNumber: t.cycleNumber,
      onsite: formatDateZh(t.onsiteDate),
      onsiteDate: t.onsiteDate,
      coDepartments,
      assigned: formatInstantZh(t.createdAt),
      commitmentDue: formatInstantZh(t.commitmentDueAt),
      commitmentState,
      commitmentLateBy:
        commitmentState === "late" ? formatDurationZh(at.getTime() - t.commitmentDueAt.getTime()) : null,
      commitmentPublishedLateBy:
        t.committedAt && t.commitmentOnTime === false ? formatDurationZh(Number(t.commitmentLateMs ?? 0)) : null,
      completionState,
      completionLateBy:
        completionState === "late" && completionDue ? formatDurationZh(at.getTime() - completionDue.getTime()) : null,
      ratingRanOut: t.state === "completed" && ratingRanOut(t, at),
      final: outcome.final ? { ...outcome.final, talk: t.talkRecord } : null,
    },
    progress: progress.map((p) => ({
      id: p.id,
      body: p.body,
      at: formatInstantZh(p.createdAt),
      author: p.authorName ?? "",
    })),
    may: {
      commit: mayTake(t.state, "commit"),
      progress: mayTake(t.state, "progress"),
      complete: mayTake(t.state, "complete"),
      final: mayTake(t.state, "final"),
    },
    // A key per showing of the page: a double submit or a retry of a progress update makes one record.
    submissionKey: randomUUID(),
  };
}
