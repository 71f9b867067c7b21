/**
 * POST /api/orders/:id/items (issue 10): a recalled order takes more items, priced by the
 * server, re-priced under its discounts, in one transaction; refused in plain codes otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order, OrderChange } from '../../src-shared/contract/orders';
import { removeTempDirs } from '../helpers/app';
import {
  counterWorld,
  counts,
  get,
  latteAndCake,
  post,
  type CounterWorld,
} from '../modifiers/support';

let w: CounterWorld;
beforeAll(async () => {
  w = await counterWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

const add = (o: Order, items: unknown[], token = w.cashier, headers?: Record<string, string>) =>
  w.ts.request<Order & { error: { code: string } }>(`/api/orders/${o.id}/items`, {
    body: { items },
    token,
    ...(headers ? { headers } : {}),
  });

describe('adding items to a pending order', () => {
  it('a recalled held order takes another item, priced by the server with its modifiers', async () => {
    const o = await latteAndCake(w);
    expect((await post(w, `/api/orders/${o.id}/hold`, {})).status).toBe(200);
    // Parked: recall it first.
    const parked = await add(o, [{ menuItemId: w.cake.id, quantity: 1 }]);
    expect(parked.status).toBe(409);
    expect((await post(w, `/api/orders/${o.id}/recall`, {})).status).toBe(200);
    const seq = (await get<{ lastSeq: number }>(w, '/api/orders/changes?since=0')).body.lastSeq;

    const r = await add(o, [
      { menuItemId: w.latte.id, quantity: 2, modifiers: [w.opt.medium], note: 'to go' },
    ]);
    expect(r.status, r.text).toBe(200);
    expect(r.body.items).toHaveLength(3);
    // 2 × (450 + 50) = 1000, tax 8 % = 80.
    expect(r.body.items[2]).toMatchObject({
      name: 'Latte',
      quantity: 2,
      unitPrice: 450,
      lineTotal: 1000,
      lineTax: 80,
      note: 'to go',
      modifiers: [{ name: 'Medium', priceDelta: 50 }],
    });
    expect(r.body.subtotal).toBe(o.subtotal + 1000);
    expect(r.body.tax).toBe(o.tax + 80);
    expect(r.body.total).toBe(o.total + 1080);
    expect(r.body.balance).toBe(r.body.total);
    // Tills and displays following the feed see the new lines.
    const feed = await get<{ changes: OrderChange[] }>(w, `/api/orders/changes?since=${seq}`);
    expect(feed.body.changes.map((c) => c.order.items.length)).toEqual([3]);
  });

  it('spreads an order discount over the new lines too', async () => {
    const o = await latteAndCake(w);
    const d = await post(
      w,
      `/api/orders/${o.id}/discounts`,
      { percent: 10, reason: 'regular' },
      w.manager,
    );
    expect(d.status, d.text).toBe(201);
    const r = await add(o, [{ menuItemId: w.cake.id, quantity: 2 }]);
    expect(r.status, r.text).toBe(200);
    // 10 % of the new subtotal, not of the old one.
    expect(r.body.discount).toBe(Math.floor((r.body.subtotal * 1000 + 5000) / 10000));
    expect(r.body.total).toBe(r.body.subtotal - r.body.discount + r.body.tax);
    expect(r.body.items.reduce((s, i) => s + i.discount, 0)).toBe(r.body.discount);
  });

  it('refuses a sold-out item, a paid or sent order, and writes nothing', async () => {
    const o = await latteAndCake(w);
    const before = counts(w);
    const missing = await add(o, [{ menuItemId: w.latte.id, quantity: 1 }]);
    // The Latte's size is required.
    expect(missing.status).toBe(422);
    const unknown = await add(o, [{ menuItemId: 'nope', quantity: 1 }]);
    expect(unknown.body.error.code).toBe('unknown_menu_item');
    expect(counts(w)).toEqual(before);

    const sent = await w.ts.request<Order>(`/api/orders/${o.id}/status`, {
      method: 'PATCH',
      token: w.manager,
      body: { status: 'in_queue' },
    });
    expect(sent.status).toBe(200);
    const late = await add(o, [{ menuItemId: w.cake.id, quantity: 1 }]);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('order_not_pending');

    expect((await add({ ...o, id: 'nope' }, [{ menuItemId: w.cake.id, quantity: 1 }])).status).toBe(
      404,
    );
    expect((await add(o, [{ menuItemId: w.cake.id, quantity: 1 }], w.kitchen)).status).toBe(403);
  });

  it('an order with money taken refuses more items (409 has_payments)', async () => {
    const o = await latteAndCake(w);
    await post(w, '/api/cash/open', { openingFloat: 0 }, w.manager);
    const paid = await post(
      w,
      `/api/orders/${o.id}/payment`,
      { method: 'cash', amount: 100 },
      w.manager,
    );
    expect(paid.status, paid.text).toBe(201);
    const r = await add(o, [{ menuItemId: w.cake.id, quantity: 1 }]);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('has_payments');
  });

  it('a retried request with the same Idempotency-Key adds once', async () => {
    const o = await latteAndCake(w);
    const headers = { 'idempotency-key': 'add-items-retry-1' };
    const a = await add(o, [{ menuItemId: w.cake.id, quantity: 1 }], w.cashier, headers);
    const b = await add(o, [{ menuItemId: w.cake.id, quantity: 1 }], w.cashier, headers);
    expect(b.headers.get('idempotency-replayed')).toBe('true');
    expect(b.body.items).toHaveLength(a.body.items.length);
    expect((await get(w, `/api/orders/${o.id}`)).body.items).toHaveLength(3);
  });
});
