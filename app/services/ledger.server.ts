/**
 * The ledger (台账) of tasks, as the supervision office exports it: one entry per task with every column in
 * words, shared by the Excel and the PDF exports.
 */
import { formatDateZhPlain, formatInstantZh } from "~/domain/calendar";
import { maskPhonesInText as masked } from "~/domain/personal-data";
import { RATING_LABEL, TASK_STATE_LABEL } from "~/domain/tasks";
import type { Db } from "~/models/audit.server";
import { ledgerRows } from "~/models/supervision.server";
import { intQuery } from "~/utils/params.server";

export async function ledgerEntries(db: Db, cycleId?: number) {
  const rows = await ledgerRows(db, cycleId);
  return rows.map((r) => ({
    cycle: `第${r.cycleNumber}期`,
    trackingNumber: r.trackingNumber,
    enterpriseName: r.enterpriseName,
    // A file leaves the platform: a mobile number written into any text goes out masked.
    title: masked(r.title),
    organisationName: r.organisationName,
    decision: masked(r.decision),
    dueDate: formatDateZhPlain(r.dueDate),
    responsibleLeader: masked(r.responsibleLeader ?? ""),
    responsiblePerson: masked(r.responsiblePerson ?? ""),
    committedDeadline: r.committedDeadline ? formatDateZhPlain(r.committedDeadline) : "",
    measures: masked(r.measures ?? ""),
    committed: r.committedAt ? `${formatInstantZh(r.committedAt)}${r.commitmentOnTime ? "" : "(逾期)"}` : "未公布",
    state: TASK_STATE_LABEL[r.state],
    completed: r.completedAt ? formatInstantZh(r.completedAt) : "",
    result: masked(r.completionResult ?? ""),
    rating: r.rating ? `${RATING_LABEL[r.rating]}${r.ratingReason ? `:${masked(r.ratingReason)}` : ""}` : "",
    finalDecision: masked(r.finalDecision ?? ""),
  }));
}

export type LedgerEntry = Awaited<ReturnType<typeof ledgerEntries>>[number];

/** The ledger's scope from a query string's cycle id, if any. */
export function ledgerCycleParam(request: Request): number | undefined {
  return intQuery(new URL(request.url).searchParams, "cycle");
}

/** What the printed ledger says of its scope and issuer. */
export async function ledgerHeading(db: Db, cycleId?: number) {
  const [cycle, issuer] = await Promise.all([
    cycleId ? db.selectFrom("cycles").select("number").where("id", "=", cycleId).executeTakeFirst() : undefined,
    db.selectFrom("organisations").select("name").where("kind", "=", "supervision_office").executeTakeFirst(),
  ]);
  return { scope: cycle ? `第${cycle.number}期` : "全部期次", issuer: issuer?.name ?? "市政府督查室" };
}
