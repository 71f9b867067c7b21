import type { User } from '../../../src-shared/contract/auth';
import { PosError } from '../../../src-shared/errors';
import type { Permission } from '../../../src-shared/permissions';
import type { CoreContext } from '../context';
import type { TokenService } from './tokens';
import { findUserRow, toUser } from './users';

/** A manager's PIN approval of one request (given and recorded by ./approval.ts). */
export interface Approval {
  approver: { id: string; username: string };
  /** The contract operation this approval was given for. */
  operation: string;
  /** Permissions the actor lacked and the approver lent, in the order they were asked for. */
  borrowed: Set<Permission>;
  /** Set once the `approval` audit record is written, so it is written once. */
  recorded: boolean;
}

/**
 * The signed-in user behind a request: a new object per request (an approval is attached to it),
 * built from the user row kept in the database handle's memo until the `users` table is written
 * (see `knownUsers`).
 */
export interface Actor {
  user: User;
  can(p: Permission): boolean;
  /** Set when a manager approved this request with their PIN (see ./approval.ts). */
  approval?: Approval;
}

export function actorFor(user: User): Actor {
  const perms = new Set(user.permissions);
  return { user, can: (p) => perms.has(p) };
}

interface KnownUser {
  status: string;
  tokenVersion: number;
  user: User;
}

const KNOWN_USERS = 'auth:users';

/**
 * User rows as of the last write to `users` (issue 13: every request re-read and re-parsed its
 * user). The memo forgets them whenever this connection writes `users` by any path (temporary
 * triggers: deactivation, a role or permission change, revoked sessions, a restore's version
 * bump, sign-in), when a transaction rolls back, and when another process commits to the file;
 * so deactivation and revoked sessions still bite on the very next request.
 */
async function knownUsers(ctx: CoreContext): Promise<Map<string, KnownUser>> {
  const dbh = ctx.dbh;
  if (!dbh.memo.watching(KNOWN_USERS))
    await dbh.exclusive(() => {
      if (!dbh.memo.watching(KNOWN_USERS)) dbh.memo.forgetOnWrite('users', KNOWN_USERS);
    });
  return dbh.memo.get(KNOWN_USERS, () => new Map<string, KnownUser>());
}

export async function authenticate(
  ctx: CoreContext,
  tokens: TokenService,
  token: string,
): Promise<Actor> {
  return actorFor(await signedInUser(ctx, tokens, token));
}

/**
 * The checks of `authenticate` (token, active user, unrevoked session) without building an
 * Actor: a live stream re-checks its token before every event it sends (http/stream-guard.ts).
 */
export async function signedInUser(
  ctx: CoreContext,
  tokens: TokenService,
  token: string,
): Promise<User> {
  const claims = await tokens.verify(token, ctx.clock());
  // Taken before the read: a write to `users` meanwhile drops this map, so a row read before
  // that write lands in a map nobody asks again.
  const known = await knownUsers(ctx);
  let entry = known.get(claims.userId);
  if (!entry) {
    const row = await findUserRow(ctx, claims.userId);
    if (!row) throw new PosError('unauthorized', 'invalid token');
    entry = { status: row.status, tokenVersion: row.tokenVersion, user: toUser(row) };
    known.set(claims.userId, entry);
  }
  // Deactivation bites at once, even for a token that has not expired.
  if (entry.status !== 'active')
    throw new PosError('user_deactivated', 'this user has been deactivated');
  if (entry.tokenVersion !== claims.tokenVersion)
    throw new PosError('unauthorized', 'session ended; sign in again');
  return entry.user;
}

export function requirePermission(actor: Actor, p: Permission): void {
  if (!actor.can(p))
    throw new PosError('forbidden', `this needs the ${p} permission`, { permission: p });
}
