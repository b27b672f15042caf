import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

// Read PostgreSQL `date` as the plain "YYYY-MM-DD" it is, not as a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
// bigint ids and counts fit in a JS number here.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export function createDb(connectionString: string, max = 10): Kysely<Database> {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection dropped by the server (restart, shutdown) must not crash the process;
  // the pool replaces it on the next query.
  pool.on("error", (err) => console.error(`PostgreSQL connection lost: ${err.message}`));
  // The pool listens for errors only on idle connections. A connection that is lost while checked out (a
  // transaction between two statements, say) emits 'error' with no listener, which ends the process: a
  // PostgreSQL restart during the booking window's opening took the app down (tests/reliability/faults).
  // Here the error is left to the query that meets it; the pool drops the broken connection on release.
  pool.on("connect", (client) => client.on("error", () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
