import { sql, type Kysely } from "kysely";

// After the on-site day (SPEC §4 steps 8, 9, 11): the leader's decision on each agenda issue, the handling
// opinions' approval, one task per decided appeal for its lead department with the published commitment,
// progress, completion, the enterprise's rating (silence = satisfied) and, when dissatisfied, the final
// decision. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("cycles")
    .addColumn("opinions_status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`opinions_status in ('draft', 'submitted', 'approved')`),
    )
    .addColumn("opinions_submitted_at", "timestamptz")
    .addColumn("opinions_approved_at", "timestamptz")
    .addColumn("opinions_approved_by", "integer", (c) => c.references("users.id"))
    .execute();

  // What the leader decided on site for an agenda issue, as the office records it.
  await db.schema
    .createTable("onsite_decisions")
    .addColumn("catalog_item_id", "integer", (c) => c.primaryKey().references("catalog_items.id"))
    .addColumn("cycle_id", "integer", (c) => c.notNull().references("cycles.id"))
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("lead_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("co_ids", sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("due_date", "date", (c) => c.notNull())
    .addColumn("recorded_by", "integer", (c) => c.references("users.id"))
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("onsite_decisions_cycle_idx").on("onsite_decisions").column("cycle_id").execute();

  // One task per decided appeal, owned by its lead department, from the approval to the final rating.
  await db.schema
    .createTable("tasks")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("appeal_id", "integer", (c) => c.notNull().unique().references("appeals.id"))
    .addColumn("cycle_id", "integer", (c) => c.notNull().references("cycles.id"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("co_ids", sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("due_date", "date", (c) => c.notNull())
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`state in ('open', 'committed', 'completed', 'reopened', 'closed')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    // Commitments are due by the end of the 3rd working day after the on-site day (stored when the task starts).
    .addColumn("commitment_due_at", "timestamptz", (c) => c.notNull())
    .addColumn("responsible_leader", "text")
    .addColumn("responsible_person", "text")
    .addColumn("committed_deadline", "date")
    .addColumn("measures", "text")
    .addColumn("committed_at", "timestamptz")
    .addColumn("committed_by", "integer", (c) => c.references("users.id"))
    .addColumn("commitment_on_time", "boolean")
    .addColumn("commitment_late_ms", "bigint")
    .addColumn("completed_at", "timestamptz")
    .addColumn("completion_result", "text")
    .addColumn("completed_by", "integer", (c) => c.references("users.id"))
    .addColumn("rating_due_at", "timestamptz")
    .addColumn("rating", "text", (c) => c.check(sql`rating in ('satisfied', 'dissatisfied', 'default_satisfied')`))
    .addColumn("rating_reason", "text")
    .addColumn("rated_at", "timestamptz")
    .addColumn("talk_record", "text")
    .addColumn("final_decision", "text")
    .addColumn("final_at", "timestamptz")
    .addColumn("final_by", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("tasks_cycle_idx").on("tasks").column("cycle_id").execute();
  await db.schema.createIndex("tasks_organisation_idx").on("tasks").columns(["organisation_id", "state"]).execute();
  await sql`create index tasks_rating_due_idx on tasks (rating_due_at) where state = 'completed' and rating is null`.execute(
    db,
  );

  await db.schema
    .createTable("task_progress")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("task_id", "integer", (c) => c.notNull().references("tasks.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("submission_key", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("task_progress_task_idx").on("task_progress").column("task_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("task_progress").execute();
  await db.schema.dropTable("tasks").execute();
  await db.schema.dropTable("onsite_decisions").execute();
  await db.schema
    .alterTable("cycles")
    .dropColumn("opinions_status")
    .dropColumn("opinions_submitted_at")
    .dropColumn("opinions_approved_at")
    .dropColumn("opinions_approved_by")
    .execute();
}
