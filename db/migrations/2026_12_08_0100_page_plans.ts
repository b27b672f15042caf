import { sql, type Kysely } from "kysely";

// Indexes for the office's list pages at 100,000 appeals and beyond (issue 15 item 4, tests/bench/pages.ts):
// each lets a page read its rows through an index, in the order it shows them, instead of scanning a
// table. Plain CREATE INDEX on tables of a few thousand rows at most on the demo data. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  // Every open clock, most urgent first: the office's overview of open clocks and the supervision board's
  // list of late ones read a page of them in this order and stop.
  await sql`create index appeal_clocks_open_due_idx on appeal_clocks (due_at, id) where finished_at is null`.execute(
    db,
  );
  // The clocks of an assignment, finished ones too: the figures' facts of a period's assignments.
  await db.schema.createIndex("appeal_clocks_assignment_idx").on("appeal_clocks").column("assignment_id").execute();
  // The public disclosure page, newest first, and the office's list of finished tasks.
  await sql`create index tasks_disclosed_idx on tasks (disclosed_at desc, id desc) where state = 'closed' and disclosed_at is not null`.execute(
    db,
  );
  await sql`create index tasks_closed_idx on tasks (cycle_id, id) where state = 'closed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("tasks_closed_idx").execute();
  await db.schema.dropIndex("tasks_disclosed_idx").execute();
  await db.schema.dropIndex("appeal_clocks_assignment_idx").execute();
  await db.schema.dropIndex("appeal_clocks_open_due_idx").execute();
}
