/**
 * What a payment or refund does to its order, inside the money transaction: the running `paid` /
 * `refunded` sums and the change feed (seq + updated_at, so the kitchen stream sees it).
 */
import type { Kysely } from 'kysely';
import type { OrderStatus } from '../../../src-shared/order-states';
import type { DB } from '../../db/schema';
import { prepared } from '../../db/prepared';
import { appendOrderChange } from '../orders/changes';
import type { OrderChanged } from '../orders/events';

/** Statuses that take no more money (section 5: 409 `order_closed`). */
export const CLOSED_STATUSES: readonly OrderStatus[] = ['cancelled', 'refunded'];

const addToPaid = prepared((db, orderId: string, amount: number, at: string) =>
  db
    .updateTable('orders')
    .set((eb) => ({ paid: eb('paid', '+', amount), updatedAt: at }))
    .where('id', '=', orderId),
);

export async function addPaid(
  trx: Kysely<DB>,
  orderId: string,
  amount: number,
  at: string,
): Promise<OrderChanged> {
  await addToPaid(trx, orderId, amount, at);
  return appendOrderChange(trx, orderId, at);
}

/** Adds to `orders.refunded`; the caller records the change (once, after any status move). */
export async function addRefunded(trx: Kysely<DB>, orderId: string, amount: number): Promise<void> {
  await trx
    .updateTable('orders')
    .set((eb) => ({ refunded: eb('refunded', '+', amount) }))
    .where('id', '=', orderId)
    .execute();
}
