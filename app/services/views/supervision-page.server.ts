/**
 * The supervisor's board (/supervision): each lead department's open tasks, every organisation's open clocks
 * and the late ones, and the tasks of one view (late, due soon, all) with the urging each is owed.
 */
import { formatInstantZh } from "~/domain/calendar";
import { CLOCK_LABEL } from "~/domain/clocks";
import { TASK_STATE_LABEL, TRACKED_LABEL, type TaskState } from "~/domain/tasks";
import { URGE_LABEL, URGING_LEVEL_LABEL } from "~/domain/urging";
import { loadWorkCalendar } from "~/models/calendar.server";
import { openClocksByOrganisation, openClocksOverview } from "~/models/handling.server";
import { cyclesWithTasks, departmentChoices, supervisionBoard, type BoardView } from "~/models/supervision.server";
import type { SessionUser } from "~/models/user.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export async function supervisionPage(user: SessionUser, f: { view: BoardView; cycle?: number; org?: number }) {
  const db = getDb();
  const [cycles, departments] = await Promise.all([cyclesWithTasks(db), departmentChoices(db)]);
  const at = now();
  const board = await supervisionBoard(
    db,
    { view: f.view, cycleId: f.cycle, organisationId: f.org },
    at,
    await loadWorkCalendar(db),
  );
  const [clocks, lateClocks] = await Promise.all([
    openClocksByOrganisation(db, at),
    openClocksOverview(db, at, { view: "late", page: 1 }),
  ]);
  return {
    clocks,
    lateClocks: {
      total: lateClocks.matching,
      rows: lateClocks.rows.map((c) => ({
        id: c.id,
        trackingNumber: c.trackingNumber,
        title: c.title,
        organisationName: c.organisationName,
        kind: CLOCK_LABEL[c.kind],
        due: formatInstantZh(c.dueAt),
      })),
    },
    mayUrge: user.role === "supervisor",
    filter: f,
    cycles,
    departments,
    total: board.total,
    summary: board.summary,
    rows: board.rows.slice(0, 200).map((r) => ({
      ...r,
      due: formatInstantZh(r.dueAt),
      trackedLabel: TRACKED_LABEL[r.tracked],
      stateLabel: TASK_STATE_LABEL[r.state as TaskState],
      levelLabel: URGING_LEVEL_LABEL[r.level],
      sentLabels: r.sent.map((s) => URGE_LABEL[s]),
      owedLabel: r.owed ? URGE_LABEL[r.owed] : null,
    })),
    more: Math.max(0, board.rows.length - 200),
  };
}
