/** Tables of migration 0001: users, login throttling, business settings. */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  displayName: string;
  role: string;
  status: string;
  passwordHash: string;
  pinHash: string | null;
  extraPermissions: string;
  revokedPermissions: string;
  tokenVersion: Generated<number>;
  /** Migration 0012: the last successful sign-in; null when none since. */
  lastSignInAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  username: string;
  address: string;
  at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updatedAt: string;
}

export interface FoundationTables {
  users: UsersTable;
  loginFailures: LoginFailuresTable;
  settings: SettingsTable;
}
