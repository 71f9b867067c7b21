/**
 * People who sign in to the hub: admins (stores, tills, everything) and managers (catalog and
 * reports). Tokens are signed JWTs checked against the database on every request, so a
 * deactivation or password change takes effect at once on every hub process.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { FAILURE_WINDOW_MS, MAX_FAILURES } from '../core/auth/throttle';
import type { HubContext } from './context';
import { HubError } from './errors';

export type HubRole = 'admin' | 'manager';

export interface HubActor {
  id: string;
  username: string;
  role: HubRole;
}

/** The words are shown next to the field on the hub's screen. */
export const hubPassword = z
  .string()
  .min(8, 'a password needs at least 8 characters')
  .max(200, 'a password has at most 200 characters');
export const hubRole = z.enum(['admin', 'manager'], 'the role is admin or manager');
export const hubDisplayName = z
  .string()
  .trim()
  .min(1, 'the display name cannot be blank')
  .max(80, 'a display name has at most 80 characters');

export const newHubUser = z.strictObject({
  username: z
    .string()
    .trim()
    .min(2, 'a username needs 2 to 40 characters')
    .max(40, 'a username needs 2 to 40 characters')
    .regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash or underscore')
    .transform((s) => s.toLowerCase()),
  password: hubPassword,
  role: hubRole,
  displayName: hubDisplayName.optional(),
});

export async function createHubUser(ctx: HubContext, input: z.input<typeof newHubUser>) {
  const u = newHubUser.parse(input);
  const now = ctx.now();
  const existing = await ctx.db
    .selectFrom('hub_users')
    .select('id')
    .where('username', '=', u.username)
    .executeTakeFirst();
  if (existing)
    throw new HubError('conflict', `a hub user named ${u.username} already exists`, {
      field: 'username',
    });
  const user = {
    id: randomUUID(),
    username: u.username,
    display_name: u.displayName ?? u.username,
    role: u.role,
    password_hash: await ctx.secrets.hash(u.password),
    created_at: now,
    updated_at: now,
  };
  try {
    await ctx.db.insertInto('hub_users').values(user).execute();
  } catch (e) {
    // Two hub processes adding the same name at once: the second meets the unique index.
    if ((e as { code?: string }).code === '23505')
      throw new HubError('conflict', `a hub user named ${u.username} already exists`, {
        field: 'username',
      });
    throw e;
  }
  return { id: user.id, username: user.username, role: user.role };
}

export const loginInput = z.object({
  username: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(200),
});

/**
 * Counts and records an attempt in one transaction under a per-username advisory lock, so
 * parallel guesses on several hub processes cannot all slip past the count while their hashes
 * are checked: the attempt is recorded as a failure first and cleared on success (as the till).
 */
export async function reserveAttempt(ctx: HubContext, username: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  await ctx.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`login:${username}`}))`.execute(trx);
    const rows = await trx
      .selectFrom('hub_login_failures')
      .select('at')
      .where('username', '=', username)
      .where('at', '>', since)
      .orderBy('at')
      .execute();
    const oldest = rows[0];
    if (rows.length >= MAX_FAILURES && oldest)
      throw new HubError('too_many_attempts', 'too many failed sign-in attempts; try again later', {
        retryAfterSeconds: Math.max(
          1,
          Math.ceil((oldest.at.getTime() + FAILURE_WINDOW_MS - now.getTime()) / 1000),
        ),
      });
    // Failures older than the window count for nothing: they go, so the table stays small.
    await trx
      .deleteFrom('hub_login_failures')
      .where('username', '=', username)
      .where('at', '<=', since)
      .execute();
    await trx.insertInto('hub_login_failures').values({ username, at: now }).execute();
  });
}

/** A right password clears the name's failures, as on the till. */
export async function clearFailures(ctx: HubContext, username: string): Promise<void> {
  await ctx.db.deleteFrom('hub_login_failures').where('username', '=', username).execute();
}

/** `from` is the client's address: hashes queue fairly between addresses (core/auth/passwords). */
export async function login(ctx: HubContext, input: z.infer<typeof loginInput>, from: string) {
  const now = ctx.now();
  const username = input.username.toLowerCase();
  await reserveAttempt(ctx, username, now);
  const user = await ctx.db
    .selectFrom('hub_users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  // An unknown name costs a real verification too, so timing does not tell names apart.
  const ok = await ctx.secrets.verify(input.password, user?.password_hash, from);
  if (!user || !ok) throw new HubError('invalid_credentials', 'wrong username or password');
  await clearFailures(ctx, username);
  if (user.status !== 'active')
    throw new HubError('user_deactivated', 'this hub user is deactivated');
  await ctx.db
    .updateTable('hub_users')
    .set({ last_sign_in_at: now })
    .where('id', '=', user.id)
    .execute();
  const { token, expiresAt } = await ctx.tokens.sign(
    { userId: user.id, tokenVersion: user.token_version },
    ctx.now(),
  );
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    user: { id: user.id, username: user.username, displayName: user.display_name, role: user.role },
  };
}

export async function authenticate(ctx: HubContext, bearer: string | undefined): Promise<HubActor> {
  if (!bearer) throw new HubError('unauthorized', 'sign in to the hub first');
  let claims;
  try {
    claims = await ctx.tokens.verify(bearer, ctx.now());
  } catch (e) {
    throw new HubError('unauthorized', (e as Error).message);
  }
  const user = await ctx.db
    .selectFrom('hub_users')
    .select(['id', 'username', 'role', 'status', 'token_version'])
    .where('id', '=', claims.userId)
    .executeTakeFirst();
  if (!user || user.token_version !== claims.tokenVersion || user.status !== 'active')
    throw new HubError('unauthorized', 'this sign-in is no longer valid; sign in again');
  return { id: user.id, username: user.username, role: user.role };
}

export function requireRole(actor: HubActor, roles: readonly HubRole[]): void {
  if (!roles.includes(actor.role))
    throw new HubError('forbidden', `only a hub ${roles.join(' or ')} may do this`, {
      roles,
    });
}
