/**
 * Queries of handling: assignments with their clocks, replies and opinions, extension requests, and the
 * lists built from them (a department's or county's inbox, the office's handling queue).
 */
import { sql, type Updateable } from "kysely";
import { clockDueAt, reminderAt, type ClockKind } from "~/domain/clocks";
import type { WorkCalendar } from "~/domain/calendar";
import type { AppealAssignmentsTable, AssignmentState } from "../../db/schema";
import type { Db } from "./audit.server";
import { readThroughIndexes } from "./index-reads.server";

export type AssignmentRole = "county" | "lead" | "co";

/** The clock an assignment starts with: a department accepts first; a county replies (or asks to escalate). */
export function firstClockOf(role: AssignmentRole): ClockKind {
  return role === "county" ? "county_reply" : "accept";
}

export async function startClock(
  db: Db,
  cal: WorkCalendar,
  c: { appealId: number; assignmentId: number; organisationId: number; kind: ClockKind; at: Date },
) {
  const due = clockDueAt(cal, c.kind, c.at);
  return db
    .insertInto("appeal_clocks")
    .values({
      appeal_id: c.appealId,
      assignment_id: c.assignmentId,
      organisation_id: c.organisationId,
      kind: c.kind,
      started_at: c.at,
      due_at: due,
      original_due_at: due,
      remind_at: reminderAt(cal, c.kind, c.at, due),
    })
    .returning(["id", "due_at as dueAt"])
    .executeTakeFirstOrThrow();
}

/** Freeze the open clock of this kind on the assignment, if any: finished when, on time or late by how much. */
export async function finishClock(
  db: Db,
  assignmentId: number,
  kind: ClockKind,
  at: Date,
  finish: "done" | "disputed" | "stopped",
) {
  return db
    .updateTable("appeal_clocks")
    .set({
      finished_at: at,
      finish,
      on_time: sql<boolean>`${at}::timestamptz <= due_at`,
      late_ms: sql<number>`greatest(0, (extract(epoch from (${at}::timestamptz - due_at)) * 1000)::bigint)`,
    })
    .where("assignment_id", "=", assignmentId)
    .where("kind", "=", kind)
    .where("finished_at", "is", null)
    .returning(["id", "on_time as onTime", "late_ms as lateMs", "due_at as dueAt"])
    .executeTakeFirst();
}

/** Stop every open clock of an assignment (it ended before its step was taken). */
export async function stopClocksOf(db: Db, assignmentId: number, at: Date) {
  await db
    .updateTable("appeal_clocks")
    .set({ finished_at: at, finish: "stopped" })
    .where("assignment_id", "=", assignmentId)
    .where("finished_at", "is", null)
    .execute();
}

