/**
 * `npm run db:backup` and `npm run db:restore FILE` (db/backup.ts). The demo city, an approved agenda (appeals,
 * catalog, audit records, notifications), an attachment of every byte value and pg-boss's queue and schedule
 * are backed up and restored into an empty database: every table of every schema the app uses hashes the
 * same row by row, as do the sequences, indexes, constraints, triggers and functions, and the app's
 * migrations, seed and job queue find everything current. A non-empty target is refused untouched; a failed
 * backup leaves no file; the programs chosen match the server's major; the embedded server is used as it
 * runs, or started for the command and stopped after.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  backupDatabase,
  BackupError,
  findPgProgram,
  readDumpHeader,
  restoreDatabase,
  type DatabaseTarget,
} from "../../db/backup";
import { createDb } from "../../db/connection";
import {
  embeddedDataDir,
  ensureDatabase,
  PROJECT_ROOT,
  runningEmbeddedPort,
  startEmbeddedPostgres,
} from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { seedDemoCity } from "../../db/seed/index";
import { SWEEP_QUEUE } from "~/services/jobs.server";
import { approvedAgenda } from "./helpers/agenda-fixture";
import { adminUrl } from "./helpers/urls";

const serverUrl = inject("pgServerUrl");
/**
 * The commands need client programs of the test server's major: Debian 12's are 15, as is the server on
 * :5432 that CI uses; the embedded server the tests fall back to is 17, for which Debian 12 has none.
 */
const clientPrograms = await (async () => {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  const { rows } = await c.query("show server_version_num");
  await c.end();
  return findPgProgram("pg_dump", Math.floor(Number(rows[0].server_version_num) / 10_000)).then(
    () => true,
    () => false,
  );
})();
const prefix = `zt_bk_${randomBytes(4).toString("hex")}`;
const created: string[] = [];
const scratch = mkdtempSync(path.join(os.tmpdir(), "zt-bk-"));

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A new database on the test server; dropped after the file. */
async function newDatabase(suffix: string): Promise<string> {
  const name = `${prefix}_${suffix}`;
  await admin(`create database ${name} template template0`);
  created.push(name);
  return adminUrl(serverUrl, name);
}

/** Runs one of the commands as `npm run` would, with DATABASE_URL set to `databaseUrl`. */
function cli(script: "db-backup" | "db-restore", args: string[], databaseUrl: string) {
  const r = spawnSync(path.join(PROJECT_ROOT, "node_modules/.bin/tsx"), [`app/cli/${script}.ts`, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, INIT_CWD: PROJECT_ROOT },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Everything a restore must bring back: each table's rows (count and a hash of them in a fixed order),
 * the sequences' positions and the definitions of indexes, constraints, triggers and functions.
 */
async function fingerprint(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query(sql)).rows;
    const schemas = (
      await q(`select nspname from pg_namespace
                where nspname not in ('information_schema') and nspname !~ '^pg_' order by 1`)
    ).map((r) => r.nspname as string);
    const inApp = `in (${schemas.map((s) => `'${s}'`).join(", ")})`;
    const rows: Record<string, string> = {};
    for (const t of await q(`
      select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p') and n.nspname ${inApp} order by 1, 2`)) {
      const [r] = await q(`
        select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h
          from "${t.schema}"."${t.name}" t`);
      rows[`${t.schema}.${t.name}`] = `${r.n} rows, ${r.h}`;
    }
    return {
      schemas,
      rows,
      sequences: await q(`select schemaname, sequencename, last_value from pg_sequences
                           where schemaname ${inApp} order by 1, 2`),
      indexes: await q(`select indexdef from pg_indexes where schemaname ${inApp} order by 1`),
      constraints: await q(`select conrelid::regclass::text as rel, conname, pg_get_constraintdef(oid) as def
                              from pg_constraint where connamespace::regnamespace::text ${inApp} order by 1, 2, 3`),
      triggers: await q(`select tgrelid::regclass::text as rel, tgname, pg_get_triggerdef(oid) as def
                           from pg_trigger where not tgisinternal order by 1, 2`),
      functions: await q(`select pronamespace::regnamespace::text as schema, proname, md5(pg_get_functiondef(oid)) as h
                            from pg_proc where pronamespace::regnamespace::text ${inApp} and prokind = 'f'
                            order by 1, 2, 3`),
      extensions: await q(`select extname from pg_extension order by 1`),
    };
  } finally {
    await c.end();
  }
}

