import { authHandlers } from './auth';
import { diagnosticsHandlers } from './diagnostics';
import { settingsHandlers } from './settings';
import type { Handlers } from './types';

/**
 * Every contract operation bound to its use case; transports look handlers up here by name.
 * Each feature exports its own handler object; the `Handlers` type refuses a missing one.
 */
export const handlers: Handlers = {
  ...diagnosticsHandlers,
  ...authHandlers,
  ...settingsHandlers,
};
