/** Roles, permissions and the effective-permission rule (API.md §2). */
export const PERMISSIONS = [
  'users.manage',
  'menu.manage',
  'orders.create',
  'orders.view',
  'orders.status',
  'orders.cancel',
  'orders.discount',
  'payments.take',
  'payments.refund',
  'inventory.manage',
  'cash.manage',
  'reports.view',
  'notifications.manage',
  'notifications.view',
  'customers.manage',
  'attendance.self',
  'attendance.manage',
  'diagnostics.run',
  'backup.manage',
  'settings.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'manager', 'cashier', 'kitchen'] as const;
export type Role = (typeof ROLES)[number];

const MANAGER_EXCLUDED: readonly Permission[] = ['users.manage', 'backup.manage'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  manager: PERMISSIONS.filter((p) => !MANAGER_EXCLUDED.includes(p)),
  cashier: [
    'orders.create',
    'orders.view',
    'orders.status',
    'payments.take',
    'cash.manage',
    'customers.manage',
    'attendance.self',
    'notifications.view',
    'diagnostics.run',
  ],
  kitchen: ['orders.view', 'orders.status', 'attendance.self', 'notifications.view'],
};

/** Effective = role defaults ∪ extra − revoked, in the canonical order of PERMISSIONS. */
export function effectivePermissions(
  role: Role,
  extra: readonly Permission[],
  revoked: readonly Permission[],
): Permission[] {
  const set = new Set<Permission>([...ROLE_PERMISSIONS[role], ...extra]);
  for (const p of revoked) set.delete(p);
  return PERMISSIONS.filter((p) => set.has(p));
}
