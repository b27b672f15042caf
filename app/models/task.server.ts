/**
 * Reading tasks (SPEC §4 steps 9 and 11, §5 public disclosure): a department's own tasks, most urgent
 * first; one task with its progress for its department or for the appeal's enterprise; and the published
 * commitments anyone may read, the enterprise's name withheld unless it agreed to publish it. The task's two
 * statements that write it are at the end: its state (for services/task-state.server.ts alone) and its disclosure.
 */
import { sql, type Updateable } from "kysely";
import type { TaskState } from "~/domain/tasks";
import type { TasksTable } from "../../db/schema";
import type { Db } from "./audit.server";

export const TASKS_PAGE_SIZE = 50;
export const COMMITMENTS_PAGE_SIZE = 50;

/** ILIKE pattern of a search text, its wildcards taken literally. */
export function containing(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * When the department's next step is due, for ordering: the commitment's publication while open, the
 * promised completion date (24:00 Shanghai) while committed, at once when the enterprise was dissatisfied.
 * Tasks waiting on the enterprise come after, and finished ones last, the latest first.
 */
const urgencyRank = sql<number>`case t.state when 'open' then 0 when 'committed' then 0 when 'reopened' then 0 when 'completed' then 1 else 2 end`;
const actionDueAt = sql<Date>`case t.state
  when 'open' then t.commitment_due_at
  when 'committed' then ((t.committed_deadline + 1)::timestamp at time zone 'Asia/Shanghai') - interval '1 millisecond'
  when 'reopened' then t.rated_at
  when 'completed' then t.rating_due_at
  end`;

/** One department's tasks, filtered by state and a search in tracking number, title or enterprise. */
export async function tasksOfOrganisation(
  db: Db,
  input: { organisationId: number; state?: TaskState; q?: string; page: number },
) {
  let query = db
    .selectFrom("tasks as t")
    .innerJoin("appeals as a", "a.id", "t.appeal_id")
    .innerJoin("cycles as c", "c.id", "t.cycle_id")
    .where("t.organisation_id", "=", input.organisationId);
  if (input.state) query = query.where("t.state", "=", input.state);
  const q = input.q?.trim();
  if (q) {
    const pattern = containing(q);
    query = query.where((eb) =>
      eb.or([
        eb("a.tracking_number", "ilike", pattern),
        eb("a.title", "ilike", pattern),
        eb("a.enterprise_name", "ilike", pattern),
      ]),
    );
  }
  const [{ n }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    query
      .select([
        "t.id",
        "t.state",
        "t.commitment_due_at as commitmentDueAt",
        "t.committed_at as committedAt",
        "t.commitment_on_time as commitmentOnTime",
        "t.commitment_late_ms as commitmentLateMs",
        "t.committed_deadline as committedDeadline",
        "t.rating_due_at as ratingDueAt",
        "t.rating",
        "a.tracking_number as trackingNumber",
        "a.title",
        "a.enterprise_name as enterpriseName",
        "c.number as cycleNumber",
      ])
      .orderBy(urgencyRank)
      .orderBy(sql`case when t.state = 'closed' then null else ${actionDueAt} end asc nulls last`)
      .orderBy(sql`coalesce(t.final_at, t.rated_at, t.completed_at, t.created_at)`, "desc")
      .orderBy("t.id", "desc")
      .limit(TASKS_PAGE_SIZE)
      .offset((input.page - 1) * TASKS_PAGE_SIZE)
      .execute(),
  ]);
  return { total: Number(n), rows };
}

/** How many of a department's tasks are in each state. */
export async function taskCountsOf(db: Db, organisationId: number): Promise<Record<TaskState | "all", number>> {
  const r = await db
    .selectFrom("tasks")
    .select([
      (eb) => eb.fn.countAll<number>().as("all"),
      sql<number>`count(*) filter (where state = 'open')`.as("open"),
      sql<number>`count(*) filter (where state = 'committed')`.as("committed"),
      sql<number>`count(*) filter (where state = 'completed')`.as("completed"),
      sql<number>`count(*) filter (where state = 'reopened')`.as("reopened"),
      sql<number>`count(*) filter (where state = 'closed')`.as("closed"),
    ])
    .where("organisation_id", "=", organisationId)
    .executeTakeFirstOrThrow();
  return {
    all: Number(r.all),
    open: Number(r.open),
    committed: Number(r.committed),
    completed: Number(r.completed),
    reopened: Number(r.reopened),
    closed: Number(r.closed),
  };
}

