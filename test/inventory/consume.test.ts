import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeOrderRecipes } from '../../src-main/core/inventory/consume';
import type { Consumption, InventoryItem, LedgerEntry } from '../../src-shared/contract/inventory';
import { removeTempDirs, type ErrorBodyShape } from '../helpers/app';
import { count, getItem, insertOrder, inventoryWorld, newItem, type World } from './support';

let w: World;
beforeAll(async () => {
  w = await inventoryWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

type Err = ErrorBodyShape;
type ConsumeAnswer = { consumption: Consumption; items: InventoryItem[] };

function consume(body: unknown, token = w.admin) {
  return w.ts.request<ConsumeAnswer & Err>('/api/inventory/consume', { body, token });
}

async function ledger(itemId: string) {
  const r = await w.ts.request<{ entries: LedgerEntry[] }>(
    `/api/inventory/ledger?inventoryItemId=${itemId}`,
    { token: w.admin },
  );
  return r.body.entries;
}

describe('POST /api/inventory/consume without items (the recipes)', () => {
  it('consumes quantity × recipe per unit once; a second time is 409 already_consumed', async () => {
    const beans = await newItem(w, { name: 'Beans', unit: 'kg', onHand: 1 });
    const milk = await newItem(w, { name: 'Whole milk', unit: 'l', onHand: 2 });
    const orderId = insertOrder(w.ts.app.core, w.adminId, [
      // 3 lattes: 18 g beans + 0.2 l milk each
      {
        quantity: 3,
        recipe: [
          { inventoryItemId: beans.id, quantityMilli: 18 },
          { inventoryItemId: milk.id, quantityMilli: 200 },
        ],
      },
      // 2 espressos: 18 g beans each
      { quantity: 2, recipe: [{ inventoryItemId: beans.id, quantityMilli: 18 }] },
    ]);
    const r = await consume({ orderId });
    expect(r.status).toBe(201);
    expect(r.body.consumption).toMatchObject({
      orderId,
      source: 'recipes',
      lines: [
        { inventoryItemId: beans.id, quantity: 0.09 },
        { inventoryItemId: milk.id, quantity: 0.6 },
      ],
    });
    expect((await getItem(w, beans.id)).onHand).toBe(0.91);
    expect((await getItem(w, milk.id)).onHand).toBe(1.4);
    const [entry] = await ledger(beans.id);
    expect(entry).toMatchObject({
      type: 'consume',
      quantity: -0.09,
      balanceAfter: 0.91,
      orderId,
      movementId: r.body.consumption.id,
    });
    const consumedAt = w.ts.app.core.dbh.sqlite
      .prepare('SELECT consumed_at FROM orders WHERE id = ?')
      .get(orderId) as { consumed_at: string | null };
    expect(consumedAt.consumed_at).toBe(w.ts.clock.now.toISOString());

    const ledgerRows = count(w.ts.app.core, 'inventory_ledger');
    const again = await consume({ orderId });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'already_consumed', details: { orderId } });
    expect(count(w.ts.app.core, 'inventory_ledger')).toBe(ledgerRows);
    expect((await getItem(w, beans.id)).onHand).toBe(0.91);
  });

  it('may take stock below zero, and says so (negative: true)', async () => {
    const cups = await newItem(w, { name: 'Paper cups', unit: 'pcs', onHand: 1 });
    const orderId = insertOrder(w.ts.app.core, w.adminId, [
      { quantity: 3, recipe: [{ inventoryItemId: cups.id, quantityMilli: 1000 }] },
    ]);
    const r = await consume({ orderId });
    expect(r.status).toBe(201);
    expect(r.body.items[0]).toMatchObject({ onHand: -2, negative: true, lowStock: true });
    expect((await ledger(cups.id))[0]).toMatchObject({ quantity: -3, balanceAfter: -2 });
  });

  it('answers 404 for an unknown order, writing nothing', async () => {
    const before = count(w.ts.app.core, 'inventory_consumptions');
    const r = await consume({ orderId: 'no-such-order' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect(count(w.ts.app.core, 'inventory_consumptions')).toBe(before);
  });
});

describe('POST /api/inventory/consume with items (ad-hoc usage)', () => {
  it('records order-linked usage as often as needed, leaving the recipe consumption to come', async () => {
    const syrup = await newItem(w, { name: 'Vanilla syrup', unit: 'l', onHand: 1 });
    const orderId = insertOrder(w.ts.app.core, w.adminId, [
      { quantity: 1, recipe: [{ inventoryItemId: syrup.id, quantityMilli: 30 }] },
    ]);
    for (let i = 0; i < 2; i++) {
      const r = await consume({
        orderId,
        items: [{ inventoryItemId: syrup.id, quantity: '0.015' }],
      });
      expect(r.status).toBe(201);
      expect(r.body.consumption).toMatchObject({ source: 'items', orderId });
    }
    expect((await getItem(w, syrup.id)).onHand).toBe(0.97);
    const recipes = await consume({ orderId });
    expect(recipes.status).toBe(201);
    expect((await getItem(w, syrup.id)).onHand).toBe(0.94);
    expect((await ledger(syrup.id)).filter((e) => e.type === 'consume')).toHaveLength(3);
  });

  it('refuses unknown items (404), zero or over-precise quantities (422), writing nothing', async () => {
    const item = await newItem(w, { onHand: 1 });
    const orderId = insertOrder(w.ts.app.core, w.adminId, []);
    const before = [
      count(w.ts.app.core, 'inventory_ledger'),
      count(w.ts.app.core, 'inventory_consumptions'),
    ];
    const unknown = await consume({
      orderId,
      items: [
        { inventoryItemId: item.id, quantity: 1 },
        { inventoryItemId: 'ghost', quantity: 1 },
      ],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details).toEqual({ inventoryItemIds: ['ghost'] });
    for (const quantity of [0, -1, 0.0005]) {
      const r = await consume({ orderId, items: [{ inventoryItemId: item.id, quantity }] });
      expect(r.status).toBe(422);
    }
    expect((await consume({ orderId, items: [] })).status).toBe(422);
    expect([
      count(w.ts.app.core, 'inventory_ledger'),
      count(w.ts.app.core, 'inventory_consumptions'),
    ]).toEqual(before);
    expect((await getItem(w, item.id)).onHand).toBe(1);
  });
});

describe('consumeOrderRecipes (the completion hook, on the caller’s transaction)', () => {
  it('is idempotent per order and rolls back with its caller', async () => {
    const ctx = w.ts.app.core;
    const beans = await newItem(w, { name: 'Decaf beans', unit: 'kg', onHand: 1 });
    const orderId = insertOrder(ctx, w.adminId, [
      { quantity: 2, recipe: [{ inventoryItemId: beans.id, quantityMilli: 20 }] },
    ]);
    // A caller whose transaction fails after the hook leaves no trace.
    await expect(
      ctx.dbh.db.transaction().execute(async (trx) => {
        await consumeOrderRecipes(trx, ctx, orderId, w.adminId);
        throw new Error('the transition failed later');
      }),
    ).rejects.toThrow('the transition failed later');
    expect((await getItem(w, beans.id)).onHand).toBe(1);
    const first = await ctx.dbh.db
      .transaction()
      .execute((trx) => consumeOrderRecipes(trx, ctx, orderId, w.adminId));
    expect(first?.consumption.lines).toEqual([{ inventoryItemId: beans.id, quantity: 0.04 }]);
    const second = await ctx.dbh.db
      .transaction()
      .execute((trx) => consumeOrderRecipes(trx, ctx, orderId, w.adminId));
    expect(second).toBeNull();
    expect((await getItem(w, beans.id)).onHand).toBe(0.96);
  });
});

describe('order completion over HTTP (menu → order → completed)', () => {
  it('consumes the recipes copied into the order once, even if the menu changes later', async () => {
    const beans = await newItem(w, { name: 'House beans', unit: 'kg', onHand: 2 });
    const milk = await newItem(w, { name: 'Barista milk', unit: 'l', onHand: 5 });
    const menu = await w.ts.request<{ id: string } & Err>('/api/menu/items', {
      body: {
        name: 'Flat white',
        price: 0,
        recipe: [
          { inventoryItemId: beans.id, quantity: 0.018 },
          { inventoryItemId: milk.id, quantity: 0.15 },
        ],
      },
      token: w.admin,
    });
    expect(menu.status, menu.text).toBe(201);
    const order = await w.ts.request<{ id: string } & Err>('/api/orders', {
      body: { items: [{ menuItemId: menu.body.id, quantity: 2 }] },
      token: w.cashier,
    });
    expect(order.status, order.text).toBe(201);
    // The menu's recipe changes after the order was taken: completion uses the copy.
    const patch = await w.ts.request(`/api/menu/items/${menu.body.id}`, {
      method: 'PATCH',
      body: { recipe: [{ inventoryItemId: beans.id, quantity: 1 }] },
      token: w.admin,
    });
    expect(patch.status, patch.text).toBe(200);
    for (const status of ['in_queue', 'in_progress', 'ready', 'completed']) {
      const r = await w.ts.request(`/api/orders/${order.body.id}/status`, {
        method: 'PATCH',
        body: { status },
        token: w.cashier,
      });
      expect(r.status, r.text).toBe(200);
    }
    expect((await getItem(w, beans.id)).onHand).toBe(1.964);
    expect((await getItem(w, milk.id)).onHand).toBe(4.7);
    const entries = await ledger(beans.id);
    expect(entries[0]).toMatchObject({ type: 'consume', quantity: -0.036, orderId: order.body.id });
    const again = await consume({ orderId: order.body.id });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_consumed');
  });
});
