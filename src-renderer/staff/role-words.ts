import type { Role } from '../../src-shared/permissions';

/** Roles as an owner reads them, with what each is for. */
export const ROLE_WORDS: Record<Role, string> = {
  admin: 'Admin (everything)',
  manager: 'Manager',
  cashier: 'Cashier',
  kitchen: 'Kitchen',
};
