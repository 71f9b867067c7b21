import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { createUserInput, updateUserInput, User } from '../../../src-shared/contract/auth';
import { PosError } from '../../../src-shared/errors';
import { effectivePermissions, type Permission, type Role } from '../../../src-shared/permissions';
import type { UsersTable } from '../../db/schema';
import type { CoreContext } from '../context';
import { recordAudit } from '../audit/record';
import { refuseHubOwned } from '../sync/owned';

export type UserRow = Selectable<UsersTable>;

export function toUser(row: UserRow): User {
  const role = row.role as Role;
  const extra = JSON.parse(row.extraPermissions) as Permission[];
  const revoked = JSON.parse(row.revokedPermissions) as Permission[];
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role,
    status: row.status as User['status'],
    permissions: effectivePermissions(role, extra, revoked),
    extraPermissions: extra,
    revokedPermissions: revoked,
    hasPin: row.pinHash !== null,
    lastSignInAt: row.lastSignInAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function findUserRow(ctx: CoreContext, id: string): Promise<UserRow | undefined> {
  return ctx.dbh.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByUsername(
  ctx: CoreContext,
  username: string,
): Promise<UserRow | undefined> {
  return ctx.dbh.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function listUsers(ctx: CoreContext): Promise<{ users: User[] }> {
  const rows = await ctx.dbh.db.selectFrom('users').selectAll().orderBy('username').execute();
  return { users: rows.map(toUser) };
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export async function createUser(
  ctx: CoreContext,
  input: z.infer<typeof createUserInput>,
  actorId: string | null = null,
): Promise<User> {
  await refuseHubOwned(ctx, 'the staff is');
  // Hash outside the transaction: scrypt is slow and must not hold the write lock.
  const passwordHash = await ctx.secrets.hash(input.password);
  const pinHash = input.pin ? await ctx.secrets.hash(input.pin) : null;
  const now = ctx.clock().toISOString();
  const row: UserRow = {
    id: ctx.newId(),
    username: input.username,
    displayName: input.displayName ?? input.username,
    role: input.role,
    status: 'active',
    passwordHash,
    pinHash,
    extraPermissions: JSON.stringify(dedupe(input.extraPermissions ?? [])),
    revokedPermissions: JSON.stringify(dedupe(input.revokedPermissions ?? [])),
    tokenVersion: 0,
    lastSignInAt: null,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.dbh.db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(row).execute();
      await recordAudit(trx, ctx, {
        type: 'user_create',
        actorId,
        subject: { type: 'user', id: row.id },
        details: {
          username: row.username,
          role: row.role,
          extraPermissions: JSON.parse(row.extraPermissions) as string[],
          revokedPermissions: JSON.parse(row.revokedPermissions) as string[],
        },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new PosError('conflict', `username "${input.username}" is taken`, {
        field: 'username',
      });
    }
    throw e;
  }
  return toUser(row);
}

/** What an update changed, for the audit log: values, except credentials (only that they changed). */
function describeChanges(current: UserRow, patch: Partial<UserRow>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of ['role', 'status', 'displayName'] as const) {
    if (patch[key] !== undefined && patch[key] !== current[key]) {
      changes[key] = { from: current[key], to: patch[key] };
    }
  }
  for (const key of ['extraPermissions', 'revokedPermissions'] as const) {
    if (patch[key] !== undefined && patch[key] !== current[key]) {
      changes[key] = {
        from: JSON.parse(current[key]) as string[],
        to: JSON.parse(patch[key]) as string[],
      };
    }
  }
  if (patch.passwordHash !== undefined) changes.password = 'changed';
  if (patch.pinHash !== undefined) changes.pin = patch.pinHash === null ? 'removed' : 'changed';
  return changes;
}

function managesUsers(row: UserRow): boolean {
  return row.status === 'active' && toUser(row).permissions.includes('users.manage');
}

function dedupe<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

type UpdateInput = z.infer<typeof updateUserInput>;

/**
 * Changes a user. The last active admin can be neither demoted nor deactivated, checked inside
 * the same write transaction as the change so two admins demoting each other cannot both win.
 */
export async function updateUser(
  ctx: CoreContext,
  input: UpdateInput,
  actorId: string | null = null,
): Promise<User> {
  await refuseHubOwned(ctx, 'the staff is');
  const passwordHash = input.password ? await ctx.secrets.hash(input.password) : undefined;
  const pinHash = input.pin
    ? await ctx.secrets.hash(input.pin)
    : input.pin === null
      ? null
      : undefined;
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!current) throw new PosError('not_found', 'no such user', { id: input.id });
    const nextRole = input.role ?? current.role;
    const nextStatus = input.status ?? current.status;
    // Section 2: the last active admin can be neither demoted nor deactivated.
    const losesAdmin =
      current.role === 'admin' &&
      current.status === 'active' &&
      (nextRole !== 'admin' || nextStatus !== 'active');
    if (losesAdmin) {
      const others = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('status', '=', 'active')
        .where('id', '!=', current.id)
        .executeTakeFirstOrThrow();
      if (Number(others.n) === 0) {
        throw new PosError('last_admin', 'the last active admin cannot be demoted or deactivated');
      }
    }
    // And, beyond it: someone must always be able to manage users: the last active holder of users.manage (an
    // admin, or anyone granted it) can be neither demoted, deactivated nor have it revoked.
    const nextExtra =
      input.extraPermissions ?? (JSON.parse(current.extraPermissions) as Permission[]);
    const nextRevoked =
      input.revokedPermissions ?? (JSON.parse(current.revokedPermissions) as Permission[]);
    const losesUserManagement =
      managesUsers(current) &&
      !(
        nextStatus === 'active' &&
        effectivePermissions(nextRole as Role, nextExtra, nextRevoked).includes('users.manage')
      );
    if (losesUserManagement) {
      const others = await trx
        .selectFrom('users')
        .selectAll()
        .where('status', '=', 'active')
        .where('id', '!=', current.id)
        .execute();
      if (!others.some(managesUsers)) {
        throw new PosError(
          'last_admin',
          'the last active admin (the last user who can manage users) cannot be demoted, deactivated or lose users.manage',
        );
      }
    }
    // Credentials or status changing ends every session issued before.
    const revokeSessions =
      passwordHash !== undefined || pinHash !== undefined || nextStatus !== current.status;
    const patch: Partial<UserRow> = {
      role: nextRole,
      status: nextStatus,
      displayName: input.displayName ?? current.displayName,
      updatedAt: ctx.clock().toISOString(),
    };
    if (passwordHash !== undefined) patch.passwordHash = passwordHash;
    if (pinHash !== undefined) patch.pinHash = pinHash;
    if (input.extraPermissions)
      patch.extraPermissions = JSON.stringify(dedupe(input.extraPermissions));
    if (input.revokedPermissions)
      patch.revokedPermissions = JSON.stringify(dedupe(input.revokedPermissions));
    if (revokeSessions) patch.tokenVersion = current.tokenVersion + 1;
    await trx.updateTable('users').set(patch).where('id', '=', current.id).execute();
    const changes = describeChanges(current, patch);
    if (Object.keys(changes).length) {
      const permissions = 'extraPermissions' in changes || 'revokedPermissions' in changes;
      await recordAudit(trx, ctx, {
        type: permissions ? 'permission_change' : 'user_change',
        actorId,
        subject: { type: 'user', id: current.id },
        details: { username: current.username, changes },
      });
    }
    return toUser({ ...current, ...patch });
  });
}
