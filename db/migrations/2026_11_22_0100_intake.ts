import { sql, type Kysely } from "kysely";

// Intake: the registry's search and imports, categories and routing, appeals with attachments and history,
// API keys, and the notification outbox. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index enterprises_name_trgm_idx on enterprises using gin (name gin_trgm_ops)`.execute(db);
  await sql`create index enterprises_code_trgm_idx on enterprises using gin (credit_code gin_trgm_ops)`.execute(db);

  await db.schema
    .createTable("registry_imports")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull().check(sql`format in ('csv', 'xlsx')`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('queued', 'running', 'done', 'failed')`))
    .addColumn("bytes_total", "bigint")
    .addColumn("bytes_read", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("rows_read", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rows_inserted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rows_updated", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rows_rejected", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .execute();
  await db.schema
    .createTable("registry_import_rejects")
    .addColumn("import_id", "integer", (c) => c.notNull().references("registry_imports.id"))
    .addColumn("row_number", "integer", (c) => c.notNull())
    .addColumn("raw", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("registry_import_rejects_pk", ["import_id", "row_number"])
    .execute();

  await db.schema
    .createTable("appeal_categories")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    // Routing table: the department suggested as lead when an appeal of this category goes to the city.
    .addColumn("suggested_department_id", "integer", (c) => c.references("organisations.id"))
    .execute();

  await sql`create sequence appeal_tracking_seq`.execute(db);
  await db.schema
    .createTable("appeals")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("tracking_number", "text", (c) => c.notNull().unique())
    // One appeal per submission: a form's hidden key, or the intake API's Idempotency-Key, scoped by who sent it.
    .addColumn("submission_key", "text", (c) => c.notNull().unique())
    .addColumn("cycle_id", "integer", (c) => c.notNull().references("cycles.id"))
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('online', 'window', 'hotline', 'api')`))
    .addColumn("registered_by", "integer", (c) => c.references("users.id"))
    .addColumn("api_key_id", "integer")
    .addColumn("enterprise_organisation_id", "integer", (c) => c.references("organisations.id"))
    .addColumn("enterprise_id", "integer", (c) => c.references("enterprises.id"))
    .addColumn("credit_code", "text", (c) => c.notNull())
    .addColumn("enterprise_name", "text", (c) => c.notNull())
    .addColumn("contact_name", "text", (c) => c.notNull())
    .addColumn("contact_phone", "text", (c) => c.notNull())
    .addColumn("contact_email", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("category_id", "integer", (c) => c.notNull().references("appeal_categories.id"))
    .addColumn("publish_name", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("registry_check", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.check(sql`level in ('county', 'city')`))
    .addColumn("county_id", "integer", (c) => c.references("organisations.id"))
    .addColumn("rejection_reason", "text")
    .addColumn("received_at", "timestamptz", (c) => c.notNull())
    .addColumn("screening_due_at", "timestamptz", (c) => c.notNull())
    .addColumn("screened_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("appeals_status_due_idx").on("appeals").columns(["status", "screening_due_at"]).execute();
  await db.schema
    .createIndex("appeals_enterprise_org_idx")
    .on("appeals")
    .columns(["enterprise_organisation_id", "received_at"])
    .execute();
  await db.schema.createIndex("appeals_cycle_idx").on("appeals").column("cycle_id").execute();

  await db.schema
    .createTable("appeal_attachments")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("appeal_id", "integer", (c) => c.notNull().references("appeals.id"))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("appeal_attachments_appeal_idx").on("appeal_attachments").column("appeal_id").execute();

  // Routing: which organisations an appeal went to (a county, or a lead and co-departments).
  await db.schema
    .createTable("appeal_assignments")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("appeal_id", "integer", (c) => c.notNull().references("appeals.id"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('county', 'lead', 'co')`))
    .addColumn("assigned_at", "timestamptz", (c) => c.notNull())
    .addColumn("assigned_by", "integer", (c) => c.references("users.id"))
    .addColumn("ended_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("appeal_assignments_org_idx")
    .on("appeal_assignments")
    .columns(["organisation_id", "ended_at"])
    .execute();
  await db.schema.createIndex("appeal_assignments_appeal_idx").on("appeal_assignments").column("appeal_id").execute();

  // Every state change: who, when, from, to, why; `public_note` is what the enterprise reads.
  await db.schema
    .createTable("appeal_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("appeal_id", "integer", (c) => c.notNull().references("appeals.id"))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text")
    .addColumn("reason", "text")
    .addColumn("public_note", "text")
    .execute();
  await db.schema.createIndex("appeal_events_appeal_idx").on("appeal_events").columns(["appeal_id", "at"]).execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("prefix", "text", (c) => c.notNull().unique())
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .addColumn("last_used_at", "timestamptz")
    .execute();

  // The outbox: a message is a row first, sent by a worker after; delivered once, retried until it is.
  await db.schema
    .createTable("notifications")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('email', 'sms')`))
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("subject", "text")
    .addColumn("body_text", "text", (c) => c.notNull())
    .addColumn("body_html", "text")
    .addColumn("appeal_id", "integer", (c) => c.references("appeals.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'sent', 'captured', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull())
    .addColumn("locked_until", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("notifications_due_idx")
    .on("notifications")
    .columns(["status", "next_attempt_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "notifications",
    "api_keys",
    "appeal_events",
    "appeal_assignments",
    "appeal_attachments",
    "appeals",
    "appeal_categories",
    "registry_import_rejects",
    "registry_imports",
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await sql`drop sequence appeal_tracking_seq`.execute(db);
  await sql`drop index enterprises_code_trgm_idx`.execute(db);
  await sql`drop index enterprises_name_trgm_idx`.execute(db);
}
