/** Shared set-up for the inventory tests: a server, users of each role, orders with recipes. */
import type { CoreContext } from '../../src-main/core/context';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import { startTestServer, type TestServer } from '../helpers/app';

export interface World {
  ts: TestServer;
  adminId: string;
  admin: string;
  manager: string;
  cashier: string;
  kitchen: string;
}

export async function inventoryWorld(): Promise<World> {
  const ts = await startTestServer();
  const admin = await ts.createUser({ username: 'ada', password: 'admin-pass-1', role: 'admin' });
  await ts.createUser({ username: 'max', password: 'manager-pass-1', role: 'manager' });
  await ts.createUser({ username: 'cleo', password: 'cashier-pass-1', role: 'cashier' });
  await ts.createUser({ username: 'kit', password: 'kitchen-pass-1', role: 'kitchen' });
  return {
    ts,
    adminId: admin.id,
    admin: await ts.token('ada', 'admin-pass-1'),
    manager: await ts.token('max', 'manager-pass-1'),
    cashier: await ts.token('cleo', 'cashier-pass-1'),
    kitchen: await ts.token('kit', 'kitchen-pass-1'),
  };
}

let seq = 0;

/** POST /api/inventory/items as the admin; fails loudly unless 201. */
export async function newItem(
  w: World,
  body: {
    name?: string;
    unit?: string;
    onHand?: number | string;
    lowStockThreshold?: number | string;
  },
): Promise<InventoryItem> {
  const r = await w.ts.request<InventoryItem>('/api/inventory/items', {
    body: { name: body.name ?? `item ${++seq}`, unit: body.unit ?? 'g', ...body },
    token: w.admin,
  });
  if (r.status !== 201) throw new Error(`create item: ${r.status} ${r.text}`);
  return r.body;
}

export async function getItem(w: World, id: string): Promise<InventoryItem> {
  const r = await w.ts.request<{ items: InventoryItem[] }>('/api/inventory/items', {
    token: w.admin,
  });
  const item = r.body.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
}

export function count(ctx: CoreContext, table: string): number {
  const row = ctx.dbh.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
  return row.n;
}

/**
 * An order written straight into the tables of 0003, with lines carrying copied recipes, so the
 * consumption rules are tested without depending on the order-taking code.
 */
export function insertOrder(
  ctx: CoreContext,
  createdBy: string,
  lines: { quantity: number; recipe: { inventoryItemId: string; quantityMilli: number }[] }[],
  status = 'pending',
): string {
  const db = ctx.dbh.sqlite;
  const now = ctx.clock().toISOString();
  const menuId = `menu-${++seq}`;
  db.prepare(
    `INSERT INTO menu_items (id, name, price, created_at, updated_at) VALUES (?, ?, 0, ?, ?)`,
  ).run(menuId, `drink ${seq}`, now, now);
  const orderId = `order-${++seq}`;
  db.prepare(
    `INSERT INTO orders (id, business_day, number, status, subtotal, tax, total, created_by, created_at, updated_at)
     VALUES (?, '2026-11-25', ?, ?, 0, 0, 0, ?, ?, ?)`,
  ).run(orderId, seq, status, createdBy, now, now);
  lines.forEach((l, i) => {
    db.prepare(
      `INSERT INTO order_items (id, order_id, position, menu_item_id, name, unit_price, quantity, tax_rate_bps, line_total, line_tax, recipe)
       VALUES (?, ?, ?, ?, 'drink', 0, ?, 0, 0, 0, ?)`,
    ).run(`${orderId}-l${i}`, orderId, i, menuId, l.quantity, JSON.stringify(l.recipe));
  });
  return orderId;
}
