/**
 * Sales by store and till from pushed rows, with the till's rules (core/reports/sales.ts):
 * payments and refunds counted by their own time in [from, to), tips apart, orders counted once
 * per till when a payment of theirs is in the range, deleted rows ignored. Hand-built rows whose
 * figures are worked out below, to the cent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushedChange } from '../../src-shared/hub-protocol';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import {
  addStore,
  call,
  pairedTill,
  pushBody,
  signIn,
  startTestHub,
  upsert,
  type TestHub,
} from './support';

let pgs: TestPostgres;
let t: TestHub;
beforeAll(async () => {
  pgs = await startPostgres();
  t = await startTestHub(await pgs.newDatabase());
});
afterAll(async () => {
  await t?.close();
  await pgs?.stop();
});

const order = (id: string, tax: number, discount = 0) => ({
  id,
  status: 'completed',
  tax,
  discount,
  total: 0,
  created_at: '2026-11-25T08:00:00.000Z',
});
const payment = (
  id: string,
  orderId: string,
  method: string,
  amount: number,
  at: string,
  tip = 0,
) => ({
  id,
  order_id: orderId,
  method,
  amount,
  tip,
  created_at: at,
});
const refund = (id: string, paymentId: string, method: string, amount: number, at: string) => ({
  id,
  payment_id: paymentId,
  method,
  amount,
  created_at: at,
});

function numbered(rows: [string, Record<string, unknown>][]): PushedChange[] {
  return rows.map(([entity, row], i) => upsert(i + 1, entity, row));
}

async function push(token: string, changes: PushedChange[]) {
  const r = await call(t.url, 'POST', '/hub/api/sync/push', {
    token,
    body: pushBody(0, changes.at(-1)?.seq ?? 1, changes),
  });
  expect(r.status).toBe(200);
}

// Every test signs in (scrypt): seconds each when the machine is loaded.
describe('the hub sales report', { timeout: 60_000 }, () => {
  it('adds up each till as the till does, then stores and the total, to the cent', async () => {
    const admin = await signIn(t);
    const north = await addStore(t.url, admin, 'North');
    const south = await addStore(t.url, admin, 'South');
    const a = await pairedTill(t.url, admin, north, 'A');
    const b = await pairedTill(t.url, admin, north, 'B');
    const c = await pairedTill(t.url, admin, south, 'C');
    const idle = await pairedTill(t.url, admin, south, 'D');

    const changes = numbered([
      ['orders', order('o1', 50)],
      ['payments', payment('p1', 'o1', 'cash', 450, '2026-11-25T10:00:00.000Z')],
      ['orders', order('o2', 100, 20)],
      ['payments', payment('p2', 'o2', 'card', 800, '2026-11-25T11:00:00.000Z', 100)],
      ['payments', payment('p3', 'o2', 'mobile', 200, '2026-11-25T11:05:00.000Z')],
      // Paid the day before: not in the range, but its refund today is.
      ['orders', order('o3', 27)],
      ['payments', payment('p4', 'o3', 'card', 300, '2026-11-24T23:59:59.999Z')],
      ['refunds', refund('r1', 'p4', 'card', 100, '2026-11-25T09:00:00.000Z')],
      // Exactly at `to`: outside the half-open range.
      ['refunds', refund('r2', 'p1', 'cash', 50, '2026-11-26T00:00:00.000Z')],
      ['payments', payment('p5', 'o3', 'cash', 999, '2026-11-25T12:00:00.000Z')],
    ]);
    // p5 was deleted on the till afterwards: a delete keeps no row.
    changes.push({ seq: 11, entity: 'payments', key: 'p5', op: 'delete', row: null });
    changes.splice(9, 1);
    await push(a.token, changes);
    await push(
      b.token,
      numbered([
        ['orders', order('o4', 33)],
        ['payments', payment('p6', 'o4', 'cash', 333, '2026-11-25T12:00:00.000Z')],
      ]),
    );
    await push(
      c.token,
      numbered([
        ['orders', order('o5', 91)],
        ['payments', payment('p7', 'o5', 'card', 1001, '2026-11-25T13:00:00.000Z')],
        ['payments', payment('p8', 'o5', 'card', 1, '2026-11-25T13:01:00.000Z')],
      ]),
    );

    const from = '2026-11-25T00:00:00.000Z';
    const to = '2026-11-26T00:00:00.000Z';
    const r = await call(t.url, 'GET', `/hub/api/reports/sales?from=${from}&to=${to}`, {
      token: admin,
    });
    expect(r.status).toBe(200);
    const tillA = {
      tillId: a.tillId,
      tillName: 'A',
      orderCount: 2,
      gross: 1450,
      refunds: 100,
      net: 1350,
      tax: 150,
      discounts: 20,
      tips: 100,
      averageOrder: 675,
      byMethod: { cash: 450, card: 700, mobile: 200 },
    };
    const tillB = {
      tillId: b.tillId,
      tillName: 'B',
      orderCount: 1,
      gross: 333,
      refunds: 0,
      net: 333,
      tax: 33,
      discounts: 0,
      tips: 0,
      averageOrder: 333,
      byMethod: { cash: 333, card: 0, mobile: 0 },
    };
    const tillC = {
      tillId: c.tillId,
      tillName: 'C',
      orderCount: 1,
      gross: 1002,
      refunds: 0,
      net: 1002,
      tax: 91,
      discounts: 0,
      tips: 0,
      averageOrder: 1002,
      byMethod: { cash: 0, card: 1002, mobile: 0 },
    };
    const tillD = {
      tillId: idle.tillId,
      tillName: 'D',
      orderCount: 0,
      gross: 0,
      refunds: 0,
      net: 0,
      tax: 0,
      discounts: 0,
      tips: 0,
      averageOrder: 0,
      byMethod: { cash: 0, card: 0, mobile: 0 },
    };
    const northFigures = {
      storeId: north,
      storeName: 'North',
      orderCount: 3,
      gross: 1783,
      refunds: 100,
      net: 1683,
      tax: 183,
      discounts: 20,
      tips: 100,
      // 1683 / 3 = 561 exactly.
      averageOrder: 561,
      byMethod: { cash: 783, card: 700, mobile: 200 },
      tills: [tillA, tillB],
    };
    expect(r.body).toEqual({
      from,
      to,
      orderCount: 4,
      gross: 2785,
      refunds: 100,
      net: 2685,
      tax: 274,
      discounts: 20,
      tips: 100,
      // 2685 / 4 = 671.25 → 671 (half up, integers only).
      averageOrder: 671,
      byMethod: { cash: 783, card: 1702, mobile: 200 },
      stores: [
        northFigures,
        {
          storeId: south,
          storeName: 'South',
          orderCount: 1,
          gross: 1002,
          refunds: 0,
          net: 1002,
          tax: 91,
          discounts: 0,
          tips: 0,
          averageOrder: 1002,
          byMethod: { cash: 0, card: 1002, mobile: 0 },
          tills: [tillC, tillD],
        },
      ],
    });

    const southOnly = await call(
      t.url,
      'GET',
      `/hub/api/reports/sales?from=${from}&to=${to}&storeId=${south}`,
      { token: admin },
    );
    expect(southOnly.body.stores.map((s: { storeName: string }) => s.storeName)).toEqual(['South']);
    expect(southOnly.body.net).toBe(1002);

    const bad = await call(t.url, 'GET', `/hub/api/reports/sales?from=${to}&to=${from}`, {
      token: admin,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_range');
  });
});

// Every test signs in (scrypt): seconds each when the machine is loaded.
describe('stock per store', { timeout: 60_000 }, () => {
  it('is the sum of the movements its tills pushed, per item', async () => {
    const admin = await signIn(t);
    const east = await addStore(t.url, admin, 'East');
    const west = await addStore(t.url, admin, 'West');
    const e1 = await pairedTill(t.url, admin, east, 'E1');
    const e2 = await pairedTill(t.url, admin, east, 'E2');
    const w1 = await pairedTill(t.url, admin, west, 'W1');
    const move = (seq: number, id: string, item: string, quantity: number) =>
      upsert(
        seq,
        'inventory_ledger',
        {
          seq,
          id,
          inventory_item_id: item,
          type: quantity > 0 ? 'receipt' : 'consume',
          quantity_milli: quantity,
        },
        String(seq),
      );
    await push(e1.token, [
      move(1, 'a', 'milk', 10_000),
      move(2, 'b', 'milk', -250),
      move(3, 'c', 'beans', 1_000),
    ]);
    await push(e2.token, [move(1, 'd', 'milk', -1_500)]);
    await push(w1.token, [move(1, 'e', 'milk', 2_000)]);
    const r = await call(t.url, 'GET', `/hub/api/reports/stock?storeId=${east}`, { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.stores).toHaveLength(1);
    const items = Object.fromEntries(
      r.body.stores[0].items.map((i: { inventoryItemId: string; onHandMilli: number }) => [
        i.inventoryItemId,
        i.onHandMilli,
      ]),
    );
    expect(items).toEqual({ milk: 8_250, beans: 1_000 });
    const all = await call(t.url, 'GET', '/hub/api/reports/stock', { token: admin });
    const westItems = all.body.stores.find((s: { storeId: string }) => s.storeId === west).items;
    expect(westItems).toEqual([
      expect.objectContaining({ inventoryItemId: 'milk', onHandMilli: 2_000, movements: 1 }),
    ]);
  });
});
