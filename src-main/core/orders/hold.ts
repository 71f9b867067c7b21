/**
 * Hold and recall: a cashier parks a pending order (the customer stepped away, a tab
 * for later) and takes it up again. A flag on the order, not a status: the state machine of
 * API.md §4 is untouched, and a hold only means something while the order is pending — an order
 * sent on to the kitchen or cancelled is simply no longer held.
 */
import type { Order } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { recordOrderChange } from './changes';
import { publishOrderChanges } from './events';
import { findOrderRow, loadOrder, type OrderRow } from './read';

function requirePending(order: OrderRow | undefined, id: string): OrderRow {
  if (!order) throw new PosError('not_found', 'no such order', { id });
  if (order.status !== 'pending')
    throw new PosError(
      'order_not_pending',
      `only a pending order can be held or recalled; this one is ${order.status}`,
      {
        status: order.status,
      },
    );
  return order;
}

/** Holding a held order again keeps when it was first held and replaces the note if one is given. */
export async function holdOrder(
  ctx: CoreContext,
  userId: string,
  input: { id: string; note?: string | undefined },
): Promise<Order> {
  const change = await ctx.dbh.db.transaction().execute(async (trx) => {
    const order = requirePending(await findOrderRow(trx, input.id), input.id);
    const at = ctx.clock().toISOString();
    await trx
      .updateTable('orders')
      .set({
        heldAt: order.heldAt ?? at,
        heldBy: userId,
        holdNote: input.note !== undefined ? input.note || null : order.holdNote,
      })
      .where('id', '=', order.id)
      .execute();
    return recordOrderChange(trx, order.id, at);
  });
  publishOrderChanges(ctx, [change]);
  return loadOrder(ctx.dbh.db, input.id);
}

export async function recallOrder(ctx: CoreContext, id: string): Promise<Order> {
  const change = await ctx.dbh.db.transaction().execute(async (trx) => {
    const order = requirePending(await findOrderRow(trx, id), id);
    if (order.heldAt === null) throw new PosError('not_held', 'the order is not held', { id });
    await trx
      .updateTable('orders')
      .set({ heldAt: null, heldBy: null, holdNote: null })
      .where('id', '=', id)
      .execute();
    return recordOrderChange(trx, id, ctx.clock().toISOString());
  });
  publishOrderChanges(ctx, [change]);
  return loadOrder(ctx.dbh.db, id);
}
