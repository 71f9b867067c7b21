/**
 * The Order read model: one place that turns the rows of an order (order, lines, history) into the
 * `Order` of the contract. Every operation that answers with an order (status moves, payments,
 * refunds) calls `loadOrder`, inside its transaction or after it.
 */
import { sql, type Selectable } from 'kysely';
import type {
  Order,
  OrderDiscount,
  OrderHistoryEntry,
  OrderItem,
} from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { OrderStatus } from '../../../src-shared/order-states';
import type {
  Db,
  OrderDiscountsTable,
  OrderHistoryTable,
  OrderItemModifiersTable,
  OrderItemsTable,
  OrdersTable,
} from '../../db/schema';
import { prepared } from '../../db/prepared';

export type OrderRow = Selectable<OrdersTable>;
// A chosen modifier as the answer needs it (a new order's rows have no id yet).
type ModifierRow = Omit<Selectable<OrderItemModifiersTable>, 'id'>;
type DiscountRow = Selectable<OrderDiscountsTable>;
// A history entry as the answer needs it (a new order's first entry is answered without its id).
type HistoryRow = Omit<Selectable<OrderHistoryTable>, 'id'>;

/** Section 12's rows of an order: chosen modifiers and live discounts. */
export interface OrderExtras {
  modifiers: ModifierRow[];
  discounts: DiscountRow[];
}

export function toOrderItem(
  r: Selectable<OrderItemsTable>,
  modifiers: ModifierRow[] = [],
): OrderItem {
  return {
    id: r.id,
    menuItemId: r.menuItemId,
    name: r.name,
    unitPrice: r.unitPrice,
    quantity: r.quantity,
    taxRateBps: r.taxRateBps,
    lineTotal: r.lineTotal,
    note: r.note,
    modifiers: modifiers.map((m) => ({
      groupId: m.groupId,
      groupName: m.groupName,
      optionId: m.optionId,
      name: m.name,
      priceDelta: m.priceDelta,
    })),
    discount: r.discount,
    lineTax: r.lineTax,
  };
}

export function toOrderDiscount(d: DiscountRow): OrderDiscount {
  return {
    id: d.id,
    itemId: d.orderItemId,
    kind: d.kind,
    percent: d.kind === 'percent' ? d.value / 100 : null,
    amount: d.amount,
    reason: d.reason,
    createdAt: d.createdAt,
    createdBy: d.createdBy,
  };
}

export function toHistoryEntry(r: HistoryRow): OrderHistoryEntry {
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
  history: HistoryRow[],
  extras: OrderExtras = { modifiers: [], discounts: [] },
): Order {
  const held = row.heldAt !== null && row.status === 'pending';
  const modifiersBy = groupBy(extras.modifiers, (m) => m.orderItemId);
  return {
    id: row.id,
    number: row.number,
    status: row.status as OrderStatus,
    items: items.map((i) => toOrderItem(i, modifiersBy.get(i.id))),
    subtotal: row.subtotal,
    discount: row.discount,
    discounts: extras.discounts.map(toOrderDiscount),
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
    // A hold only means something while pending: an order sent on (or cancelled) is not held.
    held,
    heldAt: held ? row.heldAt : null,
    holdNote: held ? row.holdNote : null,
  };
}

/** The modifiers and live discounts of some orders (two indexed queries). */
export async function loadExtras(db: Db, orderIds: string[]): Promise<OrderExtras> {
  if (orderIds.length === 0) return { modifiers: [], discounts: [] };
  const [modifiers, discounts] = await Promise.all([
    db
      .selectFrom('orderItemModifiers')
      .selectAll('orderItemModifiers')
      .innerJoin('orderItems', 'orderItems.id', 'orderItemModifiers.orderItemId')
      .where('orderItems.orderId', 'in', orderIds)
      .orderBy('orderItemModifiers.orderItemId')
      .orderBy('orderItemModifiers.position')
      .execute(),
    db
      .selectFrom('orderDiscounts')
      .selectAll()
      .where('orderId', 'in', orderIds)
      .where('removedAt', 'is', null)
      .orderBy('orderId')
      .orderBy('createdAt')
      .orderBy(sql`rowid`)
      .execute(),
  ]);
  return { modifiers, discounts };
}

const orderRowById = prepared((db, id: string) =>
  db.selectFrom('orders').selectAll().where('id', '=', id),
);
const itemsOf = prepared((db, orderId: string) =>
  db.selectFrom('orderItems').selectAll().where('orderId', '=', orderId).orderBy('position'),
);
const historyOf = prepared((db, orderId: string) =>
  db.selectFrom('orderHistory').selectAll().where('orderId', '=', orderId).orderBy('id'),
);

export async function findOrderRow(db: Db, id: string): Promise<OrderRow | undefined> {
  return (await orderRowById(db, id))[0];
}

const modifiersOf = prepared((db, orderId: string) =>
  db
    .selectFrom('orderItemModifiers')
    .selectAll('orderItemModifiers')
    .innerJoin('orderItems', 'orderItems.id', 'orderItemModifiers.orderItemId')
    .where('orderItems.orderId', '=', orderId)
    .orderBy('orderItemModifiers.orderItemId')
    .orderBy('orderItemModifiers.position'),
);
const liveDiscountsOf = prepared((db, orderId: string) =>
  db
    .selectFrom('orderDiscounts')
    .selectAll()
    .where('orderId', '=', orderId)
    .where('removedAt', 'is', null)
    .orderBy('createdAt')
    .orderBy(sql`rowid`),
);

/**
 * The order with its lines and history, or undefined. Pass `trx` to read inside a transaction.
 * Five compiled queries (db/prepared.ts): every status move and payment answers with one.
 */
export async function findOrder(db: Db, id: string): Promise<Order | undefined> {
  const row = await findOrderRow(db, id);
  if (!row) return undefined;
  const [items, history, modifiers, discounts] = await Promise.all([
    itemsOf(db, id),
    historyOf(db, id),
    modifiersOf(db, id),
    liveDiscountsOf(db, id),
  ]);
  return toOrder(row, items, history, { modifiers, discounts });
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
  const [items, history, extras] = await Promise.all([
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
    loadExtras(db, ids),
  ]);
  const itemsBy = groupBy(items, (i) => i.orderId);
  const historyBy = groupBy(history, (h) => h.orderId);
  const discountsBy = groupBy(extras.discounts, (d) => d.orderId);
  return rows.map((r) =>
    toOrder(r, itemsBy.get(r.id) ?? [], historyBy.get(r.id) ?? [], {
      modifiers: extras.modifiers,
      discounts: discountsBy.get(r.id) ?? [],
    }),
  );
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
