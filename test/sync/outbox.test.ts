/**
 * The outbox (migration 0017): on a joined till every change to a pushed table is written in
 * the same transaction as the change, by triggers; a rolled-back change leaves nothing; an
 * unjoined till writes nothing; rows applied by a pull are not echoed back.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { PUSHED_ENTITIES } from '../../src-shared/hub-protocol';
import { removeTempDirs } from '../helpers/app';
import { join, outbox, sale, status, syncWorld, type SyncWorld } from './support';

let w: SyncWorld;
afterEach(async () => {
  await w?.close();
  removeTempDirs();
});

describe('the sync outbox', () => {
  it('has an insert, update and delete trigger on every pushed table', async () => {
    w = await syncWorld({ join: false });
    const triggers = new Set(
      w.ts.app.core.dbh.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_sync_%'")
        .pluck()
        .all() as string[],
    );
    for (const table of Object.keys(PUSHED_ENTITIES))
      for (const ev of ['insert', 'update', 'delete'])
        expect(triggers, `${table}_sync_${ev}`).toContain(`${table}_sync_${ev}`);
  });

  it('records nothing while the till is not joined', async () => {
    w = await syncWorld({ join: false });
    await sale(w);
    expect(outbox(w)).toEqual([]);
    expect((await status(w)).hub).toBe('off');
  });

  it('records a sale on a joined till: its order, line, payment and history, keyed by id', async () => {
    w = await syncWorld();
    w.hub.down = true;
    const before = outbox(w).length;
    const orderId = await sale(w);
    const added = outbox(w).slice(before);
    const entities = new Set(added.map((e) => e.entity));
    for (const e of ['orders', 'order_items', 'payments', 'order_history'])
      expect(entities, e).toContain(e);
    expect(added).toContainEqual(expect.objectContaining({ entity: 'orders', key: orderId }));
    // Numbers only go up.
    const seqs = added.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect((await status(w)).pending).toBe(outbox(w).length);
  });

  it("writes an order's row once per change: its creation, its payment, each move", async () => {
    w = await syncWorld();
    w.hub.down = true;
    const rowsOf = (id: string) =>
      outbox(w).filter((e) => e.entity === 'orders' && e.key === id).length;
    const orderId = await sale(w);
    // The insert and the payment each stamp `updated_at` in their own write, not in a second one.
    expect(rowsOf(orderId)).toBe(2);
    const moved = await w.ts.request(`/api/orders/${orderId}/status`, {
      method: 'PATCH',
      token: w.cashier,
      body: { status: 'in_queue' },
    });
    expect(moved.status).toBe(200);
    expect(rowsOf(orderId)).toBe(3);
  });

  it('records a shift: cash, no-sale, customer, hours, stock, refund, closing and its Z report', async () => {
    w = await syncWorld({ join: false });
    const t = w.admin;
    const milk = await w.ts.request<{ id: string }>('/api/inventory/items', {
      token: t,
      body: { name: 'Milk', unit: 'l', onHand: 10 },
    });
    expect(milk.status).toBe(201);
    const joined = await join(w, w.hub.addTill());
    expect(joined.status).toBe(200);
    await w.ts.app.sync.runNow();
    w.hub.down = true;
    const ok = async (path: string, body: Record<string, unknown>) => {
      const r = await w.ts.request<Record<string, unknown>>(path, { token: t, body });
      expect(r.status, `${path}: ${r.text}`).toBeLessThan(300);
      return r.body;
    };
    await ok('/api/cash/move', { type: 'cash_in', amount: 500, reason: 'Float top-up' });
    await ok('/api/cash/no-sale', { reason: 'Change for a note' });
    await ok('/api/customers', { name: 'Ada' });
    await ok('/api/attendance/clock-in', {});
    await ok('/api/inventory/receipts', {
      items: [{ inventoryItemId: milk.body.id, quantity: 2 }],
    });
    const orderId = await sale(w);
    const payment = w.ts.app.core.dbh.sqlite
      .prepare('SELECT id, amount FROM payments WHERE order_id = ?')
      .get(orderId) as { id: string; amount: number };
    await ok(`/api/payments/${payment.id}/refund`, { amount: payment.amount, reason: 'Spilled' });
    await ok('/api/cash/close', { countedCash: 500 });
    const entities = new Set(outbox(w).map((e) => e.entity));
    for (const e of [
      'cash_movements',
      'cash_no_sales',
      'customers',
      'attendance_entries',
      'inventory_ledger',
      'orders',
      'order_items',
      'order_history',
      'payments',
      'refunds',
      'cash_sessions',
      'z_reports',
      'audit_log',
    ])
      expect(entities, e).toContain(e);
    // When the hub answers, every one of them arrives.
    w.hub.down = false;
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    const arrived = new Set(w.hub.applied.map((c) => c.entity));
    for (const e of entities) expect(arrived, e).toContain(e);
    expect(outbox(w)).toEqual([]);
  });

  it('a rolled-back change leaves no entry; a refused payment leaves none either', async () => {
    w = await syncWorld();
    const before = outbox(w);
    await expect(
      w.ts.app.core.dbh.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO customers (id, name, created_at, updated_at)
                  VALUES ('c-rolled', 'Rolled', '2026-01-01', '2026-01-01')`.execute(trx);
        throw new Error('the sale fails after writing');
      }),
    ).rejects.toThrow('the sale fails');
    expect(outbox(w)).toEqual(before);
    const orderId = await sale(w);
    const afterSale = outbox(w);
    const r = await w.ts.request(`/api/orders/${orderId}/payment`, {
      token: w.cashier,
      body: { method: 'cash', amount: 100 },
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(outbox(w)).toEqual(afterSale);
  });

  it('a customer pulled from the hub is not pushed back', async () => {
    w = await syncWorld();
    await w.ts.app.sync.runNow();
    const before = outbox(w).length;
    w.hub.publish('customers', 'c-hub', {
      id: 'c-hub',
      name: 'Ada from the other till',
      phone: null,
      email: null,
      created_at: '2026-11-25T09:00:00.000Z',
      updated_at: '2026-11-25T09:00:00.000Z',
    });
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    const row = w.ts.app.core.dbh.sqlite
      .prepare("SELECT name FROM customers WHERE id = 'c-hub'")
      .get();
    expect(row).toEqual({ name: 'Ada from the other till' });
    expect(outbox(w).length).toBe(before);
    expect(w.hub.applied.filter((c) => c.key === 'c-hub')).toEqual([]);
  });
});
