import { sql, type Kysely } from "kysely";

// Supervision (SPEC §4 step 10): each organisation's head (负责人), whom a red urging notice also reaches,
// and every urge the supervisor sends on a task, against the deadline it was about. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("organisations")
    .addColumn("head_name", "text")
    .addColumn("head_phone", "text")
    .addColumn("head_email", "text")
    .execute();

  await db.schema
    .createTable("task_urges")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("task_id", "integer", (c) => c.notNull().references("tasks.id"))
    .addColumn("level", "text", (c) => c.notNull().check(sql`level in ('reminder', 'yellow', 'red')`))
    // The deadline urged about: a new deadline (the commitment published, an extension) starts the ladder again.
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("urged_by", "integer", (c) => c.references("users.id"))
    .addColumn("urged_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("task_urges_once_key", ["task_id", "due_at", "level"])
    .execute();
  await db.schema.createIndex("task_urges_task_idx").on("task_urges").column("task_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("task_urges").execute();
  await db.schema
    .alterTable("organisations")
    .dropColumn("head_name")
    .dropColumn("head_phone")
    .dropColumn("head_email")
    .execute();
}
