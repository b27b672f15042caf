import { sql, type Kysely } from "kysely";

// Indexes for the office's pages on a year of appeals (issue 7, tests/bench/pages.ts): each replaces a
// sequential scan that the bench found on a large table. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  // The figures of a month: the assignments made in it.
  await db.schema
    .createIndex("appeal_assignments_assigned_idx")
    .on("appeal_assignments")
    .column("assigned_at")
    .execute();
  // The supervision board: unfinished tasks only, a fraction of the tasks once a few cycles have passed.
  await sql`create index tasks_unfinished_idx on tasks (cycle_id) where state in ('open', 'committed', 'reopened')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("tasks_unfinished_idx").execute();
  await db.schema.dropIndex("appeal_assignments_assigned_idx").execute();
}
