/** The change feed: every order write appends a seq in the same transaction as the write. */
import type { Db } from '../../db/schema';
import type { OrderChanged } from './events';

/** Stamps `updated_at` and appends to `order_changes`; call inside the writing transaction. */
export async function recordOrderChange(
  trx: Db,
  orderId: string,
  at: string,
): Promise<OrderChanged> {
  await trx.updateTable('orders').set({ updatedAt: at }).where('id', '=', orderId).execute();
  const row = await trx
    .insertInto('orderChanges')
    .values({ orderId, at })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return { seq: row.seq, orderId };
}

export async function lastSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('orderChanges')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return row?.seq ?? 0;
}
