import type { z } from 'zod';
import type { createOrderInput, Order } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { getSettings } from '../settings';
import { businessDay } from './business-day';
import { recordOrderChange } from './changes';
import { publishOrderChanges } from './events';
import { buildLines } from './lines';
import type { Db } from '../../db/schema';
import { prepared } from '../../db/prepared';
import { loadOrder } from './read';
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

/** The next number of a business day; runs inside the inserting transaction (BEGIN IMMEDIATE). */
async function nextNumber(trx: Db, day: string): Promise<number> {
  const [row] = await maxNumberOf(trx, day);
  return (row?.n ?? 0) + 1;
}

/**
 * Creates an order in `pending`: prices, tax rates and recipes are copied from the menu into the
 * lines, so a later menu change never alters it. Every check runs before the first write, and all
 * writes are one transaction: a refused order leaves nothing behind.
 */
export async function createOrder(
  ctx: CoreContext,
  userId: string,
  input: CreateOrderInput,
): Promise<Order> {
  const { timeZone } = getSettings(ctx);
  const { id, change } = await ctx.dbh.db.transaction().execute(async (trx) => {
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
    const totals = orderTotals(lines);
    const day = businessDay(now, timeZone);
    const orderId = ctx.newId();
    await trx
      .insertInto('orders')
      .values({
        id: orderId,
        businessDay: day,
        number: await nextNumber(trx, day),
        status: 'pending',
        ...totals,
        customerId: input.customerId ?? null,
        note: input.note || null,
        createdBy: userId,
        createdAt: at,
        updatedAt: at,
        consumedAt: null,
      })
      .execute();
    await trx
      .insertInto('orderItems')
      .values(lines.map((l) => ({ ...l, orderId })))
      .execute();
    if (modifierRows.length > 0)
      await trx.insertInto('orderItemModifiers').values(modifierRows).execute();
    await firstHistory(trx, orderId, at, userId);
    return { id: orderId, change: await recordOrderChange(trx, orderId, at) };
  });
  publishOrderChanges(ctx, [change]);
  return loadOrder(ctx.dbh.db, id);
}
