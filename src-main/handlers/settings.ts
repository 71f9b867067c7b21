import type { settingsOps } from '../../src-shared/contract/settings';
import { getSettings, updateSettings } from '../core/settings';
import type { Handlers } from './types';

export const settingsHandlers = {
  getSettings: async (call) => getSettings(call.app.core),
  updateSettings: async (call, input) => updateSettings(call.app.core, input),
} satisfies Pick<Handlers, keyof typeof settingsOps>;
