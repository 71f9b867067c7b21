/**
 * Shared set-up for the section 12 counter tests (modifiers, discounts, tips, hold): one real
 * server, the four roles, and a small menu — a Latte (450, 8 % tax) offering Size (required,
 * exactly one), Milk (optional, at most one) and Extras (optional, at most two), and a Cake
 * (425, 10 % tax) offering nothing.
 */
import { createMenuItem } from '../../src-main/core/menu/items';
import { createCategory } from '../../src-main/core/menu/categories';
import { createModifierGroup, setItemModifierGroups } from '../../src-main/core/modifiers/groups';
import { enqueueReceipt } from '../../src-main/core/printing/receipts';
import { renderEscPos } from '../../src-main/documents/escpos-renderer';
import type { ReceiptModel } from '../../src-main/documents/receipt-model';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import type { MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import { decodeEscPos } from '../hardware/support/escpos-decode';
import { startTestServer, type ErrorBodyShape, type TestServer } from '../helpers/app';

export const PW = 'correct-horse-1';

export interface CounterWorld {
  ts: TestServer;
  admin: string;
  manager: string;
  cashier: string;
  kitchen: string;
  ids: Record<'admin' | 'manager' | 'cashier' | 'kitchen', string>;
  latte: MenuItem;
  cake: MenuItem;
  size: ModifierGroup;
  milk: ModifierGroup;
  extras: ModifierGroup;
  /** Option ids by name (hazelnut is unavailable). */
  opt: Record<
    'small' | 'medium' | 'large' | 'whole' | 'oat' | 'shot' | 'syrup' | 'hazelnut',
    string
  >;
}

export async function counterWorld(): Promise<CounterWorld> {
  const ts = await startTestServer();
  const ids = {} as CounterWorld['ids'];
  for (const role of ['admin', 'manager', 'cashier', 'kitchen'] as const)
    ids[role] = (await ts.createUser({ username: role, password: PW, role })).id;
  const core = ts.app.core;
  const coffee = await createCategory(core, { name: 'Coffee' });
  const latte = await createMenuItem(core, {
    name: 'Latte',
    price: 450,
    taxRateBps: 800,
    categoryId: coffee.id,
  });
  const cake = await createMenuItem(core, { name: 'Cake', price: 425, taxRateBps: 1000 });
  const size = await createModifierGroup(core, {
    name: 'Size',
    required: true,
    maxChoices: 1,
    options: [
      { name: 'Small', priceDelta: 0 },
      { name: 'Medium', priceDelta: 50 },
      { name: 'Large', priceDelta: 95 },
    ],
  });
  const milk = await createModifierGroup(core, {
    name: 'Milk',
    options: [
      { name: 'Whole milk', priceDelta: 0 },
      { name: 'Oat milk', priceDelta: 65 },
    ],
  });
  const extras = await createModifierGroup(core, {
    name: 'Extras',
    maxChoices: 2,
    options: [
      { name: 'Extra shot', priceDelta: 70 },
      { name: 'Syrup', priceDelta: 45 },
      { name: 'Hazelnut', priceDelta: 40, available: false },
    ],
  });
  await setItemModifierGroups(core, { id: latte.id, groupIds: [size.id, milk.id, extras.id] });
  const byName = (g: ModifierGroup, n: string) => g.options.find((o) => o.name === n)!.id;
  const opt = {
    small: byName(size, 'Small'),
    medium: byName(size, 'Medium'),
    large: byName(size, 'Large'),
    whole: byName(milk, 'Whole milk'),
    oat: byName(milk, 'Oat milk'),
    shot: byName(extras, 'Extra shot'),
    syrup: byName(extras, 'Syrup'),
    hazelnut: byName(extras, 'Hazelnut'),
  };
  const [admin, manager, cashier, kitchen] = await Promise.all([
    ts.token('admin', PW),
    ts.token('manager', PW),
    ts.token('cashier', PW),
    ts.token('kitchen', PW),
  ]);
  return { ts, admin, manager, cashier, kitchen, ids, latte, cake, size, milk, extras, opt };
}

export type Res<T> = T & ErrorBodyShape;

export function post<T = Order>(w: CounterWorld, path: string, body: unknown, token = w.cashier) {
  return w.ts.request<Res<T>>(path, { body, token });
}

export function get<T = Order>(w: CounterWorld, path: string, token = w.manager) {
  return w.ts.request<Res<T>>(path, { token });
}

/** The order of the tricky example: 3 × Latte (Large, Oat, Extra shot) and 1 × Cake. */
export async function latteAndCake(w: CounterWorld): Promise<Order> {
  const res = await post(w, '/api/orders', {
    items: [
      // Sent out of order on purpose: lines keep the item's group order.
      { menuItemId: w.latte.id, quantity: 3, modifiers: [w.opt.shot, w.opt.oat, w.opt.large] },
      { menuItemId: w.cake.id, quantity: 1 },
    ],
  });
  if (res.status !== 201) throw new Error(`create order: ${res.status} ${res.text}`);
  return res.body;
}

export function count(w: CounterWorld, table: string, where = '1'): number {
  return (
    w.ts.app.core.dbh.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as {
      n: number;
    }
  ).n;
}

/** Row counts of everything an order, a discount or a hold writes ("nothing written" checks). */
export function counts(w: CounterWorld): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of [
    'orders',
    'order_items',
    'order_item_modifiers',
    'order_history',
    'order_changes',
    'order_discounts',
    'audit_log',
    'payments',
  ])
    out[t] = count(w, t);
  return out;
}

/** The receipt of an order through the real print-job path, and its ESC/POS bytes as text. */
export async function receiptOf(
  w: CounterWorld,
  orderId: string,
): Promise<{ model: ReceiptModel; text: string }> {
  const job = await enqueueReceipt(w.ts.app.core, orderId, null, { reprint: false });
  const row = w.ts.app.core.dbh.sqlite
    .prepare('SELECT payload FROM print_jobs WHERE id = ?')
    .get(job.id) as { payload: string };
  const model = (JSON.parse(row.payload) as { model: ReceiptModel }).model;
  return { model, text: decodeEscPos(renderEscPos(model)).text };
}
