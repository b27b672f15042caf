import { sql, type Kysely } from "kysely";

// Several instances each keep what rarely changes (the working calendar, the appeal categories) in memory
// (issues 14, 15). A version per cache, moved by a trigger on every write to its tables in the writing
// transaction, tells each instance when its copy is out of date. Versions come from a sequence, so a
// number taken by a transaction that rolled back is never used again. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence cache_version_seq`.execute(db);
  await sql`
    create table cache_versions (
      name text primary key,
      version bigint not null
    )`.execute(db);
  await sql`
    insert into cache_versions (name, version)
    values ('calendar', nextval('cache_version_seq')), ('categories', nextval('cache_version_seq'))`.execute(db);
  await sql`
    create function bump_cache_version() returns trigger language plpgsql as $$
    begin
      update cache_versions set version = nextval('cache_version_seq') where name = TG_ARGV[0];
      return null;
    end $$`.execute(db);
  const watched: [string, string][] = [
    ["calendar_days", "calendar"],
    ["calendar_years", "calendar"],
    ["appeal_categories", "categories"],
  ];
  for (const [table, cache] of watched) {
    await sql`
      create trigger ${sql.id(`${table}_cache_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_cache_version(${sql.lit(cache)})`.execute(db);
  }
  // A category shows the name of its suggested department: only a rename matters (a new organisation is
  // no category's yet, and removing one changes appeal_categories through its foreign key). Registrations,
  // which add organisations all through the booking window, leave the version alone.
  await sql`
    create trigger organisations_cache_version
    after update of name on organisations
    for each statement execute function bump_cache_version('categories')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["calendar_days", "calendar_years", "appeal_categories", "organisations"])
    await sql`drop trigger if exists ${sql.id(`${table}_cache_version`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function if exists bump_cache_version()`.execute(db);
  await sql`drop table if exists cache_versions`.execute(db);
  await sql`drop sequence if exists cache_version_seq`.execute(db);
}
