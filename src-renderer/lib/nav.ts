import type { User } from '../../src-shared/contract';
import type { Permission } from '../../src-shared/permissions';

/** Screens used at the counter all day: in the top bar. */
export type CounterScreenId = 'till' | 'orders' | 'kitchen' | 'cash';
/** Screens for setting up and looking after the shop: under "Back office", with a side list. */
export type OfficeScreenId =
  | 'menu'
  | 'staff'
  | 'customers'
  | 'inventory'
  | 'reports'
  | 'audit'
  | 'hardware'
  | 'settings'
  | 'hub'
  | 'backups';
export type ScreenId = CounterScreenId | OfficeScreenId | 'notifications';

export interface NavEntry {
  id: ScreenId;
  label: string;
  group: 'counter' | 'office' | 'bar';
}

interface Rule extends NavEntry {
  /** Counter screens also go by role (a kitchen user never sees the till); null = any role. */
  roles: User['role'][] | null;
  needs: Permission[];
}

const ALL: Rule[] = [
  {
    id: 'till',
    label: 'Till',
    group: 'counter',
    roles: ['cashier', 'manager', 'admin'],
    needs: ['orders.create'],
  },
  {
    id: 'orders',
    label: 'Orders',
    group: 'counter',
    roles: ['cashier', 'manager', 'admin'],
    needs: ['orders.view'],
  },
  {
    id: 'kitchen',
    label: 'Kitchen display',
    group: 'counter',
    roles: ['kitchen', 'manager', 'admin'],
    needs: ['orders.view'],
  },
  {
    id: 'cash',
    label: 'Cash',
    group: 'counter',
    roles: ['manager', 'admin'],
    needs: ['cash.manage'],
  },
  { id: 'menu', label: 'Menu', group: 'office', roles: null, needs: ['menu.manage'] },
  { id: 'staff', label: 'Staff', group: 'office', roles: null, needs: ['users.manage'] },
  {
    id: 'customers',
    label: 'Customers',
    group: 'office',
    roles: ['manager', 'admin'],
    needs: ['customers.manage'],
  },
  {
    id: 'inventory',
    label: 'Inventory',
    group: 'office',
    roles: null,
    needs: ['inventory.manage'],
  },
  { id: 'reports', label: 'Reports', group: 'office', roles: null, needs: ['reports.view'] },
  { id: 'audit', label: 'Audit log', group: 'office', roles: null, needs: ['reports.view'] },
  {
    id: 'hardware',
    label: 'Hardware',
    group: 'office',
    roles: ['manager', 'admin'],
    needs: ['diagnostics.run'],
  },
  { id: 'settings', label: 'Settings', group: 'office', roles: null, needs: ['settings.manage'] },
  { id: 'hub', label: 'Hub', group: 'office', roles: null, needs: ['settings.manage'] },
  { id: 'backups', label: 'Backups', group: 'office', roles: null, needs: ['backup.manage'] },
  {
    id: 'notifications',
    label: 'Notifications',
    group: 'bar',
    roles: null,
    needs: ['notifications.view'],
  },
];

/**
 * The screens a user gets: by permission (a manager with a permission revoked loses that
 * screen), and for the counter screens also by role. The server checks every call anyway.
 */
export function navFor(user: User): NavEntry[] {
  return ALL.filter(
    (e) =>
      (e.roles === null || e.roles.includes(user.role)) &&
      e.needs.every((p) => user.permissions.includes(p)),
  ).map(({ id, label, group }) => ({ id, label, group }));
}

export function isScreenId(s: string): s is ScreenId {
  return ALL.some((e) => e.id === s);
}
