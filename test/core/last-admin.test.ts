/** Someone must always be able to manage users: revoking users.manage counts like a demotion. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, updateUser } from '../../src-main/core/auth/users';
import type { CoreContext } from '../../src-main/core/context';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
let ctx: CoreContext;
beforeAll(async () => {
  ts = await startTestServer();
  ctx = ts.app.core;
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

describe('the last user manager', () => {
  it('cannot lose users.manage by revocation, until someone else holds it', async () => {
    const admin = await createUser(ctx, {
      username: 'ada',
      password: 'admin-password',
      role: 'admin',
    });
    const manager = await createUser(ctx, {
      username: 'max',
      password: 'manager-pass',
      role: 'manager',
    });
    await expect(
      updateUser(ctx, { id: admin.id, revokedPermissions: ['users.manage'] }),
    ).rejects.toMatchObject({
      code: 'last_admin',
    });
    // A manager granted users.manage keeps the shop manageable, so the admin may lose it.
    await updateUser(ctx, { id: manager.id, extraPermissions: ['users.manage'] });
    const revoked = await updateUser(ctx, { id: admin.id, revokedPermissions: ['users.manage'] });
    expect(revoked.permissions).not.toContain('users.manage');
    // Now the manager is the last one: deactivating them is refused, as is revoking theirs.
    await expect(updateUser(ctx, { id: manager.id, status: 'deactivated' })).rejects.toMatchObject({
      code: 'last_admin',
    });
    await expect(updateUser(ctx, { id: manager.id, extraPermissions: [] })).rejects.toMatchObject({
      code: 'last_admin',
    });
    // Nothing was changed by the refused updates.
    const rows = ctx.dbh.sqlite
      .prepare("SELECT status, extra_permissions AS extra FROM users WHERE username = 'max'")
      .get() as { status: string; extra: string };
    expect(rows).toEqual({ status: 'active', extra: '["users.manage"]' });
  });
});
