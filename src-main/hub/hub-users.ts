/**
 * Hub admins manage the hub's own people (not the tills' staff, who are catalog rows): list, add,
 * change role or name, deactivate and reactivate, reset a password; and anyone signed in to the
 * hub changes their own password. Sessions end through `token_version`, which every request
 * checks against the database (users.ts), so every hub process refuses an old token at once.
 */
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { HubContext } from './context';
import type { HubDatabase } from './db';
import { HubError } from './errors';
import {
  clearFailures,
  createHubUser,
  hubDisplayName,
  hubPassword,
  hubRole,
  reserveAttempt,
  type HubActor,
  type newHubUser,
} from './users';

export const hubUserPatch = z
  .strictObject({
    displayName: hubDisplayName.optional(),
    role: hubRole.optional(),
    active: z.boolean('active is true or false').optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'change at least one of displayName, role, active');

export const passwordReset = z.strictObject({ password: hubPassword });

export const ownPasswordChange = z.strictObject({
  currentPassword: z.string().min(1, 'enter your current password').max(200),
  newPassword: hubPassword,
});

export interface HubUserView {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'manager';
  active: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

const COLUMNS = [
  'id',
  'username',
  'display_name',
  'role',
  'status',
  'created_at',
  'last_sign_in_at',
] as const;

type Trx = Transaction<HubDatabase>;

function view(r: {
  id: string;
  username: string;
  display_name: string;
  role: HubUserView['role'];
  status: string;
  created_at: Date;
  last_sign_in_at: Date | null;
}): HubUserView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    active: r.status === 'active',
    createdAt: r.created_at.toISOString(),
    lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
  };
}

/** Who did what to whom, one `info` line per change, kept with the hub's other logs. */
function logChange(
  ctx: HubContext,
  actor: HubActor,
  action: string,
  target: { id: string; username: string },
  details: Record<string, unknown> = {},
) {
  ctx.log.info(
    {
      event: 'hub_user_changed',
      action,
      by: actor.username,
      byId: actor.id,
      user: target.username,
      userId: target.id,
      ...details,
    },
    `hub user ${target.username}: ${action} by ${actor.username}`,
  );
}

export async function listHubUsers(ctx: HubContext): Promise<HubUserView[]> {
  const rows = await ctx.db.selectFrom('hub_users').select(COLUMNS).orderBy('username').execute();
  return rows.map(view);
}

export async function addHubUser(
  ctx: HubContext,
  actor: HubActor,
  input: z.input<typeof newHubUser>,
): Promise<HubUserView> {
  const made = await createHubUser(ctx, input);
  const row = await ctx.db
    .selectFrom('hub_users')
    .select(COLUMNS)
    .where('id', '=', made.id)
    .executeTakeFirstOrThrow();
  logChange(ctx, actor, 'added', made, { role: made.role });
  return view(row);
}

/**
 * Every change that could leave the hub without an active admin takes this lock first, so two
 * admins demoting each other on two hub processes cannot both pass the count.
 */
