import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeOrderRecipes } from '../../src-main/core/inventory/consume';
import { inventoryScan } from '../../src-main/core/inventory/scan';
import type { Notification } from '../../src-shared/contract/notifications';
import { removeTempDirs } from '../helpers/app';
import { runManageProcess, stderrLines } from '../helpers/processes';
import { count, insertOrder, inventoryWorld, newItem, type World } from './support';

let w: World;
beforeAll(async () => {
  w = await inventoryWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

/** Low-stock alerts about one item, straight from the table (every audience). */
function alertsFor(itemId: string) {
  return w.ts.app.core.dbh.sqlite
    .prepare(
      "SELECT id, title, level, audience_roles, audience_user_id FROM notifications WHERE kind = 'low_stock' AND inventory_item_id = ? ORDER BY created_at",
    )
    .all(itemId) as {
    id: string;
    title: string;
    level: string;
    audience_roles: string;
    audience_user_id: string | null;
  }[];
}

async function adjust(itemId: string, delta: number) {
  const r = await w.ts.request('/api/inventory/adjust', {
    body: { inventoryItemId: itemId, delta, reason: 'test' },
    token: w.admin,
  });
  expect(r.status, r.text).toBe(201);
}

async function receive(itemId: string, quantity: number) {
  const r = await w.ts.request('/api/inventory/receipts', {
    body: { items: [{ inventoryItemId: itemId, quantity }] },
    token: w.admin,
  });
  expect(r.status, r.text).toBe(201);
}

describe('low-stock alerts on the crossing', () => {
  it('alerts once when stock goes from above the threshold to at or below it', async () => {
    const item = await newItem(w, {
      name: 'Oat drink',
      unit: 'l',
      onHand: 5,
      lowStockThreshold: 2,
    });
    expect(alertsFor(item.id)).toHaveLength(0);
    await adjust(item.id, -2.999); // 2.001: still above
    expect(alertsFor(item.id)).toHaveLength(0);
    await adjust(item.id, -0.001); // exactly 2: at the threshold
    const [alert, ...more] = alertsFor(item.id);
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({
      title: 'Low stock: Oat drink',
      level: 'warning',
      audience_user_id: null,
    });
    expect(JSON.parse(alert?.audience_roles ?? 'null')).toEqual(['manager', 'admin']);
    // Further down: no second alert for the same crossing.
    await adjust(item.id, -1);
    const orderId = insertOrder(w.ts.app.core, w.adminId, [
      { quantity: 5, recipe: [{ inventoryItemId: item.id, quantityMilli: 1000 }] },
    ]);
    const r = await w.ts.request('/api/inventory/consume', { body: { orderId }, token: w.admin });
    expect(r.status).toBe(201);
    expect(alertsFor(item.id)).toHaveLength(1);
    // Back above (a receipt), then down again: a second crossing, a second alert.
    await receive(item.id, 10); // -4 + 10 = 6
    expect(alertsFor(item.id)).toHaveLength(1);
    await adjust(item.id, -4.5);
    expect(alertsFor(item.id)).toHaveLength(2);
  });

  it('does not alert for an item created at or below its threshold (nothing crossed)', async () => {
    const item = await newItem(w, {
      name: 'Napkins',
      unit: 'pcs',
      onHand: 1,
      lowStockThreshold: 10,
    });
    expect(item.lowStock).toBe(true);
    await adjust(item.id, -1);
    expect(alertsFor(item.id)).toHaveLength(0);
    expect((await inventoryScan(w.ts.app.core)).alertsCreated).toBe(0);
  });

  it('reaches managers and admins, not cashiers or kitchen staff', async () => {
    const item = await newItem(w, { name: 'Chai', unit: 'l', onHand: 1, lowStockThreshold: 0.5 });
    await adjust(item.id, -0.5);
    const [alert] = alertsFor(item.id);
    const seen = async (token: string) => {
      const r = await w.ts.request<{ notifications: Notification[] }>('/api/notifications', {
        token,
      });
      expect(r.status).toBe(200);
      return r.body.notifications.some((n) => n.id === alert?.id);
    };
    expect(await seen(w.admin)).toBe(true);
    expect(await seen(w.manager)).toBe(true);
    expect(await seen(w.cashier)).toBe(false);
    expect(await seen(w.kitchen)).toBe(false);
    const r = await w.ts.request<{ notifications: Notification[] }>('/api/notifications', {
      token: w.manager,
    });
    expect(r.body.notifications.find((n) => n.id === alert?.id)).toMatchObject({
      kind: 'low_stock',
      inventoryItemId: item.id,
      level: 'warning',
      audience: { roles: ['manager', 'admin'], userId: null },
      read: false,
    });
  });

  it('is written in the movement’s transaction: a rolled-back movement leaves no alert', async () => {
    const ctx = w.ts.app.core;
    const item = await newItem(w, {
      name: 'Matcha',
      unit: 'kg',
      onHand: 1,
      lowStockThreshold: 0.5,
    });
    const orderId = insertOrder(ctx, w.adminId, [
      { quantity: 1, recipe: [{ inventoryItemId: item.id, quantityMilli: 800 }] },
    ]);
    const before = [count(ctx, 'notifications'), count(ctx, 'inventory_ledger')];
    await expect(
      ctx.dbh.db.transaction().execute(async (trx) => {
        await consumeOrderRecipes(trx, ctx, orderId, w.adminId);
        expect(alertsFor(item.id)).toHaveLength(1); // visible inside, on the same connection
        throw new Error('completion failed');
      }),
    ).rejects.toThrow('completion failed');
    expect([count(ctx, 'notifications'), count(ctx, 'inventory_ledger')]).toEqual(before);
    expect(alertsFor(item.id)).toHaveLength(0);
  });
});

describe('inventory-scan', () => {
  it('creates the missing alerts, once, and re-arms items back above', async () => {
    const ctx = w.ts.app.core;
    const item = await newItem(w, { name: 'Cocoa', unit: 'kg', onHand: 3, lowStockThreshold: 1 });
    // Stock changed outside a movement (an import, a restored copy): no alert was raised.
    ctx.dbh.sqlite
      .prepare('UPDATE inventory_items SET on_hand_milli = 500 WHERE id = ?')
      .run(item.id);
    const first = await inventoryScan(ctx);
    expect(first.alertsCreated).toBeGreaterThanOrEqual(1);
    expect(alertsFor(item.id)).toHaveLength(1);
    expect((await inventoryScan(ctx)).alertsCreated).toBe(0);
    expect(alertsFor(item.id)).toHaveLength(1);
    // Back above outside a movement, then a movement crosses down: the scan re-armed it.
    ctx.dbh.sqlite
      .prepare('UPDATE inventory_items SET on_hand_milli = 5000 WHERE id = ?')
      .run(item.id);
    expect((await inventoryScan(ctx)).alertsCreated).toBe(0);
    await adjust(item.id, -4.5);
    expect(alertsFor(item.id)).toHaveLength(2);
  });

  it('`npm run manage -- inventory-scan` prints `alerts created: N` last', async () => {
    const ctx = w.ts.app.core;
    const a = await newItem(w, { name: 'Honey', unit: 'kg', onHand: 3, lowStockThreshold: 1 });
    const b = await newItem(w, { name: 'Agave', unit: 'l', onHand: 3, lowStockThreshold: 1 });
    ctx.dbh.sqlite
      .prepare('UPDATE inventory_items SET on_hand_milli = 0 WHERE id IN (?, ?)')
      .run(a.id, b.id);
    const run1 = runManageProcess(w.ts.dataDir, ['inventory-scan']);
    expect(run1.code, run1.stderr).toBe(0);
    expect(run1.stdout.trim().split('\n').at(-1)).toBe('alerts created: 2');
    expect(stderrLines(run1.stderr)).toEqual([]);
    expect(alertsFor(a.id)).toHaveLength(1);
    expect(alertsFor(b.id)).toHaveLength(1);
    const run2 = runManageProcess(w.ts.dataDir, ['inventory-scan']);
    expect(run2.stdout.trim().split('\n').at(-1)).toBe('alerts created: 0');
  });
});
