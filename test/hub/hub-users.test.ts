/**
 * Hub users managed on the hub, against a real PostgreSQL over real HTTP on 127.0.0.1: listing,
 * adding, role and name changes, deactivation, password resets (each ending that user's sessions
 * at once, on a second hub on the same database too), the last-admin and self rules, managers
 * kept out, and anyone changing their own password under the sign-in throttle.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubError } from '../../src-main/hub/errors';
import { updateHubUser } from '../../src-main/hub/hub-users';
import { createHubUser } from '../../src-main/hub/users';
import { fakeClock, type FakeClock } from '../helpers/app';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { call, hubUser, startTestHub, type HubTestUser, type TestHub } from './support';

let pgs: TestPostgres;
beforeAll(async () => {
  pgs = await startPostgres();
});
afterAll(async () => {
  await pgs?.stop();
});

const PASSWORD = 'a fresh long password';

function login(t: TestHub, username: string, password: string) {
  return call(t.url, 'POST', '/hub/api/auth/login', { body: { username, password } });
}

/** Who still gets in with this token: 200, or 401 once the session has ended. */
async function tokenWorks(t: TestHub, token: string): Promise<number> {
  return (await call(t.url, 'GET', '/hub/api/stores', { token })).status;
}

function changes(t: TestHub) {
  return t.lines.filter((l) => l.event === 'hub_user_changed');
}

