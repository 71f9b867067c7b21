/** Section 2 users API over real HTTP: permissions, validation, hashing, the last-admin rule. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src-shared/contract';
import { PERMISSIONS } from '../../src-shared/permissions';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';

type Res = User & ErrorBodyShape & { users: User[] };
interface Issue {
  path: string;
  message: string;
  code: string;
}

let s: TestServer;
const tokens: Record<'admin' | 'manager' | 'cashier', string> = {
  admin: '',
  manager: '',
  cashier: '',
};
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startTestServer();
  const made = await Promise.all([
    s.createUser({ username: 'root', password: 'root-pass-1', role: 'admin' }),
    s.createUser({ username: 'max', password: 'max-pass-1', role: 'manager' }),
    s.createUser({ username: 'cleo', password: 'cleo-pass-1', role: 'cashier' }),
  ]);
  for (const u of made) ids[u.username] = u.id;
  [tokens.admin, tokens.manager, tokens.cashier] = await Promise.all([
    s.token('root', 'root-pass-1'),
    s.token('max', 'max-pass-1'),
    s.token('cleo', 'cleo-pass-1'),
  ]);
});
afterAll(async () => {
  await s.close();
  removeTempDirs();
});

const api = (path: string, opts: { method?: string; body?: unknown; token?: string } = {}) =>
  s.request<Res>(path, opts);
const create = (body: Record<string, unknown>, token = tokens.admin) =>
  api('/api/users', { body, token });
const patch = (id: string, body: Record<string, unknown>, token = tokens.admin) =>
  api(`/api/users/${id}`, { method: 'PATCH', body, token });
const issues = (r: { body: Res }) => (r.body.error.details?.issues ?? []) as Issue[];

describe('users.manage', () => {
  it('is needed to list, create and change users (403 forbidden for manager and cashier)', async () => {
    for (const who of ['manager', 'cashier'] as const) {
      const list = await api('/api/users', { token: tokens[who] });
      const post = await create(
        { username: `by-${who}`, password: 'password-1', role: 'kitchen' },
        tokens[who],
      );
      const change = await patch(ids.cleo as string, { displayName: 'Hacked' }, tokens[who]);
      for (const r of [list, post, change]) {
        expect(r.status).toBe(403);
        expect(r.body.error.code).toBe('forbidden');
        expect(r.body.error.details).toEqual({ permission: 'users.manage' });
      }
    }
    // Nothing happened.
    const list = await api('/api/users', { token: tokens.admin });
    expect(list.body.users.map((u) => u.username)).not.toContain('by-manager');
    expect(list.body.users.find((u) => u.username === 'cleo')?.displayName).toBe('cleo');
  });

  it('lists users, each with its effective permissions', async () => {
    const r = await api('/api/users', { token: tokens.admin });
    expect(r.status).toBe(200);
    const root = r.body.users.find((u) => u.username === 'root');
    expect(root?.permissions).toEqual([...PERMISSIONS]);
    const max = r.body.users.find((u) => u.username === 'max');
    expect(max?.permissions).not.toContain('users.manage');
    expect(max?.permissions).not.toContain('backup.manage');
    expect(max?.permissions).toHaveLength(PERMISSIONS.length - 2);
    expect(r.text).not.toMatch(/scrypt|password|hash/i);
  });
});

describe('POST /api/users', () => {
  it('creates a user (201) and stores the password and PIN only as scrypt hashes', async () => {
    const r = await create({
      username: 'nina',
      password: 'nina-secret-pw',
      role: 'kitchen',
      displayName: 'Nina',
      pin: '8642',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      username: 'nina',
      displayName: 'Nina',
      role: 'kitchen',
      status: 'active',
      hasPin: true,
    });
    expect(r.text).not.toMatch(/nina-secret-pw|8642/);
    const row = s.app.core.dbh.sqlite
      .prepare('SELECT * FROM users WHERE username = ?')
      .get('nina') as Record<string, unknown>;
    expect(String(row.password_hash)).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect(String(row.pin_hash)).toMatch(/^scrypt\$/);
    for (const value of Object.values(row)) {
      expect(String(value)).not.toContain('nina-secret-pw');
      expect(String(value)).not.toContain('8642');
    }
    // Salted: the same password for another user gives another hash.
    await create({ username: 'nina2', password: 'nina-secret-pw', role: 'kitchen' });
    const other = s.app.core.dbh.sqlite
      .prepare('SELECT password_hash FROM users WHERE username = ?')
      .pluck()
      .get('nina2');
    expect(other).not.toBe(row.password_hash);
    // And the new user can sign in.
    expect((await s.login('nina', 'nina-secret-pw')).status).toBe(200);
  });

  it('409 conflict for a taken username', async () => {
    const r = await create({ username: 'cleo', password: 'password-1', role: 'cashier' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    expect(r.body.error.details).toEqual({ field: 'username' });
  });

  it.each([
    [
      'a bad username',
      { username: 'Bad Name!', password: 'password-1', role: 'cashier' },
      'username',
    ],
    [
      'a one-letter username',
      { username: 'a', password: 'password-1', role: 'cashier' },
      'username',
    ],
    ['a short password', { username: 'shorty', password: 'seven77', role: 'cashier' }, 'password'],
    [
      'a bad PIN',
      { username: 'pinny', password: 'password-1', role: 'cashier', pin: '12a4' },
      'pin',
    ],
    [
      'a 3-digit PIN',
      { username: 'pinny', password: 'password-1', role: 'cashier', pin: '123' },
      'pin',
    ],
    ['an unknown role', { username: 'roley', password: 'password-1', role: 'owner' }, 'role'],
    [
      'an unknown permission',
      {
        username: 'permy',
        password: 'password-1',
        role: 'cashier',
        extraPermissions: ['god.mode'],
      },
      'extraPermissions.0',
    ],
  ])('422 validation_error for %s, with zod issues', async (_name, body, path) => {
    const r = await create(body);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('validation_error');
    const list = issues(r);
    expect(list.length).toBeGreaterThan(0);
    expect(list.map((i) => i.path)).toContain(path);
    for (const i of list) expect(typeof i.message).toBe('string');
    // Nothing was created.
    const users = (await api('/api/users', { token: tokens.admin })).body.users;
    expect(users.map((u) => u.username)).not.toContain(body.username);
  });

  it('two simultaneous creates of one username: one 201, one 409', async () => {
    const body = { username: 'twin', password: 'twin-pass-1', role: 'kitchen' };
    const results = await Promise.all([create(body), create(body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('422 for an unknown field', async () => {
    const r = await create({
      username: 'extra',
      password: 'password-1',
      role: 'cashier',
      isAdmin: true,
    });
    expect(r.status).toBe(422);
    expect(issues(r)[0]?.code).toBe('unrecognized_keys');
  });
});

describe('effective permissions', () => {
  it('are role defaults ∪ extra − revoked', async () => {
    const r = await create({
      username: 'rita',
      password: 'rita-pass-1',
      role: 'cashier',
      extraPermissions: ['payments.refund'],
      revokedPermissions: ['diagnostics.run'],
    });
    expect(r.status).toBe(201);
    const expected = [
      'orders.create',
      'orders.view',
      'orders.status',
      'payments.take',
      'payments.refund',
      'cash.manage',
      'customers.manage',
      'attendance.self',
      'notifications.view',
    ];
    expect([...r.body.permissions].sort()).toEqual([...expected].sort());
    expect(r.body.extraPermissions).toEqual(['payments.refund']);
    expect(r.body.revokedPermissions).toEqual(['diagnostics.run']);
    const login = await s.login('rita', 'rita-pass-1');
    expect([...login.body.user.permissions].sort()).toEqual([...expected].sort());
  });

  it('gate routes: a granted permission opens one, a revoked one closes it, re-read per request', async () => {
    // A cashier granted users.manage can list users…
    const granted = await create({
      username: 'gary',
      password: 'gary-pass-1',
      role: 'cashier',
      extraPermissions: ['users.manage'],
    });
    const garyToken = await s.token('gary', 'gary-pass-1');
    expect((await api('/api/users', { token: garyToken })).status).toBe(200);
    // …until it is revoked, with the same token (permissions are re-read on each request).
    expect((await patch(granted.body.id, { extraPermissions: [] })).status).toBe(200);
    expect((await api('/api/users', { token: garyToken })).status).toBe(403);
    // An admin with users.manage revoked is refused, too.
    await create({
      username: 'ada',
      password: 'ada-pass-12',
      role: 'admin',
      revokedPermissions: ['users.manage'],
    });
    const adaToken = await s.token('ada', 'ada-pass-12');
    const r = await api('/api/users', { token: adaToken });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
  });
});

describe('PATCH /api/users/:id', () => {
  it('changes name and role; 404 for an unknown id; 422 for an unknown field', async () => {
    const u = await create({ username: 'pat', password: 'pat-pass-1', role: 'kitchen' });
    const r = await patch(u.body.id, { displayName: 'Pat P.', role: 'cashier' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ displayName: 'Pat P.', role: 'cashier' });
    expect(r.body.permissions).toContain('payments.take');
    expect((await patch('no-such-id', { displayName: 'X' })).status).toBe(404);
    const bad = await patch(u.body.id, { nickname: 'P' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_error');
  });

  it('reactivating a user lets them sign in again', async () => {
    const u = await create({ username: 'lazarus', password: 'lazarus-pw', role: 'kitchen' });
    await patch(u.body.id, { status: 'deactivated' });
    expect((await s.login('lazarus', 'lazarus-pw')).status).toBe(403);
    const r = await patch(u.body.id, { status: 'active' });
    expect(r.body.status).toBe('active');
    expect((await s.login('lazarus', 'lazarus-pw')).status).toBe(200);
  });

  it('removes a PIN with pin: null', async () => {
    const u = await create({
      username: 'pinless',
      password: 'pinless-1',
      role: 'kitchen',
      pin: '1357',
    });
    expect(u.body.hasPin).toBe(true);
    const r = await patch(u.body.id, { pin: null });
    expect(r.body.hasPin).toBe(false);
    expect((await s.loginPin('pinless', '1357')).status).toBe(401);
  });
});

describe('the last active admin', () => {
  it('can be neither deactivated nor demoted (409), until another admin exists', async () => {
    // A server of its own, so that exactly one admin exists.
    const t = await startTestServer();
    try {
      const boss = await t.createUser({ username: 'boss', password: 'boss-pass-1', role: 'admin' });
      const token = await t.token('boss', 'boss-pass-1');
      const p = (body: Record<string, unknown>) =>
        t.request<Res>(`/api/users/${boss.id}`, { method: 'PATCH', body, token });
      for (const body of [{ status: 'deactivated' }, { role: 'manager' }]) {
        const r = await p(body);
        expect(r.status).toBe(409);
        expect(r.body.error.code).toBe('last_admin');
      }
      // A deactivated admin does not count as another admin.
      const sleeping = await t.createUser({
        username: 'sleepy',
        password: 'sleepy-pass',
        role: 'admin',
      });
      const deact = await t.request<Res>(`/api/users/${sleeping.id}`, {
        method: 'PATCH',
        body: { status: 'deactivated' },
        token,
      });
      expect(deact.status).toBe(200);
      expect((await p({ role: 'manager' })).status).toBe(409);
      // Once another active admin exists, the demotion goes through.
      await t.createUser({ username: 'heir', password: 'heir-pass-1', role: 'admin' });
      const demoted = await p({ role: 'manager' });
      expect(demoted.status).toBe(200);
      expect(demoted.body.role).toBe('manager');
      // Now heir is the last one.
      const heirToken = await t.token('heir', 'heir-pass-1');
      const heirId = (await t.request<Res>('/api/auth/me', { token: heirToken })).body.id;
      const last = await t.request<Res>(`/api/users/${heirId}`, {
        method: 'PATCH',
        body: { status: 'deactivated' },
        token: heirToken,
      });
      expect(last.status).toBe(409);

      // Both of two admins demoted at the same moment: exactly one demotion wins. (The caller is
      // a manager granted users.manage, so losing an admin does not change who may call.)
      const [duo] = await Promise.all([
        t.createUser({ username: 'duo', password: 'duo-pass-12', role: 'admin' }),
        t.createUser({
          username: 'gate',
          password: 'gate-pass-1',
          role: 'manager',
          extraPermissions: ['users.manage'],
        }),
      ]);
      const gateToken = await t.token('gate', 'gate-pass-1');
      const both = await Promise.all(
        [heirId, duo.id].map((id) =>
          t.request<Res>(`/api/users/${id}`, {
            method: 'PATCH',
            body: { role: 'manager' },
            token: gateToken,
          }),
        ),
      );
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      const admins = t.app.core.dbh.sqlite
        .prepare("SELECT count(*) FROM users WHERE role = 'admin' AND status = 'active'")
        .pluck()
        .get();
      expect(admins).toBe(1);
    } finally {
      await t.close();
    }
  });
});