/** Programs that only tell their version, and fail if run for real: a backup must stop before running them. */
function fakePrograms(dir: string, major: number, body = 'echo "run for real" >&2; exit 1'): string {
  emptyDir(dir);
  for (const name of ["pg_dump", "pg_restore"]) {
    const file = path.join(dir, name);
    writeFileSync(
      file,
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "${name} (PostgreSQL) ${major}.3"; exit 0; fi\n${body}\n`,
      { mode: 0o755, flag: "w" },
    );
  }
  return dir;
}

/** An empty directory at `p`. */
function emptyDir(p: string): string {
  rmSync(p, { recursive: true, force: true });
  mkdirSync(p, { recursive: true });
  return p;
}

let sourceUrl: string;

beforeAll(async () => {
  sourceUrl = await newDatabase("src");
  const db = createDb(sourceUrl, 3);
  try {
    await migrateToLatest(db);
    await seedDemoCity(db, { now: new Date("2026-11-01T09:00:00+08:00"), firstCycleMonth: "2026-01", years: [2026] });
    const g = await approvedAgenda(db, ["市工业和信息化局", "市自然资源局"]);
    await db
      .insertInto("appeal_attachments")
      .values({
        appeal_id: g.items[0].appealId,
        filename: "现场照片 “第1张”.png",
        media_type: "image/png",
        size: 256,
        sha256: "-",
        content: Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
        created_at: new Date("2026-11-16T09:00:00+08:00"),
      })
      .execute();
  } finally {
    await db.destroy();
  }
  const boss = new PgBoss({ connectionString: sourceUrl, schema: "pgboss", max: 2 });
  boss.on("error", () => {});
  await boss.start();
  await boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: "stately" });
  await boss.schedule(SWEEP_QUEUE, "* * * * *", {}, { tz: "Asia/Shanghai" });
  await boss.send(SWEEP_QUEUE, { note: "备份测试" });
  await boss.stop({ graceful: false, wait: true });
}, 120_000);

afterAll(async () => {
  for (const name of created) await admin(`drop database if exists ${name} with (force)`);
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!clientPrograms)("backup and restore through the commands", () => {
  it("restores every row of every table into an empty database, and the app finds it current", async () => {
    const before = await fingerprint(sourceUrl);
    expect(before.schemas).toEqual(expect.arrayContaining(["public", "pgboss"]));
    expect(before.rows["public.appeal_attachments"]).toMatch(/^1 rows/);
    expect(Object.keys(before.rows).filter((t) => t.startsWith("pgboss.")).length).toBeGreaterThan(3);
    expect(before.rows["public.audit_events"]).not.toMatch(/^0 rows/);

    const backup = cli("db-backup", [], sourceUrl);
    expect(backup.stderr).toBe("");
    expect(backup.status).toBe(0);
    const file = /^Backup written: (.+)$/m.exec(backup.stdout)?.[1] ?? "";
    try {
      expect(path.relative(PROJECT_ROOT, file)).toMatch(/^backups\/zhitongche-\d{8}-\d{6}\.dump$/);
      expect(backup.stdout).toMatch(/\d+ KiB \(\d+ bytes\)|\d+\.\d MiB \(\d+ bytes\)/);
      expect(readdirSync(path.dirname(file)).filter((f) => f.startsWith("."))).toEqual([]);
      const header = await readDumpHeader(file);
      expect(header.database).toBe(new URL(sourceUrl).pathname.slice(1));

      const targetUrl = await newDatabase("dst");
      const restore = cli("db-restore", [file], targetUrl);
      expect(restore.stderr).toBe("");
      expect(restore.status).toBe(0);
      expect(restore.stdout).toMatch(/Restored into .+: \d+ tables/);

      const after = await fingerprint(targetUrl);
      expect(after.rows).toEqual(before.rows);
      expect(after).toEqual(before);

      const db = createDb(targetUrl, 2);
      try {
        expect(await migrateToLatest(db)).toEqual([]);
        const seeded = await seedDemoCity(db, {
          now: new Date("2026-11-01T09:00:00+08:00"),
          firstCycleMonth: "2026-01",
          years: [2026],
        });
        expect(seeded).toMatchObject({ accounts: 0, cycles: 0 });
      } finally {
        await db.destroy();
      }
      const boss = new PgBoss({ connectionString: targetUrl, schema: "pgboss", max: 2 });
      boss.on("error", () => {});
      await boss.start();
      expect(await boss.getQueue(SWEEP_QUEUE)).toMatchObject({ name: SWEEP_QUEUE, policy: "stately" });
      await boss.stop({ graceful: false, wait: true });
    } finally {
      rmSync(file, { force: true });
      try {
        rmdirSync(path.dirname(file));
      } catch {
        // other backups are kept there
      }
    }
  }, 120_000);

  it("refuses a database that is not empty, and changes nothing in it", async () => {
    const file = path.join(scratch, "refuse.dump");
    expect(cli("db-backup", ["--out", file], sourceUrl).status).toBe(0);
    const busyUrl = await newDatabase("busy");
    const db = createDb(busyUrl, 1);
    try {
      await migrateToLatest(db);
      await db.insertInto("calendar_years").values({ year: 2031, confirmed: false, source: "test" }).execute();
    } finally {
      await db.destroy();
    }
    const before = await fingerprint(busyUrl);
    const r = cli("db-restore", [file], busyUrl);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not empty: it holds \d+ tables/);
    expect(r.stderr).toMatch(/nothing was changed/);
    expect(r.stderr).toMatch(/createdb -h 127\.0\.0\.1 -p \d+ -U postgres -T template0 zhitongche_restored/);
    expect(await fingerprint(busyUrl)).toEqual(before);

    expect(cli("db-restore", [path.join(scratch, "nothing.dump")], busyUrl).stderr).toMatch(/no such file/);
    writeFileSync(path.join(scratch, "plain.sql"), "create table x ();\n");
    expect(cli("db-restore", [path.join(scratch, "plain.sql")], busyUrl).stderr).toMatch(
      /not a pg_dump custom-format archive/,
    );
  }, 60_000);

  it("fails with a clear message and leaves no file when the database cannot be reached", () => {
    const dir = path.join(scratch, "unreachable");
    const r = cli(
      "db-backup",
      ["--out", path.join(dir, "x.dump")],
      "postgres://postgres@127.0.0.1:54369/zt_bk_nowhere",
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^db:backup: Cannot connect to postgres:\/\/postgres@127\.0\.0\.1:54369\/zt_bk_nowhere: .*ECONNREFUSED/,
    );
    expect(existsSync(dir)).toBe(false);
    // nor over an existing file
    writeFileSync(path.join(scratch, "taken.dump"), "older backup");
    const taken = cli("db-backup", ["--out", path.join(scratch, "taken.dump")], sourceUrl);
    expect(taken.status).toBe(1);
    expect(taken.stderr).toMatch(/already exists/);
  }, 30_000);
});

describe("what a backup is written with", () => {
  const target = (): DatabaseTarget => ({ kind: "url", url: sourceUrl });

  it("leaves no file when pg_dump fails half-way or the archive does not read back", async () => {
    const halfWritten =
      "for a; do case $a in --file=*) f=${a#--file=};; esac; done\n" +
      'printf "PGDMP half" > "$f"; echo "pg_dump: error: server closed the connection unexpectedly" >&2; exit 1';
    const unreadable =
      "for a; do case $a in --file=*) f=${a#--file=};; esac; done\n" +
      'if [ -n "$f" ] && [ "$f" != /dev/null ]; then printf "PGDMP whole" > "$f"; exit 0; fi\n' +
      'echo "pg_restore: error: could not read from input file: end of file" >&2; exit 1';
    for (const [body, reason] of [
      [halfWritten, /pg_dump failed \(exit 1\):\npg_dump: error: server closed/],
      [unreadable, /pg_restore failed \(exit 1\):\npg_restore: error: could not read/],
    ] as const) {
      const dir = emptyDir(path.join(scratch, "out"));
      const bin = fakePrograms(path.join(scratch, "fake-bin"), 99, body);
      await expect(
        backupDatabase({ target: target(), file: path.join(dir, "x.dump"), searchDirs: [bin] }),
      ).rejects.toThrow(reason);
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it("takes the lowest major at least the server's, skipping Debian's wrapper, and says what to install", async () => {
    const dirs = [17, 14, 15].map((m) => fakePrograms(path.join(scratch, `pg${m}`), m));
    const wrapperDir = emptyDir(path.join(scratch, "wrapper"));
    fakePrograms(path.join(scratch, "pg_wrapper_target"), 18);
    writeFileSync(path.join(scratch, "pg_wrapper"), '#!/bin/sh\necho "pg_dump (PostgreSQL) 18.0"\n', { mode: 0o755 });
    symlinkSync(path.join(scratch, "pg_wrapper"), path.join(wrapperDir, "pg_dump"));
    const search = [wrapperDir, ...dirs, dirs[0]];
    expect(await findPgProgram("pg_dump", 15, search)).toMatchObject({
      path: path.join(dirs[2], "pg_dump"),
      major: 15,
    });
    expect(await findPgProgram("pg_dump", 16, search)).toMatchObject({
      path: path.join(dirs[0], "pg_dump"),
      major: 17,
    });
    expect(await findPgProgram("pg_dump", 13, search)).toMatchObject({ major: 14 });
    const missing = findPgProgram("pg_dump", 18, search);
    await expect(missing).rejects.toThrow(BackupError);
    await expect(missing).rejects.toThrow(
      `pg_dump 18 or newer is needed for a PostgreSQL 18 server; found only ` +
        `${dirs[0]}/pg_dump (17), ${dirs[1]}/pg_dump (14), ${dirs[2]}/pg_dump (15).`,
    );
    await expect(missing).rejects.toThrow(/apt-get install postgresql-client-18/);
  });
});

describe("the embedded PostgreSQL", () => {
  const NAME = "pg-bk-test";
  const PORT = 54361;
  const embedded: DatabaseTarget = { kind: "embedded", name: NAME, port: PORT, database: "zhitongche" };
  const dataDir = embeddedDataDir(NAME);

  beforeAll(() => rmSync(dataDir, { recursive: true, force: true }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const reachable = async () => {
    const c = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${PORT}/zhitongche` });
    c.on("error", () => {});
    try {
      await c.connect();
      await c.end();
      return true;
    } catch {
      return false;
    }
  };

  it("is used as it runs, or started for the command and stopped after; too old a pg_dump is named", async () => {
    const file = path.join(scratch, "embedded.dump");
    await expect(backupDatabase({ target: embedded, file })).rejects.toThrow(/There is no embedded database in/);
    expect(existsSync(dataDir)).toBe(false);

    const server = await startEmbeddedPostgres({ name: NAME, port: PORT });
    try {
      await ensureDatabase(server.url("postgres"), "zhitongche");
      const c = new pg.Client({ connectionString: server.url("zhitongche") });
      await c.connect();
      const major = Math.floor(Number((await c.query("show server_version_num")).rows[0].server_version_num) / 10_000);
      await c.end();
      const tooOld = fakePrograms(path.join(scratch, "too-old"), major - 1);
      const refusal = `pg_dump ${major} or newer is needed for a PostgreSQL ${major} server; found only ${tooOld}/pg_dump (${major - 1})`;
      await expect(backupDatabase({ target: embedded, file, searchDirs: [tooOld] })).rejects.toThrow(refusal);
      expect(await reachable()).toBe(true); // the app's running server is left running
      await server.stop();
      expect(runningEmbeddedPort(dataDir)).toBeUndefined();

      await expect(backupDatabase({ target: embedded, file, searchDirs: [tooOld] })).rejects.toThrow(refusal);
      expect(runningEmbeddedPort(dataDir)).toBeUndefined(); // started for the command, stopped after
      expect(await reachable()).toBe(false);
      expect(existsSync(file)).toBe(false);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it.skipIf(!clientPrograms)(
    "refuses to restore over the app's data and says how to start afresh",
    async () => {
      const file = path.join(scratch, "for-embedded.dump");
      await backupDatabase({ target: { kind: "url", url: sourceUrl }, file });
      const server = await startEmbeddedPostgres({ name: NAME, port: PORT });
      const db = createDb(server.url("zhitongche"), 1);
      try {
        await migrateToLatest(db);
      } finally {
        await db.destroy();
        await server.stop();
      }
      await expect(restoreDatabase({ target: embedded, file })).rejects.toThrow(
        new RegExp(`is not empty[^]*mv ${dataDir} ${dataDir}\\.before-restore`),
      );
      expect(runningEmbeddedPort(dataDir)).toBeUndefined();
    },
    60_000,
  );

  it("backs up and restores on the embedded server, where client programs of its major are installed", async (ctx) => {
    const server = await startEmbeddedPostgres({ name: NAME, port: PORT });
    const url = (database: string) => server.url(database);
    try {
      const c = new pg.Client({ connectionString: url("postgres") });
      await c.connect();
      const major = Math.floor(Number((await c.query("show server_version_num")).rows[0].server_version_num) / 10_000);
      await c.end();
      if (!(await findPgProgram("pg_dump", major).catch(() => undefined))) {
        ctx.skip(`no pg_dump ${major} or newer here (docs/decisions/0003-backup-programs.md)`);
        return;
      }
      // The source's archive into the embedded server, then the embedded database's own round trip.
      const fromSource = path.join(scratch, "to-embedded.dump");
      const fromEmbedded = path.join(scratch, "from-embedded.dump");
      await backupDatabase({ target: { kind: "url", url: sourceUrl }, file: fromSource });
      await restoreDatabase({ target: { ...embedded, database: "zt_first" }, file: fromSource });
      await backupDatabase({ target: { ...embedded, database: "zt_first" }, file: fromEmbedded });
      expect((await readDumpHeader(fromEmbedded)).serverMajor).toBe(major);
      await restoreDatabase({ target: { ...embedded, database: "zt_second" }, file: fromEmbedded });
      const first = await fingerprint(url("zt_first"));
      expect(first.rows["public.appeal_attachments"]).toMatch(/^1 rows/);
      expect(await fingerprint(url("zt_second"))).toEqual(first);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