// Every test signs in several people (scrypt): seconds each when the machine is loaded.
describe('hub users on the hub', { timeout: 90_000 }, () => {
  let t: TestHub;
  let clock: FakeClock;
  let owner: HubTestUser;
  let databaseUrl: string;
  beforeEach(async () => {
    clock = fakeClock();
    databaseUrl = await pgs.newDatabase();
    t = await startTestHub(databaseUrl, { now: clock.fn });
    owner = await hubUser(t);
  });
  afterEach(async () => {
    await t?.close();
  });

  it('lists and adds hub users; a taken name is 409 and bad input 422 per field', async () => {
    const added = await call(t.url, 'POST', '/hub/api/hub-users', {
      token: owner.token,
      body: { username: 'Lou.M', displayName: 'Lou Martin', role: 'manager', password: PASSWORD },
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: expect.any(String),
      username: 'lou.m',
      displayName: 'Lou Martin',
      role: 'manager',
      active: true,
      createdAt: clock.now.toISOString(),
      lastSignInAt: null,
    });
    clock.advance(60_000);
    expect((await login(t, 'lou.m', PASSWORD)).status).toBe(200);

    const list = await call(t.url, 'GET', '/hub/api/hub-users', { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.users).toEqual([
      expect.objectContaining({ username: owner.username, role: 'admin', active: true }),
      expect.objectContaining({
        username: 'lou.m',
        lastSignInAt: new Date(clock.now).toISOString(),
      }),
    ]);
    expect(list.body.users[0].lastSignInAt).not.toBeNull();

    // Names are kept in lower case, so another case is the same name.
    const taken = await call(t.url, 'POST', '/hub/api/hub-users', {
      token: owner.token,
      body: { username: 'LOU.M', role: 'admin', password: PASSWORD },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'conflict', details: { field: 'username' } });
    expect(taken.body.error.message).toContain('lou.m already exists');

    const bad = await call(t.url, 'POST', '/hub/api/hub-users', {
      token: owner.token,
      body: { username: 'x', role: 'owner', password: 'short' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.protocol).toBeTypeOf('number');
    const issues = Object.fromEntries(
      (bad.body.error.details.issues as { path: string[]; message: string }[]).map((i) => [
        i.path.join('.'),
        i.message,
      ]),
    );
    expect(issues).toEqual({
      username: 'a username needs 2 to 40 characters',
      role: 'the role is admin or manager',
      password: 'a password needs at least 8 characters',
    });
    const extra = await call(t.url, 'POST', '/hub/api/hub-users', {
      token: owner.token,
      body: { username: 'sam', role: 'manager', password: PASSWORD, active: false },
    });
    expect(extra.status).toBe(422);
    const after = await call(t.url, 'GET', '/hub/api/hub-users', { token: owner.token });
    expect(after.body.users).toHaveLength(2);
    expect(changes(t)).toEqual([
      expect.objectContaining({ action: 'added', by: owner.username, user: 'lou.m' }),
    ]);
  });

  it('keeps managers and strangers out of hub user management', async () => {
    const manager = await hubUser(t, 'manager');
    const { body } = await call(t.url, 'GET', '/hub/api/hub-users', { token: owner.token });
    const ownerId = body.users.find((u: { username: string }) => u.username === owner.username).id;
    const attempts: [string, string, unknown][] = [
      ['GET', '/hub/api/hub-users', undefined],
      ['POST', '/hub/api/hub-users', { username: 'sneaky', role: 'admin', password: PASSWORD }],
      ['PATCH', `/hub/api/hub-users/${ownerId}`, { active: false }],
      ['POST', `/hub/api/hub-users/${ownerId}/password`, { password: PASSWORD }],
    ];
    for (const [method, path, b] of attempts) {
      const refused = await call(t.url, method, path, { token: manager.token, body: b });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error).toMatchObject({
        code: 'forbidden',
        message: 'only a hub admin may do this',
      });
      expect((await call(t.url, method, path, { body: b })).status).toBe(401);
    }
    // Nothing happened: the owner still signs in with the old password, no one was added.
    expect((await login(t, owner.username, owner.password)).status).toBe(200);
    const list = await call(t.url, 'GET', '/hub/api/hub-users', { token: owner.token });
    expect(list.body.users.map((u: { username: string }) => u.username).sort()).toEqual(
      [manager.username, owner.username].sort(),
    );
  });

  it('renames, changes roles, deactivates and reactivates; role and access changes end sessions', async () => {
    const lou = await hubUser(t, 'manager');
    const id = (
      await call(t.url, 'GET', '/hub/api/hub-users', { token: owner.token })
    ).body.users.find((u: { username: string }) => u.username === lou.username).id as string;
    const patch = (body: unknown, token = owner.token) =>
      call(t.url, 'PATCH', `/hub/api/hub-users/${id}`, { token, body });

    const renamed = await patch({ displayName: '  Lou Martin ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ displayName: 'Lou Martin', role: 'manager' });
    // A new name leaves their sessions alone.
    expect(await tokenWorks(t, lou.token)).toBe(200);

    const promoted = await patch({ role: 'admin' });
    expect(promoted.body).toMatchObject({ role: 'admin', active: true });
    expect(await tokenWorks(t, lou.token)).toBe(401);
    const again = await login(t, lou.username, lou.password);
    expect(again.body.user.role).toBe('admin');
    const louAdmin = again.body.token as string;
    expect((await call(t.url, 'GET', '/hub/api/hub-users', { token: louAdmin })).status).toBe(200);

    const off = await patch({ active: false });
    expect(off.body).toMatchObject({ active: false });
    expect(await tokenWorks(t, louAdmin)).toBe(401);
    const refused = await login(t, lou.username, lou.password);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('user_deactivated');

    const on = await patch({ active: true });
    expect(on.body).toMatchObject({ active: true });
    expect((await login(t, lou.username, lou.password)).status).toBe(200);
    // The token ended by the deactivation stays ended after the reactivation.
    expect(await tokenWorks(t, louAdmin)).toBe(401);

    const empty = await patch({});
    expect(empty.status).toBe(422);
    const unknownKey = await patch({ password: 'sneaky password' });
    expect(unknownKey.status).toBe(422);
    const badRole = await patch({ role: 'owner' });
    expect(badRole.status).toBe(422);
    expect(badRole.body.error.details.issues[0]).toEqual({
      path: ['role'],
      message: 'the role is admin or manager',
    });
    const missing = await call(t.url, 'PATCH', '/hub/api/hub-users/nobody', {
      token: owner.token,
      body: { active: false },
    });
    expect(missing.status).toBe(404);

    expect(changes(t).map((l) => [l.action, l.by, l.user])).toEqual([
      ['renamed', owner.username, lou.username],
      ['role set to admin', owner.username, lou.username],
      ['deactivated', owner.username, lou.username],
      ['reactivated', owner.username, lou.username],
    ]);
  });

  it('never leaves the hub without an active admin, and no admin deactivates themselves', async () => {
    const users = async () =>
      (await call(t.url, 'GET', '/hub/api/hub-users', { token: owner.token })).body.users as {
        id: string;
        username: string;
        role: string;
        active: boolean;
      }[];
    const ownerId = (await users()).find((u) => u.username === owner.username)!.id;
    const patchOwner = (body: unknown, token = owner.token) =>
      call(t.url, 'PATCH', `/hub/api/hub-users/${ownerId}`, { token, body });

    const demote = await patchOwner({ role: 'manager' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('conflict');
    expect(demote.body.error.message).toContain('the hub needs an active admin');
    expect(demote.body.error.details.field).toBe('role');
    const self = await patchOwner({ active: false });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe(
      'you cannot deactivate yourself; another admin must do it',
    );

    // A deactivated admin does not count as a second one.
    const second = await hubUser(t, 'admin');
    const secondId = (await users()).find((u) => u.username === second.username)!.id;
    expect(
      (
        await call(t.url, 'PATCH', `/hub/api/hub-users/${secondId}`, {
          token: owner.token,
          body: { active: false },
        })
      ).status,
    ).toBe(200);
    expect((await patchOwner({ role: 'manager' })).status).toBe(409);
    // The other admin, deactivated, cannot deactivate the last one either.
    expect((await patchOwner({ active: false }, second.token)).status).toBe(401);

    // Back with two active admins, either may step down; then the other is the last one.
    await call(t.url, 'PATCH', `/hub/api/hub-users/${secondId}`, {
      token: owner.token,
      body: { active: true },
    });
    const secondAgain = (await login(t, second.username, second.password)).body.token as string;
    const stepDown = await patchOwner({ role: 'manager' });
    expect(stepDown.status).toBe(200);
    expect(await tokenWorks(t, owner.token)).toBe(401);
    const last = await call(t.url, 'PATCH', `/hub/api/hub-users/${secondId}`, {
      token: secondAgain,
      body: { role: 'manager' },
    });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toBe(
      `the hub needs an active admin and ${second.username} is the last one; make another admin first`,
    );
    const roles = (await call(t.url, 'GET', '/hub/api/hub-users', { token: secondAgain })).body
      .users as { username: string; role: string; active: boolean }[];
    expect(roles.filter((u) => u.role === 'admin' && u.active)).toEqual([
      expect.objectContaining({ username: second.username }),
    ]);
  });

  it('admins demoting each other at once, on several connections, leave one admin', async () => {
    // Straight to the core: over HTTP the first commit would end the others' sessions before
    // their transactions start, hiding the race the lock is for. The hub's pool holds 4.
    const admins = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        createHubUser(t.hub.ctx, { username: `boss${i}`, password: PASSWORD, role: 'admin' }),
      ),
    );
    await t.hub.ctx.db
      .updateTable('hub_users')
      .set({ role: 'manager' })
      .where(
        'id',
        'not in',
        admins.map((a) => a.id),
      )
      .execute();
    // Writes to hub_users wait until every demotion is in flight (reads go on), so each one
    // counts the admins while all the others are still admins, unless the hub serialises them.
    const blocker = new pg.Client({ connectionString: databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN; LOCK TABLE hub_users IN EXCLUSIVE MODE');
      const demotions = Promise.allSettled(
        admins.map((a, i) =>
          updateHubUser(t.hub.ctx, a, admins[(i + 1) % admins.length]!.id, { role: 'manager' }),
        ),
      );
      await expect
        .poll(async () => {
          const { rows } = await blocker.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
          );
          return rows[0]!.n;
        })
        .toBe(admins.length);
      await blocker.query('COMMIT');
      const answers = await demotions;
      const refused = answers.filter((a) => a.status === 'rejected');
      expect(refused.map((r) => (r.reason as HubError).code)).toEqual(['conflict']);
    } finally {
      await blocker.end();
    }
    const rows = await t.hub.ctx.db
      .selectFrom('hub_users')
      .select('role')
      .where('status', '=', 'active')
      .execute();
    expect(rows.filter((r) => r.role === 'admin')).toHaveLength(1);
  });

  it('resets a password: the old one and every session of theirs stop at once', async () => {
    const lou = await hubUser(t, 'manager');
    const id = (
      await call(t.url, 'GET', '/hub/api/hub-users', { token: owner.token })
    ).body.users.find((u: { username: string }) => u.username === lou.username).id as string;
    const short = await call(t.url, 'POST', `/hub/api/hub-users/${id}/password`, {
      token: owner.token,
      body: { password: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.body.error.details.issues[0].path).toEqual(['password']);
    expect(await tokenWorks(t, lou.token)).toBe(200);

    const reset = await call(t.url, 'POST', `/hub/api/hub-users/${id}/password`, {
      token: owner.token,
      body: { password: PASSWORD },
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ id, username: lou.username });
    expect(reset.body).not.toHaveProperty('passwordHash');
    expect(await tokenWorks(t, lou.token)).toBe(401);
    expect((await login(t, lou.username, lou.password)).status).toBe(401);
    expect((await login(t, lou.username, PASSWORD)).status).toBe(200);
    const missing = await call(t.url, 'POST', '/hub/api/hub-users/nobody/password', {
      token: owner.token,
      body: { password: PASSWORD },
    });
    expect(missing.status).toBe(404);
    expect(changes(t)).toEqual([
      expect.objectContaining({ action: 'password reset', by: owner.username, user: lou.username }),
    ]);
  });

  it('a deactivation on one hub ends the session on another hub of the same database at once', async () => {
    const other = await startTestHub(databaseUrl, { now: clock.fn });
    try {
      const lou = await hubUser(t, 'manager');
      // Signed in through the other hub; the same token works on both.
      const there = (await login(other, lou.username, lou.password)).body.token as string;
      expect(await tokenWorks(other, there)).toBe(200);
      expect(await tokenWorks(t, there)).toBe(200);
      const id = (
        await call(t.url, 'GET', '/hub/api/hub-users', { token: owner.token })
      ).body.users.find((u: { username: string }) => u.username === lou.username).id as string;
      await call(t.url, 'PATCH', `/hub/api/hub-users/${id}`, {
        token: owner.token,
        body: { active: false },
      });
      expect(await tokenWorks(other, there)).toBe(401);
      expect(await tokenWorks(other, lou.token)).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('anyone changes their own password; a wrong current one counts against sign-in', async () => {
    const lou = await hubUser(t, 'manager');
    const change = (body: unknown, token = lou.token) =>
      call(t.url, 'POST', '/hub/api/me/password', { token, body });

    const wrong = await change({ currentPassword: 'not my password', newPassword: PASSWORD });
    // Not 401: the session is fine, the field is wrong.
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details.issues).toEqual([
      { path: ['currentPassword'], message: 'this is not your current password' },
    ]);
    const same = await change({ currentPassword: lou.password, newPassword: lou.password });
    expect(same.status).toBe(422);
    expect(same.body.error.details.issues[0].path).toEqual(['newPassword']);
    const short = await change({ currentPassword: lou.password, newPassword: 'short' });
    expect(short.status).toBe(422);
    expect(short.body.error.details.issues[0]).toEqual({
      path: ['newPassword'],
      message: 'a password needs at least 8 characters',
    });
    expect((await call(t.url, 'POST', '/hub/api/me/password', { body: {} })).status).toBe(401);

    const done = await change({ currentPassword: lou.password, newPassword: PASSWORD });
    expect(done.status).toBe(200);
    expect(done.body.user).toMatchObject({ username: lou.username, role: 'manager' });
    // This session goes on with the new token; every other one (the old token) has ended.
    expect(await tokenWorks(t, done.body.token)).toBe(200);
    expect(await tokenWorks(t, lou.token)).toBe(401);
    expect((await login(t, lou.username, lou.password)).status).toBe(401);
    expect((await login(t, lou.username, PASSWORD)).status).toBe(200);
    expect(changes(t)).toEqual([
      expect.objectContaining({
        action: 'changed their own password',
        by: lou.username,
        user: lou.username,
      }),
    ]);

    // Guessing through a session is throttled as sign-in is: five wrong within 15 minutes lock
    // the name, for sign-in too.
    const token = (await login(t, lou.username, PASSWORD)).body.token as string;
    for (let i = 0; i < 5; i++) {
      const guess = await change(
        { currentPassword: `guess ${i}`, newPassword: 'x'.repeat(9) },
        token,
      );
      expect(guess.status).toBe(422);
    }
    const locked = await change({ currentPassword: PASSWORD, newPassword: 'y'.repeat(9) }, token);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect((await login(t, lou.username, PASSWORD)).status).toBe(429);
    clock.advance(15 * 60_000 + 1);
    expect((await login(t, lou.username, PASSWORD)).status).toBe(200);
  });
});
