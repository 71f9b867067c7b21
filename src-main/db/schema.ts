/**
 * Table types for Kysely. Column names are camelCase here; the CamelCasePlugin maps them to the
 * snake_case columns of the migrations. One interface per table, grouped by feature.
 */
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
  createdAt: string;
  updatedAt: string;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  username: string;
  at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updatedAt: string;
}

export interface DB {
  users: UsersTable;
  loginFailures: LoginFailuresTable;
  settings: SettingsTable;
}
