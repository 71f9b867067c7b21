import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Adjustment,
  InventoryItem,
  LedgerEntry,
  Receipt,
} from '../../src-shared/contract/inventory';
import { removeTempDirs, type ErrorBodyShape } from '../helpers/app';
import { count, getItem, inventoryWorld, newItem, type World } from './support';

let w: World;
let stockCashier: string;
beforeAll(async () => {
  w = await inventoryWorld();
  await w.ts.createUser({
    username: 'stockcashier',
    password: 'stock-pass-1',
    role: 'cashier',
    extraPermissions: ['inventory.manage'],
  });
  stockCashier = await w.ts.token('stockcashier', 'stock-pass-1');
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

type Err = ErrorBodyShape;

async function ledger(itemId: string) {
  const r = await w.ts.request<{ entries: LedgerEntry[]; nextCursor: string | null }>(
    `/api/inventory/ledger?inventoryItemId=${itemId}&limit=200`,
    { token: w.admin },
  );
  expect(r.status).toBe(200);
  return r.body.entries;
}

/** Every table a stock write touches, to show a refused request wrote nothing. */
function footprint() {
  const ctx = w.ts.app.core;
  return [
    'inventory_items',
    'inventory_ledger',
    'inventory_receipts',
    'inventory_receipt_lines',
    'inventory_adjustments',
    'inventory_consumptions',
    'notifications',
    'notification_outbox',
  ].map((t) => count(ctx, t));
}

describe('POST /api/inventory/items', () => {
  it('creates an item; a starting onHand is an `adjust` ledger entry "opening balance"', async () => {
    const r = await w.ts.request<InventoryItem>('/api/inventory/items', {
      body: { name: 'Coffee beans', unit: 'kg', onHand: '5.250', lowStockThreshold: 1.5 },
      token: w.manager,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: 'Coffee beans',
      unit: 'kg',
      onHand: 5.25,
      lowStockThreshold: 1.5,
      lowStock: false,
      negative: false,
      lastUnitCost: null,
    });
    const entries = await ledger(r.body.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      type: 'adjust',
      quantity: 5.25,
      balanceAfter: 5.25,
      reason: 'opening balance',
      orderId: null,
    });
    // The adjustment row exists too, with the same id as the entry's movement.
    const adj = w.ts.app.core.dbh.sqlite
      .prepare('SELECT delta_milli, reason FROM inventory_adjustments WHERE id = ?')
      .get(entries[0]?.movementId);
    expect(adj).toEqual({ delta_milli: 5250, reason: 'opening balance' });
  });

  it('defaults the threshold to 0 and writes no ledger entry without a starting onHand', async () => {
    const item = await newItem(w, { name: 'Lids', unit: 'pcs' });
    expect(item).toMatchObject({ onHand: 0, lowStockThreshold: 0, lowStock: true });
    expect(await ledger(item.id)).toEqual([]);
  });

  it('refuses bad input with 422 and writes nothing', async () => {
    const before = footprint();
    for (const body of [
      { name: 'X', unit: 'g', onHand: 1.0005 },
      { name: 'X', unit: 'g', onHand: -1 },
      { name: 'X', unit: 'g', lowStockThreshold: '1e2' },
      { name: 'X', unit: 'g', onHand: '12,5' },
      { name: '', unit: 'g' },
      { name: 'X' },
      { name: 'X', unit: 'g', colour: 'red' },
    ]) {
      const r = await w.ts.request<Err>('/api/inventory/items', { body, token: w.admin });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    expect(footprint()).toEqual(before);
  });

  it('refuses a duplicate name (case-insensitive) with 409 conflict', async () => {
    await newItem(w, { name: 'Oat milk', unit: 'l' });
    const before = footprint();
    const r = await w.ts.request<Err>('/api/inventory/items', {
      body: { name: 'OAT MILK', unit: 'l', onHand: 3 },
      token: w.admin,
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    expect(footprint()).toEqual(before);
  });

  it('honours Idempotency-Key: a retry replays and creates nothing more', async () => {
    const send = () =>
      w.ts.request<InventoryItem>('/api/inventory/items', {
        body: { name: 'Straws', unit: 'pcs', onHand: 100 },
        token: w.admin,
        headers: { 'Idempotency-Key': 'straws-1' },
      });
    const a = await send();
    const before = footprint();
    const b = await send();
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotency-replayed')).toBe('true');
    expect(b.body.id).toBe(a.body.id);
    expect(footprint()).toEqual(before);
  });
});

describe('permissions (section 0: inventory needs inventory.manage)', () => {
  it('refuses cashiers and kitchen staff on every inventory route, reads included', async () => {
    const item = await newItem(w, { onHand: 1 });
    const before = footprint();
    const routes: [string, unknown][] = [
      ['/api/inventory/items', undefined],
      ['/api/inventory/low-stock', undefined],
      ['/api/inventory/ledger', undefined],
      ['/api/inventory/items', { name: 'Nope', unit: 'g' }],
      ['/api/inventory/receipts', { items: [{ inventoryItemId: item.id, quantity: 1 }] }],
      ['/api/inventory/adjust', { inventoryItemId: item.id, delta: 1, reason: 'x' }],
      ['/api/inventory/consume', { orderId: 'x' }],
    ];
    for (const token of [w.cashier, w.kitchen]) {
      for (const [path, body] of routes) {
        const r = await w.ts.request<Err>(path, { body, token });
        expect(r.status, path).toBe(403);
        expect(r.body.error.code).toBe('forbidden');
      }
    }
    const anon = await w.ts.request<Err>('/api/inventory/items');
    expect(anon.status).toBe(401);
    expect(footprint()).toEqual(before);
  });

  it('lets a cashier granted inventory.manage in', async () => {
    const r = await w.ts.request('/api/inventory/items', { token: stockCashier });
    expect(r.status).toBe(200);
  });
});

describe('POST /api/inventory/receipts', () => {
  it('adds stock, records lastUnitCost, one receipt ledger entry per line with balanceAfter', async () => {
    const milk = await newItem(w, { name: 'Milk', unit: 'l', onHand: 2 });
    const cups = await newItem(w, { name: 'Cups', unit: 'pcs' });
    const r = await w.ts.request<{ receipt: Receipt; items: InventoryItem[] }>(
      '/api/inventory/receipts',
      {
        body: {
          items: [
            { inventoryItemId: milk.id, quantity: 12.5, unitCost: 95 },
            { inventoryItemId: cups.id, quantity: '500' },
            { inventoryItemId: milk.id, quantity: '0.25', unitCost: 99 },
          ],
          supplier: 'Dairy Co',
          reference: 'INV-7',
        },
        token: w.manager,
      },
    );
    expect(r.status).toBe(201);
    expect(r.body.receipt).toMatchObject({
      supplier: 'Dairy Co',
      reference: 'INV-7',
      lines: [
        { inventoryItemId: milk.id, quantity: 12.5, unitCost: 95 },
        { inventoryItemId: cups.id, quantity: 500, unitCost: null },
        { inventoryItemId: milk.id, quantity: 0.25, unitCost: 99 },
      ],
    });
    const byId = new Map(r.body.items.map((i) => [i.id, i]));
    expect(byId.get(milk.id)).toMatchObject({ onHand: 14.75, lastUnitCost: 99 });
    expect(byId.get(cups.id)).toMatchObject({ onHand: 500, lastUnitCost: null });
    const entries = await ledger(milk.id);
    expect(entries.map((e) => [e.type, e.quantity, e.balanceAfter])).toEqual([
      ['receipt', 0.25, 14.75],
      ['receipt', 12.5, 14.5],
      ['adjust', 2, 2],
    ]);
    expect(entries[0]?.movementId).toBe(r.body.receipt.id);
  });

  it('refuses zero, negative and over-precise quantities, negative or fractional costs (422)', async () => {
    const item = await newItem(w, { onHand: 1 });
    const before = footprint();
    for (const line of [
      { quantity: 0 },
      { quantity: '0.000' },
      { quantity: -1 },
      { quantity: 0.0001 },
      { quantity: 1, unitCost: -5 },
      { quantity: 1, unitCost: 1.5 },
    ]) {
      const r = await w.ts.request<Err>('/api/inventory/receipts', {
        body: { items: [{ inventoryItemId: item.id, ...line }] },
        token: w.admin,
      });
      expect(r.status, JSON.stringify(line)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    const empty = await w.ts.request<Err>('/api/inventory/receipts', {
      body: { items: [] },
      token: w.admin,
    });
    expect(empty.status).toBe(422);
    expect(footprint()).toEqual(before);
  });

  it('refuses unknown items with 404 naming them, and writes none of the other lines', async () => {
    const item = await newItem(w, { onHand: 1 });
    const before = footprint();
    const r = await w.ts.request<Err>('/api/inventory/receipts', {
      body: {
        items: [
          { inventoryItemId: item.id, quantity: 5 },
          { inventoryItemId: 'no-such-item', quantity: 1 },
        ],
      },
      token: w.admin,
    });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({
      code: 'not_found',
      details: { inventoryItemIds: ['no-such-item'] },
    });
    expect(footprint()).toEqual(before);
    expect((await getItem(w, item.id)).onHand).toBe(1);
  });
});

describe('POST /api/inventory/adjust', () => {
  it('applies a signed delta and a counted quantity, each a ledger entry', async () => {
    const item = await newItem(w, { onHand: 10 });
    const a = await w.ts.request<{ adjustment: Adjustment; item: InventoryItem }>(
      '/api/inventory/adjust',
      { body: { inventoryItemId: item.id, delta: -2.5, reason: 'spilled' }, token: w.admin },
    );
    expect(a.status).toBe(201);
    expect(a.body.adjustment).toMatchObject({
      delta: -2.5,
      countedQuantity: null,
      reason: 'spilled',
      balanceAfter: 7.5,
    });
    expect(a.body.item.onHand).toBe(7.5);
    const c = await w.ts.request<{ adjustment: Adjustment; item: InventoryItem }>(
      '/api/inventory/adjust',
      {
        body: { inventoryItemId: item.id, countedQuantity: '6.875', reason: 'stock count' },
        token: w.admin,
      },
    );
    expect(c.status).toBe(201);
    expect(c.body.adjustment).toMatchObject({
      delta: -0.625,
      countedQuantity: 6.875,
      balanceAfter: 6.875,
    });
    const entries = await ledger(item.id);
    expect(entries.map((e) => [e.type, e.quantity, e.balanceAfter, e.reason])).toEqual([
      ['adjust', -0.625, 6.875, 'stock count'],
      ['adjust', -2.5, 7.5, 'spilled'],
      ['adjust', 10, 10, 'opening balance'],
    ]);
  });

  it('never goes below zero: 422 negative_stock, nothing written', async () => {
    const item = await newItem(w, { onHand: 1 });
    const before = footprint();
    const r = await w.ts.request<Err>('/api/inventory/adjust', {
      body: { inventoryItemId: item.id, delta: -1.001, reason: 'oops' },
      token: w.admin,
    });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({
      code: 'negative_stock',
      details: { onHand: 1, change: -1.001, result: -0.001 },
    });
    expect(footprint()).toEqual(before);
    // Exactly to zero is fine.
    const z = await w.ts.request<{ item: InventoryItem }>('/api/inventory/adjust', {
      body: { inventoryItemId: item.id, delta: -1, reason: 'used up' },
      token: w.admin,
    });
    expect(z.status).toBe(201);
    expect(z.body.item.onHand).toBe(0);
  });

  it('needs exactly one of delta and countedQuantity, and a reason (422)', async () => {
    const item = await newItem(w, { onHand: 1 });
    const before = footprint();
    for (const body of [
      { inventoryItemId: item.id, reason: 'neither' },
      { inventoryItemId: item.id, delta: 1, countedQuantity: 2, reason: 'both' },
      { inventoryItemId: item.id, delta: 1 },
      { inventoryItemId: item.id, delta: 1, reason: '' },
      { inventoryItemId: item.id, countedQuantity: -1, reason: 'negative count' },
      { inventoryItemId: item.id, delta: '1.2345', reason: 'too precise' },
    ]) {
      const r = await w.ts.request<Err>('/api/inventory/adjust', { body, token: w.admin });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    expect(footprint()).toEqual(before);
  });

  it('answers 404 for an unknown item', async () => {
    const before = footprint();
    const r = await w.ts.request<Err>('/api/inventory/adjust', {
      body: { inventoryItemId: 'ghost', delta: 1, reason: 'x' },
      token: w.admin,
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect(footprint()).toEqual(before);
  });
});

describe('GET /api/inventory/ledger and /low-stock', () => {
  it('pages the ledger newest first with nextCursor', async () => {
    const item = await newItem(w, { onHand: 1 });
    for (let i = 0; i < 4; i++) {
      await w.ts.request('/api/inventory/adjust', {
        body: { inventoryItemId: item.id, delta: 1, reason: `r${i}` },
        token: w.admin,
      });
    }
    const p1 = await w.ts.request<{ entries: LedgerEntry[]; nextCursor: string | null }>(
      `/api/inventory/ledger?inventoryItemId=${item.id}&limit=3`,
      { token: w.admin },
    );
    expect(p1.body.entries.map((e) => e.balanceAfter)).toEqual([5, 4, 3]);
    expect(p1.body.nextCursor).not.toBeNull();
    const p2 = await w.ts.request<{ entries: LedgerEntry[]; nextCursor: string | null }>(
      `/api/inventory/ledger?inventoryItemId=${item.id}&limit=3&cursor=${p1.body.nextCursor}`,
      { token: w.admin },
    );
    expect(p2.body.entries.map((e) => e.balanceAfter)).toEqual([2, 1]);
    expect(p2.body.nextCursor).toBeNull();
    const bad = await w.ts.request<Err>('/api/inventory/ledger?limit=201', { token: w.admin });
    expect(bad.status).toBe(422);
    const ghost = await w.ts.request<Err>('/api/inventory/ledger?inventoryItemId=ghost', {
      token: w.admin,
    });
    expect(ghost.status).toBe(404);
  });

  it('lists items at or below their threshold', async () => {
    const low = await newItem(w, { name: 'Syrup', unit: 'l', onHand: 2, lowStockThreshold: 2 });
    const ok = await newItem(w, { name: 'Sugar', unit: 'kg', onHand: 2.001, lowStockThreshold: 2 });
    const r = await w.ts.request<{ items: InventoryItem[] }>('/api/inventory/low-stock', {
      token: w.admin,
    });
    expect(r.status).toBe(200);
    const ids = r.body.items.map((i) => i.id);
    expect(ids).toContain(low.id);
    expect(ids).not.toContain(ok.id);
    expect(r.body.items.every((i) => i.lowStock && i.onHand <= i.lowStockThreshold)).toBe(true);
  });
});
