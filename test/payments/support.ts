/**
 * Shared set-up for payment tests: real orders through the orders core, row counts for
 * "nothing written" checks, and request shorthands.
 */
import { createMenuItem } from '../../src-main/core/menu/items';
import { createOrder } from '../../src-main/core/orders/create';
import { transitionOrder } from '../../src-main/core/orders/transition';
import type { OrderStatus } from '../../src-shared/order-states';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment, Refund, DrawerKick } from '../../src-shared/contract/payments';
import {
  createSimulatedProvider,
  type SimulatedProvider,
} from '../../src-main/core/payments/provider';
import { startTestServer, type ErrorBodyShape, type TestServer } from '../helpers/app';

export interface NewOrder {
  total: number;
  createdBy: string;
}

/**
 * A real order through the orders core: one menu item priced at `total` (no tax), one line.
 * Returns its id.
 */
export async function insertOrder(ts: TestServer, o: NewOrder): Promise<string> {
  const item = await createMenuItem(ts.app.core, { name: `Item ${o.total}`, price: o.total });
  const order = await createOrder(ts.app.core, o.createdBy, {
    items: [{ menuItemId: item.id, quantity: 1 }],
  });
  return order.id;
}

/** Moves an order through the real state machine (the actor may do anything). */
export async function moveTo(
  ts: TestServer,
  id: string,
  path: OrderStatus[],
  userId: string,
  reason?: string,
): Promise<void> {
  for (const status of path)
    await transitionOrder(ts.app.core, { userId, can: () => true }, { id, status, reason });
}

/** Forces a status without the state machine (for states the test only needs to exist). */
export function setStatus(ts: TestServer, id: string, status: string): void {
  ts.app.core.dbh.sqlite.prepare('UPDATE orders SET status = ? WHERE id = ?').run(status, id);
}

export function count(ts: TestServer, table: string, where = '1'): number {
  return (
    ts.app.core.dbh.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as {
      n: number;
    }
  ).n;
}

/** Row counts of every table a payment or refund writes to: "nothing written" compares these. */
export function moneyCounts(ts: TestServer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of [
    'payments',
    'refunds',
    'cash_movements',
    'cash_sessions',
    'order_changes',
    'order_history',
    'provider_voids',
  ])
    out[t] = count(ts, t);
  const sums = ts.app.core.dbh.sqlite
    .prepare('SELECT coalesce(sum(paid),0) AS p, coalesce(sum(refunded),0) AS r FROM orders')
    .get() as { p: number; r: number };
  out.ordersPaid = sums.p;
  out.ordersRefunded = sums.r;
  return out;
}

export type PaymentBody = {
  payment: Payment;
  order: Order;
  drawer?: DrawerKick;
} & ErrorBodyShape;

export type RefundBody = {
  refund: Refund;
  payment: Payment;
  order: Order;
  drawer?: DrawerKick;
} & ErrorBodyShape;

export function pay(
  ts: TestServer,
  token: string,
  orderId: string,
  body: Record<string, unknown>,
  headers?: Record<string, string>,
) {
  return ts.request<PaymentBody>(`/api/orders/${orderId}/payment`, {
    token,
    body,
    ...(headers ? { headers } : {}),
  });
}

export function refund(
  ts: TestServer,
  token: string,
  paymentId: string,
  body: Record<string, unknown>,
  headers?: Record<string, string>,
) {
  return ts.request<RefundBody>(`/api/payments/${paymentId}/refund`, {
    token,
    body,
    ...(headers ? { headers } : {}),
  });
}

export interface PaymentWorld {
  ts: TestServer;
  provider: SimulatedProvider;
  /** Tokens and ids of the till's cashier, a manager and a kitchen user. */
  cashier: string;
  cashierId: string;
  manager: string;
  managerId: string;
  cook: string;
}

/** A server with the simulated provider (optionally slow) and three signed-in users. */
export async function paymentWorld(opts: { latencyMs?: number } = {}): Promise<PaymentWorld> {
  const ts = await startTestServer();
  const provider = createSimulatedProvider(
    opts.latencyMs === undefined ? {} : { latencyMs: opts.latencyMs },
  );
  ts.app.core.payments = provider;
  const [till, boss] = await Promise.all([
    ts.createUser({ username: 'till', password: 'password1', role: 'cashier' }),
    ts.createUser({ username: 'boss', password: 'password2', role: 'manager' }),
    ts.createUser({ username: 'cook', password: 'password3', role: 'kitchen' }),
  ]);
  const [cashier, manager, cook] = await Promise.all([
    ts.token('till', 'password1'),
    ts.token('boss', 'password2'),
    ts.token('cook', 'password3'),
  ]);
  return { ts, provider, cashier, cashierId: till.id, manager, managerId: boss.id, cook };
}
