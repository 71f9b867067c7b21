import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_SQL } from '../../src-main/core/orders/queue';
import type { Order, QueueOrder } from '../../src-shared/contract/orders';
import { removeTempDirs } from '../helpers/app';
import { move, newOrder, orderWorld, postOrder, type OrderWorld } from './setup';

let w: OrderWorld;
beforeAll(async () => {
  w = await orderWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

type Queue = { orders: QueueOrder[]; generatedAt: string };

describe('GET /api/orders/queue', () => {
  it('lists in_queue, in_progress and ready orders oldest first, with an ETag and 304', async () => {
    const pending = await newOrder(w);
    const a = await newOrder(w);
    w.ts.clock.advance(1000);
    const b = (
      await postOrder(w, {
        items: [
          { menuItemId: w.cake.id, quantity: 2, note: 'no cream' },
          { menuItemId: w.coffee.id, quantity: 1 },
        ],
      })
    ).body;
    w.ts.clock.advance(1000);
    const c = await newOrder(w);
    for (const id of [c.id, b.id, a.id]) await move(w, id, 'in_queue');
    await move(w, b.id, 'in_progress');
    await move(w, c.id, 'in_progress');
    await move(w, c.id, 'ready');

    const res = await w.ts.request<Queue>('/api/orders/queue', { token: w.kitchen });
    expect(res.status).toBe(200);
    expect(res.body.orders.map((o) => [o.id, o.status])).toEqual([
      [a.id, 'in_queue'],
      [b.id, 'in_progress'],
      [c.id, 'ready'],
    ]);
    expect(res.body.orders.some((o) => o.id === pending.id)).toBe(false);
    expect(res.body.orders[1]).toEqual({
      id: b.id,
      number: b.number,
      status: 'in_progress',
      items: [
        { name: 'Cake', quantity: 2, note: 'no cream' },
        { name: 'Coffee', quantity: 1, note: null },
      ],
      createdAt: b.createdAt,
      updatedAt: expect.any(String),
    });
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);

    w.ts.clock.advance(5000); // a display polling later, nothing changed
    const same = await w.ts.request('/api/orders/queue', {
      token: w.kitchen,
      headers: { 'if-none-match': etag! },
    });
    expect(same.status).toBe(304);
    expect(same.text).toBe('');

    await move(w, a.id, 'in_progress');
    const changed = await w.ts.request<Queue>('/api/orders/queue', {
      token: w.kitchen,
      headers: { 'if-none-match': etag! },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.orders[0]!.status).toBe('in_progress');
  });

  it('needs orders.view', async () => {
    const u = await w.ts.createUser({
      username: 'noview',
      password: 'correct-horse-1',
      role: 'cashier',
      revokedPermissions: ['orders.view'],
    });
    expect(u.permissions).not.toContain('orders.view');
    const t = await w.ts.token('noview', 'correct-horse-1');
    for (const path of [
      '/api/orders/queue',
      '/api/orders',
      '/api/orders/bulk-progress?ids=x',
      '/api/orders/changes?since=0',
      '/api/orders/stream',
    ]) {
      const r = await w.ts.request(path, { token: t });
      expect(r.status, path).toBe(403);
    }
    expect((await w.ts.request('/api/orders/queue')).status).toBe(401);
  });

  it('reads only the partial index orders_live, never scanning past orders', async () => {
    const db = w.ts.app.core.dbh.sqlite;
    // Many past orders, as after years of trading.
    const one = (await newOrder(w)) as Order;
    const insert = db.prepare(
      `INSERT INTO orders (id, business_day, number, status, subtotal, tax, total, paid, refunded, created_by, created_at, updated_at)
       VALUES (?, ?, ?, 'completed', 100, 0, 100, 100, 0, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) {
        const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
        insert.run(`past-${i}`, at.slice(0, 10), 100_000 + i, one.createdBy, at, at);
      }
    })();
    db.exec('ANALYZE');
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${QUEUE_SQL}`).all() as { detail: string }[];
    const details = plan.map((p) => p.detail);
    expect(details.some((d) => /USING (COVERING )?INDEX orders_live\b/.test(d))).toBe(true);
    // No step reads the orders table without an index, and no sort of the result is needed.
    expect(details.some((d) => /^SCAN orders$/.test(d))).toBe(false);
    expect(details.some((d) => /TEMP B-TREE/.test(d))).toBe(false);
    // And the queue still answers the same live orders.
    const res = await w.ts.request<Queue>('/api/orders/queue', { token: w.kitchen });
    expect(
      res.body.orders.every((o) => ['in_queue', 'in_progress', 'ready'].includes(o.status)),
    ).toBe(true);
    expect(res.body.orders).toHaveLength(3);
  });
});

describe('bulk progress', () => {
  it('answers by GET ?ids= and by POST {ids}, listing unknown ids as missing', async () => {
    const a = await newOrder(w);
    const b = await newOrder(w);
    await move(w, b.id, 'in_queue');
    const get = await w.ts.request<{ orders: unknown[]; missing: string[] }>(
      `/api/orders/bulk-progress?ids=${a.id},nope,${b.id}`,
      { token: w.kitchen },
    );
    expect(get.status).toBe(200);
    expect(get.body.orders).toEqual([
      { id: a.id, number: a.number, status: 'pending', updatedAt: a.updatedAt },
      { id: b.id, number: b.number, status: 'in_queue', updatedAt: expect.any(String) },
    ]);
    expect(get.body.missing).toEqual(['nope']);
    const post = await w.ts.request('/api/orders/bulk-progress', {
      body: { ids: [a.id, 'nope', b.id] },
      token: w.kitchen,
    });
    expect(post.status).toBe(200);
    expect(post.body).toEqual(get.body);
  });

  it('refuses more than 100 ids, none, or unknown fields with 422', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `id${i}`);
    const g = await w.ts.request(`/api/orders/bulk-progress?ids=${ids.join(',')}`, {
      token: w.kitchen,
    });
    expect(g.status).toBe(422);
    const p = await w.ts.request('/api/orders/bulk-progress', { body: { ids }, token: w.kitchen });
    expect(p.status).toBe(422);
    const hundred = await w.ts.request('/api/orders/bulk-progress', {
      body: { ids: ids.slice(0, 100) },
      token: w.kitchen,
    });
    expect(hundred.status).toBe(200);
    expect((hundred.body as { missing: string[] }).missing).toHaveLength(100);
    expect(
      (await w.ts.request('/api/orders/bulk-progress?ids=', { token: w.kitchen })).status,
    ).toBe(422);
    expect(
      (
        await w.ts.request('/api/orders/bulk-progress', {
          body: { ids: ['a'], x: 1 },
          token: w.kitchen,
        })
      ).status,
    ).toBe(422);
  });
});
