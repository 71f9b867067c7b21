/** GET /api/reports/inventory and /api/reports/customer-history, data made through the API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerHistory, InventoryReport } from '../../src-shared/contract/reports';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { call, menuItem, move, order, pay, refund, type Api } from './fixtures';

let ts: TestServer;
let api: Api;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'mgr', password: 'password-1', role: 'manager' });
  api = { ts, token: await ts.token('mgr', 'password-1') };
  const item = async (name: string, extra: Record<string, unknown>) =>
    (await call<{ id: string }>(api, '/api/inventory/items', { name, unit: 'kg', ...extra })).id;

  ts.clock.set('2026-10-01T08:00:00.000Z');
  ids.milk = await item('Milk', { onHand: 10 });
  ids.beans = await item('Beans', { lowStockThreshold: 2 });
  ids.cups = await item('Cups', { onHand: 1 });
  ids.sugar = await item('Sugar', {});
  await call(api, '/api/inventory/receipts', {
    items: [
      { inventoryItemId: ids.milk, quantity: 2.5, unitCost: 123 },
      { inventoryItemId: ids.beans, quantity: 1.001, unitCost: 999 },
      { inventoryItemId: ids.sugar, quantity: 1, unitCost: 200 },
    ],
  });
  const latte = await menuItem(api, 'Latte', 450);
  const o = await order(api, [[latte, 1]]);
  // Long before the report's range: not counted as consumed in it.
  await call(api, '/api/inventory/consume', {
    orderId: o.id,
    items: [{ inventoryItemId: ids.milk, quantity: 1 }],
  });
  ts.clock.set('2026-11-20T08:00:00.000Z');
  await call(api, '/api/inventory/consume', {
    orderId: o.id,
    items: [
      { inventoryItemId: ids.milk, quantity: 2.25 },
      { inventoryItemId: ids.cups, quantity: 3 },
      { inventoryItemId: ids.sugar, quantity: 1.5 },
    ],
  });
  ts.clock.set('2026-11-25T10:00:00.000Z');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

describe('GET /api/reports/inventory', () => {
  it('values stock at last cost in integers, flags low and negative stock, sums consumption', async () => {
    const r = await call<InventoryReport>(api, '/api/reports/inventory');
    expect(r.to).toBe('2026-11-25T10:00:00.000Z');
    expect(r.from).toBe('2026-10-26T10:00:00.000Z'); // default 30d
    const by = Object.fromEntries(r.items.map((i) => [i.name, i]));
    expect(r.items.map((i) => i.name)).toEqual(['Beans', 'Cups', 'Milk', 'Sugar']);
    // 12.5 − 1 − 2.25 = 9.25 kg × 123 = 1137.75 → 1138
    expect(by.Milk).toEqual({
      id: ids.milk,
      name: 'Milk',
      unit: 'kg',
      onHand: 9.25,
      lowStockThreshold: 0,
      lowStock: false,
      negative: false,
      lastUnitCost: 123,
      value: 1138,
      consumed: 2.25,
    });
    // 1.001 × 999 = 999.999 → 1000; at or below its threshold of 2
    expect(by.Beans).toMatchObject({ onHand: 1.001, value: 1000, lowStock: true, consumed: 0 });
    // no cost known: value 0; below zero: flagged
    expect(by.Cups).toMatchObject({
      onHand: -2,
      negative: true,
      lowStock: true,
      lastUnitCost: null,
      value: 0,
      consumed: 3,
    });
    // −0.5 × 200 = −100: negative stock is valued as the books have it
    expect(by.Sugar).toMatchObject({ onHand: -0.5, negative: true, value: -100, consumed: 1.5 });
    expect(r.totalValue).toBe(1138 + 1000 + 0 - 100);
  });

  it('counts consumption within the given range only; CSV too', async () => {
    const r = await call<InventoryReport>(
      api,
      '/api/reports/inventory?range=2026-09-01T00:00:00Z..2026-11-01T00:00:00Z',
    );
    expect(r.items.find((i) => i.name === 'Milk')?.consumed).toBe(1);
    const csv = await ts.request('/api/reports/inventory?format=csv', { token: api.token });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,name,unit,onHand,lowStockThreshold,lowStock,negative,lastUnitCost,value,consumed',
    );
    expect(lines[3]).toBe(`${ids.milk},Milk,kg,9.25,0,false,false,123,1138,2.25`);
    const bad = await ts.request<ErrorBodyShape>('/api/reports/inventory?range=1y', {
      token: api.token,
    });
    expect(bad.body.error.code).toBe('invalid_range');
  });
});

describe('GET /api/reports/customer-history', () => {
  it('lists the customer’s orders newest first with what they spent', async () => {
    const cust = await call<{ id: string; name: string }>(api, '/api/customers', { name: 'Zoë' });
    const other = await call<{ id: string }>(api, '/api/customers', { name: 'Other' });
    const latte = await menuItem(api, 'Flat white', 400);
    ts.clock.set('2026-11-25T11:00:00.000Z');
    const a = await order(api, [[latte, 2]], cust.id);
    await pay(api, a.id, 'card', a.total);
    ts.clock.set('2026-11-25T12:00:00.000Z');
    const b = await order(api, [[latte, 1]], cust.id);
    const bPay = await pay(api, b.id, 'card', b.total);
    await refund(api, bPay, 150);
    ts.clock.set('2026-11-25T13:00:00.000Z');
    const c = await order(api, [[latte, 3]], cust.id);
    await move(api, c.id, 'cancelled');
    await order(api, [[latte, 1]], other.id);

    const r = await call<CustomerHistory>(
      api,
      `/api/reports/customer-history?customerId=${cust.id}`,
    );
    expect(r.customer).toMatchObject({ id: cust.id, name: 'Zoë' });
    expect(r.orderCount).toBe(3);
    expect(r.orders.map((o) => [o.id, o.status, o.total])).toEqual([
      [c.id, 'cancelled', 1200],
      [b.id, 'pending', 400],
      [a.id, 'pending', 800],
    ]);
    expect(r.orders[0]?.createdAt).toBe('2026-11-25T13:00:00.000Z');
    expect(r.totalSpent).toBe(800 + 400 - 150);

    const csv = await ts.request(`/api/reports/customer-history?customerId=${cust.id}&format=csv`, {
      token: api.token,
    });
    expect(csv.text.split('\r\n')[0]).toBe('id,number,status,total,createdAt');
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(4);
  });

  it('404 for an unknown customer, 422 without one', async () => {
    const r = await ts.request<ErrorBodyShape>('/api/reports/customer-history?customerId=nope', {
      token: api.token,
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    const missing = await ts.request('/api/reports/customer-history', { token: api.token });
    expect(missing.status).toBe(422);
  });
});
