/** The audit log (section 12): user, permission and settings changes, append-only, readable. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-shared/contract/audit';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
let admin: string;
let adminId: string;

beforeAll(async () => {
  ts = await startTestServer();
  adminId = (await ts.createUser({ username: 'ada', password: 'admin-password', role: 'admin' }))
    .id;
  await ts.createUser({ username: 'cleo', password: 'cashier-pass', role: 'cashier' });
  admin = await ts.token('ada', 'admin-password');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

type Page = { entries: AuditEntry[]; nextCursor: string | null };

describe('audit log', () => {
  it('records who created a user, changed a role, granted permissions and changed settings', async () => {
    const created = await ts.request<{ id: string }>('/api/users', {
      token: admin,
      body: { username: 'max', password: 'manager-pass', role: 'cashier' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await ts.request(`/api/users/${id}`, {
      method: 'PATCH',
      token: admin,
      body: { role: 'manager' },
    });
    await ts.request(`/api/users/${id}`, {
      method: 'PATCH',
      token: admin,
      body: { extraPermissions: ['backup.manage'], password: 'a-new-password' },
    });
    await ts.request('/api/settings', {
      method: 'PATCH',
      token: admin,
      body: { storeName: 'Zebra Café' },
    });

    const res = await ts.request<Page>('/api/audit', { token: admin });
    expect(res.status).toBe(200);
    const [settings, perms, role, create] = res.body.entries;
    expect(create).toMatchObject({
      type: 'user_create',
      actorId: adminId,
      actorName: 'ada',
      subjectId: id,
    });
    expect(role).toMatchObject({
      type: 'user_change',
      details: { changes: { role: { from: 'cashier', to: 'manager' } } },
    });
    expect(perms).toMatchObject({
      type: 'permission_change',
      details: {
        changes: { extraPermissions: { from: [], to: ['backup.manage'] }, password: 'changed' },
      },
    });
    expect(settings).toMatchObject({
      type: 'settings_change',
      actorId: adminId,
      details: { changes: { storeName: { from: 'Countertop Café', to: 'Zebra Café' } } },
    });
    // Credentials are never written into the log, only that they changed.
    expect(JSON.stringify(res.body)).not.toContain('a-new-password');
  });

  it('filters by type, pages with a cursor, and refuses bad ranges', async () => {
    const one = await ts.request<Page>('/api/audit?type=user_change&limit=1', { token: admin });
    expect(one.body.entries).toHaveLength(1);
    expect(one.body.entries[0]?.type).toBe('user_change');
    const first = await ts.request<Page>('/api/audit?limit=2', { token: admin });
    const next = await ts.request<Page>(`/api/audit?limit=2&cursor=${first.body.nextCursor}`, {
      token: admin,
    });
    expect(next.body.entries[0]!.id).toBeLessThan(first.body.entries[1]!.id);
    expect((await ts.request('/api/audit?range=yesterday', { token: admin })).status).toBe(400);
  });

  it('is append-only, even for someone with the database open', () => {
    const sqlite = ts.app.core.dbh.sqlite;
    expect(() => sqlite.prepare("UPDATE audit_log SET reason = 'x'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('needs reports.view', async () => {
    const cashier = await ts.token('cleo', 'cashier-pass');
    expect((await ts.request('/api/audit', { token: cashier })).status).toBe(403);
  });
});
