import type { User } from '../../src-shared/contract/auth';
import {
  effectivePermissions,
  ROLE_PERMISSIONS,
  type Permission,
  type Role,
} from '../../src-shared/permissions';

/** What a change would make of a user: the fields the server's last-admin rule looks at. */
export interface UserShape {
  role: Role;
  status: User['status'];
  extraPermissions: Permission[];
  revokedPermissions: Permission[];
}

function managesUsers(u: UserShape): boolean {
  return (
    u.status === 'active' &&
    effectivePermissions(u.role, u.extraPermissions, u.revokedPermissions).includes('users.manage')
  );
}

/**
 * Why the server would refuse `next` for `user` (409 last_admin), in words, or null. The same
 * rule as src-main/core/auth/users.ts, run on the list the screen has, so the control can say
 * so before the click; the server still decides (the list may be stale).
 */
export function lastAdminReason(users: User[], user: User, next: UserShape): string | null {
  const others = users.filter((u) => u.id !== user.id && u.status === 'active');
  const losesAdmin =
    user.role === 'admin' &&
    user.status === 'active' &&
    (next.role !== 'admin' || next.status !== 'active');
  if (losesAdmin && !others.some((u) => u.role === 'admin')) {
    return `${user.displayName} is the only active admin. Make someone else an admin first.`;
  }
  if (managesUsers(user) && !managesUsers(next) && !others.some(managesUsers)) {
    return `${user.displayName} is the only one who can manage staff. Let someone else manage staff first.`;
  }
  return null;
}

/** Extra and revoked lists kept minimal for a role: no "extra" the role already has, and so on. */
export function normalise(
  role: Role,
  extra: readonly Permission[],
  revoked: readonly Permission[],
): { extraPermissions: Permission[]; revokedPermissions: Permission[] } {
  const base = ROLE_PERMISSIONS[role];
  return {
    extraPermissions: extra.filter((p) => !base.includes(p)),
    revokedPermissions: revoked.filter((p) => base.includes(p)),
  };
}
