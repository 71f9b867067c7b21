import type { Role } from '../../src-shared/permissions';

/** Roles as an owner reads them, with what each is for. */
export const ROLE_WORDS: Record<Role, string> = {
  admin: 'Admin (everything)',
  manager: 'Manager',
  cashier: 'Cashier',
  kitchen: 'Kitchen',
};

/** Roles in a list, short. */
export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  cashier: 'Cashier',
  kitchen: 'Kitchen',
};
