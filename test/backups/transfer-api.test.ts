/**
 * Back up now as a job with progress, download a backup, upload one back (checked as a restore
 * checks it), and a restore that signs everyone out.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BackupEntry,
  BackupJob,
  RestoreOutcome,
  UploadedBackup,
} from '../../src-shared/contract/backups';
import { DB_FILE } from '../../src-main/app';
import { backupsDir } from '../../src-main/core/backups/files';
import {
  removeTempDirs,
  startTestServer,
  tempDir,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { createProbe, dumpTables, fillProbe } from './helpers';

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

async function finished(id: string, token = admin): Promise<BackupJob> {
  const seen: BackupJob[] = [];
  for (;;) {
    const r = await ts.request<BackupJob>(`/api/admin/backups/jobs/${id}`, { token });
    expect(r.status, r.text).toBe(200);
    seen.push(r.body);
    if (r.body.state !== 'running') return r.body;
    await new Promise((res) => setImmediate(res));
  }
}

async function upload(bytes: Uint8Array<ArrayBuffer> | string, filename?: string, token = admin) {
  const q = filename ? `?filename=${encodeURIComponent(filename)}` : '';
  const res = await fetch(`${ts.baseUrl}/api/admin/backups/upload${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes),
  });
  return { status: res.status, body: (await res.json()) as UploadedBackup & ErrorBodyShape };
}

const names = () => readdirSync(backupsDir(ts.dataDir)).sort();

describe('Back up now as a job', () => {
  it('needs backup.manage', async () => {
    const r = await ts.request('/api/admin/backups/jobs', { token: manager, body: {} });
    expect(r.status).toBe(403);
  });

  it('reports pages copied while it runs, then the listed file', async () => {
    // About 40 MiB, so the copy takes several steps of 4 MiB.
    createProbe(ts.app.core.dbh.sqlite);
    fillProbe(ts.app.core.dbh.sqlite, 10_000, 4000);
    const progress: number[] = [];
    const r = await ts.request<BackupJob>('/api/admin/backups/jobs', { token: admin, body: {} });
    expect(r.status, r.text).toBe(201);
    expect(r.body.state).toBe('running');
    let job = r.body;
    while (job.state === 'running') {
      const g = await ts.request<BackupJob>(`/api/admin/backups/jobs/${job.id}`, { token: admin });
      job = g.body;
      if (job.totalPages) progress.push(job.copiedPages / job.totalPages);
    }
    expect(job.state).toBe('done');
    expect(job.error).toBeNull();
    expect(job.copiedPages).toBe(job.totalPages);
    expect(job.totalPages).toBeGreaterThan(10_000);
    // Some read saw it part way.
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
    const list = await ts.request<{ backups: BackupEntry[] }>('/api/admin/backups', {
      token: admin,
    });
    expect(list.body.backups[0]).toEqual({ ...job.backup, kind: 'backup' });
    ts.app.core.dbh.sqlite.exec('DROP TABLE backup_probe; VACUUM');
  });

  it('an unknown job is 404', async () => {
    const r = await ts.request('/api/admin/backups/jobs/nope', { token: admin });
    expect(r.status).toBe(404);
  });
});

describe('download and upload', () => {
  let made: BackupEntry;

  beforeAll(async () => {
    const r = await ts.request<BackupJob>('/api/admin/backups/jobs', { token: admin, body: {} });
    made = (await finished(r.body.id)).backup as BackupEntry;
  });

  it('downloads the exact bytes as an attachment', async () => {
    const res = await fetch(`${ts.baseUrl}/api/admin/backups/files/${made.file}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.sqlite3');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${made.file}"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(readFileSync(join(backupsDir(ts.dataDir), made.file)))).toBe(true);
  });

  it('refuses names outside the folder and needs backup.manage', async () => {
    const bad = await ts.request('/api/admin/backups/files/..%2Fcountertop.sqlite3', {
      token: admin,
    });
    expect(bad.status).toBe(422);
    const missing = await ts.request('/api/admin/backups/files/nope.sqlite3', { token: admin });
    expect(missing.status).toBe(404);
    const other = await ts.request(`/api/admin/backups/files/${made.file}`, { token: manager });
    expect(other.status).toBe(403);
  });

  it('takes a downloaded backup back, keeping when it was made', async () => {
    const bytes = readFileSync(join(backupsDir(ts.dataDir), made.file));
    const r = await upload(bytes, made.file);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.kind).toBe('uploaded');
    expect(r.body.madeAt).toBe(made.createdAt);
    expect(r.body.originalName).toBe(made.file);
    expect(r.body.bytes).toBe(bytes.length);
    expect(r.body.file).toMatch(/^uploaded-\d{8}T\d{9}Z(-\d+)?\.sqlite3$/);
    const list = await ts.request<{ backups: BackupEntry[] }>('/api/admin/backups', {
      token: admin,
    });
    expect(list.body.backups.map((b) => b.file)).toContain(r.body.file);
    // A name that says nothing: made-at unknown, listed at the upload time.
    const plain = await upload(bytes, 'shop.db');
    expect(plain.status).toBe(201);
    expect(plain.body.madeAt).toBeNull();
    expect(plain.body.createdAt).toBe(ts.clock.now.toISOString());
  });

  it('refuses a file that is not a backup of this app, and nothing changes', async () => {
    const before = names();
    const live = dumpTables(join(ts.dataDir, DB_FILE));
    const text = await upload('hello, this is not a database', 'notes.sqlite3');
    expect(text.status).toBe(422);
    expect(text.body.error.code).toBe('invalid_backup');
    expect(text.body.error.message).toMatch(/not a SQLite database/);
    // A real SQLite file, but not one of ours.
    const foreign = join(tempDir(), 'other.sqlite3');
    const db = new Database(foreign);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    db.close();
    const other = await upload(readFileSync(foreign), 'other.sqlite3');
    expect(other.status).toBe(422);
    expect(other.body.error.message).toMatch(/not a Countertop database/);
    const empty = await upload(new Uint8Array(0), 'empty.sqlite3');
    expect(empty.status).toBe(422);
    const forbidden = await upload(readFileSync(foreign), 'x.sqlite3', manager);
    expect(forbidden.status).toBe(403);
    expect(names()).toEqual(before);
    const after = dumpTables(join(ts.dataDir, DB_FILE));
    expect(after.users).toEqual(live.users);
    expect(after.settings).toEqual(live.settings);
  });

  it('refuses a declared size over the limit before reading it (413)', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((ok, fail) => {
      const req = httpRequest(
        `${ts.baseUrl}/api/admin/backups/upload`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${admin}`,
            'content-type': 'application/octet-stream',
            'content-length': String(5 * 1024 * 1024 * 1024),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => {
            ok({ status: res.statusCode ?? 0, body: text });
            req.destroy();
          });
        },
      );
      req.on('error', fail);
      req.write(Buffer.alloc(16));
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('restores the uploaded file and signs everyone out', async () => {
    const bytes = readFileSync(join(backupsDir(ts.dataDir), made.file));
    const up = await upload(bytes, made.file);
    await ts.createUser({ username: 'later', password: 'password-1', role: 'cashier' });
    const r = await ts.request<RestoreOutcome>('/api/admin/backups/restore', {
      token: admin,
      body: { file: up.body.file },
    });
    expect(r.status, r.text).toBe(200);
    // The token that asked for it, and the manager's, no longer work; signing in again does.
    expect((await ts.request('/api/auth/me', { token: admin })).status).toBe(401);
    expect((await ts.request('/api/auth/me', { token: manager })).status).toBe(401);
    expect((await ts.login('later', 'password-1')).status).toBe(401);
    admin = await ts.token('root', 'password-1');
    manager = await ts.token('boss', 'password-1');
    expect((await ts.request('/api/auth/me', { token: admin })).status).toBe(200);
  });
});
