import type { counterOps } from '../../src-shared/contract/counter';
import { PosError } from '../../src-shared/errors';
import { addDiscount, removeDiscount } from '../core/discounts/apply';
import {
  createModifierGroup,
  listModifierGroups,
  setItemModifierGroups,
  updateModifierGroup,
} from '../core/modifiers/groups';
import { holdOrder, recallOrder } from '../core/orders/hold';
import { splitPreview } from '../core/orders/split-preview';
import type { Call, Handlers } from './types';

function userId(call: Call): string {
  if (!call.actor) throw new PosError('unauthorized', 'sign in first');
  return call.actor.user.id;
}

export const counterHandlers = {
  listModifierGroups: (call, input) => listModifierGroups(call.app.core, input),
  createModifierGroup: (call, input) => createModifierGroup(call.app.core, input),
  updateModifierGroup: (call, input) => updateModifierGroup(call.app.core, input),
  setItemModifierGroups: (call, input) => setItemModifierGroups(call.app.core, input),
  addDiscount: (call, input) => addDiscount(call.app.core, userId(call), input),
  removeDiscount: (call, input) => removeDiscount(call.app.core, userId(call), input),
  holdOrder: (call, input) => holdOrder(call.app.core, userId(call), input),
  recallOrder: (call, input) => recallOrder(call.app.core, input.id),
  splitPreview: (call, input) => splitPreview(call.app.core, input),
} satisfies Pick<Handlers, keyof typeof counterOps>;
