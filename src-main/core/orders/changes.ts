/** The change feed: every order write appends a seq in the same transaction as the write. */
import type { Db } from '../../db/schema';
import { prepared } from '../../db/prepared';
import type { OrderChanged } from './events';

const stampUpdated = prepared((db, orderId: string, at: string) =>
  db.updateTable('orders').set({ updatedAt: at }).where('id', '=', orderId),
);
const appendChange = prepared((db, orderId: string, at: string) =>
  db.insertInto('orderChanges').values({ orderId, at }).returning('seq'),
);

/** Stamps `updated_at` and appends to `order_changes`; call inside the writing transaction. */
export async function recordOrderChange(
  trx: Db,
  orderId: string,
  at: string,
): Promise<OrderChanged> {
  await stampUpdated(trx, orderId, at);
  return appendOrderChange(trx, orderId, at);
}

/**
 * Appends to `order_changes` for a write that set `updated_at = at` itself (a new order's insert,
 * a status move, a payment): a second update of the order row only to stamp it would cost a
 * statement and a second sync-outbox row per change (issue 13).
 */
export async function appendOrderChange(
  trx: Db,
  orderId: string,
  at: string,
): Promise<OrderChanged> {
  const [row] = await appendChange(trx, orderId, at);
  if (!row) throw new Error('order_changes: no seq returned');
  return { seq: row.seq, orderId };
}

export async function lastSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('orderChanges')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return row?.seq ?? 0;
}
