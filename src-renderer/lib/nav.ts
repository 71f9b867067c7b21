import type { User } from '../../src-shared/contract';
import type { Permission } from '../../src-shared/permissions';

export type ScreenId =
  'till' | 'orders' | 'kitchen' | 'reports' | 'audit' | 'inventory' | 'cash' | 'printing';

export interface NavEntry {
  id: ScreenId;
  label: string;
}

const ALL: (NavEntry & { roles: User['role'][]; needs: Permission[] })[] = [
  { id: 'till', label: 'Till', roles: ['cashier', 'manager', 'admin'], needs: ['orders.create'] },
  { id: 'orders', label: 'Orders', roles: ['cashier', 'manager', 'admin'], needs: ['orders.view'] },
  {
    id: 'kitchen',
    label: 'Kitchen display',
    roles: ['kitchen', 'manager', 'admin'],
    needs: ['orders.view'],
  },
  { id: 'reports', label: 'Reports', roles: ['manager', 'admin'], needs: ['reports.view'] },
  { id: 'audit', label: 'Audit log', roles: ['manager', 'admin'], needs: ['reports.view'] },
  {
    id: 'inventory',
    label: 'Inventory',
    roles: ['manager', 'admin'],
    needs: ['inventory.manage'],
  },
  { id: 'cash', label: 'Cash', roles: ['manager', 'admin'], needs: ['cash.manage'] },
  { id: 'printing', label: 'Printing', roles: ['manager', 'admin'], needs: ['orders.view'] },
];

/**
 * The screens a user gets: by role (a kitchen user never sees the till) AND by permission (a
 * manager with a permission revoked loses that screen). The server checks every call anyway.
 */
export function navFor(user: User): NavEntry[] {
  return ALL.filter(
    (e) => e.roles.includes(user.role) && e.needs.every((p) => user.permissions.includes(p)),
  ).map(({ id, label }) => ({ id, label }));
}

export function isScreenId(s: string): s is ScreenId {
  return ALL.some((e) => e.id === s);
}
