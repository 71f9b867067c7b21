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

/** The signed-in user behind a request, re-read from the database every time. */
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

export async function authenticate(
  ctx: CoreContext,
  tokens: TokenService,
  token: string,
): Promise<Actor> {
  const claims = await tokens.verify(token, ctx.clock());
  const row = await findUserRow(ctx, claims.userId);
  if (!row) throw new PosError('unauthorized', 'invalid token');
  // Deactivation bites at once, even for a token that has not expired.
  if (row.status !== 'active')
    throw new PosError('user_deactivated', 'this user has been deactivated');
  if (row.tokenVersion !== claims.tokenVersion)
    throw new PosError('unauthorized', 'session ended; sign in again');
  return actorFor(toUser(row));
}

export function requirePermission(actor: Actor, p: Permission): void {
  if (!actor.can(p))
    throw new PosError('forbidden', `this needs the ${p} permission`, { permission: p });
}
