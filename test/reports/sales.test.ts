/** GET /api/reports/sales and /api/reports/orders end to end: data made through the real API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrdersReport, SalesReport } from '../../src-shared/contract/reports';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { call, menuItem, move, order, pay, refund, type Api } from './fixtures';

let ts: TestServer;
let api: Api;
let cashier: string;
const DAY = '2026-11-25T00:00:00.000Z..2026-11-26T00:00:00.000Z';
const ids: Record<string, string> = {};

const at = (iso: string) => ts.clock.set(`2026-11-25T${iso}:00.000Z`);

beforeAll(async () => {
  ts = await startTestServer({ clock: undefined });
  await ts.createUser({ username: 'mgr', password: 'password-1', role: 'manager' });
  await ts.createUser({ username: 'cash', password: 'password-1', role: 'cashier' });
  api = { ts, token: await ts.token('mgr', 'password-1') };
  cashier = await ts.token('cash', 'password-1');

  ts.clock.set('2026-11-24T09:00:00.000Z');
  const latte = await menuItem(api, 'Latte', 450, 800); // 36 tax a cup
  const bagel = await menuItem(api, 'Bagel', 300);
  ids.latte = latte;
  ids.bagel = bagel;
  // The day before: an order paid then, refunded inside the range.
  const old = await order(api, [[latte, 1]]);
  const oldPay = await pay(api, old.id, 'card', old.total);

  at('10:00');
  const a = await order(api, [
    [latte, 2],
    [bagel, 1],
  ]); // 1200 + 72 tax
  at('10:05');
  const aPay = await pay(api, a.id, 'card', a.total);
  at('10:06');
  await move(api, a.id, 'in_queue');
  await move(api, a.id, 'in_progress');
  at('10:11');
  await move(api, a.id, 'ready'); // 300 s prep

  at('11:30');
  const b = await order(api, [[latte, 1]]); // 486
  at('11:31');
  await pay(api, b.id, 'mobile', b.total);
  at('11:32');
  await move(api, b.id, 'in_queue');
  await move(api, b.id, 'in_progress');
  at('11:42');
  await move(api, b.id, 'ready'); // 600 s prep

  at('12:00');
  await call(api, '/api/cash/open', { openingFloat: 0 });
  const c = await order(api, [[bagel, 3]]); // 900
  at('12:10');
  // Two payments on one order: it still counts once.
  await pay(api, c.id, 'cash', 400);
  await pay(api, c.id, 'cash', 500);
  at('12:20');
  await order(api, [[bagel, 5]]); // never paid: not a sale
  at('13:00');
  await refund(api, aPay, 272);
  await refund(api, oldPay, 100);
  await move(api, c.id, 'cancelled').catch(() => undefined); // has payments: refused, stays
  at('14:00');
});

afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

describe('GET /api/reports/sales', () => {
  it('follows the definitions of section 9 exactly', async () => {
    const r = await call<SalesReport>(api, `/api/reports/sales?range=${DAY}`);
    expect(r.from).toBe('2026-11-25T00:00:00.000Z');
    expect(r.to).toBe('2026-11-26T00:00:00.000Z');
    expect(r.gross).toBe(1272 + 486 + 900);
    expect(r.refunds).toBe(272 + 100);
    expect(r.net).toBe(2658 - 372);
    expect(r.byMethod).toEqual({ cash: 900, card: 1272 - 372, mobile: 486 });
    expect(r.orderCount).toBe(3);
    expect(r.tax).toBe(72 + 36 + 0);
    expect(r.averageOrder).toBe(762); // round_half_up(2286 / 3) = 762
    expect(r.topItems).toEqual([
      { menuItemId: ids.bagel, name: 'Bagel', quantity: 4, revenue: 1200 },
      { menuItemId: ids.latte, name: 'Latte', quantity: 3, revenue: 1350 },
    ]);
    // 24 h → hourly buckets, half-open, in the shop's time zone (UTC by default).
    expect(r.series).toHaveLength(24);
    const byStart = Object.fromEntries(r.series.map((s) => [s.start.slice(11, 16), s]));
    expect(byStart['10:00']).toEqual({ start: '2026-11-25T10:00:00.000Z', orders: 1, net: 1272 });
    expect(byStart['11:00']).toMatchObject({ orders: 1, net: 486 });
    expect(byStart['12:00']).toMatchObject({ orders: 1, net: 900 });
    expect(byStart['13:00']).toMatchObject({ orders: 0, net: -372 });
    expect(r.series.reduce((s, b) => s + b.net, 0)).toBe(r.net);
  });

  it('is half-open: a payment at `to` is out, one at `from` is in', async () => {
    const r = await call<SalesReport>(
      api,
      '/api/reports/sales?range=2026-11-25T10:05:00.000Z..2026-11-25T11:31:00.000Z',
    );
    expect(r.gross).toBe(1272);
    expect(r.orderCount).toBe(1);
  });

  it('uses daily buckets beyond 48 h and ends relative ranges now', async () => {
    const r = await call<SalesReport>(api, '/api/reports/sales?range=7d');
    expect(r.to).toBe('2026-11-25T14:00:00.000Z');
    expect(r.from).toBe('2026-11-18T14:00:00.000Z');
    expect(r.series.map((s) => s.start)).toEqual(
      Array.from({ length: 8 }, (_, i) => `2026-11-${String(18 + i)}T00:00:00.000Z`),
    );
    const day24 = r.series.find((s) => s.start.startsWith('2026-11-24'));
    expect(day24).toMatchObject({ orders: 1, net: 486 });
    expect(r.gross).toBe(486 + 2658);
  });

  it('answers 0 averages with no sales', async () => {
    const r = await call<SalesReport>(
      api,
      '/api/reports/sales?range=2026-01-01T00:00:00Z..2026-01-02T00:00:00Z',
    );
    expect(r).toMatchObject({ orderCount: 0, gross: 0, net: 0, averageOrder: 0, topItems: [] });
  });

  it('refuses bad ranges with 400 invalid_range, and needs reports.view', async () => {
    for (const q of [
      '',
      '?range=',
      '?range=1d',
      '?range=24H',
      '?range=2026-11-25..',
      '?range=2026-11-26T00:00:00Z..2026-11-25T00:00:00Z',
      '?range=2026-11-25T10:00:00..2026-11-26T00:00:00Z',
      '?range=yesterday..today',
      '?range=7d&range=30d',
    ]) {
      const r = await ts.request<ErrorBodyShape>(`/api/reports/sales${q}`, { token: api.token });
      expect(r.status, q).toBe(400);
      expect(r.body.error.code, q).toBe('invalid_range');
    }
    const r = await ts.request(`/api/reports/sales?range=24h`, { token: cashier });
    expect(r.status).toBe(403);
  });

  it('answers CSV with a header row for ?format=csv', async () => {
    const r = await ts.request(`/api/reports/sales?range=${DAY}&format=csv`, { token: api.token });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('start,orders,net');
    expect(lines).toHaveLength(25);
    expect(lines).toContain('2026-11-25T13:00:00.000Z,0,-372');
    const bad = await ts.request<ErrorBodyShape>(`/api/reports/sales?range=24h&format=xml`, {
      token: api.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_query');
  });
});

describe('sales series in the shop time zone', () => {
  it('buckets by local days of the business setting timeZone', async () => {
    await call(api, '/api/settings', { timeZone: 'America/New_York' }, 'PATCH');
    try {
      const r = await call<SalesReport>(
        api,
        '/api/reports/sales?range=2026-11-24T00:00:00Z..2026-11-27T00:00:00Z',
      );
      // 72 h → daily, starting at New York midnight (UTC−5 in November).
      expect(r.series.map((s) => s.start)).toEqual([
        '2026-11-23T05:00:00.000Z',
        '2026-11-24T05:00:00.000Z',
        '2026-11-25T05:00:00.000Z',
        '2026-11-26T05:00:00.000Z',
      ]);
      expect(r.series.map((s) => s.net)).toEqual([0, 486, 2658 - 372, 0]);
    } finally {
      await call(api, '/api/settings', { timeZone: 'UTC' }, 'PATCH');
    }
  });
});

describe('GET /api/reports/orders', () => {
  it('counts orders created in the range by status and averages prep in_queue → ready', async () => {
    const r = await call<OrdersReport>(api, `/api/reports/orders?range=${DAY}`);
    expect(r.total).toBe(4);
    expect(r.byStatus).toEqual({
      pending: 2,
      in_queue: 0,
      in_progress: 0,
      ready: 2,
      completed: 0,
      refunded: 0,
      cancelled: 0,
    });
    expect(r.averagePrepSeconds).toBe(450);
    const csv = await ts.request(`/api/reports/orders?range=${DAY}&format=csv`, {
      token: api.token,
    });
    expect(csv.text.split('\r\n').slice(0, 2)).toEqual(['status,count', 'pending,2']);
  });

  it('is null when no order got from the queue to ready', async () => {
    const r = await call<OrdersReport>(
      api,
      '/api/reports/orders?range=2026-11-25T12:00:00Z..2026-11-25T13:00:00Z',
    );
    expect(r.total).toBe(2);
    expect(r.averagePrepSeconds).toBeNull();
  });
});
