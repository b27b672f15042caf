import type { Kysely } from "kysely";

// Issues of a cycle not taken on site (SPEC §4 step 8): the lead department answers through the platform
// by the cycle's commitments time (3rd working day after the on-site day), and the office sends the answer
// to the enterprise. One row per such catalog issue, made when the handling opinions are approved.
// Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("off_agenda_answers")
    .addColumn("catalog_item_id", "integer", (c) => c.primaryKey().references("catalog_items.id"))
    .addColumn("cycle_id", "integer", (c) => c.notNull().references("cycles.id"))
    .addColumn("appeal_id", "integer", (c) => c.notNull().unique().references("appeals.id"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("body", "text")
    .addColumn("answered_at", "timestamptz")
    .addColumn("answered_by", "integer", (c) => c.references("users.id"))
    .addColumn("on_time", "boolean")
    .addColumn("sent_at", "timestamptz")
    .addColumn("sent_by", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema
    .createIndex("off_agenda_answers_org_idx")
    .on("off_agenda_answers")
    .columns(["organisation_id", "due_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("off_agenda_answers").execute();
}