async function lockHubUsers(trx: Trx, id: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext('hub_users'))`.execute(trx);
  const row = await trx
    .selectFrom('hub_users')
    .select([...COLUMNS, 'token_version'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HubError('not_found', 'no such hub user');
  return row;
}

async function otherActiveAdmins(trx: Trx, id: string): Promise<number> {
  const { n } = await trx
    .selectFrom('hub_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .where('id', '!=', id)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function updateHubUser(
  ctx: HubContext,
  actor: HubActor,
  id: string,
  patch: z.infer<typeof hubUserPatch>,
): Promise<HubUserView> {
  const { row, changes } = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockHubUsers(trx, id);
    const changes: Record<string, unknown> = {};
    if (patch.displayName !== undefined && patch.displayName !== row.display_name)
      changes.displayName = patch.displayName;
    if (patch.role !== undefined && patch.role !== row.role) changes.role = patch.role;
    const active = row.status === 'active';
    if (patch.active !== undefined && patch.active !== active) changes.active = patch.active;

    if (changes.active === false && id === actor.id)
      throw new HubError('conflict', 'you cannot deactivate yourself; another admin must do it', {
        field: 'active',
      });
    const losesAdmin =
      row.role === 'admin' && active && (changes.role === 'manager' || changes.active === false);
    if (losesAdmin && (await otherActiveAdmins(trx, id)) === 0)
      throw new HubError(
        'conflict',
        `the hub needs an active admin and ${row.username} is the last one; make another admin first`,
        { field: changes.active === false ? 'active' : 'role' },
      );
    if (!Object.keys(changes).length) return { row, changes };

    // A new role or a deactivation ends every session at once; a new name or a reactivation
    // need not (a deactivation already ended them).
    const endsSessions = changes.role !== undefined || changes.active === false;
    const updated = await trx
      .updateTable('hub_users')
      .set({
        ...(changes.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(changes.role !== undefined ? { role: patch.role } : {}),
        ...(changes.active !== undefined
          ? { status: patch.active ? ('active' as const) : ('deactivated' as const) }
          : {}),
        ...(endsSessions ? { token_version: row.token_version + 1 } : {}),
        updated_at: ctx.now(),
      })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return { row: updated, changes };
  });
  // Logged after the commit: a refused or rolled-back change is not a change.
  if (Object.keys(changes).length) {
    const action =
      changes.active === false
        ? 'deactivated'
        : changes.active === true
          ? 'reactivated'
          : changes.role !== undefined
            ? `role set to ${String(changes.role)}`
            : 'renamed';
    logChange(ctx, actor, action, row, { changes });
  }
  return view(row);
}

async function setPassword(ctx: HubContext, trx: Trx, id: string, hash: string) {
  const row = await lockHubUsers(trx, id);
  return trx
    .updateTable('hub_users')
    .set({ password_hash: hash, token_version: row.token_version + 1, updated_at: ctx.now() })
    .where('id', '=', id)
    .returning([...COLUMNS, 'token_version'])
    .executeTakeFirstOrThrow();
}

/** An admin sets someone's password: every session of theirs ends at once. */
export async function resetHubUserPassword(
  ctx: HubContext,
  actor: HubActor,
  id: string,
  input: z.infer<typeof passwordReset>,
): Promise<HubUserView> {
  // Hashed before the transaction: scrypt is slow and must not hold the lock.
  const hash = await ctx.secrets.hash(input.password);
  const row = await ctx.db.transaction().execute((trx) => setPassword(ctx, trx, id, hash));
  logChange(ctx, actor, 'password reset', row);
  return view(row);
}

/**
 * Anyone signed in changes their own password. A wrong current password counts against the
 * sign-in throttle of their name (a stolen session must not become a free password oracle) and
 * is refused as a field error, not 401, since the session itself is fine. Every session of
 * theirs ends, this one included: the answer carries a fresh token for this one.
 */
export async function changeOwnPassword(
  ctx: HubContext,
  actor: HubActor,
  input: z.infer<typeof ownPasswordChange>,
  from: string,
) {
  const now = ctx.now();
  await reserveAttempt(ctx, actor.username, now);
  const user = await ctx.db
    .selectFrom('hub_users')
    .select('password_hash')
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  if (!(await ctx.secrets.verify(input.currentPassword, user.password_hash, from)))
    throw new HubError('validation_error', 'your current password is not right', {
      issues: [{ path: ['currentPassword'], message: 'this is not your current password' }],
    });
  await clearFailures(ctx, actor.username);
  if (input.newPassword === input.currentPassword)
    throw new HubError('validation_error', 'choose a new password', {
      issues: [{ path: ['newPassword'], message: 'the new password is your current one' }],
    });
  const hash = await ctx.secrets.hash(input.newPassword);
  const row = await ctx.db.transaction().execute((trx) => setPassword(ctx, trx, actor.id, hash));
  logChange(ctx, actor, 'changed their own password', row);
  const { token, expiresAt } = await ctx.tokens.sign(
    { userId: row.id, tokenVersion: row.token_version },
    ctx.now(),
  );
  return { token, expiresAt: expiresAt.toISOString(), user: view(row) };
}
