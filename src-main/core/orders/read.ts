/**
 * The Order read model: one place that turns the rows of an order (order, lines, history) into the
 * `Order` of the contract. Every operation that answers with an order (status moves, payments,
 * refunds) calls `loadOrder`, inside its transaction or after it.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Order, OrderHistoryEntry, OrderItem } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { OrderStatus } from '../../../src-shared/order-states';
import type { DB, OrderHistoryTable, OrderItemsTable, OrdersTable } from '../../db/schema';

/** The database or an open transaction (`Transaction<DB>` extends `Kysely<DB>`). */
export type Db = Kysely<DB>;
export type OrderRow = Selectable<OrdersTable>;

export function toOrderItem(r: Selectable<OrderItemsTable>): OrderItem {
  return {
    id: r.id,
    menuItemId: r.menuItemId,
    name: r.name,
    unitPrice: r.unitPrice,
    quantity: r.quantity,
    taxRateBps: r.taxRateBps,
    lineTotal: r.lineTotal,
    note: r.note,
  };
}

export function toHistoryEntry(r: Selectable<OrderHistoryTable>): OrderHistoryEntry {
  return {
    from: r.fromStatus as OrderStatus | null,
    to: r.toStatus as OrderStatus,
    at: r.at,
    by: r.by,
    reason: r.reason,
  };
}

export function toOrder(
  row: OrderRow,
  items: Selectable<OrderItemsTable>[],
  history: Selectable<OrderHistoryTable>[],
): Order {
  return {
    id: row.id,
    number: row.number,
    status: row.status as OrderStatus,
    items: items.map(toOrderItem),
    subtotal: row.subtotal,
    tax: row.tax,
    total: row.total,
    paid: row.paid,
    refunded: row.refunded,
    balance: row.total - row.paid + row.refunded,
    customerId: row.customerId,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    history: history.map(toHistoryEntry),
  };
}

export async function findOrderRow(db: Db, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The order with its lines and history, or undefined. Pass `trx` to read inside a transaction. */
export async function findOrder(db: Db, id: string): Promise<Order | undefined> {
  const row = await findOrderRow(db, id);
  if (!row) return undefined;
  const [items, history] = await Promise.all([
    db.selectFrom('orderItems').selectAll().where('orderId', '=', id).orderBy('position').execute(),
    db.selectFrom('orderHistory').selectAll().where('orderId', '=', id).orderBy('id').execute(),
  ]);
  return toOrder(row, items, history);
}

/** Like `findOrder`, but an unknown id is 404 `not_found`. */
export async function loadOrder(db: Db, id: string): Promise<Order> {
  const order = await findOrder(db, id);
  if (!order) throw new PosError('not_found', 'no such order', { id });
  return order;
}

/** Many orders at once (list pages): three queries however many orders. */
export async function loadOrders(db: Db, rows: OrderRow[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [items, history] = await Promise.all([
    db
      .selectFrom('orderItems')
      .selectAll()
      .where('orderId', 'in', ids)
      .orderBy('orderId')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('orderHistory')
      .selectAll()
      .where('orderId', 'in', ids)
      .orderBy('orderId')
      .orderBy('id')
      .execute(),
  ]);
  const itemsBy = groupBy(items, (i) => i.orderId);
  const historyBy = groupBy(history, (h) => h.orderId);
  return rows.map((r) => toOrder(r, itemsBy.get(r.id) ?? [], historyBy.get(r.id) ?? []));
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
