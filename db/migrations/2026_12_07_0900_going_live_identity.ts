import { sql, type Kysely } from "kysely";

// Going live (issue 13, SPEC §7): server-side sessions, two factors for staff, proven enterprise mobiles,
// password age, sign-in throttling shared by every instance, the security log, and audit tables that the
// database itself keeps append-only. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  // The cookie carries a random id; only its SHA-256 is kept, so a copy of this table opens no session.
  await db.schema
    .createTable("sessions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull())
    // The absolute end (12 h after sign-in by default); the idle end is last_seen_at + idle_minutes.
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("idle_minutes", "integer", (c) => c.notNull())
    // Password accepted, second factor still owed: such a session opens only the second-factor step.
    .addColumn("second_factor_pending", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("user_agent", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .alterTable("users")
    .addColumn("password_changed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // Set by an office reset: the user chooses a new password at the next sign-in.
    .addColumn("must_change_password", "boolean", (c) => c.notNull().defaultTo(false))
    // TOTP (RFC 6238): the base32 secret once enrolled, and the last time step accepted (no replay).
    .addColumn("totp_secret", "text")
    .addColumn("totp_enabled_at", "timestamptz")
    .addColumn("totp_last_step", "bigint")
    .addColumn("mobile_verified_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema.createIndex("recovery_codes_user_idx").on("recovery_codes").column("user_id").execute();

  // One-time SMS codes: registration (the pending account waits in `payload`) and a change of mobile.
  await db.schema
    .createTable("verification_codes")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('register', 'change_mobile')`))
    .addColumn("mobile", "text", (c) => c.notNull())
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("consumed_at", "timestamptz")
    .addColumn("user_id", "integer", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("payload", "jsonb")
    .addColumn("ip", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("verification_codes_mobile_idx")
    .on("verification_codes")
    .columns(["mobile", "purpose", "created_at"])
    .execute();

  // Failed sign-ins (and other guessable endpoints) per key, counted atomically so that every instance
  // shares the count: key = 'signin:acct-ip:<user>|<ip>', 'signin:ip:<ip>', 'register:ip:<ip>' …
  await db.schema
    .createTable("auth_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("first_at", "timestamptz", (c) => c.notNull())
    .addColumn("locked_until", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();

  // Sign-ins, failures, throttling, sign-outs, password and second-factor changes, session revocations.
  // No foreign key: the log outlives what it names, and ON DELETE SET NULL would be an update.
  await db.schema
    .createTable("security_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("user_id", "integer")
    .addColumn("username", "text")
    .addColumn("actor_id", "integer")
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("detail", "jsonb")
    .execute();
  await db.schema.createIndex("security_events_at_idx").on("security_events").column("at").execute();
  await db.schema.createIndex("security_events_kind_idx").on("security_events").columns(["kind", "at"]).execute();
  await db.schema.createIndex("security_events_user_idx").on("security_events").columns(["user_id", "at"]).execute();

  // The audit tables cannot be rewritten, not even by the application's own database user.
  await sql`
    create function refuse_audit_rewrite() returns trigger language plpgsql as $$
    begin
      raise exception 'audit table % is append-only', tg_table_name using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  for (const table of ["audit_events", "appeal_events", "security_events"]) {
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function refuse_audit_rewrite()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function refuse_audit_rewrite()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["audit_events", "appeal_events", "security_events"]) {
    await sql`drop trigger if exists ${sql.raw(`${table}_append_only`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger if exists ${sql.raw(`${table}_no_truncate`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists refuse_audit_rewrite()`.execute(db);
  await db.schema.dropTable("security_events").execute();
  await db.schema.dropTable("auth_throttle").execute();
  await db.schema.dropTable("verification_codes").execute();
  await db.schema.dropTable("recovery_codes").execute();
  await db.schema
    .alterTable("users")
    .dropColumn("password_changed_at")
    .dropColumn("must_change_password")
    .dropColumn("totp_secret")
    .dropColumn("totp_enabled_at")
    .dropColumn("totp_last_step")
    .dropColumn("mobile_verified_at")
    .execute();
  await db.schema.dropTable("sessions").execute();
}
