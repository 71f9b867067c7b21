/**
 * The contract table: every operation, declared once. The HTTP router, the IPC bridge and the
 * renderer client are derived from this object; adding an operation means adding an entry in a
 * section file, listing it here, and writing its use case.
 */
import * as auth from './auth';
import * as diagnostics from './diagnostics';
import type { Operation } from './define';

export const contract = {
  ping: diagnostics.ping,
  login: auth.login,
  me: auth.me,
  listUsers: auth.listUsers,
  createUser: auth.createUser,
  updateUser: auth.updateUser,
} satisfies Record<string, Operation>;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type { Operation } from './define';
export type { InputOf, OutputOf } from './define';
export type { User, LoginResult } from './auth';
export type { Ping } from './diagnostics';