const TASK_COLUMNS = [
  "t.id",
  "t.state",
  "t.decision",
  "t.due_date as dueDate",
  "t.co_ids as coIds",
  "t.created_at as createdAt",
  "t.commitment_due_at as commitmentDueAt",
  "t.responsible_leader as responsibleLeader",
  "t.responsible_person as responsiblePerson",
  "t.committed_deadline as committedDeadline",
  "t.measures",
  "t.committed_at as committedAt",
  "t.commitment_on_time as commitmentOnTime",
  "t.commitment_late_ms as commitmentLateMs",
  "t.completed_at as completedAt",
  "t.completion_result as completionResult",
  "t.rating_due_at as ratingDueAt",
  "t.rating",
  "t.rating_reason as ratingReason",
  "t.rated_at as ratedAt",
  "t.final_decision as finalDecision",
  "t.final_at as finalAt",
  "lead.name as leadName",
  "c.number as cycleNumber",
  "c.onsite_date as onsiteDate",
] as const;

function taskJoins(db: Db) {
  return db
    .selectFrom("tasks as t")
    .innerJoin("appeals as a", "a.id", "t.appeal_id")
    .innerJoin("cycles as c", "c.id", "t.cycle_id")
    .innerJoin("organisations as lead", "lead.id", "t.organisation_id");
}

/** A task of the department's own, with the appeal it comes from; another organisation's is not found. */
export async function taskOfOrganisation(db: Db, taskId: number, organisationId: number) {
  return taskJoins(db)
    .select([
      ...TASK_COLUMNS,
      "t.talk_record as talkRecord",
      "a.id as appealId",
      "a.tracking_number as trackingNumber",
      "a.title",
      "a.content",
      "a.enterprise_name as enterpriseName",
      "a.contact_name as contactName",
      "a.contact_phone as contactPhone",
    ])
    .where("t.id", "=", taskId)
    .where("t.organisation_id", "=", organisationId)
    .executeTakeFirst();
}

/** The task of an appeal, as its enterprise may read it (no internal notes of the talk). */
export async function taskOfAppeal(db: Db, appealId: number) {
  return taskJoins(db).select(TASK_COLUMNS).where("t.appeal_id", "=", appealId).executeTakeFirst();
}

export async function progressOf(db: Db, taskId: number) {
  return db
    .selectFrom("task_progress as p")
    .leftJoin("users as u", "u.id", "p.created_by")
    .select(["p.id", "p.body", "p.created_at as createdAt", "u.display_name as authorName"])
    .where("p.task_id", "=", taskId)
    .orderBy("p.created_at")
    .orderBy("p.id")
    .execute();
}

export async function organisationNames(db: Db, ids: number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("organisations").select(["id", "name"]).where("id", "in", ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r.name]));
  return ids.map((id) => byId.get(id)).filter((n): n is string => Boolean(n));
}

// ——— Public disclosure ———

/** The cycles with at least one published commitment, the latest first. */
export async function cyclesWithCommitments(db: Db) {
  return db
    .selectFrom("cycles as c")
    .select(["c.id", "c.number", "c.onsite_date as onsiteDate"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("tasks as t")
          .select("t.id")
          .whereRef("t.cycle_id", "=", "c.id")
          .where("t.committed_at", "is not", null),
      ),
    )
    .orderBy("c.number", "desc")
    .execute();
}

/** The departments with a published commitment in the cycle, for the filter. */
export async function commitmentDepartments(db: Db, cycleId: number) {
  return db
    .selectFrom("organisations as o")
    .select(["o.id", "o.name"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("tasks as t")
          .select("t.id")
          .whereRef("t.organisation_id", "=", "o.id")
          .where("t.cycle_id", "=", cycleId)
          .where("t.committed_at", "is not", null),
      ),
    )
    .orderBy("o.name")
    .execute();
}

