import { sql, type Kysely } from "kysely";

// Frozen once landed: change the schema with a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("enterprises")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("credit_code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("legal_representative", "text")
    .addColumn("region_code", "text")
    .addColumn("address", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("存续"))
    .addColumn("registered_on", "date")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("organisations")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("short_name", "text")
    .addColumn("region_code", "text")
    .addColumn("contact_name", "text")
    .addColumn("contact_phone", "text")
    .addColumn("contact_email", "text")
    .addColumn("enterprise_id", "integer", (c) => c.references("enterprises.id").unique())
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("organisations_kind_name_key", ["kind", "name"])
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("phone", "text")
    .addColumn("email", "text")
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("users_organisation_idx").on("users").column("organisation_id").execute();
  // Usernames are unique regardless of case ("Office" and "office" are one account).
  await db.schema
    .createIndex("users_username_lower_key")
    .on("users")
    .unique()
    .expression(sql`lower(username)`)
    .execute();

  await db.schema
    .createTable("sign_in_attempts")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("succeeded", "boolean", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("sign_in_attempts_username_at_idx")
    .on("sign_in_attempts")
    .columns(["username", "at"])
    .execute();
  await db.schema.createIndex("sign_in_attempts_ip_at_idx").on("sign_in_attempts").columns(["ip", "at"]).execute();

  // One row per official day off or make-up working day; ordinary weekdays and weekends have none.
  await db.schema
    .createTable("calendar_days")
    .addColumn("date", "date", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('holiday', 'makeup')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("calendar_years")
    .addColumn("year", "integer", (c) => c.primaryKey())
    .addColumn("confirmed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("source", "text")
    .addColumn("confirmed_by", "integer", (c) => c.references("users.id"))
    .addColumn("confirmed_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("roster_members")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('leader', 'secretary_general')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addUniqueConstraint("roster_members_kind_name_key", ["kind", "name"])
    .execute();

  await db.schema
    .createTable("cycles")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("number", "integer", (c) => c.notNull().unique())
    .addColumn("month", "text", (c) => c.notNull().unique())
    .addColumn("onsite_date", "date", (c) => c.notNull())
    .addColumn("onsite_moved", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("booking_opens_at", "timestamptz", (c) => c.notNull())
    .addColumn("booking_closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("catalog_due_at", "timestamptz", (c) => c.notNull())
    .addColumn("agenda_due_at", "timestamptz", (c) => c.notNull())
    .addColumn("commitments_due_at", "timestamptz", (c) => c.notNull())
    .addColumn("leader_id", "integer", (c) => c.references("roster_members.id"))
    .addColumn("secretary_general_id", "integer", (c) => c.references("roster_members.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("cycles_closes_idx").on("cycles").column("booking_closes_at").execute();

  // Who changed what, when, from what to what, and why. Append-only.
  await db.schema
    .createTable("audit_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("from_value", "jsonb")
    .addColumn("to_value", "jsonb")
    .addColumn("reason", "text")
    .execute();
  await db.schema
    .createIndex("audit_events_entity_idx")
    .on("audit_events")
    .columns(["entity", "entity_id", "at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "audit_events",
    "cycles",
    "roster_members",
    "calendar_years",
    "calendar_days",
    "sign_in_attempts",
    "users",
    "organisations",
    "enterprises",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
