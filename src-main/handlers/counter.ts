import type { counterOps } from '../../src-shared/contract/counter';
import { addDiscount, removeDiscount } from '../core/discounts/apply';
import { holdOrder, recallOrder } from '../core/orders/hold';
import { splitPreview } from '../core/orders/split-preview';
import { signedIn } from './signed-in';
import type { Call, Handlers } from './types';

const userId = (call: Call): string => signedIn(call).user.id;

export const counterHandlers = {
  addDiscount: (call, input) => addDiscount(call.app.core, userId(call), input),
  removeDiscount: (call, input) => removeDiscount(call.app.core, userId(call), input),
  holdOrder: (call, input) => holdOrder(call.app.core, userId(call), input),
  recallOrder: (call, input) => recallOrder(call.app.core, input.id),
  splitPreview: (call, input) => splitPreview(call.app.core, input),
} satisfies Pick<Handlers, keyof typeof counterOps>;
