import { z } from 'zod';
import { PERMISSIONS, ROLES, type Permission, type Role } from '../permissions';
import { op } from './define';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  status: 'active' | 'deactivated';
  permissions: Permission[];
  extraPermissions: Permission[];
  revokedPermissions: Permission[];
  hasPin: boolean;
  /** The last successful sign-in (password or PIN); null when not known. */
  lastSignInAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: User;
}

export const username = z
  .string()
  .regex(/^[a-z0-9._-]{2,32}$/, 'username is 2–32 of a-z 0-9 . _ -');
export const password = z.string().min(8, 'password needs at least 8 characters').max(256);
export const pin = z.string().regex(/^\d{4,8}$/, 'PIN is 4 to 8 digits');
const permission = z.enum(PERMISSIONS);

export const login = op<
  z.ZodType<{ username: string; password?: string; pin?: string }>,
  LoginResult
>({
  name: 'login',
  method: 'POST',
  path: '/auth/login',
  access: 'public',
  summary: 'Sign in with a password or a PIN',
  input: z.union([
    z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
    z.strictObject({ username: z.string().min(1).max(64), pin: z.string().min(1).max(16) }),
  ]),
});

export const me = op<z.ZodObject<Record<string, never>>, User>({
  name: 'me',
  method: 'GET',
  path: '/auth/me',
  access: 'signed_in',
  summary: 'The signed-in user',
  input: z.object({}),
});

export const listUsers = op<z.ZodObject<Record<string, never>>, { users: User[] }>({
  name: 'listUsers',
  method: 'GET',
  path: '/users',
  access: 'users.manage',
  summary: 'All users',
  input: z.object({}),
});

export const createUserInput = z.strictObject({
  username,
  password,
  role: z.enum(ROLES),
  displayName: z.string().trim().min(1).max(80).optional(),
  pin: pin.optional(),
  extraPermissions: z.array(permission).max(PERMISSIONS.length).optional(),
  revokedPermissions: z.array(permission).max(PERMISSIONS.length).optional(),
});

export const createUser = op<typeof createUserInput, User>({
  name: 'createUser',
  method: 'POST',
  path: '/users',
  access: 'users.manage',
  status: 201,
  idempotent: true,
  summary: 'Create a user',
  input: createUserInput,
});

export const updateUserInput = z.strictObject({
  id: z.string().min(1).max(64),
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  displayName: z.string().trim().min(1).max(80).optional(),
  password: password.optional(),
  pin: pin.nullable().optional(),
  extraPermissions: z.array(permission).max(PERMISSIONS.length).optional(),
  revokedPermissions: z.array(permission).max(PERMISSIONS.length).optional(),
});

export const updateUser = op<typeof updateUserInput, User>({
  name: 'updateUser',
  method: 'PATCH',
  path: '/users/:id',
  access: 'users.manage',
  summary: 'Change a user (role, status, name, credentials, permissions)',
  input: updateUserInput,
});

/**
 * A sign-in lockout: a username and the client address its failed attempts came from (failures
 * are counted per both, API §2; `ipc` is the desktop window), refused from there until
 * `lockedUntil` unless a user manager clears it first. `address` is always set by this server;
 * the type keeps null for clients written before it was.
 */
export interface Lockout {
  username: string;
  address: string | null;
  /** Failed attempts in the window. */
  failures: number;
  lastFailureAt: string;
  /** When the oldest counted failure leaves the window and sign-in is allowed again. */
  lockedUntil: string;
  /** The user of that name, when there is one (a lockout can be on a mistyped name). */
  userId: string | null;
}

export const listLockouts = op<z.ZodObject<Record<string, never>>, { lockouts: Lockout[] }>({
  name: 'listLockouts',
  method: 'GET',
  path: '/auth/lockouts',
  access: 'users.manage',
  summary: 'Sign-in lockouts in force now',
  input: z.object({}),
});

export const clearLockoutInput = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(64),
  /** Clears only the failures from this address; absent or null clears the username's all. */
  address: z.string().min(1).max(64).nullable().optional(),
});

export const clearLockout = op<typeof clearLockoutInput, { cleared: number }>({
  name: 'clearLockout',
  method: 'POST',
  path: '/auth/lockouts/clear',
  access: 'users.manage',
  summary: "Clear a sign-in lockout (the username's failed attempts), audit-logged",
  input: clearLockoutInput,
});

export const authOps = {
  login,
  me,
  listUsers,
  createUser,
  updateUser,
  listLockouts,
  clearLockout,
};
