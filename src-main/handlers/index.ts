import { authHandlers } from './auth';
import { diagnosticsHandlers } from './diagnostics';
import type { Handlers } from './types';

/** Every contract operation bound to its use case; transports look handlers up here by name. */
export const handlers: Handlers = {
  ...diagnosticsHandlers,
  ...authHandlers,
};