/** Insert assignments and start the first clock of each; returns them with their ids. */
export async function insertAssignmentsWithClocks(
  db: Db,
  cal: WorkCalendar,
  rows: { appealId: number; organisationId: number; role: AssignmentRole; at: Date; by: number | null }[],
) {
  const out: { id: number; organisationId: number; role: AssignmentRole }[] = [];
  for (const r of rows) {
    const a = await db
      .insertInto("appeal_assignments")
      .values({
        appeal_id: r.appealId,
        organisation_id: r.organisationId,
        role: r.role,
        assigned_at: r.at,
        assigned_by: r.by,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await startClock(db, cal, {
      appealId: r.appealId,
      assignmentId: a.id,
      organisationId: r.organisationId,
      kind: firstClockOf(r.role),
      at: r.at,
    });
    out.push({ id: a.id, organisationId: r.organisationId, role: r.role });
  }
  return out;
}

/** One assignment with its appeal, locked for a change. */
export async function assignmentForUpdate(db: Db, assignmentId: number) {
  return db
    .selectFrom("appeal_assignments as s")
    .innerJoin("appeals as a", "a.id", "s.appeal_id")
    .innerJoin("organisations as o", "o.id", "s.organisation_id")
    .select([
      "s.id",
      "s.appeal_id as appealId",
      "s.organisation_id as organisationId",
      "s.role",
      "s.state",
      "s.ended_at as endedAt",
      "o.name as organisationName",
      "a.tracking_number as trackingNumber",
      "a.status as appealStatus",
    ])
    .where("s.id", "=", assignmentId)
    .forUpdate("s")
    .executeTakeFirst();
}

/** The other columns an assignment's state change may write with it (never the state itself). */
export type AssignmentStatePatch = Omit<Updateable<AppealAssignmentsTable>, "id" | "state">;

/** An assignment's state, part and appeal status, for its transition table. */
export async function assignmentStateOf(db: Db, assignmentId: number) {
  return db
    .selectFrom("appeal_assignments as s")
    .innerJoin("appeals as a", "a.id", "s.appeal_id")
    .select(["s.id", "s.state", "s.role", "s.appeal_id as appealId", "a.status as appealStatus"])
    .where("s.id", "=", assignmentId)
    .executeTakeFirst();
}

/**
 * The one statement that writes an assignment's state; only transitionAssignment
 * (app/services/assignment-state.server.ts) calls it. Changes it only if it is still in `from`.
 */
export async function writeAssignmentState(
  db: Db,
  change: { assignmentId: number; from: AssignmentState; to: AssignmentState; patch: AssignmentStatePatch },
) {
  return db
    .updateTable("appeal_assignments")
    .set({ ...change.patch, state: change.to })
    .where("id", "=", change.assignmentId)
    .where("state", "=", change.from)
    .returning("id")
    .executeTakeFirst();
}

export async function openClockOf(db: Db, assignmentId: number) {
  return db
    .selectFrom("appeal_clocks")
    .selectAll()
    .where("assignment_id", "=", assignmentId)
    .where("finished_at", "is", null)
    .executeTakeFirst();
}

// ——— Reading ———

const CLOCK_COLUMNS = [
  "c.id",
  "c.kind",
  "c.assignment_id as assignmentId",
  "c.organisation_id as organisationId",
  "c.started_at as startedAt",
  "c.due_at as dueAt",
  "c.original_due_at as originalDueAt",
  "c.remind_at as remindAt",
  "c.finished_at as finishedAt",
  "c.finish",
  "c.on_time as onTime",
  "c.late_ms as lateMs",
] as const;

/** Everything about the handling of one appeal: assignments (ended ones too), clocks, replies, extensions. */
export async function handlingOf(db: Db, appealId: number) {
  const [assignments, clocks, replies, attachments, extensions] = await Promise.all([
    db
      .selectFrom("appeal_assignments as s")
      .innerJoin("organisations as o", "o.id", "s.organisation_id")
      .leftJoin("organisations as p", "p.id", "s.proposed_owner_id")
      .select([
        "s.id",
        "s.role",
        "s.state",
        "s.organisation_id as organisationId",
        "o.name as organisationName",
        "s.assigned_at as assignedAt",
        "s.accepted_at as acceptedAt",
        "s.disputed_at as disputedAt",
        "s.dispute_reason as disputeReason",
        "p.name as proposedOwnerName",
        "s.proposed_owner_text as proposedOwnerText",
        "s.ended_at as endedAt",
        "s.ended_reason as endedReason",
      ])
      .where("s.appeal_id", "=", appealId)
      .orderBy("s.id")
      .execute(),
    db
      .selectFrom("appeal_clocks as c")
      .select(CLOCK_COLUMNS)
      .where("c.appeal_id", "=", appealId)
      .orderBy("c.id")
      .execute(),
    db
      .selectFrom("appeal_replies as r")
      .innerJoin("organisations as o", "o.id", "r.organisation_id")
      .leftJoin("users as u", "u.id", "r.created_by")
      .select([
        "r.id",
        "r.kind",
        "r.assignment_id as assignmentId",
        "r.organisation_id as organisationId",
        "o.name as organisationName",
        "r.body",
        "r.created_at as createdAt",
        "u.display_name as authorName",
      ])
      .where("r.appeal_id", "=", appealId)
      .orderBy("r.id")
      .execute(),
    db
      .selectFrom("appeal_attachments")
      .select(["id", "reply_id as replyId", "filename", "size"])
      .where("appeal_id", "=", appealId)
      .where("reply_id", "is not", null)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("appeal_extensions as x")
      .innerJoin("appeal_clocks as c", "c.id", "x.clock_id")
      .innerJoin("organisations as o", "o.id", "x.organisation_id")
      .select([
        "x.id",
        "x.clock_id as clockId",
        "c.kind as clockKind",
        "o.name as organisationName",
        "x.organisation_id as organisationId",
        "x.reason",
        "x.requested_due_date as requestedDueDate",
        "x.requested_at as requestedAt",
        "x.decision",
        "x.decision_note as decisionNote",
        "x.new_due_at as newDueAt",
        "x.decided_at as decidedAt",
      ])
      .where("x.appeal_id", "=", appealId)
      .orderBy("x.id")
      .execute(),
  ]);
  return {
    assignments,
    clocks,
    replies: replies.map((r) => ({ ...r, attachments: attachments.filter((f) => f.replyId === r.id) })),
    extensions,
  };
}

export const INBOX_PAGE_SIZE = 20;

export type InboxView = "todo" | "due_soon" | "late" | "done" | "all";

/**
 * A department's or county's appeals: one row per assignment with its open clock (if any). "todo" is what
 * waits on the organisation (an open clock), most urgent first; "done" what it has finished or handed back.
 * The organisation's assignments are counted and paged alone; only the page's rows are joined to their
 * appeals (a search reads the appeals of the organisation's assignments, through the primary key).
 */
export async function inboxOf(
  db: Db,
  input: { organisationId: number; view: InboxView; q?: string; page: number; now: Date },
) {
  const q = input.q?.trim();
  const mine = (db: Db) => {
    let query = db
      .selectFrom("appeal_assignments as s")
      .leftJoin("appeal_clocks as c", (j) => j.onRef("c.assignment_id", "=", "s.id").on("c.finished_at", "is", null))
      .where("s.organisation_id", "=", input.organisationId);
    if (input.view === "todo") query = query.where("c.id", "is not", null);
    if (input.view === "due_soon")
      query = query
        .where("c.id", "is not", null)
        .where("c.remind_at", "<=", input.now)
        .where("c.due_at", ">=", input.now);
    if (input.view === "late") query = query.where("c.id", "is not", null).where("c.due_at", "<", input.now);
    if (input.view === "done") query = query.where("c.id", "is", null);
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom("appeals as a")
            .select("a.id")
            .whereRef("a.id", "=", "s.appeal_id")
            .where((eb) =>
              eb.or([
                eb("a.tracking_number", "ilike", pattern),
                eb("a.title", "ilike", pattern),
                eb("a.enterprise_name", "ilike", pattern),
              ]),
            ),
        ),
      );
    }
    return query;
  };
  const page = (db: Db) =>
    mine(db)
      .select([
        "s.id as assignmentId",
        "s.role",
        "s.state",
        "s.assigned_at as assignedAt",
        "s.appeal_id as appealId",
        "c.id as clockId",
        "c.kind as clockKind",
        "c.due_at as dueAt",
        "c.remind_at as remindAt",
      ])
      .orderBy(sql`c.due_at asc nulls last`)
      .orderBy("s.id", "desc")
      .limit(INBOX_PAGE_SIZE)
      .offset((input.page - 1) * INBOX_PAGE_SIZE)
      .as("p");
  const read = (db: Db) =>
    Promise.all([
      // Every assignment has its appeal, and every appeal its cycle and category (foreign keys, not null).
      mine(db)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom(page(db))
        .innerJoin("appeals as a", "a.id", "p.appealId")
        .innerJoin("cycles as cy", "cy.id", "a.cycle_id")
        .innerJoin("appeal_categories as cat", "cat.id", "a.category_id")
        .select([
          "p.assignmentId",
          "p.role",
          "p.state",
          "p.assignedAt",
          "a.id as appealId",
          "a.tracking_number as trackingNumber",
          "a.title",
          "a.enterprise_name as enterpriseName",
          "a.status as appealStatus",
          "cat.name as categoryName",
          "cy.number as cycleNumber",
          "p.clockId",
          "p.clockKind",
          "p.dueAt",
          "p.remindAt",
        ])
        .orderBy(sql`p."dueAt" asc nulls last`)
        .orderBy("p.assignmentId", "desc")
        .execute(),
    ]);
  const [{ n }, rows] = q ? await readThroughIndexes(db, read) : await read(db);
  return { total: Number(n), rows };
}

