import { sql, type Kysely } from "kysely";

// Handling by departments and counties: assignment states, clocks as data, replies and opinions with their
// attachments, extension requests, and the county's escalation. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("appeal_assignments")
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("assigned")
        .check(sql`state in ('assigned', 'accepted', 'disputed', 'done', 'ended')`),
    )
    .addColumn("accepted_at", "timestamptz")
    .addColumn("disputed_at", "timestamptz")
    .addColumn("dispute_reason", "text")
    .addColumn("proposed_owner_id", "integer", (c) => c.references("organisations.id"))
    .addColumn("proposed_owner_text", "text")
    .addColumn("ended_reason", "text")
    .execute();
  await sql`create index appeal_assignments_disputed_idx on appeal_assignments (disputed_at) where state = 'disputed'`.execute(
    db,
  );

  // One row per clock: started, due (moved by a granted extension), when to remind, finished, frozen outcome.
  await db.schema
    .createTable("appeal_clocks")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("appeal_id", "integer", (c) => c.notNull().references("appeals.id"))
    .addColumn("assignment_id", "integer", (c) => c.notNull().references("appeal_assignments.id"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('accept', 'reply', 'opinion', 'county_reply')`))
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("original_due_at", "timestamptz", (c) => c.notNull())
    .addColumn("remind_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .addColumn("finish", "text", (c) => c.check(sql`finish in ('done', 'disputed', 'stopped')`))
    .addColumn("on_time", "boolean")
    .addColumn("late_ms", "bigint")
    .addColumn("reminded_at", "timestamptz")
    .addColumn("late_noticed_at", "timestamptz")
    .execute();
  await db.schema.createIndex("appeal_clocks_appeal_idx").on("appeal_clocks").column("appeal_id").execute();
  await sql`create unique index appeal_clocks_one_open_idx on appeal_clocks (assignment_id, kind) where finished_at is null`.execute(
    db,
  );
  await sql`create index appeal_clocks_remind_idx on appeal_clocks (remind_at) where finished_at is null and reminded_at is null`.execute(
    db,
  );
  await sql`create index appeal_clocks_late_idx on appeal_clocks (due_at) where finished_at is null and late_noticed_at is null`.execute(
    db,
  );
  await sql`create index appeal_clocks_open_org_idx on appeal_clocks (organisation_id, due_at) where finished_at is null`.execute(
    db,
  );

  // The lead's reply, a co-department's opinion, the county's reply and its opinion asking for escalation.
  await db.schema
    .createTable("appeal_replies")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("appeal_id", "integer", (c) => c.notNull().references("appeals.id"))
    .addColumn("assignment_id", "integer", (c) => c.notNull().references("appeal_assignments.id"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('reply', 'opinion', 'county_reply', 'county_opinion')`),
    )
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("submission_key", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("appeal_replies_appeal_idx").on("appeal_replies").column("appeal_id").execute();
  await db.schema
    .alterTable("appeal_attachments")
    .addColumn("reply_id", "integer", (c) => c.references("appeal_replies.id"))
    .execute();

  await db.schema
    .createTable("appeal_extensions")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("appeal_id", "integer", (c) => c.notNull().references("appeals.id"))
    .addColumn("clock_id", "integer", (c) => c.notNull().references("appeal_clocks.id"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("requested_due_date", "date")
    .addColumn("requested_by", "integer", (c) => c.references("users.id"))
    .addColumn("requested_at", "timestamptz", (c) => c.notNull())
    .addColumn("decision", "text", (c) => c.check(sql`decision in ('granted', 'refused')`))
    .addColumn("decision_note", "text")
    .addColumn("new_due_at", "timestamptz")
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .execute();
  await sql`create unique index appeal_extensions_one_open_idx on appeal_extensions (clock_id) where decision is null`.execute(
    db,
  );

  await db.schema
    .alterTable("appeals")
    .addColumn("escalation_requested_at", "timestamptz")
    .addColumn("replied_at", "timestamptz")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("appeals").dropColumn("escalation_requested_at").dropColumn("replied_at").execute();
  await db.schema.dropTable("appeal_extensions").execute();
  await db.schema.alterTable("appeal_attachments").dropColumn("reply_id").execute();
  await db.schema.dropTable("appeal_replies").execute();
  await db.schema.dropTable("appeal_clocks").execute();
  await db.schema
    .alterTable("appeal_assignments")
    .dropColumn("state")
    .dropColumn("accepted_at")
    .dropColumn("disputed_at")
    .dropColumn("dispute_reason")
    .dropColumn("proposed_owner_id")
    .dropColumn("proposed_owner_text")
    .dropColumn("ended_reason")
    .execute();
}
