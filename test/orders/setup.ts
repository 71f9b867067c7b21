/** Shared setup for the order tests: one server, users with the four roles, a small menu. */
import { createCategory } from '../../src-main/core/menu/categories';
import { createMenuItem } from '../../src-main/core/menu/items';
import type { MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import { startTestServer, type StartOptions, type TestServer } from '../helpers/app';

export interface OrderWorld {
  ts: TestServer;
  admin: string;
  manager: string;
  cashier: string;
  kitchen: string;
  userIds: Record<string, string>;
  coffee: MenuItem;
  cake: MenuItem;
  soldOut: MenuItem;
  archived: MenuItem;
}

const PASSWORD = 'correct-horse-1';

export async function orderWorld(opts: StartOptions = {}): Promise<OrderWorld> {
  const ts = await startTestServer(opts);
  const userIds: Record<string, string> = {};
  for (const role of ['admin', 'manager', 'cashier', 'kitchen'] as const) {
    const u = await ts.createUser({ username: role, password: PASSWORD, role });
    userIds[role] = u.id;
  }
  const core = ts.app.core;
  const drinks = await createCategory(core, { name: 'Drinks' });
  const coffee = await createMenuItem(core, {
    name: 'Coffee',
    price: 350,
    categoryId: drinks.id,
    taxRateBps: 800,
  });
  const cake = await createMenuItem(core, { name: 'Cake', price: 425, taxRateBps: 1000 });
  const soldOut = await createMenuItem(core, { name: 'Muffin', price: 300, available: false });
  const gone = await createMenuItem(core, { name: 'Old tea', price: 200 });
  const { archiveMenuItem } = await import('../../src-main/core/menu/items');
  const archived = await archiveMenuItem(core, gone.id);
  return {
    ts,
    admin: await ts.token('admin', PASSWORD),
    manager: await ts.token('manager', PASSWORD),
    cashier: await ts.token('cashier', PASSWORD),
    kitchen: await ts.token('kitchen', PASSWORD),
    userIds,
    coffee,
    cake,
    soldOut,
    archived,
  };
}

export async function postOrder(
  w: OrderWorld,
  body: unknown,
  token = w.cashier,
  headers: Record<string, string> = {},
) {
  return w.ts.request<Order & { error: { code: string; details?: Record<string, unknown> } }>(
    '/api/orders',
    { body, token, headers },
  );
}

export async function newOrder(w: OrderWorld, quantity = 1): Promise<Order> {
  const res = await postOrder(w, { items: [{ menuItemId: w.coffee.id, quantity }] });
  if (res.status !== 201) throw new Error(`create order: ${res.status} ${res.text}`);
  return res.body;
}

export async function move(w: OrderWorld, id: string, status: string, token = w.manager) {
  return w.ts.request<Order & { error: { code: string; details?: Record<string, unknown> } }>(
    `/api/orders/${id}/status`,
    { method: 'PATCH', body: { status }, token },
  );
}

export function countRows(w: OrderWorld, table: string): number {
  return (
    w.ts.app.core.dbh.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }
  ).n;
}

export function orderRowCounts(w: OrderWorld) {
  return {
    orders: countRows(w, 'orders'),
    items: countRows(w, 'order_items'),
    history: countRows(w, 'order_history'),
    changes: countRows(w, 'order_changes'),
  };
}
