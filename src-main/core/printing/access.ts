import { PosError } from '../../../src-shared/errors';
import type { Permission } from '../../../src-shared/permissions';
import type { Actor } from '../auth/actor';

/** Print jobs concern whoever works the orders or the printer: see docs/api.md (§12). */
export const VIEW_PRINT_JOBS: Permission[] = ['orders.view', 'diagnostics.run'];
export const RETRY_PRINT_JOBS: Permission[] = ['orders.create', 'diagnostics.run'];

/** 403 unless the actor holds at least one of `perms`; returns the actor's user id. */
export function requireAnyPermission(actor: Actor | null, perms: Permission[]): string {
  if (!actor) throw new PosError('unauthorized', 'sign in first');
  if (!perms.some((p) => actor.can(p))) {
    throw new PosError('forbidden', `this needs one of the permissions ${perms.join(', ')}`, {
      permissions: perms,
    });
  }
  return actor.user.id;
}
