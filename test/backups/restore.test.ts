/** manage restore-db: every kind of bad file is refused before anything is touched; good ones round-trip. */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE, openCore } from '../../src-main/app';
import { runManage } from '../../src-main/cli/manage-main';
import { createUser } from '../../src-main/core/auth/users';
import { createBackup } from '../../src-main/core/backups/create';
import { backupsDir, listBackups } from '../../src-main/core/backups/files';
import { liveHolders, locksDir } from '../../src-main/core/backups/server-lock';
import { loadMigrations } from '../../src-main/db/migrator';
import { removeTempDirs, tempDir } from '../helpers/app';
import { childEnv, killGroup, runManageProcess, spawnNpm, stderrLines } from '../helpers/processes';
import { corruptPage, createProbe, dumpTables, fillProbe, rootPage } from './helpers';

afterAll(removeTempDirs);

let dataDir: string;
let live: string;
let good: string;
const bad: Record<string, string> = {};

async function manage(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runManage(args, {
    env: { POS_DATA_DIR: dataDir },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

beforeAll(async () => {
  dataDir = tempDir('countertop-restore-');
  live = join(dataDir, DB_FILE);
  const ctx = openCore({ dataDir, env: {} });
  await createUser(ctx, { username: 'ana', password: 'password-1', role: 'manager' });
  createProbe(ctx.dbh.sqlite);
  fillProbe(ctx.dbh.sqlite, 50, 1000);
  good = (
    await createBackup(ctx.dbh.sqlite, { dir: backupsDir(dataDir), kind: 'backup', at: new Date() })
  ).path;
  await ctx.dbh.close();

  const dir = tempDir('countertop-badfiles-');
  bad.notSqlite = join(dir, 'notes.txt');
  writeFileSync(bad.notSqlite, 'this is not a database\n'.repeat(200));
  bad.empty = join(dir, 'empty.sqlite3');
  writeFileSync(bad.empty, '');
  bad.truncated = join(dir, 'truncated.sqlite3');
  copyFileSync(good, bad.truncated);
  truncateSync(bad.truncated, Math.floor(readFileSync(good).length / 2 / 4096) * 4096);
  bad.truncatedOdd = join(dir, 'truncated-odd.sqlite3');
  copyFileSync(good, bad.truncatedOdd);
  truncateSync(bad.truncatedOdd, 5000);
  bad.corrupted = join(dir, 'corrupted.sqlite3');
  corruptPage(good, bad.corrupted, rootPage(good, 'users'));
  bad.otherApp = join(dir, 'other-app.sqlite3');
  const other = new Database(bad.otherApp);
  other.exec(
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hi')",
  );
  other.close();
  bad.otherMigrations = join(dir, 'other-migrations.sqlite3');
  const other2 = new Database(bad.otherMigrations);
  other2.exec(
    "CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, filename TEXT); INSERT INTO schema_migrations (filename) VALUES ('001_init.sql')",
  );
  other2.close();
  const latest = loadMigrations().length;
  bad.newer = join(dir, 'newer.sqlite3');
  copyFileSync(good, bad.newer);
  const newer = new Database(bad.newer);
  newer
    .prepare(
      "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, 'from_the_future', 'x', 'now')",
    )
    .run(latest + 1);
  newer.close();
  bad.diverged = join(dir, 'diverged.sqlite3');
  copyFileSync(good, bad.diverged);
  const div = new Database(bad.diverged);
  div.prepare("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1").run();
  div.close();
  bad.missing = join(dir, 'no-such-file.sqlite3');
  bad.directory = dir;
});

const REASONS: Record<string, RegExp> = {
  notSqlite: /not a SQLite database/,
  empty: /not a SQLite database/,
  truncated: /truncated/,
  truncatedOdd: /truncated/,
  corrupted: /integrity_check failed|damaged/,
  otherApp: /not a Countertop database/,
  otherMigrations: /not a Countertop database/,
  newer: /newer than this build/,
  diverged: /diverges/,
  missing: /cannot read the file \(ENOENT\)/,
  directory: /cannot read the file|not a regular file/,
};

describe('restore-db refuses bad files and touches nothing', () => {
  for (const kind of Object.keys(REASONS)) {
    it(`refuses ${kind}`, async () => {
      const before = readFileSync(live);
      const backupsBefore = readdirSync(backupsDir(dataDir)).sort();
      const r = await manage(['restore-db', bad[kind] as string]);
      expect(r.code).toBe(1);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(/^manage restore-db: cannot restore /);
      expect(r.err[0]).toMatch(REASONS[kind] as RegExp);
      expect(r.out).toEqual([]);
      // The live database is byte for byte what it was, and no pre-restore copy was made.
      expect(readFileSync(live).equals(before)).toBe(true);
      expect(readdirSync(backupsDir(dataDir)).sort()).toEqual(backupsBefore);
      // No candidate copy left behind, no lock left behind.
      expect(readdirSync(dataDir).filter((f) => f.startsWith('restore-candidate'))).toEqual([]);
      expect(existsSync(locksDir(dataDir)) ? readdirSync(locksDir(dataDir)) : []).toEqual([]);
    });
  }

  it('as a real process: one line on stderr, non-zero exit', () => {
    const r = runManageProcess(dataDir, ['restore-db', bad.corrupted as string]);
    expect(r.code).toBe(1);
    expect(stderrLines(r.stderr)).toEqual([
      expect.stringMatching(/^manage restore-db: cannot restore corrupted\.sqlite3: /),
    ]);
  }, 20_000);
});

describe('restore-db with a good file', () => {
  it('round-trips exactly and keeps the replaced database as pre-restore-*', async () => {
    const expected = dumpTables(good);
    // Change the live data after the backup.
    const db = new Database(live);
    db.prepare('DELETE FROM backup_probe WHERE id > 10').run();
    db.prepare("UPDATE users SET display_name = 'Changed' WHERE username = 'ana'").run();
    db.close();
    const changed = dumpTables(live);
    expect(changed).not.toEqual(expected);

    const r = await manage(['restore-db', good]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out.at(-1)).toMatch(/^restored .* \(schema version \d+\)$/);
    // The backup's data exactly, plus the restore's own audit record (API §12), which travels
    // inside the restored database.
    const restored = dumpTables(live);
    const added = (restored.audit_log ?? []).filter((row) => String(row).includes('"restore"'));
    expect(added).toHaveLength(1);
    expect(String(added[0])).toContain('\\"via\\":\\"cli\\"');
    // Users differ only in their session version, moved on so that no earlier token works.
    const noVersions = (rows: unknown[] | undefined) =>
      rows?.map((r) => String(r).replace(/"token_version":\d+/, ''));
    expect(noVersions(restored.users)).toEqual(noVersions(expected.users));
    expect(restored.users).not.toEqual(expected.users);
    expect({ ...restored, users: [] }).toEqual({
      ...expected,
      users: [],
      audit_log: [...(expected.audit_log ?? []), ...added],
    });
    const pre = listBackups(backupsDir(dataDir)).filter((b) => b.kind === 'pre-restore');
    expect(pre).toHaveLength(1);
    expect(dumpTables(join(backupsDir(dataDir), pre[0]?.file as string))).toEqual(changed);
    // The app opens the restored database normally.
    const ctx = openCore({ dataDir, env: {} });
    expect(
      ctx.dbh.sqlite.prepare("SELECT display_name AS d FROM users WHERE username = 'ana'").get(),
    ).toEqual({
      d: 'ana',
    });
    await ctx.dbh.close();
  });

  it('brings a backup of an older schema up to this build', async () => {
    const all = loadMigrations();
    const oldDir = tempDir('countertop-olddb-');
    const ctx = openCore({ dataDir: oldDir, env: {}, migrations: all.slice(0, 2) });
    ctx.dbh.sqlite
      .prepare(
        "INSERT INTO settings (key, value, updated_at) VALUES ('storeName', '\"Old Shop\"', 'x')",
      )
      .run();
    await ctx.dbh.close();
    const r = await manage(['restore-db', join(oldDir, DB_FILE)]);
    expect(r.err).toEqual([]);
    expect(r.out.at(-1)).toMatch(/schema version 2\)$/);
    const db = new Database(live, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({
      n: all.length,
    });
    expect(db.prepare("SELECT value FROM settings WHERE key = 'storeName'").get()).toEqual({
      value: '"Old Shop"',
    });
    db.close();
  });
});

describe('restore-db and a running server', () => {
  it('refuses with "database in use" while `npm run serve` holds the database, then works', async () => {
    const before = dumpTables(live);
    const server = spawnNpm('serve', ['--port', '0', '--data-dir', dataDir], childEnv());
    try {
      await server.waitFor(/listening on/, 30_000);
      const r = await manage(['restore-db', good]);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([
        expect.stringMatching(/^manage restore-db: database in use: a server \(pid \d+/),
      ]);
      expect(dumpTables(live)).toEqual(before);
    } finally {
      killGroup(server, 'SIGTERM');
      await server.exited;
    }
    // npm may exit before the node process below it has closed the database: wait for that.
    for (let i = 0; i < 200 && liveHolders(dataDir).length; i++)
      await new Promise((r) => setTimeout(r, 50));
    // The server removed its lock on the way out: now the restore goes through.
    const r = await manage(['restore-db', good]);
    expect(r.err.join('\n')).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  it('ignores the stale lock of a server that died', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    mkdirSync(locksDir(dataDir), { recursive: true });
    const stale = join(locksDir(dataDir), `server-${dead}-deadbeef.lock`);
    writeFileSync(
      stale,
      JSON.stringify({
        pid: dead,
        kind: 'server',
        startedAt: 'x',
        host: hostname(),
        procStart: null,
      }),
    );
    const r = await manage(['restore-db', good]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(existsSync(stale)).toBe(false);
  });
});
