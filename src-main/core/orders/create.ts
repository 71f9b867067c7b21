import type { z } from 'zod';
import type { createOrderInput, Order } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { getSettings } from '../settings';
import { businessDay } from './business-day';
import { appendOrderChange } from './changes';
import { publishOrderChanges } from './events';
import { buildLines } from './lines';
import { keepSellableItems } from '../menu/sellable';
import type { Db } from '../../db/schema';
import { prepared, preparedInsert } from '../../db/prepared';
import { toOrder, type OrderRow } from './read';
import { orderTotals } from './totals';

export type CreateOrderInput = z.infer<typeof createOrderInput>;

const maxNumberOf = prepared((db, day: string) =>
  db
    .selectFrom('orders')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('businessDay', '=', day),
);
const firstHistory = prepared((db, orderId: string, at: string, by: string) =>
  db
    .insertInto('orderHistory')
    .values({ orderId, fromStatus: null, toStatus: 'pending', at, by, reason: null }),
);
// Every column of the row, so what is inserted is the whole row the answer is made from.
const insertOrderRow = preparedInsert('orders', [
  'id',
  'businessDay',
  'number',
  'status',
  'subtotal',
  'tax',
  'total',
  'paid',
  'refunded',
  'customerId',
  'note',
  'createdBy',
  'createdAt',
  'updatedAt',
  'consumedAt',
  'discount',
  'heldAt',
  'heldBy',
  'holdNote',
] as const);
const insertLine = preparedInsert('orderItems', [
  'id',
  'orderId',
  'position',
  'menuItemId',
  'name',
  'unitPrice',
  'quantity',
  'taxRateBps',
  'lineTotal',
  'lineTax',
  'note',
  'recipe',
  'modifierTotal',
  'discount',
] as const);
const insertModifier = preparedInsert('orderItemModifiers', [
  'orderItemId',
  'position',
  'groupId',
  'groupName',
  'optionId',
  'name',
  'priceDelta',
] as const);

/** The next number of a business day; runs inside the inserting transaction (BEGIN IMMEDIATE). */
async function nextNumber(trx: Db, day: string): Promise<number> {
  const [row] = await maxNumberOf(trx, day);
  return (row?.n ?? 0) + 1;
}

/**
 * Creates an order in `pending`: prices, tax rates and recipes are copied from the menu into the
 * lines, so a later menu change never alters it. Every check runs before the first write, and all
 * writes are one transaction: a refused order leaves nothing behind. The answer is made by the read
 * model (`toOrder`) from the very rows inserted, every column given, instead of reading them back
 * (issue 13: five queries per order); test/orders/create.test.ts checks it equals a fresh read.
 */
export async function createOrder(
  ctx: CoreContext,
  userId: string,
  input: CreateOrderInput,
): Promise<Order> {
  const { timeZone } = getSettings(ctx);
  await keepSellableItems(ctx);
  const { order, change } = await ctx.dbh.db.transaction().execute(async (trx) => {
    const now = ctx.clock();
    const at = now.toISOString();
    const { rows: lines, modifierRows } = await buildLines(ctx, trx, input.items);
    if (input.customerId !== undefined) {
      const c = await trx
        .selectFrom('customers')
        .select('id')
        .where('id', '=', input.customerId)
        .executeTakeFirst();
      if (!c)
        throw new PosError('validation_error', 'customerId: no such customer', {
          issues: [{ path: 'customerId', message: 'no such customer', code: 'unknown_customer' }],
        });
    }
    const day = businessDay(now, timeZone);
    const orderId = ctx.newId();
    const row: OrderRow = {
      id: orderId,
      businessDay: day,
      number: await nextNumber(trx, day),
      status: 'pending',
      ...orderTotals(lines),
      paid: 0,
      refunded: 0,
      customerId: input.customerId ?? null,
      note: input.note || null,
      createdBy: userId,
      createdAt: at,
      // The change below is stamped by this insert (appendOrderChange).
      updatedAt: at,
      consumedAt: null,
      discount: 0,
      heldAt: null,
      heldBy: null,
      holdNote: null,
    };
    await insertOrderRow(trx, row);
    const items = lines.map((l) => ({ ...l, orderId, discount: 0 }));
    for (const item of items) await insertLine(trx, item);
    for (const m of modifierRows) await insertModifier(trx, m);
    await firstHistory(trx, orderId, at, userId);
    const historyRow = {
      orderId,
      fromStatus: null,
      toStatus: 'pending',
      at,
      by: userId,
      reason: null,
    };
    return {
      order: toOrder(row, items, [historyRow], { modifiers: modifierRows, discounts: [] }),
      change: await appendOrderChange(trx, orderId, at),
    };
  });
  publishOrderChanges(ctx, [{ ...change, order }]);
  return order;
}
