import type { setupOps } from '../../src-shared/contract/setup';
import { createOwner, needsOwner } from '../core/auth/first-run';
import type { Handlers } from './types';

export const setupHandlers = {
  setupStatus: async (call) => ({ needsOwner: await needsOwner(call.app.core) }),
  // Over HTTP and IPC alike the setup token is required; the desktop window uses its own
  // channel (src-main/electron/ipc.ts), which needs none.
  createOwner: (call, { setupToken, ...account }) =>
    createOwner(call.app.core, call.app.tokens, account, setupToken, call.address),
} satisfies Pick<Handlers, keyof typeof setupOps>;
