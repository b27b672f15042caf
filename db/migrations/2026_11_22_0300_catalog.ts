import { sql, type Kysely } from "kysely";

// The cycle's catalog (企业问题目录), the secretary-general's agenda and the leader's approval. Frozen once
// landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("cycles")
    .addColumn("catalog_sent_at", "timestamptz")
    .addColumn("catalog_sent_by", "integer", (c) => c.references("users.id"))
    .addColumn("leader_confirmed_at", "timestamptz")
    .addColumn("leader_confirmed_by", "integer", (c) => c.references("users.id"))
    .addColumn("onsite_place", "text")
    .addColumn("agenda_status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`agenda_status in ('draft', 'submitted', 'returned', 'approved')`),
    )
    .addColumn("agenda_version", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  // One entry per city-level appeal of the cycle; its number is given once and never changes.
  await db.schema
    .createTable("catalog_items")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("cycle_id", "integer", (c) => c.notNull().references("cycles.id"))
    .addColumn("appeal_id", "integer", (c) => c.notNull().unique().references("appeals.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    // Order within its group (lead department, then category); a manual move sticks.
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("added_at", "timestamptz", (c) => c.notNull())
    .addColumn("added_by", "integer", (c) => c.references("users.id"))
    .addUniqueConstraint("catalog_items_cycle_number_key", ["cycle_id", "number"])
    .execute();

  // The secretary-general's work on each issue: proposed opinion, departments consulted, the on-site pick.
  await db.schema
    .createTable("agenda_entries")
    .addColumn("catalog_item_id", "integer", (c) => c.primaryKey().references("catalog_items.id"))
    .addColumn("proposed_opinion", "text")
    .addColumn("consulted_ids", sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("selected", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("slot_position", "integer")
    .addColumn("slot_start", "text")
    .addColumn("slot_end", "text")
    .addColumn("attendee_ids", sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .execute();

  // Every submission, return and approval of the agenda, with what it held then.
  await db.schema
    .createTable("agenda_reviews")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("cycle_id", "integer", (c) => c.notNull().references("cycles.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('submitted', 'returned', 'approved')`))
    .addColumn("remarks", "text")
    .addColumn("snapshot", "jsonb", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("agenda_reviews_cycle_idx").on("agenda_reviews").column("cycle_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("agenda_reviews").execute();
  await db.schema.dropTable("agenda_entries").execute();
  await db.schema.dropTable("catalog_items").execute();
  await db.schema
    .alterTable("cycles")
    .dropColumn("catalog_sent_at")
    .dropColumn("catalog_sent_by")
    .dropColumn("leader_confirmed_at")
    .dropColumn("leader_confirmed_by")
    .dropColumn("onsite_place")
    .dropColumn("agenda_status")
    .dropColumn("agenda_version")
    .execute();
}
