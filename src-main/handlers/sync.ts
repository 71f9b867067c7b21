import type { syncOps } from '../../src-shared/contract/sync';
import { joinHub, leaveHub } from '../core/sync/join';
import { syncStatus } from '../core/sync/state';
import type { Handlers } from './types';

export const syncHandlers = {
  getSyncStatus: async (call) => syncStatus(call.app.core),
  joinHub: async (call, input) => {
    const status = await joinHub(call.app.core, input, call.actor?.user.id ?? null);
    call.app.sync.wake();
    return status;
  },
  leaveHub: async (call, input) => leaveHub(call.app.core, input, call.actor?.user.id ?? null),
} satisfies Pick<Handlers, keyof typeof syncOps>;
