/**
 * The data dir is private to the shop's account: the database, its WAL and SHM and every backup
 * 0600, the folders 0700 — and a data dir left 0755/0644 by an older version is tightened at start.
 */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src-main/app';
import { createBackup } from '../../src-main/core/backups/create';
import { backupsDir } from '../../src-main/core/backups/files';
import { importBackupFile } from '../../src-main/core/backups/import-file';
import { removeTempDirs, startTestServer, tempDir } from '../helpers/app';

afterAll(() => removeTempDirs());

const mode = (path: string) => statSync(path).mode & 0o777;

describe('file permissions', () => {
  it('a new data dir: database, WAL, SHM and backups 0600, folders 0700', async () => {
    const ts = await startTestServer();
    try {
      const db = join(ts.dataDir, DB_FILE);
      // terminal.json: this terminal's printer, drawer and LAN settings (conf writes it at start).
      const files = [db, `${db}-wal`, `${db}-shm`, join(ts.dataDir, 'terminal.json')];
      for (const f of files) expect(mode(f).toString(8), f).toBe('600');
      expect(mode(ts.dataDir).toString(8)).toBe('700');
      const b = await createBackup(ts.app.core.dbh.sqlite, {
        dir: backupsDir(ts.dataDir),
        kind: 'backup',
        at: ts.clock.fn(),
      });
      expect(mode(b.path).toString(8)).toBe('600');
      expect(mode(backupsDir(ts.dataDir)).toString(8)).toBe('700');
      // A copy brought in from elsewhere keeps no looser mode than ours.
      const outside = join(tempDir(), 'from-usb.sqlite3');
      writeFileSync(outside, 'x');
      chmodSync(outside, 0o644);
      const name = importBackupFile(ts.app.core, outside);
      expect(mode(join(backupsDir(ts.dataDir), name)).toString(8)).toBe('600');
    } finally {
      await ts.close();
    }
  });

  it('an existing 0755 data dir with 0644 files is tightened at start', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({ dataDir });
    await createBackup(first.app.core.dbh.sqlite, {
      dir: backupsDir(dataDir),
      kind: 'backup',
      at: first.clock.fn(),
    });
    await first.close();
    // What an older version left behind.
    const nested = join(dataDir, 'exports', 'old');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(nested, 'customers.csv'), 'name\n');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? [join(dir, e.name), ...walk(join(dir, e.name))] : [join(dir, e.name)],
      );
    for (const p of [dataDir, ...walk(dataDir)])
      chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);

    const again = await startTestServer({ dataDir });
    try {
      expect(mode(dataDir).toString(8)).toBe('700');
      for (const p of walk(dataDir)) {
        expect(mode(p).toString(8), p).toBe(statSync(p).isDirectory() ? '700' : '600');
      }
    } finally {
      await again.close();
    }
  });
});
