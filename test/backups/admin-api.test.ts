/** The admin backups API (section 11): list, create, restore in-process behind the request gate. */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupEntry, RestoreOutcome } from '../../src-shared/contract/backups';
import { DB_FILE } from '../../src-main/app';
import { backupsDir } from '../../src-main/core/backups/files';
import { locksDir } from '../../src-main/core/backups/server-lock';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { dumpTables } from './helpers';

let ts: TestServer;
let admin: string;
let manager: string;

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'root', password: 'password-1', role: 'admin' });
  await ts.createUser({ username: 'boss', password: 'password-1', role: 'manager' });
  admin = await ts.token('root', 'password-1');
  manager = await ts.token('boss', 'password-1');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

type Created = { file: string; bytes: number; createdAt: string };

describe('GET/POST /api/admin/backups', () => {
  it('needs backup.manage (a manager is refused)', async () => {
    expect((await ts.request('/api/admin/backups', { token: manager })).status).toBe(403);
    const r = await ts.request('/api/admin/backups', { token: manager, body: {} });
    expect(r.status).toBe(403);
    expect((await ts.request('/api/admin/backups')).status).toBe(401);
  });

  it('creates a backup (201) and lists it; an Idempotency-Key replays without a second file', async () => {
    const headers = { 'idempotency-key': 'bk-1' };
    const r = await ts.request<Created>('/api/admin/backups', { token: admin, body: {}, headers });
    expect(r.status).toBe(201);
    expect(r.body.file).toMatch(/^backup-\d{8}T\d{9}Z\.sqlite3$/);
    expect(r.body.createdAt).toBe(ts.clock.now.toISOString());
    expect(r.body.bytes).toBe(readFileSync(join(backupsDir(ts.dataDir), r.body.file)).length);
    const again = await ts.request<Created>('/api/admin/backups', {
      token: admin,
      body: {},
      headers,
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.body).toEqual(r.body);
    const list = await ts.request<{ backups: BackupEntry[] }>('/api/admin/backups', {
      token: admin,
    });
    expect(list.status).toBe(200);
    expect(list.body.backups.filter((b) => b.kind === 'backup')).toEqual([
      { ...r.body, kind: 'backup' },
    ]);
  });
});

describe('POST /api/admin/backups/restore', () => {
  const restore = (file: unknown, token = admin) =>
    ts.request<RestoreOutcome & ErrorBodyShape>('/api/admin/backups/restore', {
      token,
      body: { file },
    });

  it('accepts only files inside the backups folder', async () => {
    const dir = backupsDir(ts.dataDir);
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(ts.dataDir, DB_FILE), join(dir, 'link.sqlite3'));
    const before = dumpTables(join(ts.dataDir, DB_FILE));
    for (const file of ['../countertop.sqlite3', '/etc/passwd', '..', 'a/b.sqlite3', '', 'x.txt']) {
      const r = await restore(file);
      expect(r.status, file).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    expect((await restore('nope.sqlite3')).body.error.code).toBe('not_found');
    expect((await restore('link.sqlite3')).status).toBe(404); // a symlink is not a backup
    expect((await restore(42)).status).toBe(422);
    expect((await restore('x.sqlite3', manager)).status).toBe(403);
    expect(dumpTables(join(ts.dataDir, DB_FILE))).toEqual(before);
  });

  it('refuses a bad file in the folder with 422 invalid_backup and keeps the data', async () => {
    writeFileSync(join(backupsDir(ts.dataDir), 'junk.sqlite3'), 'SQLite format 3\0 but not really');
    const before = dumpTables(join(ts.dataDir, DB_FILE));
    const r = await restore('junk.sqlite3');
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_backup');
    expect(r.body.error.message).toMatch(/cannot restore junk\.sqlite3: /);
    expect(dumpTables(join(ts.dataDir, DB_FILE))).toEqual(before);
    expect((await ts.request('/api/auth/me', { token: admin })).status).toBe(200);
  });

  it('refuses while another process holds the data dir', async () => {
    const lock = join(locksDir(ts.dataDir), 'server-other.lock');
    // Our own pid stands in for a live second server (it is alive, and not this app's lock).
    writeFileSync(
      lock,
      JSON.stringify({
        pid: process.pid,
        kind: 'server',
        startedAt: 'x',
        host: hostname(),
        procStart: null,
      }),
    );
    try {
      const list = await ts.request<{ backups: BackupEntry[] }>('/api/admin/backups', {
        token: admin,
      });
      const file = list.body.backups.find((b) => b.kind === 'backup')?.file;
      const r = await restore(file);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('database_in_use');
    } finally {
      (await import('node:fs')).rmSync(lock);
    }
  });

  it('restores in-process: later changes are gone, requests during the swap all succeed', async () => {
    const made = await ts.request<Created>('/api/admin/backups', { token: admin, body: {} });
    expect(made.status).toBe(201);
    const snapshot = dumpTables(join(backupsDir(ts.dataDir), made.body.file));
    // A change after the backup: a new user who can sign in.
    await ts.createUser({ username: 'late', password: 'password-1', role: 'cashier' });
    const lateToken = await ts.token('late', 'password-1');

    // Requests racing the restore, 8 at a time until it is done: each must get a whole answer
    // from one database or the other, never an error from a handle closed under it (a 401 once
    // the restored database is in: a restore signs everyone out).
    let restoring = true;
    const statuses: number[] = [];
    const lane = async () => {
      while (restoring) {
        const a = await ts.request('/api/auth/me', { token: admin });
        statuses.push(a.status);
      }
    };
    const lanes = Array.from({ length: 8 }, lane);
    // One request that spans the restore (it entered the gate first and reads twice, 300 ms
    // apart): both reads must come from the same database. One that arrives while the gate is
    // closed must wait and then see only the restored database.
    const countUsers = () =>
      (ts.app.core.dbh.sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
    const spanning = ts.app.gate.run(async () => {
      const first = countUsers();
      await new Promise((res) => setTimeout(res, 300));
      return [first, countUsers()];
    });
    const restoring$ = restore(made.body.file);
    while (!ts.app.gate.closed) await new Promise((res) => setTimeout(res, 2));
    const heldBack = ts.app.gate.run(async () => countUsers());
    const r = await restoring$;
    restoring = false;
    await Promise.all(lanes);
    expect(await spanning).toEqual([3, 3]);
    expect(await heldBack).toBe(2);
    expect(r.status, r.text).toBe(200);
    expect(r.body.restored).toBe(made.body.file);
    expect(r.body.preRestore?.file).toMatch(/^pre-restore-/);
    expect(statuses.length).toBeGreaterThan(8);
    expect(statuses.filter((st) => st !== 200 && st !== 401)).toEqual([]);
    expect(statuses[0]).toBe(200);

    // The user made after the backup is gone; every token from before no longer works, and
    // everyone else signs in again.
    expect((await ts.request('/api/auth/me', { token: lateToken })).status).toBe(401);
    expect((await ts.login('late', 'password-1')).status).toBe(401);
    expect((await ts.request('/api/auth/me', { token: admin })).status).toBe(401);
    admin = await ts.token('root', 'password-1');
    expect((await ts.request('/api/auth/me', { token: admin })).status).toBe(200);
    // Table for table, the live database is the backup again (the throttling and idempotency
    // tables are written by the requests themselves, so leave those out; session versions moved
    // on so old tokens end).
    const now = dumpTables(join(ts.dataDir, DB_FILE));
    const noVersions = (rows: unknown[] | undefined) =>
      rows?.map((r) => String(r).replace(/"token_version":\d+/, ''));
    expect(noVersions(now.users)).toEqual(noVersions(snapshot.users));
    expect(now.settings).toEqual(snapshot.settings);
    const pre = dumpTables(join(backupsDir(ts.dataDir), r.body.preRestore?.file as string));
    expect(pre.users?.some((u) => String(u).includes('"late"'))).toBe(true);
  });
});
