/**
 * A backup whose migration history is right but whose schema was changed (an extra trigger on
 * payments, a dropped immutability trigger, an extra index or view) is refused with a 422 naming
 * what differs, and the live database stays as it was.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src-main/app';
import { backupsDir } from '../../src-main/core/backups/files';
import { dumpTables } from '../backups/helpers';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';

let ts: TestServer;
let admin: string;

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'root', password: 'password-1', role: 'admin' });
  admin = await ts.token('root', 'password-1');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

async function backupThen(change: string): Promise<string> {
  const made = await ts.request<{ file: string }>('/api/admin/backups', { token: admin, body: {} });
  expect(made.status).toBe(201);
  const db = new Database(join(backupsDir(ts.dataDir), made.body.file));
  try {
    db.exec(change);
  } finally {
    db.close();
  }
  return made.body.file;
}

const restore = (file: string) =>
  ts.request<ErrorBodyShape>('/api/admin/backups/restore', { token: admin, body: { file } });

describe('restore compares the schema', () => {
  it.each([
    [
      'an added trigger on payments',
      `CREATE TRIGGER skim AFTER INSERT ON payments BEGIN SELECT 1; END`,
      'trigger skim added',
    ],
    [
      'a dropped audit trigger',
      'DROP TRIGGER audit_log_no_update',
      'trigger audit_log_no_update missing',
    ],
    ['an added index', 'CREATE INDEX sneaky ON users (username)', 'index sneaky added'],
    ['an added view', 'CREATE VIEW v AS SELECT 1', 'view v added'],
    [
      'a changed table (a column added)',
      'ALTER TABLE customers ADD COLUMN card TEXT',
      'table customers changed',
    ],
  ])('refuses %s (422 naming it), live data untouched', async (_what, change, named) => {
    const file = await backupThen(change);
    const before = dumpTables(join(ts.dataDir, DB_FILE));
    const r = await restore(file);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_backup');
    expect(r.body.error.message).toContain(named);
    expect(dumpTables(join(ts.dataDir, DB_FILE))).toEqual(before);
    expect((await ts.request('/api/auth/me', { token: admin })).status).toBe(200);
  });

  it('an unchanged backup still restores', async () => {
    const file = await backupThen('SELECT 1');
    const r = await restore(file);
    expect(r.status).toBe(200);
  });
});
