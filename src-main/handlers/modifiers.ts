import type { modifierOps } from '../../src-shared/contract/modifiers';
import {
  createModifierGroup,
  listModifierGroups,
  setItemModifierGroups,
  updateModifierGroup,
} from '../core/modifiers/groups';
import type { Handlers } from './types';

export const modifierHandlers = {
  listModifierGroups: (call, input) => listModifierGroups(call.app.core, input),
  createModifierGroup: (call, input) => createModifierGroup(call.app.core, input),
  updateModifierGroup: (call, input) => updateModifierGroup(call.app.core, input),
  setItemModifierGroups: (call, input) => setItemModifierGroups(call.app.core, input),
} satisfies Pick<Handlers, keyof typeof modifierOps>;
