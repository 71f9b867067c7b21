import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fullRefundHandler,
  registerOrderCompletedHook,
  setFullRefundHandler,
} from '../../src-main/core/orders/hooks';
import { ORDER_STATUSES, TRANSITIONS, type OrderStatus } from '../../src-shared/order-states';
import { removeTempDirs } from '../helpers/app';
import { countRows, move, newOrder, orderWorld, type OrderWorld } from './setup';

let w: OrderWorld;
beforeAll(async () => {
  w = await orderWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

const PATH: OrderStatus[] = ['pending', 'in_queue', 'in_progress', 'ready', 'completed'];

/** Marks the order paid in full, as the payments feature will (no payments code needed here). */
function markPaid(id: string, refunded = 0) {
  w.ts.app.core.dbh.sqlite
    .prepare('UPDATE orders SET paid = total, refunded = ? WHERE id = ?')
    .run(refunded, id);
}

/** An order brought to `status` through legal moves (with payment before completion). */
async function orderIn(status: OrderStatus): Promise<string> {
  const o = await newOrder(w);
  if (status === 'cancelled') {
    expect((await move(w, o.id, 'cancelled')).status).toBe(200);
    return o.id;
  }
  if (status === 'refunded') {
    w.ts.app.core.dbh.sqlite
      .prepare("UPDATE orders SET status = 'refunded', paid = total, refunded = total WHERE id = ?")
      .run(o.id);
    return o.id;
  }
  for (const s of PATH.slice(1, PATH.indexOf(status) + 1)) {
    if (s === 'completed') markPaid(o.id);
    const r = await move(w, o.id, s);
    expect(r.status, r.text).toBe(200);
  }
  return o.id;
}

describe('the transition table', () => {
  it('is the machine of section 4', () => {
    expect(TRANSITIONS).toEqual({
      pending: ['in_queue', 'cancelled'],
      in_queue: ['in_progress', 'cancelled'],
      in_progress: ['ready', 'cancelled'],
      ready: ['completed', 'cancelled'],
      completed: ['refunded'],
      refunded: [],
      cancelled: [],
    });
  });
});

describe('PATCH /api/orders/:id/status', () => {
  it('walks the happy path with one history entry per move (who, when, why)', async () => {
    const o = await newOrder(w);
    w.ts.clock.advance(1000);
    const r1 = await w.ts.request<{ status: string; history: unknown[] }>(
      `/api/orders/${o.id}/status`,
      {
        method: 'PATCH',
        body: { status: 'in_queue', reason: 'sent to kitchen' },
        token: w.cashier,
      },
    );
    expect(r1.status).toBe(200);
    for (const s of ['in_progress', 'ready'] as const) {
      w.ts.clock.advance(1000);
      expect((await move(w, o.id, s, w.kitchen)).status).toBe(200);
    }
    markPaid(o.id);
    const done = await move(w, o.id, 'completed', w.cashier);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    expect(done.body.history.map((h) => [h.from, h.to])).toEqual([
      [null, 'pending'],
      ['pending', 'in_queue'],
      ['in_queue', 'in_progress'],
      ['in_progress', 'ready'],
      ['ready', 'completed'],
    ]);
    expect(done.body.history[1]).toEqual({
      from: 'pending',
      to: 'in_queue',
      at: '2026-11-25T10:00:01.000Z',
      by: w.userIds.cashier,
      reason: 'sent to kitchen',
    });
    expect(done.body.history[2]!.by).toBe(w.userIds.kitchen);
    expect(done.body.updatedAt).toBe(w.ts.clock.now.toISOString());
  });

  // Every (from, to) pair that the table does not allow: 409 with {from, to, allowed}.
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      if (TRANSITIONS[from].includes(to)) continue;
      it(`refuses ${from} → ${to} with 409 invalid_transition and changes nothing`, async () => {
        const id = await orderIn(from);
        const history = countRows(w, 'order_history');
        const changes = countRows(w, 'order_changes');
        const res = await move(w, id, to, w.admin);
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('invalid_transition');
        expect(res.body.error.details).toEqual({ from, to, allowed: [...TRANSITIONS[from]] });
        expect(countRows(w, 'order_history')).toBe(history);
        expect(countRows(w, 'order_changes')).toBe(changes);
        const after = await w.ts.request<{ status: string }>(`/api/orders/${id}`, {
          token: w.admin,
        });
        expect(after.body.status).toBe(from);
      });
    }
  }

  it('completing needs balance 0 (409 unpaid)', async () => {
    const id = await orderIn('ready');
    const res = await move(w, id, 'completed');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('unpaid');
    markPaid(id);
    expect((await move(w, id, 'completed')).status).toBe(200);
  });

  it('cancelling needs orders.cancel (403 for a cashier and the kitchen)', async () => {
    const id = await orderIn('in_queue');
    for (const t of [w.cashier, w.kitchen]) {
      const res = await move(w, id, 'cancelled', t);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await move(w, id, 'cancelled', w.manager)).status).toBe(200);
  });

  it('cancelling needs no unrefunded payment (409 has_payments)', async () => {
    const id = await orderIn('ready');
    w.ts.app.core.dbh.sqlite.prepare('UPDATE orders SET paid = 100 WHERE id = ?').run(id);
    const res = await move(w, id, 'cancelled');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('has_payments');
    w.ts.app.core.dbh.sqlite.prepare('UPDATE orders SET refunded = 100 WHERE id = ?').run(id);
    expect((await move(w, id, 'cancelled')).status).toBe(200);
  });

  it('a move needs orders.status, and 403 comes before 404', async () => {
    const viewer = await w.ts.createUser({
      username: 'viewer',
      password: 'correct-horse-1',
      role: 'kitchen',
      revokedPermissions: ['orders.status'],
    });
    expect(viewer.permissions).not.toContain('orders.status');
    const token = await w.ts.token('viewer', 'correct-horse-1');
    const id = await orderIn('pending');
    expect((await move(w, id, 'in_queue', token)).status).toBe(403);
    expect((await move(w, 'no-such-order', 'cancelled', w.cashier)).status).toBe(403);
    const nf = await move(w, 'no-such-order', 'in_queue', w.cashier);
    expect(nf.status).toBe(404);
    expect(nf.body.error.code).toBe('not_found');
  });

  it('refunded via PATCH needs payments.refund and runs the refund handler in the transaction', async () => {
    const id = await orderIn('completed');
    const installed = fullRefundHandler(w.ts.app.core);
    const denied = await move(w, id, 'refunded', w.cashier);
    expect(denied.status).toBe(403);
    setFullRefundHandler(w.ts.app.core, async (trx, order) => {
      await trx
        .updateTable('orders')
        .set({ refunded: order.paid })
        .where('id', '=', order.id)
        .execute();
    });
    try {
      const res = await move(w, id, 'refunded', w.manager);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'refunded', refunded: res.body.paid });
    } finally {
      setFullRefundHandler(w.ts.app.core, installed);
    }
  });

  it('a failing refund handler rolls the whole move back', async () => {
    const id = await orderIn('completed');
    const installed = fullRefundHandler(w.ts.app.core);
    setFullRefundHandler(w.ts.app.core, async (trx, order) => {
      await trx.updateTable('orders').set({ refunded: 1 }).where('id', '=', order.id).execute();
      throw new Error('provider down');
    });
    try {
      const res = await move(w, id, 'refunded', w.manager);
      expect(res.status).toBe(500);
    } finally {
      setFullRefundHandler(w.ts.app.core, installed);
    }
    const after = await w.ts.request<{ status: string; refunded: number; history: unknown[] }>(
      `/api/orders/${id}`,
      { token: w.admin },
    );
    expect(after.body).toMatchObject({ status: 'completed', refunded: 0 });
    expect(after.body.history).toHaveLength(5);
  });

  it('runs the completion hooks once, inside the transaction', async () => {
    const seen: { id: string; status: string; inTrx: boolean }[] = [];
    const off = registerOrderCompletedHook(w.ts.app.core, async (trx, order) => {
      // Inside the transaction the new status is already visible to the hook.
      const row = await trx
        .selectFrom('orders')
        .select('status')
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow();
      seen.push({
        id: order.id,
        status: row.status,
        inTrx: w.ts.app.core.dbh.sqlite.inTransaction,
      });
      await trx
        .updateTable('orders')
        .set({ consumedAt: '2026-11-25T10:00:00.000Z' })
        .where('id', '=', order.id)
        .execute();
    });
    try {
      const id = await orderIn('completed');
      expect(seen).toEqual([{ id, status: 'completed', inTrx: true }]);
      // A failing hook undoes the completion.
      const other = await orderIn('ready');
      markPaid(other);
      const boom = registerOrderCompletedHook(w.ts.app.core, async () => {
        throw new Error('stock table locked');
      });
      try {
        expect((await move(w, other, 'completed')).status).toBe(500);
      } finally {
        boom();
      }
      const after = await w.ts.request<{ status: string }>(`/api/orders/${other}`, {
        token: w.admin,
      });
      expect(after.body.status).toBe('ready');
      const row = w.ts.app.core.dbh.sqlite
        .prepare('SELECT consumed_at AS c FROM orders WHERE id = ?')
        .get(other) as { c: string | null };
      expect(row.c).toBeNull();
    } finally {
      off();
    }
  });

  it('of 30 concurrent moves of one order exactly one wins', async () => {
    const id = await orderIn('ready');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        move(w, id, i % 2 ? 'cancelled' : 'in_queue', w.manager),
      ),
    );
    // ready → cancelled is legal once; ready → in_queue never.
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('invalid_transition');
    }
    const id2 = await orderIn('in_progress');
    const race = await Promise.all(
      Array.from({ length: 30 }, () => move(w, id2, 'ready', w.kitchen)),
    );
    expect(race.filter((r) => r.status === 200)).toHaveLength(1);
    const hist = w.ts.app.core.dbh.sqlite
      .prepare('SELECT count(*) AS n FROM order_history WHERE order_id = ? AND from_status = ?')
      .get(id2, 'in_progress') as { n: number };
    expect(hist.n).toBe(1);
  });

  it('refuses an unknown status or an unknown field with 422', async () => {
    const id = await orderIn('pending');
    const a = await w.ts.request(`/api/orders/${id}/status`, {
      method: 'PATCH',
      body: { status: 'done' },
      token: w.manager,
    });
    expect(a.status).toBe(422);
    const b = await w.ts.request(`/api/orders/${id}/status`, {
      method: 'PATCH',
      body: { status: 'in_queue', by: 'someone' },
      token: w.manager,
    });
    expect(b.status).toBe(422);
  });
});
