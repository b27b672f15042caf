import type { Kysely } from "kysely";

// Public disclosure (SPEC §5): the office publishes a finished task's reply and commitment to the public
// page, and may withdraw it; both are in the audit trail. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("tasks")
    .addColumn("disclosed_at", "timestamptz")
    .addColumn("disclosed_by", "integer", (c) => c.references("users.id"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tasks").dropColumn("disclosed_at").dropColumn("disclosed_by").execute();
}
