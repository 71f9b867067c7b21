import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange } from '../../src-main/core/range';
import type { Order } from '../../src-shared/contract/orders';
import { removeTempDirs } from '../helpers/app';
import { move, newOrder, orderRowCounts, orderWorld, postOrder, type OrderWorld } from './setup';

let w: OrderWorld;
beforeAll(async () => {
  w = await orderWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

type Page = { orders: Order[]; nextCursor: string | null };

describe('parseRange', () => {
  const now = new Date('2026-11-25T10:00:00.000Z');
  it('reads 24h, 7d, 30d as ending now and <ISO>..<ISO> as given', () => {
    expect(parseRange('24h', now)).toEqual({
      from: '2026-11-24T10:00:00.000Z',
      to: '2026-11-25T10:00:00.000Z',
    });
    expect(parseRange('7d', now).from).toBe('2026-11-18T10:00:00.000Z');
    expect(parseRange('30d', now).from).toBe('2026-10-26T10:00:00.000Z');
    expect(parseRange('2026-11-01T00:00:00Z..2026-11-02T00:00:00+01:00', now)).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-01T23:00:00.000Z',
    });
    expect(parseRange('2026-11-01..2026-11-02', now)).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
    });
  });
  for (const bad of [
    '',
    '1d',
    '24H',
    'yesterday',
    '2026-11-01',
    '2026-11-02..2026-11-01',
    '2026-02-30..2026-03-01',
    '2026-11-01T00:00:00..2026-11-02T00:00:00Z',
    'a..b',
    '2026-11-01..2026-11-02..2026-11-03',
  ]) {
    it(`refuses ${JSON.stringify(bad)} with invalid_range`, () => {
      expect(() => parseRange(bad, now)).toThrow(
        expect.objectContaining({ code: 'invalid_range' }),
      );
    });
  }
});

describe('GET /api/orders', () => {
  let made: Order[];
  beforeAll(async () => {
    made = [];
    for (let i = 0; i < 7; i++) {
      w.ts.clock.advance(60_000);
      made.push(await newOrder(w));
    }
    await move(w, made[1]!.id, 'in_queue');
    await move(w, made[4]!.id, 'in_queue');
  });

  it('pages newest first with an opaque cursor, no duplicates, no gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await w.ts.request<Page>(`/api/orders?limit=3${q}`, { token: w.kitchen });
      expect(res.status).toBe(200);
      expect(res.body.orders.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.orders.map((o) => o.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(made.map((o) => o.id).reverse());
  });

  it('filters by status and by range', async () => {
    const q = await w.ts.request<Page>('/api/orders?status=in_queue', { token: w.kitchen });
    expect(q.body.orders.map((o) => o.id)).toEqual([made[4]!.id, made[1]!.id]);
    const from = made[2]!.createdAt;
    const to = made[5]!.createdAt; // half-open: made[5] itself is out
    const r = await w.ts.request<Page>(`/api/orders?range=${from}..${to}`, { token: w.kitchen });
    expect(r.body.orders.map((o) => o.id)).toEqual([made[4]!.id, made[3]!.id, made[2]!.id]);
    const both = await w.ts.request<Page>(`/api/orders?range=${from}..${to}&status=in_queue`, {
      token: w.kitchen,
    });
    expect(both.body.orders.map((o) => o.id)).toEqual([made[4]!.id]);
    w.ts.clock.advance(1); // ranges are half-open [now − 24h, now)
    const day = await w.ts.request<Page>('/api/orders?range=24h&limit=200', { token: w.kitchen });
    expect(day.body.orders).toHaveLength(7);
  });

  it('refuses a bad range (400), a bad cursor (400), a bad limit or status (422)', async () => {
    const cases: [string, number, string][] = [
      ['/api/orders?range=1y', 400, 'invalid_range'],
      ['/api/orders?cursor=not-a-cursor', 400, 'invalid_query'],
      ['/api/orders?limit=0', 422, 'validation_error'],
      ['/api/orders?limit=201', 422, 'validation_error'],
      ['/api/orders?status=done', 422, 'validation_error'],
    ];
    for (const [path, status, code] of cases) {
      const res = await w.ts.request<{ error: { code: string } }>(path, { token: w.kitchen });
      expect(res.status, path).toBe(status);
      expect(res.body.error.code, path).toBe(code);
    }
  });
});

describe('Idempotency-Key on POST /api/orders', () => {
  const body = () => ({ items: [{ menuItemId: w.coffee.id, quantity: 2 }] });

  it('replays the same order for the same key and body, and creates nothing more', async () => {
    const first = await postOrder(w, body(), w.cashier, { 'idempotency-key': 'till-1-0001' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const before = orderRowCounts(w);
    const again = await postOrder(w, body(), w.cashier, { 'idempotency-key': 'till-1-0001' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(orderRowCounts(w)).toEqual(before);
  });

  it('refuses the same key with another body (422 idempotency_mismatch), writing nothing', async () => {
    await postOrder(w, body(), w.cashier, { 'idempotency-key': 'till-1-0002' });
    const before = orderRowCounts(w);
    const res = await postOrder(
      w,
      { items: [{ menuItemId: w.coffee.id, quantity: 3 }] },
      w.cashier,
      { 'idempotency-key': 'till-1-0002' },
    );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('idempotency_mismatch');
    expect(orderRowCounts(w)).toEqual(before);
  });

  it('makes exactly one order of 25 concurrent duplicates', async () => {
    const before = orderRowCounts(w);
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        postOrder(w, body(), w.cashier, { 'idempotency-key': 'till-1-0003' }),
      ),
    );
    for (const r of results) expect(r.status).toBe(201);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotency-replayed') !== 'true')).toHaveLength(1);
    const after = orderRowCounts(w);
    expect(after.orders).toBe(before.orders + 1);
    expect(after.items).toBe(before.items + 1);
  });

  it('runs a refused request again on retry (4xx is not stored)', async () => {
    const bad = await postOrder(
      w,
      { items: [{ menuItemId: w.soldOut.id, quantity: 1 }] },
      w.cashier,
      {
        'idempotency-key': 'till-1-0004',
      },
    );
    expect(bad.status).toBe(422);
    const again = await postOrder(
      w,
      { items: [{ menuItemId: w.soldOut.id, quantity: 1 }] },
      w.cashier,
      { 'idempotency-key': 'till-1-0004' },
    );
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotency-replayed')).toBeNull();
  });
});
