/**
 * Splitting a bill by item: what some lines of an order cost, tax included. Each
 * line's discount and tax are already its own (order discounts are allocated to lines, tax is per
 * line), so the amounts of any partition of the lines add up to the order's total exactly; the
 * till takes one payment per guest with these amounts (several payments against one order).
 */
import type { SplitPreview } from '../../../src-shared/contract/counter';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';

export async function splitPreview(
  ctx: CoreContext,
  input: { id: string; itemIds: string[] },
): Promise<SplitPreview> {
  const db = ctx.dbh.db;
  const order = await db
    .selectFrom('orders')
    .select(['id', 'total', 'paid', 'refunded'])
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!order) throw new PosError('not_found', 'no such order', { id: input.id });
  const lines = await db
    .selectFrom('orderItems')
    .select(['id', 'lineTotal', 'discount', 'lineTax'])
    .where('orderId', '=', input.id)
    .where('id', 'in', input.itemIds)
    .execute();
  const found = new Set(lines.map((l) => l.id));
  const missing = input.itemIds.filter((i) => !found.has(i));
  if (missing.length > 0)
    throw new PosError('not_found', 'no such line in this order', { itemIds: missing });
  let subtotal = 0;
  let discount = 0;
  let tax = 0;
  for (const l of lines) {
    subtotal += l.lineTotal;
    discount += l.discount;
    tax += l.lineTax;
  }
  return {
    orderId: order.id,
    itemIds: input.itemIds,
    subtotal,
    discount,
    tax,
    amount: subtotal - discount + tax,
    balance: order.total - order.paid + order.refunded,
  };
}
