/**
 * npm run db:restore FILE
 * Restores a db:backup archive into the app's database (DATABASE_URL's, else the embedded PostgreSQL's),
 * which must be empty; the app then starts on it. See docs/notes/backup-restore.md.
 */
import path from "node:path";
import { appDatabaseTarget, BackupError, restoreDatabase } from "../../db/backup";
import { parseEnv } from "~/utils/env.server";

const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith("-")) {
  console.error("usage: npm run db:restore FILE   (FILE: an archive written by npm run db:backup)");
  process.exit(2);
}

const here = process.env.INIT_CWD ?? process.cwd();
const env = parseEnv();
try {
  const r = await restoreDatabase({
    target: appDatabaseTarget(env),
    file: path.resolve(here, args[0]),
    log: (m) => console.log(m),
  });
  console.log(
    `Restored into ${r.target}: ${r.tables} tables, as of ${r.header.createdAt}.\n` +
      `Start the app on it with npm start${env.DATABASE_URL ? " and this DATABASE_URL" : ""}.`,
  );
} catch (e) {
  if (!(e instanceof BackupError)) throw e;
  console.error(`db:restore: ${e.message}`);
  process.exitCode = 1;
}
