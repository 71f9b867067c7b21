/**
 * The back office's two stock operations (issue 10): changing an item (its threshold moves the
 * low-stock flag and may raise the alert; audited) and a stock count saved in one transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-shared/contract/audit';
import type { Adjustment, InventoryItem, LedgerEntry } from '../../src-shared/contract/inventory';
import type { Notification } from '../../src-shared/contract/notifications';
import { removeTempDirs, type ErrorBodyShape } from '../helpers/app';
import { count, getItem, inventoryWorld, newItem, type World } from './support';

let w: World;
beforeAll(async () => {
  w = await inventoryWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

function patch(id: string, body: unknown, token = w.manager) {
  return w.ts.request<InventoryItem & ErrorBodyShape>(`/api/inventory/items/${id}`, {
    method: 'PATCH',
    body,
    token,
  });
}

async function lowStockAlerts(itemId: string): Promise<Notification[]> {
  const r = await w.ts.request<{ notifications: Notification[] }>('/api/notifications', {
    token: w.manager,
  });
  return r.body.notifications.filter((n) => n.inventoryItemId === itemId);
}

describe('PATCH /api/inventory/items/:id', () => {
  it('raises the threshold over the stock: low now, one alert, audited', async () => {
    const milk = await newItem(w, { name: 'Oat milk', unit: 'l', onHand: 6, lowStockThreshold: 2 });
    expect(milk.lowStock).toBe(false);
    const r = await patch(milk.id, { lowStockThreshold: '6.5' });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ lowStockThreshold: 6.5, lowStock: true, onHand: 6 });
    const alerts = await lowStockAlerts(milk.id);
    expect(alerts.map((a) => a.title)).toEqual(['Low stock: Oat milk']);
    // The same threshold again changes nothing and alerts nothing.
    const again = await patch(milk.id, { lowStockThreshold: 6.5 });
    expect(again.status).toBe(200);
    expect(await lowStockAlerts(milk.id)).toHaveLength(1);

    const audit = await w.ts.request<{ entries: AuditEntry[] }>(
      '/api/audit?type=stock_item_change',
      { token: w.admin },
    );
    const mine = audit.body.entries.filter((e) => e.subjectId === milk.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      subjectType: 'inventory_item',
      details: { name: 'Oat milk', changes: { lowStockThreshold: { from: 2, to: 6.5 } } },
    });
  });

  it('lowers it below the stock: no longer low, and the next crossing alerts again', async () => {
    const cups = await newItem(w, { name: 'Lids', unit: 'pcs', onHand: 10, lowStockThreshold: 12 });
    expect(cups.lowStock).toBe(true);
    const r = await patch(cups.id, { lowStockThreshold: 5 });
    expect(r.body.lowStock).toBe(false);
    const adj = await w.ts.request('/api/inventory/adjust', {
      token: w.manager,
      body: { inventoryItemId: cups.id, delta: -6, reason: 'dropped a sleeve' },
    });
    expect(adj.status, adj.text).toBe(201);
    expect((await lowStockAlerts(cups.id)).length).toBe(1);
  });

  it('renames and changes the unit; a taken name is 409 and nothing changes', async () => {
    const a = await newItem(w, { name: 'Sugar', unit: 'g' });
    await newItem(w, { name: 'Honey', unit: 'g' });
    const r = await patch(a.id, { name: 'Cane sugar', unit: 'kg' });
    expect(r.body).toMatchObject({ name: 'Cane sugar', unit: 'kg' });
    const clash = await patch(a.id, { name: 'honey', lowStockThreshold: 1 });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details).toEqual({ field: 'name' });
    expect(await getItem(w, a.id)).toMatchObject({ name: 'Cane sugar', lowStockThreshold: 0 });
  });

  it('refuses an empty change, bad quantities, unknown ids and the wrong role', async () => {
    const a = await newItem(w, { name: 'Salt', unit: 'g' });
    const empty = await patch(a.id, {});
    expect(empty.status).toBe(422);
    const bad = await patch(a.id, { lowStockThreshold: '1.2345' });
    expect(bad.status).toBe(422);
    const neg = await patch(a.id, { lowStockThreshold: -1 });
    expect(neg.status).toBe(422);
    expect((await patch('nope', { unit: 'kg' })).status).toBe(404);
    expect((await patch(a.id, { unit: 'kg' }, w.cashier)).status).toBe(403);
  });
});

describe('POST /api/inventory/counts', () => {
  it('sets every counted item in one go, matched lines included, with ledger entries', async () => {
    const beans = await newItem(w, { name: 'Beans', unit: 'kg', onHand: '4.25' });
    const cocoa = await newItem(w, { name: 'Cocoa', unit: 'kg', onHand: 1 });
    const r = await w.ts.request<{ adjustments: Adjustment[]; items: InventoryItem[] }>(
      '/api/inventory/counts',
      {
        token: w.manager,
        body: {
          lines: [
            { inventoryItemId: beans.id, countedQuantity: '3.105' },
            { inventoryItemId: cocoa.id, countedQuantity: 1 },
          ],
        },
      },
    );
    expect(r.status, r.text).toBe(201);
    expect(r.body.adjustments.map((a) => [a.delta, a.countedQuantity, a.reason])).toEqual([
      [-1.145, 3.105, 'stock count'],
      [0, 1, 'stock count'],
    ]);
    expect(r.body.items.map((i) => i.onHand)).toEqual([3.105, 1]);
    const ledger = await w.ts.request<{ entries: LedgerEntry[] }>(
      `/api/inventory/ledger?inventoryItemId=${beans.id}`,
      { token: w.manager },
    );
    expect(ledger.body.entries[0]).toMatchObject({ quantity: -1.145, balanceAfter: 3.105 });
  });

  it('writes nothing when one line is refused', async () => {
    const a = await newItem(w, { name: 'Tea', unit: 'g', onHand: 100 });
    const before = count(w.ts.app.core, 'inventory_ledger');
    const unknown = await w.ts.request<ErrorBodyShape>('/api/inventory/counts', {
      token: w.manager,
      body: {
        lines: [
          { inventoryItemId: a.id, countedQuantity: 50 },
          { inventoryItemId: 'gone', countedQuantity: 1 },
        ],
      },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details).toEqual({ inventoryItemIds: ['gone'] });
    const twice = await w.ts.request<ErrorBodyShape>('/api/inventory/counts', {
      token: w.manager,
      body: {
        lines: [
          { inventoryItemId: a.id, countedQuantity: 50 },
          { inventoryItemId: a.id, countedQuantity: 40 },
        ],
        reason: 'monthly count',
      },
    });
    expect(twice.status).toBe(422);
    expect(JSON.stringify(twice.body.error.details)).toContain('lines.1.inventoryItemId');
    expect(count(w.ts.app.core, 'inventory_ledger')).toBe(before);
    expect((await getItem(w, a.id)).onHand).toBe(100);
  });
});
