import type { diagnosticsOps } from '../../src-shared/contract/diagnostics';
import { ping } from '../core/diagnostics';
import type { Handlers } from './types';

export const diagnosticsHandlers = {
  ping: async (call) => ping(call.app.core),
} satisfies Pick<Handlers, keyof typeof diagnosticsOps>;
