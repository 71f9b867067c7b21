/** Online backups: consistent under concurrent writes, CLI behaviour, pre-migration copies, retention. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE, openCore } from '../../src-main/app';
import { createBackup } from '../../src-main/core/backups/create';
import { backupsDir, listBackups } from '../../src-main/core/backups/files';
import { runDailyBackup } from '../../src-main/core/backups/schedule';
import { loadMigrations } from '../../src-main/db/migrator';
import { fakeClock, removeTempDirs, tempDir } from '../helpers/app';
import { REPO_ROOT, runManageProcess, stderrLines } from '../helpers/processes';
import { createProbe, fillProbe, probeStats } from './helpers';

afterAll(removeTempDirs);

const WRITER = join(REPO_ROOT, 'test/backups/support/writer.mjs');

/** A migrated data dir whose probe table holds `rows` rows of ~4 KB (about one page each). */
async function dataDirWithProbe(rows: number): Promise<string> {
  const dataDir = tempDir('countertop-bk-');
  const ctx = openCore({ dataDir, env: {} });
  createProbe(ctx.dbh.sqlite);
  fillProbe(ctx.dbh.sqlite, rows);
  await ctx.dbh.close();
  return dataDir;
}

function startWriter(dbFile: string, startId: number) {
  const child = spawn(process.execPath, [WRITER, dbFile, String(startId)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  const started = new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes('writing')) {
        clearInterval(t);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(t);
        reject(new Error(`writer exited: ${err}`));
      }
    }, 5);
  });
  const stop = async (): Promise<number> => {
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
    const m = /last (\d+)/.exec(out);
    if (!m) throw new Error(`writer said: ${out} ${err}`);
    return Number(m[1]);
  };
  return { started, stop };
}

function headerJournalMode(file: string): [number, number] {
  const h = readFileSync(file).subarray(18, 20);
  return [h[0] as number, h[1] as number];
}

