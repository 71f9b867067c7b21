/**
 * The signed-in user is kept between requests (issue 13: core/auth/actor.ts, db/memo.ts), and the
 * token's signature is checked once (core/auth/tokens.ts). None of that may let a revoked user
 * through: every way the `users` table changes ends the cached answer on the next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src-main/core/auth/actor';
import { updateUser } from '../../src-main/core/auth/users';
import type { CoreContext } from '../../src-main/core/context';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
let ctx: CoreContext;
beforeAll(async () => {
  ts = await startTestServer();
  ctx = ts.app.core;
  await ts.createUser({ username: 'ada', password: 'admin-password', role: 'admin' });
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

async function signedIn(username: string) {
  const user = await ts.createUser({ username, password: 'password-123', role: 'cashier' });
  const token = await ts.token(username, 'password-123');
  // Warm: the user is now kept.
  expect((await authenticate(ctx, ts.app.tokens, token)).user.id).toBe(user.id);
  return { user, token };
}

describe('the kept signed-in user', () => {
  it('a raw write to users (as sign-in and restore do) is seen on the next request', async () => {
    const { user, token } = await signedIn('raw-bump');
    ctx.dbh.sqlite
      .prepare('UPDATE users SET token_version = token_version + 1 WHERE id = ?')
      .run(user.id);
    await expect(authenticate(ctx, ts.app.tokens, token)).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'session ended; sign in again',
    });
    const http = await ts.request('/api/orders', { token });
    expect(http.status).toBe(401);
  });

  it('a permission change applies to the very next request, over HTTP too', async () => {
    const { user, token } = await signedIn('granted');
    expect((await authenticate(ctx, ts.app.tokens, token)).can('users.manage')).toBe(false);
    await updateUser(ctx, { id: user.id, extraPermissions: ['users.manage'] });
    expect((await authenticate(ctx, ts.app.tokens, token)).can('users.manage')).toBe(true);
    await updateUser(ctx, { id: user.id, extraPermissions: [] });
    expect((await authenticate(ctx, ts.app.tokens, token)).can('users.manage')).toBe(false);
    expect((await ts.request('/api/users', { token })).status).toBe(403);
  });

  it('a reactivation that rolled back leaves the user refused', async () => {
    const { user, token } = await signedIn('rolled-back');
    await updateUser(ctx, { id: user.id, status: 'deactivated' });
    await expect(authenticate(ctx, ts.app.tokens, token)).rejects.toMatchObject({
      code: 'user_deactivated',
    });
    await expect(
      ctx.dbh.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ status: 'active' })
          .where('id', '=', user.id)
          .execute();
        // Read inside the transaction (what a request would see of an open batch), then undone.
        expect(
          (
            await trx
              .selectFrom('users')
              .select('status')
              .where('id', '=', user.id)
              .executeTakeFirst()
          )?.status,
        ).toBe('active');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await expect(authenticate(ctx, ts.app.tokens, token)).rejects.toMatchObject({
      code: 'user_deactivated',
    });
  });

  it('a kept token still expires on time, and a tampered one is refused', async () => {
    const { token } = await signedIn('expiring');
    const forged = token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA');
    await expect(authenticate(ctx, ts.app.tokens, forged)).rejects.toMatchObject({
      code: 'unauthorized',
    });
    const now = ctx.clock();
    ts.clock.set(new Date(now.getTime() + 13 * 60 * 60 * 1000).toISOString());
    await expect(authenticate(ctx, ts.app.tokens, token)).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'token expired',
    });
    ts.clock.set(now.toISOString());
  });
});
