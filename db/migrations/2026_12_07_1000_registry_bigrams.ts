import { sql, type Kysely } from "kysely";

// Registry search by name fragments of two characters and more (issue 15): the names' character bigrams in
// GIN indexes, and the folded name in a b-tree for names beginning with the query. Frozen once landed.
//
// registry_fold and registry_bigrams do exactly what foldForSearch and nameBigrams of
// app/domain/registry-search.ts do (tests/integration/registry-search.test.ts compares them); the strings
// below are spelled out here because a migration never imports app code.

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space to half-width, capitals to lower case. */
function foldTable(): { from: string; to: string } {
  let from = "\u3000";
  let to = " ";
  for (let code = 0xff01; code <= 0xff5e; code++) {
    const half = code - 0xfee0;
    from += String.fromCharCode(code);
    to += String.fromCharCode(half >= 0x41 && half <= 0x5a ? half + 0x20 : half);
  }
  for (let code = 0x41; code <= 0x5a; code++) {
    from += String.fromCharCode(code);
    to += String.fromCharCode(code + 0x20);
  }
  return { from, to };
}

const BIGRAM_PARTS = 8;
const BIGRAM_BLOCK = 1024;

const literal = (s: string) => sql.raw(`'${s.replace(/'/g, "''")}'`);

export async function up(db: Kysely<any>): Promise<void> {
  const { from, to } = foldTable();
  // Most names hold none of the characters to fold: the cheap test skips translate()'s per-character work.
  const fold = (arg: string) =>
    sql`case when ${sql.raw(arg)} ~ '[A-Z\u3000\uff01-\uff5e]' then translate(${sql.raw(arg)}, ${literal(from)}, ${literal(to)}) else ${sql.raw(arg)} end`;

  // Not strict, so that the planner inlines it (a strict SQL function whose body is a CASE is not inlined).
  await sql`
    create function registry_fold(t text) returns text
    language sql immutable parallel safe
    return ${fold("t")}
  `.execute(db);

  // PL/pgSQL: a SQL function holding a sub-select is not inlined and costs ~25 µs a call, five times this
  // loop (the import computes it for every row it writes). It names only pg_catalog's functions, so that a
  // restore, which runs with an empty search_path, rebuilds the index.
  await sql`
    create function registry_bigrams(t text) returns text[]
    language plpgsql immutable strict parallel safe
    as $body$
    declare
      f text := ${fold("t")};
      pairs text[] := '{}';
    begin
      for i in 1 .. char_length(f) - 1 loop
        pairs[i] := substr(f, i, 2);
      end loop;
      return pairs;
    end
    $body$
  `.execute(db);

  // The bigram index in parts, each over blocks of 1,024 ids taken in turn: a search reads the parts one after
  // the other and stops once it has enough matches, where one GIN index would hand over every match of a
  // word in most names (有限: 80 % of them) before the first could be checked. BIGRAM_PARTS and BIGRAM_BLOCK
  // of app/models/registry.server.ts spell the same predicate.
  // Each part's pending list is kept at PostgreSQL's default 4 MB whatever the import sets for its session
  // (32 MB, for the trigram indexes): the space a pending list once took stays in the index's file, and
  // eight parts at 32 MB made 34 MB each out of 5 MB of index at a million names.
  for (let part = 0; part < BIGRAM_PARTS; part++) {
    await sql`
      create index ${sql.id(`enterprises_name_bigrams_${part}_idx`)} on enterprises
      using gin (registry_bigrams(name)) with (gin_pending_list_limit = 4096)
      where (id / ${sql.lit(BIGRAM_BLOCK)}) % ${sql.lit(BIGRAM_PARTS)} = ${sql.lit(part)}
    `.execute(db);
  }
  // LIKE 'prefix%' through a b-tree whatever the database's collation; read in order, it stops after a page.
  await sql`create index enterprises_name_fold_idx on enterprises (registry_fold(name) text_pattern_ops)`.execute(db);
  // The planner's statistics of the two index expressions (autovacuum is off on these servers).
  await sql`analyze enterprises`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index enterprises_name_fold_idx`.execute(db);
  for (let part = 0; part < BIGRAM_PARTS; part++) {
    await sql`drop index ${sql.id(`enterprises_name_bigrams_${part}_idx`)}`.execute(db);
  }
  await sql`drop function registry_bigrams(text)`.execute(db);
  await sql`drop function registry_fold(text)`.execute(db);
}
