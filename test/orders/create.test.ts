import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSettings } from '../../src-main/core/settings';
import { createMenuItem } from '../../src-main/core/menu/items';
import { lineTax, priceLine } from '../../src-shared/money';
import { orderTotals } from '../../src-main/core/orders/totals';
import { removeTempDirs } from '../helpers/app';
import { newOrder, orderRowCounts, orderWorld, postOrder, type OrderWorld } from './setup';

let w: OrderWorld;
beforeAll(async () => {
  w = await orderWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

describe('totals rule (integer, per-line, half-up)', () => {
  it('rounds half up at the 0.5 boundary and down just below it', () => {
    expect(lineTax(50, 1000)).toBe(5); // 5.0
    expect(lineTax(125, 400)).toBe(5); // 5.0
    expect(lineTax(5, 1000)).toBe(1); // 0.5 → 1
    expect(lineTax(15, 1000)).toBe(2); // 1.5 → 2
    expect(lineTax(25, 1000)).toBe(3); // 2.5 → 3 (not banker's 2)
    expect(lineTax(4, 1000)).toBe(0); // 0.4 → 0
    expect(lineTax(14999, 1)).toBe(1); // 1.4999 → 1
    expect(lineTax(15000, 1)).toBe(2); // 1.5 → 2
    expect(lineTax(0, 10000)).toBe(0);
    expect(lineTax(999, 10000)).toBe(999);
  });

  it('rounds per line, not on the sum', () => {
    // Two lines of 0.5 cent tax each: per line 1 + 1 = 2 (on the sum it would be 1).
    const lines = [
      priceLine({ unitPrice: 5, quantity: 1, taxRateBps: 1000 }),
      priceLine({ unitPrice: 5, quantity: 1, taxRateBps: 1000 }),
    ];
    expect(orderTotals(lines)).toEqual({ subtotal: 10, tax: 2, total: 12 });
  });

  it('stays exact where a float product would not be', () => {
    // 100_000_000 × 999 × 10000 is beyond 2^53; BigInt keeps it exact.
    expect(lineTax(99_900_000_000, 10000)).toBe(99_900_000_000);
    expect(lineTax(99_900_000_001, 5)).toBe(49_950_000); // 49950000.0005 → 49950000
  });
});

describe('POST /api/orders', () => {
  it('creates a pending order with copied prices, per-line tax and the first history entry', async () => {
    const res = await postOrder(w, {
      items: [
        { menuItemId: w.coffee.id, quantity: 3, note: 'oat milk' },
        { menuItemId: w.cake.id, quantity: 1 },
      ],
      note: 'for here',
    });
    expect(res.status).toBe(201);
    const o = res.body;
    expect(o.status).toBe('pending');
    expect(o.items).toHaveLength(2);
    expect(o.items[0]).toMatchObject({
      menuItemId: w.coffee.id,
      name: 'Coffee',
      unitPrice: 350,
      quantity: 3,
      taxRateBps: 800,
      lineTotal: 1050,
      note: 'oat milk',
    });
    expect(o.items[1]).toMatchObject({ lineTotal: 425, taxRateBps: 1000, note: null });
    // 1050 × 8 % = 84; 425 × 10 % = 42.5 → 43
    expect(o).toMatchObject({ subtotal: 1475, tax: 127, total: 1602, paid: 0, refunded: 0 });
    expect(o.balance).toBe(1602);
    expect(o.note).toBe('for here');
    expect(o.createdBy).toBe(w.userIds.cashier);
    expect(o.history).toEqual([
      { from: null, to: 'pending', at: o.createdAt, by: w.userIds.cashier, reason: null },
    ]);
    const again = await w.ts.request(`/api/orders/${o.id}`, { token: w.kitchen });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(o);
  });

  it('keeps the copied price when the menu changes later', async () => {
    const item = await createMenuItem(w.ts.app.core, { name: 'Tea', price: 200, taxRateBps: 500 });
    const o = (await postOrder(w, { items: [{ menuItemId: item.id, quantity: 2 }] })).body;
    const patch = await w.ts.request(`/api/menu/items/${item.id}`, {
      method: 'PATCH',
      body: { price: 999, taxRateBps: 2000, name: 'Fancy tea' },
      token: w.manager,
    });
    expect(patch.status).toBe(200);
    const later = await w.ts.request<{
      items: { unitPrice: number; name: string }[];
      total: number;
    }>(`/api/orders/${o.id}`, { token: w.cashier });
    expect(later.body.items[0]).toMatchObject({ unitPrice: 200, name: 'Tea' });
    expect(later.body.total).toBe(420);
  });

  it('numbers orders from 1 each business day in the shop time zone', async () => {
    // Fresh world so earlier orders do not interfere.
    const w2 = await orderWorld();
    try {
      await updateSettings(w2.ts.app.core, { timeZone: 'Asia/Tokyo' });
      w2.ts.clock.set('2026-11-25T10:00:00.000Z'); // 19:00 in Tokyo, Nov 25
      expect((await newOrder(w2)).number).toBe(1);
      expect((await newOrder(w2)).number).toBe(2);
      w2.ts.clock.set('2026-11-25T14:59:59.999Z'); // 23:59 Nov 25 in Tokyo: same day
      expect((await newOrder(w2)).number).toBe(3);
      w2.ts.clock.set('2026-11-25T15:00:00.000Z'); // 00:00 Nov 26 in Tokyo: a new day
      // (UTC is still Nov 25: the shop's zone decides, not the server's.)
      expect((await newOrder(w2)).number).toBe(1);
      // Concurrent creations never share a number.
      const many = await Promise.all(Array.from({ length: 20 }, () => newOrder(w2)));
      const numbers = many.map((o) => o.number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    } finally {
      await w2.ts.close();
    }
  });

  it('accepts a known customer and refuses an unknown one with 422', async () => {
    const c = await w.ts.request<{ id: string }>('/api/customers', {
      body: { name: 'Ann Lee', phone: '+1 555 0100' },
      token: w.cashier,
    });
    expect(c.status).toBe(201);
    const ok = await postOrder(w, {
      items: [{ menuItemId: w.coffee.id, quantity: 1 }],
      customerId: c.body.id,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.customerId).toBe(c.body.id);
    // The answer is made from the rows inserted, not read back: it must be what a read gives.
    expect((await w.ts.request(`/api/orders/${ok.body.id}`, { token: w.cashier })).body).toEqual(
      ok.body,
    );
    const before = orderRowCounts(w);
    const bad = await postOrder(w, {
      items: [{ menuItemId: w.coffee.id, quantity: 1 }],
      customerId: 'no-such-customer',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_error');
    expect(orderRowCounts(w)).toEqual(before);
  });

  const badBodies: [string, () => unknown, number, string][] = [
    ['no items', () => ({ items: [] }), 422, 'validation_error'],
    ['missing items', () => ({}), 422, 'validation_error'],
    [
      'quantity 0',
      () => ({ items: [{ menuItemId: w.coffee.id, quantity: 0 }] }),
      422,
      'validation_error',
    ],
    [
      'quantity 1000',
      () => ({ items: [{ menuItemId: w.coffee.id, quantity: 1000 }] }),
      422,
      'validation_error',
    ],
    [
      'quantity 1.5',
      () => ({ items: [{ menuItemId: w.coffee.id, quantity: 1.5 }] }),
      422,
      'validation_error',
    ],
    [
      'quantity "2"',
      () => ({ items: [{ menuItemId: w.coffee.id, quantity: '2' }] }),
      422,
      'validation_error',
    ],
    [
      'negative quantity',
      () => ({ items: [{ menuItemId: w.coffee.id, quantity: -1 }] }),
      422,
      'validation_error',
    ],
    [
      'a client-sent price',
      () => ({ items: [{ menuItemId: w.coffee.id, quantity: 1, unitPrice: 1 }] }),
      422,
      'validation_error',
    ],
    [
      'an unknown top-level field',
      () => ({ items: [{ menuItemId: w.coffee.id, quantity: 1 }], total: 1 }),
      422,
      'validation_error',
    ],
    [
      'an unknown menu item',
      () => ({ items: [{ menuItemId: 'nope', quantity: 1 }] }),
      422,
      'unknown_menu_item',
    ],
    [
      'an archived menu item',
      () => ({ items: [{ menuItemId: w.archived.id, quantity: 1 }] }),
      422,
      'unknown_menu_item',
    ],
    [
      'an unavailable item',
      () => ({
        items: [
          { menuItemId: w.coffee.id, quantity: 1 },
          { menuItemId: w.soldOut.id, quantity: 1 },
        ],
      }),
      422,
      'item_unavailable',
    ],
  ];
  for (const [label, body, status, code] of badBodies) {
    it(`refuses ${label} (${status} ${code}) and writes nothing`, async () => {
      const before = orderRowCounts(w);
      const res = await postOrder(w, body());
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(orderRowCounts(w)).toEqual(before);
    });
  }

  it('names the offending menu item', async () => {
    const res = await postOrder(w, { items: [{ menuItemId: w.soldOut.id, quantity: 1 }] });
    expect(res.body.error.details).toEqual({ menuItemId: w.soldOut.id });
  });

  it('needs orders.create (kitchen 403) and a token (401)', async () => {
    const body = { items: [{ menuItemId: w.coffee.id, quantity: 1 }] };
    expect((await postOrder(w, body, w.kitchen)).status).toBe(403);
    const anon = await w.ts.request('/api/orders', { body });
    expect(anon.status).toBe(401);
  });

  it('GET /api/orders/:id of an unknown id is 404 not_found', async () => {
    const res = await w.ts.request<{ error: { code: string } }>('/api/orders/nope', {
      token: w.cashier,
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
