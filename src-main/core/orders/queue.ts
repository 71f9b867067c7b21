import { sql } from 'kysely';
import type { OrderProgress, QueueOrder } from '../../../src-shared/contract/orders';
import type { OrderStatus } from '../../../src-shared/order-states';
import type { CoreContext } from '../context';

/**
 * The live orders, oldest first. The status filter is the very literal of the partial index
 * `orders_live` (a bound parameter would hide it from the planner). INDEXED BY pins it: left to
 * itself the planner picks `orders_status_created_at` plus a sort; pinned, it walks only the live
 * rows already in order, however many past orders there are (test/orders/queue.test.ts checks the
 * plan). Should the index ever stop matching, SQLite refuses the query instead of scanning.
 */
export const QUEUE_SQL = `SELECT id, number, status, created_at AS createdAt, updated_at AS updatedAt
  FROM orders INDEXED BY orders_live
  WHERE status IN ('in_queue', 'in_progress', 'ready')
  ORDER BY created_at, id`;

interface QueueRow {
  id: string;
  number: number;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export async function orderQueue(
  ctx: CoreContext,
): Promise<{ orders: QueueOrder[]; generatedAt: string }> {
  const db = ctx.dbh.db;
  // Read first: generatedAt is never newer than the rows below.
  const last = await db
    .selectFrom('orderChanges')
    .select('at')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const rows = (await sql<QueueRow>`${sql.raw(QUEUE_SQL)}`.execute(db)).rows;
  const items = rows.length
    ? await db
        .selectFrom('orderItems')
        .select(['id', 'orderId', 'name', 'quantity', 'note'])
        .where(
          'orderId',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('orderId')
        .orderBy('position')
        .execute()
    : [];
  // Section 12: the kitchen needs the chosen modifiers (names), present only on lines with some.
  const modifiers = items.length
    ? await db
        .selectFrom('orderItemModifiers')
        .select(['orderItemId', 'name'])
        .where(
          'orderItemId',
          'in',
          items.map((i) => i.id),
        )
        .orderBy('orderItemId')
        .orderBy('position')
        .execute()
    : [];
  const modifiersBy = new Map<string, string[]>();
  for (const m of modifiers)
    modifiersBy.set(m.orderItemId, [...(modifiersBy.get(m.orderItemId) ?? []), m.name]);
  const byOrder = new Map<string, QueueOrder['items']>();
  for (const i of items) {
    const list = byOrder.get(i.orderId) ?? [];
    const mods = modifiersBy.get(i.id);
    list.push({
      name: i.name,
      quantity: i.quantity,
      note: i.note,
      ...(mods ? { modifiers: mods } : {}),
    });
    byOrder.set(i.orderId, list);
  }
  return {
    orders: rows.map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status as OrderStatus,
      items: byOrder.get(r.id) ?? [],
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    })),
    // When the data last changed, not the clock: an unchanged queue keeps its ETag (304).
    generatedAt: last?.at ?? ctx.startedAt.toISOString(),
  };
}

export async function bulkProgress(
  ctx: CoreContext,
  ids: string[],
): Promise<{ orders: OrderProgress[]; missing: string[] }> {
  const unique = [...new Set(ids)];
  const rows = await ctx.dbh.db
    .selectFrom('orders')
    .select(['id', 'number', 'status', 'updatedAt'])
    .where('id', 'in', unique)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const orders: OrderProgress[] = [];
  const missing: string[] = [];
  for (const id of unique) {
    const r = byId.get(id);
    if (r) orders.push({ ...r, status: r.status as OrderStatus });
    else missing.push(id);
  }
  return { orders, missing };
}
