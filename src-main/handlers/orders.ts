import type { orderOps } from '../../src-shared/contract/orders';
import { addOrderItems } from '../core/orders/add-items';
import { createOrder } from '../core/orders/create';
import { abortableStream, orderChanges, orderStream } from '../core/orders/feed';
import { listOrders } from '../core/orders/list';
import { bulkProgress, orderQueue } from '../core/orders/queue';
import { loadOrder } from '../core/orders/read';
import { transitionOrder } from '../core/orders/transition';
import type { Handlers } from './types';
import { signedIn } from './signed-in';

export const orderHandlers = {
  createOrder: (call, input) => createOrder(call.app.core, signedIn(call).user.id, input),
  addOrderItems: (call, input) => {
    signedIn(call);
    return addOrderItems(call.app.core, input);
  },
  getOrder: (call, input) => loadOrder(call.app.core.dbh.db, input.id),
  listOrders: (call, input) => listOrders(call.app.core, input),
  updateOrderStatus: (call, input) => {
    const actor = signedIn(call);
    return transitionOrder(
      call.app.core,
      { userId: actor.user.id, can: actor.can, approval: actor.approval },
      input,
    );
  },
  orderQueue: (call) => orderQueue(call.app.core),
  orderStream: async (call, input) =>
    abortableStream((signal) => orderStream(call.app.core, input, signal)),
  orderChanges: (call, input) => orderChanges(call.app.core, input),
  bulkProgress: (call, input) => bulkProgress(call.app.core, input.ids),
  bulkProgressPost: (call, input) => bulkProgress(call.app.core, input.ids),
} satisfies Pick<Handlers, keyof typeof orderOps>;