/** Counts for an organisation's badges: waiting on it, due soon, late. */
export async function inboxCounts(db: Db, organisationId: number, now: Date) {
  const r = await db
    .selectFrom("appeal_clocks")
    .select([
      (eb) => eb.fn.countAll<number>().as("open"),
      sql<number>`count(*) filter (where remind_at <= ${now} and due_at >= ${now})`.as("dueSoon"),
      sql<number>`count(*) filter (where due_at < ${now})`.as("late"),
    ])
    .where("organisation_id", "=", organisationId)
    .where("finished_at", "is", null)
    .executeTakeFirstOrThrow();
  return { open: Number(r.open), dueSoon: Number(r.dueSoon), late: Number(r.late) };
}

/** What waits on the platform office after screening: disputes to reassign, extensions, escalations. */
export async function officeHandlingQueue(db: Db) {
  const [disputes, extensions, escalations] = await Promise.all([
    db
      .selectFrom("appeal_assignments as s")
      .innerJoin("appeals as a", "a.id", "s.appeal_id")
      .innerJoin("organisations as o", "o.id", "s.organisation_id")
      .leftJoin("organisations as p", "p.id", "s.proposed_owner_id")
      .select([
        "s.id as assignmentId",
        "s.role",
        "a.tracking_number as trackingNumber",
        "a.title",
        "o.name as organisationName",
        "s.disputed_at as disputedAt",
        "s.dispute_reason as disputeReason",
        "p.name as proposedOwnerName",
        "s.proposed_owner_text as proposedOwnerText",
      ])
      .where("s.state", "=", "disputed")
      .orderBy("s.disputed_at")
      .execute(),
    db
      .selectFrom("appeal_extensions as x")
      .innerJoin("appeals as a", "a.id", "x.appeal_id")
      .innerJoin("appeal_clocks as c", "c.id", "x.clock_id")
      .innerJoin("organisations as o", "o.id", "x.organisation_id")
      .select([
        "x.id as extensionId",
        "a.tracking_number as trackingNumber",
        "a.title",
        "o.name as organisationName",
        "c.kind as clockKind",
        "c.due_at as dueAt",
        "x.reason",
        "x.requested_due_date as requestedDueDate",
        "x.requested_at as requestedAt",
      ])
      .where("x.decision", "is", null)
      // A request whose clock has finished (the step was taken meanwhile) has nothing left to decide.
      .where("c.finished_at", "is", null)
      .orderBy("x.requested_at")
      .execute(),
    db
      .selectFrom("appeals as a")
      .leftJoin("organisations as o", "o.id", "a.county_id")
      .select([
        "a.id as appealId",
        "a.tracking_number as trackingNumber",
        "a.title",
        "o.name as countyName",
        "a.escalation_requested_at as requestedAt",
      ])
      .where("a.status", "=", "escalation_review")
      .orderBy("a.escalation_requested_at")
      .execute(),
  ]);
  return { disputes, extensions, escalations };
}