describe('online backup', () => {
  it('is consistent while another process keeps writing (prefix of the committed rows)', async () => {
    const rows = 2500; // ~2500 pages: several backup steps, so writes land in the middle
    const dataDir = await dataDirWithProbe(rows);
    const live = join(dataDir, DB_FILE);
    const writer = startWriter(live, rows + 1);
    await writer.started;
    const source = new Database(live);
    let file: string;
    try {
      const progress: number[] = [];
      const b = await createBackup(source, {
        dir: backupsDir(dataDir),
        kind: 'backup',
        at: new Date(),
        onProgress: (p) => progress.push(p.remainingPages),
      });
      file = b.path;
      expect(progress.at(-1)).toBe(0);
    } finally {
      source.close();
    }
    const last = await writer.stop();
    const stats = probeStats(file);
    expect(stats.integrity).toBe('ok');
    // Every committed row up to some point, and none after a gap: a prefix.
    expect(stats.count).toBe(stats.maxId);
    expect(stats.maxId).toBeGreaterThan(rows);
    expect(stats.maxId).toBeLessThanOrEqual(last);
    // A standalone file: rollback journal, not WAL (header bytes 18–19 are 1, 1).
    expect(headerJournalMode(file)).toEqual([1, 1]);
    expect(readdirSync(backupsDir(dataDir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  }, 30_000);

  it('mirrors writes made through the same connection while it copies', async () => {
    const rows = 2000;
    const dataDir = await dataDirWithProbe(rows);
    const ctx = openCore({ dataDir, env: {} });
    try {
      const insert = ctx.dbh.sqlite.prepare('INSERT INTO backup_probe (id, payload) VALUES (?, ?)');
      let next = rows + 1;
      let writing = true;
      const writeSome = () => {
        if (!writing) return;
        insert.run(next++, 'w');
        setImmediate(writeSome);
      };
      setImmediate(writeSome);
      const b = await createBackup(ctx.dbh.sqlite, {
        dir: backupsDir(dataDir),
        kind: 'backup',
        at: new Date(),
      });
      writing = false;
      const stats = probeStats(b.path);
      expect(stats.integrity).toBe('ok');
      expect(stats.count).toBe(stats.maxId);
      expect(stats.maxId).toBeGreaterThan(rows); // writes really interleaved with the copy
      expect(stats.maxId).toBeLessThan(next);
    } finally {
      await ctx.dbh.close();
    }
  }, 30_000);
});

describe('manage backup-db', () => {
  it('copies a live database while a writer runs and prints the path last', async () => {
    const rows = 1500;
    const dataDir = await dataDirWithProbe(rows);
    const writer = startWriter(join(dataDir, DB_FILE), rows + 1);
    await writer.started;
    const r = runManageProcess(dataDir, ['backup-db']);
    const last = await writer.stop();
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const path = lines.at(-1) as string;
    expect(path).toMatch(/backups\/backup-\d{8}T\d{9}Z\.sqlite3$/);
    expect(path.startsWith(join(dataDir, 'backups'))).toBe(true);
    const stats = probeStats(path);
    expect(stats.integrity).toBe('ok');
    expect(stats.count).toBe(stats.maxId);
    expect(stats.maxId).toBeGreaterThanOrEqual(rows);
    expect(stats.maxId).toBeLessThanOrEqual(last);
  }, 30_000);

  it('--out DIR writes there; errors are one line with a non-zero exit', async () => {
    const dataDir = await dataDirWithProbe(3);
    const out = tempDir('countertop-out-');
    const ok = runManageProcess(dataDir, ['backup-db', '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    const path = ok.stdout.trim().split('\n').at(-1) as string;
    expect(path.startsWith(out)).toBe(true);
    expect(probeStats(path)).toMatchObject({ integrity: 'ok', count: 3 });

    const empty = tempDir('countertop-empty-');
    const none = runManageProcess(empty, ['backup-db']);
    expect(none.code).not.toBe(0);
    expect(stderrLines(none.stderr)).toEqual([expect.stringMatching(/no database at/)]);
    expect(existsSync(join(empty, DB_FILE))).toBe(false);

    // A folder that cannot exist: its parent is a regular file.
    const bad = runManageProcess(dataDir, ['backup-db', '--out', join(dataDir, DB_FILE, 'sub')]);
    expect(bad.code).not.toBe(0);
    expect(stderrLines(bad.stderr)).toHaveLength(1);
  }, 30_000);
});

describe('automatic backups', () => {
  it('copies the database before migrating one that had data, never a brand-new one', async () => {
    const all = loadMigrations();
    const fresh = tempDir('countertop-premig-');
    await openCore({ dataDir: fresh, env: {} }).dbh.close();
    expect(listBackups(backupsDir(fresh))).toEqual([]);

    const old = tempDir('countertop-premig-');
    const first = openCore({ dataDir: old, env: {}, migrations: all.slice(0, 2) });
    first.dbh.sqlite
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('storeName', '\"Old\"', 'x')")
      .run();
    await first.dbh.close();
    await openCore({ dataDir: old, env: {}, migrations: all }).dbh.close();
    const files = listBackups(backupsDir(old));
    expect(files.map((f) => f.kind)).toEqual(['pre-migrate']);
    const copy = new Database(join(backupsDir(old), files[0]?.file as string), { readonly: true });
    try {
      expect(copy.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 2 });
      expect(copy.prepare("SELECT value FROM settings WHERE key = 'storeName'").get()).toEqual({
        value: '"Old"',
      });
    } finally {
      copy.close();
    }
    // Nothing pending the next time: no further copy.
    await openCore({ dataDir: old, env: {} }).dbh.close();
    expect(listBackups(backupsDir(old))).toHaveLength(1);
  });

  it('takes one daily backup a day and keeps the newest N of them', async () => {
    const dataDir = tempDir('countertop-daily-');
    const clock = fakeClock('2026-11-01T03:00:00.000Z');
    const ctx = openCore({ dataDir, env: {}, clock: clock.fn });
    try {
      const manual = await createBackup(ctx.dbh.sqlite, {
        dir: backupsDir(dataDir),
        kind: 'backup',
        at: clock.fn(),
      });
      const made: string[] = [];
      for (let day = 0; day < 5; day++) {
        const f = await runDailyBackup(ctx, 3);
        expect(f).not.toBeNull();
        made.push(f?.file as string);
        clock.advance(60 * 60 * 1000);
        expect(await runDailyBackup(ctx, 3)).toBeNull(); // not due again within the day
        clock.advance(23 * 60 * 60 * 1000);
      }
      const left = listBackups(backupsDir(dataDir));
      expect(left.filter((b) => b.kind === 'daily').map((b) => b.file)).toEqual(
        made.slice(2).reverse(),
      );
      expect(made[0]).toBe('daily-20261101T030000000Z.sqlite3');
      // The operator's own backup is never pruned.
      expect(left.some((b) => b.file === manual.file)).toBe(true);
    } finally {
      await ctx.dbh.close();
    }
  });
});
