import type { authOps } from '../../src-shared/contract/auth';
import { clearLockout, listLockouts } from '../core/auth/lockouts';
import { login } from '../core/auth/login';
import { createUser, listUsers, updateUser } from '../core/auth/users';
import type { Handlers } from './types';
import { signedIn } from './signed-in';

export const authHandlers = {
  login: (call, input) => login(call.app.core, call.app.tokens, input, call.address),
  me: async (call) => signedIn(call).user,
  listUsers: (call) => listUsers(call.app.core),
  createUser: (call, input) => createUser(call.app.core, input, call.actor?.user.id ?? null),
  updateUser: (call, input) => updateUser(call.app.core, input, call.actor?.user.id ?? null),
  listLockouts: async (call) => listLockouts(call.app.core),
  clearLockout: (call, input) => clearLockout(call.app.core, input, call.actor?.user.id ?? null),
} satisfies Pick<Handlers, keyof typeof authOps>;