export const OVERVIEW_PAGE_SIZE = 20;

export type OverviewView = "late" | "due_soon" | "open";

/**
 * Every organisation's open clocks, for the platform office: counts of open, due soon (from the reminder
 * time to the limit) and late, and one page of the chosen view, most urgent first.
 */
export async function openClocksOverview(db: Db, now: Date, input: { view: OverviewView; page: number }) {
  // The counts need no join: every clock has its assignment, appeal and organisation (foreign keys).
  const open = db.selectFrom("appeal_clocks as c").where("c.finished_at", "is", null);
  let inView = open;
  if (input.view === "late") inView = inView.where("c.due_at", "<", now);
  if (input.view === "due_soon") inView = inView.where("c.remind_at", "<=", now).where("c.due_at", ">=", now);
  const rows = inView
    .innerJoin("appeal_assignments as s", "s.id", "c.assignment_id")
    .innerJoin("appeals as a", "a.id", "c.appeal_id")
    .innerJoin("organisations as o", "o.id", "c.organisation_id");
  const [counts, matching, page] = await Promise.all([
    open
      .select([
        (eb) => eb.fn.countAll<number>().as("open"),
        sql<number>`count(*) filter (where c.remind_at <= ${now} and c.due_at >= ${now})`.as("dueSoon"),
        sql<number>`count(*) filter (where c.due_at < ${now})`.as("late"),
      ])
      .executeTakeFirstOrThrow(),
    inView.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    rows
      .select([
        "c.id",
        "c.kind",
        "c.started_at as startedAt",
        "c.due_at as dueAt",
        "c.original_due_at as originalDueAt",
        "c.remind_at as remindAt",
        "s.role",
        "o.name as organisationName",
        "a.tracking_number as trackingNumber",
        "a.title",
      ])
      .orderBy("c.due_at")
      .orderBy("c.id")
      .limit(OVERVIEW_PAGE_SIZE)
      .offset((input.page - 1) * OVERVIEW_PAGE_SIZE)
      .execute(),
  ]);
  return {
    counts: { open: Number(counts.open), dueSoon: Number(counts.dueSoon), late: Number(counts.late) },
    matching: Number(matching.n),
    rows: page,
  };
}

/**
 * Open clocks (accept, reply, opinion, county reply) per department and county: how many are open, due soon
 * (from the reminder time to the limit) and late, worst first. For the supervision office's board.
 */
export async function openClocksByOrganisation(db: Db, now: Date) {
  const rows = await db
    .selectFrom("appeal_clocks as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .where("c.finished_at", "is", null)
    .groupBy(["o.id", "o.name", "o.kind"])
    .select([
      "o.id",
      "o.name",
      "o.kind",
      (eb) => eb.fn.countAll<number>().as("open"),
      sql<number>`count(*) filter (where c.remind_at <= ${now} and c.due_at >= ${now})`.as("dueSoon"),
      sql<number>`count(*) filter (where c.due_at < ${now})`.as("late"),
    ])
    .execute();
  return rows
    .map((r) => ({ ...r, open: Number(r.open), dueSoon: Number(r.dueSoon), late: Number(r.late) }))
    .sort((a, b) => b.late - a.late || b.dueSoon - a.dueSoon || a.id - b.id);
}

/** The owner each disputed assignment of an appeal proposed, to pre-fill the office's reassignment. */
export async function proposedOwnersOf(db: Db, appealId: number) {
  return db
    .selectFrom("appeal_assignments")
    .select(["id", "proposed_owner_id as proposedOwnerId"])
    .where("appeal_id", "=", appealId)
    .where("state", "=", "disputed")
    .execute();
}
