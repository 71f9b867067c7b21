/**
 * The hub's figures for a till equal the till's own sales report to the cent: sales made through
 * a real till's API (split payments, a refund of a payment made the day before, an unpaid order,
 * tax), its rows pushed as the sync worker sends them, both reports asked for the same ranges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSHED_ENTITIES, rowKey, type PushedChange } from '../../src-shared/hub-protocol';
import type { SalesReport } from '../../src-shared/contract/reports';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { call as tillCall, menuItem, order, pay, refund, type Api } from '../reports/fixtures';
import {
  addStore,
  call,
  pairedTill,
  pushBody,
  signIn,
  startTestHub,
  type TestHub,
  REPORT_FIGURES,
} from './support';

let pgs: TestPostgres;
let hub: TestHub;
let ts: TestServer;
let api: Api;

beforeAll(async () => {
  pgs = await startPostgres();
  hub = await startTestHub(await pgs.newDatabase());
  ts = await startTestServer({ clock: undefined });
  await ts.createUser({ username: 'mgr', password: 'password-1', role: 'manager' });
  api = { ts, token: await ts.token('mgr', 'password-1') };
  const at = (hhmm: string, day = 25) => ts.clock.set(`2026-11-${day}T${hhmm}:00.000Z`);

  at('09:00', 24);
  const latte = await menuItem(api, 'Latte', 450, 800);
  const bagel = await menuItem(api, 'Bagel', 333, 1000);
  const old = await order(api, [[latte, 1]]);
  const oldPay = await pay(api, old.id, 'card', old.total);
  at('10:00');
  const a = await order(api, [
    [latte, 2],
    [bagel, 1],
  ]);
  at('10:05');
  const aPay = await pay(api, a.id, 'card', a.total);
  at('11:31');
  const b = await order(api, [[bagel, 3]]);
  await pay(api, b.id, 'mobile', b.total);
  at('12:00');
  await tillCall(api, '/api/cash/open', { openingFloat: 0 });
  const c = await order(api, [[latte, 3]]);
  at('12:10');
  await pay(api, c.id, 'cash', 401);
  await pay(api, c.id, 'cash', c.total - 401);
  at('12:20');
  await order(api, [[bagel, 5]]); // never paid
  at('13:00');
  await refund(api, aPay, 273);
  await refund(api, oldPay, 101);
  at('14:00');
});

afterAll(async () => {
  await ts?.close();
  removeTempDirs();
  await hub?.close();
  await pgs?.stop();
});

/** Every row of the pushed sales tables, as the till's sync worker would send them. */
function tillRows(): PushedChange[] {
  const sqlite = ts.app.core.dbh.sqlite;
  const changes: PushedChange[] = [];
  for (const entity of ['orders', 'order_items', 'payments', 'refunds'] as const) {
    for (const row of sqlite.prepare(`SELECT * FROM ${entity}`).all() as Record<
      string,
      unknown
    >[]) {
      changes.push({
        seq: changes.length + 1,
        entity,
        key: rowKey(PUSHED_ENTITIES[entity], row),
        op: 'upsert',
        row,
      });
    }
  }
  return changes;
}

// Every test signs in (scrypt): seconds each when the machine is loaded.
describe('hub and till reports', { timeout: 60_000 }, () => {
  it('agree to the cent for the same range', async () => {
    const admin = await signIn(hub);
    const storeId = await addStore(hub.url, admin, 'Harbour');
    const till = await pairedTill(hub.url, admin, storeId, 'Counter');
    const changes = tillRows();
    const pushed = await call(hub.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: pushBody(0, changes.length, changes),
    });
    expect(pushed.status).toBe(200);

    for (const range of [
      '2026-11-25T00:00:00.000Z..2026-11-26T00:00:00.000Z',
      '2026-11-25T10:05:00.000Z..2026-11-25T12:10:00.000Z',
      '2026-11-24T00:00:00.000Z..2026-11-26T00:00:00.000Z',
      '2026-11-25T13:00:00.000Z..2026-11-25T13:00:00.001Z',
    ]) {
      const mine = await tillCall<SalesReport>(api, `/api/reports/sales?range=${range}`);
      const [from, to] = range.split('..');
      const theirs = await call(hub.url, 'GET', `/hub/api/reports/sales?from=${from}&to=${to}`, {
        token: admin,
      });
      const tillFigures = theirs.body.stores[0].tills[0];
      for (const f of REPORT_FIGURES) {
        expect(tillFigures[f], `${f} over ${range}`).toEqual(mine[f]);
        expect(theirs.body[f], `${f} over ${range}`).toEqual(mine[f]);
      }
    }
    const day = await tillCall<SalesReport>(
      api,
      '/api/reports/sales?range=2026-11-25T00:00:00.000Z..2026-11-26T00:00:00.000Z',
    );
    // The scenario is not trivial: refunds, several methods and a split payment are in it.
    expect(day.refunds).toBeGreaterThan(0);
    expect(day.orderCount).toBe(3);
    expect(Object.values(day.byMethod).every((v) => v > 0)).toBe(true);
  });
});
