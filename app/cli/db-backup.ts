/**
 * npm run db:backup [-- --out FILE]
 * A pg_dump custom-format archive of the app's database (DATABASE_URL's, else the embedded PostgreSQL's),
 * by default backups/zhitongche-YYYYMMDD-HHMMSS.dump. See docs/notes/backup-restore.md.
 */
import path from "node:path";
import { appDatabaseTarget, backupDatabase, BackupError, defaultBackupFile } from "../../db/backup";
import { wallClock } from "~/utils/clock.server";
import { parseEnv } from "~/utils/env.server";

const USAGE = "usage: npm run db:backup [-- --out FILE]";
const args = process.argv.slice(2);
let out: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--out" && args[i + 1] !== undefined) out = args[++i];
  else if (a.startsWith("--out=")) out = a.slice("--out=".length);
  else {
    console.error(`db:backup: unknown argument ${a}\n${USAGE}`);
    process.exit(2);
  }
}

// npm runs scripts in the project's folder; a relative --out means the folder it was typed in.
const here = process.env.INIT_CWD ?? process.cwd();
const env = parseEnv();
try {
  const r = await backupDatabase({
    target: appDatabaseTarget(env),
    // The real time, whatever APP_NOW says: the name tells when the backup was made.
    file: out ? path.resolve(here, out) : defaultBackupFile(wallClock()),
    log: (m) => console.log(m),
  });
  const size =
    r.bytes < 1024 * 1024 ? `${(r.bytes / 1024).toFixed(0)} KiB` : `${(r.bytes / 1024 / 1024).toFixed(1)} MiB`;
  console.log(
    `Backup written: ${r.file}\n` + `  ${size} (${r.bytes} bytes), PostgreSQL ${r.serverVersion}, ${r.pgDump.version}`,
  );
} catch (e) {
  if (!(e instanceof BackupError)) throw e;
  console.error(`db:backup: ${e.message}`);
  process.exitCode = 1;
}
