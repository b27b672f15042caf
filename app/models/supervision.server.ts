/**
 * What the supervision office watches (SPEC §4 step 10): every unfinished task with the deadline it is
 * tracked on (domain/tasks trackedDeadline), the rung of the urging ladder it stands on now
 * (domain/urging), and the urges already sent against that deadline.
 */
import type { WorkCalendar } from "~/domain/calendar";
import { trackedDeadline, type TrackedKind } from "~/domain/tasks";
import { nextUrge, urgingLevel, type UrgeLevel, type UrgingLevel } from "~/domain/urging";
import type { Db } from "./audit.server";
import { readThroughIndexes } from "./index-reads.server";

export type BoardView = "all" | "late" | "due_soon";

export interface BoardFilter {
  cycleId?: number;
  organisationId?: number;
  view: BoardView;
}

export interface BoardRow {
  taskId: number;
  cycleNumber: number;
  trackingNumber: string;
  title: string;
  organisationId: number;
  organisationName: string;
  state: string;
  tracked: TrackedKind;
  dueAt: Date;
  level: UrgingLevel;
  sent: UrgeLevel[];
  owed: UrgeLevel | null;
}

/** Unfinished tasks, each with its tracked deadline, rung and owed urge; most pressing first. */
export async function supervisionBoard(db: Db, filter: BoardFilter, now: Date, cal: WorkCalendar) {
  // The unfinished tasks (tasks_unfinished_idx) with their appeals by the primary key, and their urges
  // (task_urges_task_idx).
  const { tasks, urges } = await readThroughIndexes(db, async (db) => {
    let q = db
      .selectFrom("tasks as t")
      .innerJoin("appeals as a", "a.id", "t.appeal_id")
      .innerJoin("organisations as o", "o.id", "t.organisation_id")
      .innerJoin("cycles as c", "c.id", "t.cycle_id")
      .select([
        "t.id",
        "t.state",
        "t.commitment_due_at as commitmentDueAt",
        "t.committed_deadline as committedDeadline",
        "c.number as cycleNumber",
        "a.tracking_number as trackingNumber",
        "a.title",
        "o.id as organisationId",
        "o.name as organisationName",
      ])
      .where("t.state", "in", ["open", "committed", "reopened"]);
    if (filter.cycleId) q = q.where("t.cycle_id", "=", filter.cycleId);
    if (filter.organisationId) q = q.where("t.organisation_id", "=", filter.organisationId);
    const tasks = await q.execute();
    const urges = tasks.length
      ? await db
          .selectFrom("task_urges")
          .select(["task_id as taskId", "level", "due_at as dueAt"])
          .where(
            "task_id",
            "in",
            tasks.map((t) => t.id),
          )
          .execute()
      : [];
    return { tasks, urges };
  });
  const urgesOf = new Map<number, typeof urges>();
  for (const u of urges) {
    const list = urgesOf.get(u.taskId);
    if (list) list.push(u);
    else urgesOf.set(u.taskId, [u]);
  }
  const rows: BoardRow[] = [];
  for (const t of tasks) {
    const tracked = trackedDeadline(t);
    if (!tracked) continue;
    const level = urgingLevel(tracked.dueAt, now, cal);
    const sent = (urgesOf.get(t.id) ?? [])
      .filter((u) => u.dueAt.getTime() === tracked.dueAt.getTime())
      .map((u) => u.level);
    rows.push({
      taskId: t.id,
      cycleNumber: t.cycleNumber,
      trackingNumber: t.trackingNumber,
      title: t.title,
      organisationId: t.organisationId,
      organisationName: t.organisationName,
      state: t.state,
      tracked: tracked.kind,
      dueAt: tracked.dueAt,
      level,
      sent,
      owed: nextUrge(level, sent),
    });
  }
  const shown = rows.filter((r) =>
    filter.view === "late"
      ? r.level === "yellow" || r.level === "red"
      : filter.view === "due_soon"
        ? r.level === "reminder"
        : true,
  );
  shown.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.taskId - b.taskId);
  // Per organisation: unfinished, due soon and late, over all rows of the filter (not only the view's).
  const byOrganisation = new Map<number, { name: string; open: number; dueSoon: number; late: number }>();
  for (const r of rows) {
    const o = byOrganisation.get(r.organisationId) ?? { name: r.organisationName, open: 0, dueSoon: 0, late: 0 };
    o.open++;
    if (r.level === "reminder") o.dueSoon++;
    if (r.level === "yellow" || r.level === "red") o.late++;
    byOrganisation.set(r.organisationId, o);
  }
  const summary = [...byOrganisation.entries()]
    .map(([id, o]) => ({ id, ...o }))
    .sort((a, b) => b.late - a.late || b.dueSoon - a.dueSoon || a.id - b.id);
  return { rows: shown, summary, total: rows.length };
}

/** Every task of a cycle (or all cycles) with its appeal, commitment and outcome: the ledger (台账). */
export async function ledgerRows(db: Db, cycleId?: number) {
  let q = db
    .selectFrom("tasks as t")
    .innerJoin("appeals as a", "a.id", "t.appeal_id")
    .innerJoin("organisations as o", "o.id", "t.organisation_id")
    .innerJoin("cycles as c", "c.id", "t.cycle_id")
    .select([
      "t.id",
      "c.number as cycleNumber",
      "a.tracking_number as trackingNumber",
      "a.enterprise_name as enterpriseName",
      "a.title",
      "o.name as organisationName",
      "t.decision",
      "t.due_date as dueDate",
      "t.state",
      "t.responsible_leader as responsibleLeader",
      "t.responsible_person as responsiblePerson",
      "t.committed_deadline as committedDeadline",
      "t.measures",
      "t.committed_at as committedAt",
      "t.commitment_on_time as commitmentOnTime",
      "t.completed_at as completedAt",
      "t.completion_result as completionResult",
      "t.rating",
      "t.rating_reason as ratingReason",
      "t.final_decision as finalDecision",
    ])
    .orderBy("c.number")
    .orderBy("t.id");
  if (cycleId) q = q.where("t.cycle_id", "=", cycleId);
  return q.execute();
}

/** The cycles that have tasks, newest first: the choices of the supervision and disclosure filters. */
export async function cyclesWithTasks(db: Db) {
  return db
    .selectFrom("cycles as c")
    .where((eb) => eb.exists(eb.selectFrom("tasks as t").select("t.id").whereRef("t.cycle_id", "=", "c.id")))
    .select(["c.id", "c.number", "c.month"])
    .orderBy("c.number", "desc")
    .execute();
}

/** The city's departments in the city's order: the choices of department filters. */
export async function departmentChoices(db: Db) {
  return db.selectFrom("organisations").select(["id", "name"]).where("kind", "=", "department").orderBy("id").execute();
}
