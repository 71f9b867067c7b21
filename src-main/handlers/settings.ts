import type { settingsOps } from '../../src-shared/contract/settings';
import { getSettings, updateSettings } from '../core/settings';
import type { Handlers } from './types';

export const settingsHandlers = {
  getSettings: async (call) => getSettings(call.app.core),
  updateSettings: (call, input) =>
    updateSettings(call.app.core, input, call.actor?.user.id ?? null),
} satisfies Pick<Handlers, keyof typeof settingsOps>;
