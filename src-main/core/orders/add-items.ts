/**
 * More items on an order that is still open at the till (issue 10): a recalled held order, or a
 * tab, takes another coffee. Only while the order is pending and no money has been taken (like a
 * discount: the amounts already charged were worked out on the old total), and not while it is
 * parked (recall it first). Priced by the server from the menu, re-priced under the order's live
 * discounts, one transaction.
 */
import type { z } from 'zod';
import type { addOrderItemsInput, Order } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { repriceOrder } from '../discounts/apply';
import { publishOrderChanges } from './events';
import { buildLines } from './lines';
import { keepSellableItems } from '../menu/sellable';
import { findOrderRow, loadOrder } from './read';

export async function addOrderItems(
  ctx: CoreContext,
  input: z.infer<typeof addOrderItemsInput>,
): Promise<Order> {
  await keepSellableItems(ctx);
  const change = await ctx.dbh.db.transaction().execute(async (trx) => {
    const order = await findOrderRow(trx, input.id);
    if (!order) throw new PosError('not_found', 'no such order', { id: input.id });
    if (order.status !== 'pending')
      throw new PosError(
        'order_not_pending',
        `items can be added only while the order is pending; this one is ${order.status}`,
        { status: order.status },
      );
    if (order.heldAt !== null)
      throw new PosError('conflict', 'the order is on hold: recall it first', { held: true });
    const held = order.paid - order.refunded;
    if (held > 0)
      throw new PosError('has_payments', 'the order has payments; items cannot be added now', {
        paid: held,
      });
    const last = await trx
      .selectFrom('orderItems')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('orderId', '=', order.id)
      .executeTakeFirst();
    const { rows, modifierRows } = await buildLines(ctx, trx, input.items, (last?.p ?? -1) + 1);
    await trx
      .insertInto('orderItems')
      .values(rows.map((l) => ({ ...l, orderId: order.id })))
      .execute();
    if (modifierRows.length > 0)
      await trx.insertInto('orderItemModifiers').values(modifierRows).execute();
    return repriceOrder(trx, order, ctx.clock().toISOString());
  });
  publishOrderChanges(ctx, [change]);
  return loadOrder(ctx.dbh.db, input.id);
}