/**
 * A cycle's published commitments. The enterprise's name leaves the database only when the enterprise
 * agreed to publish it; contact details are never read here.
 */
export async function publishedCommitments(
  db: Db,
  input: { cycleId: number; organisationId?: number; q?: string; page: number },
) {
  let query = db
    .selectFrom("tasks as t")
    .innerJoin("appeals as a", "a.id", "t.appeal_id")
    .innerJoin("cycles as c", "c.id", "t.cycle_id")
    .innerJoin("organisations as o", "o.id", "t.organisation_id")
    .where("t.cycle_id", "=", input.cycleId)
    .where("t.committed_at", "is not", null);
  if (input.organisationId) query = query.where("t.organisation_id", "=", input.organisationId);
  const q = input.q?.trim();
  if (q) query = query.where("a.title", "ilike", containing(q));
  const [{ n }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    query
      .select([
        "t.id",
        "t.state",
        "c.number as cycleNumber",
        "o.name as departmentName",
        "a.title",
        sql<string | null>`case when a.publish_name then a.enterprise_name end`.as("enterpriseName"),
        "t.responsible_leader as responsibleLeader",
        "t.responsible_person as responsiblePerson",
        "t.committed_deadline as committedDeadline",
        "t.measures",
        "t.committed_at as committedAt",
      ])
      .orderBy("o.name")
      .orderBy("t.committed_at")
      .orderBy("t.id")
      .limit(COMMITMENTS_PAGE_SIZE)
      .offset((input.page - 1) * COMMITMENTS_PAGE_SIZE)
      .execute(),
  ]);
  return { total: Number(n), rows };
}

/** The other columns a task's state change may write with it (never the state itself). */
export type TaskStatePatch = Omit<Updateable<TasksTable>, "id" | "state">;

/**
 * The one statement that writes a task's state; only transitionTask (app/services/task-state.server.ts) calls
 * it (tests/integration/state-writers.test.ts). Changes the task only if it is still in `from`; undefined
 * when someone (or the rating sweep) was first.
 */
export async function writeTaskState(
  db: Db,
  change: { taskId: number; from: TaskState; to: TaskState; patch: TaskStatePatch },
) {
  return db
    .updateTable("tasks")
    .set({ ...change.patch, state: change.to })
    .where("id", "=", change.taskId)
    .where("state", "=", change.from)
    .returning(["id", "appeal_id as appealId", "organisation_id as organisationId"])
    .executeTakeFirst();
}

/** The task's state and what its notices need: the appeal, its enterprise's contact and the lead department. */
export async function taskForTransition(db: Db, taskId: number) {
  return db
    .selectFrom("tasks as t")
    .innerJoin("appeals as a", "a.id", "t.appeal_id")
    .innerJoin("organisations as o", "o.id", "t.organisation_id")
    .select([
      "t.id",
      "t.state",
      "t.appeal_id as appealId",
      "t.completion_result as result",
      "t.completed_at as completedAt",
      "t.rating_due_at as ratingDueAt",
      "t.rating_reason as ratingReason",
      "a.status as appealStatus",
      "a.tracking_number as trackingNumber",
      "a.title",
      "a.contact_name as contactName",
      "a.contact_phone as contactPhone",
      "a.contact_email as contactEmail",
      "o.name as organisationName",
      "o.contact_phone as organisationPhone",
      "o.contact_email as organisationEmail",
    ])
    .where("t.id", "=", taskId)
    .executeTakeFirst();
}

/** The disclosure columns, which leave the task's state as it is. */
export async function setTaskDisclosure(db: Db, taskId: number, disclosed: { at: Date; by: number } | null) {
  await db
    .updateTable("tasks")
    .set({ disclosed_at: disclosed?.at ?? null, disclosed_by: disclosed?.by ?? null })
    .where("id", "=", taskId)
    .execute();
}
