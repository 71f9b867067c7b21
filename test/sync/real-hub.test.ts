/**
 * This till against the real store hub (src-main/hub/, a throwaway PostgreSQL): join with a
 * pairing code made on the hub (an empty hub takes this till's catalog), sales made while the
 * hub is down arrive when it is back and the hub's sales figures equal the till's to the cent,
 * and a user deactivated on the hub is signed out on the till.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesReport } from '../../src-shared/contract/reports';
import type { SyncStatus } from '../../src-shared/contract/sync';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { addStore, addTill, call, signIn, startTestHub, type TestHub } from '../hub/support';
import { PASSWORD, sale, type SyncWorld } from './support';
import { createMenuItem } from '../../src-main/core/menu/items';

let pgs: TestPostgres;
let hub: TestHub;
let ts: TestServer;
let admin: string;
let hubAdmin: string;
let w: Pick<SyncWorld, 'ts' | 'cashier' | 'cashierId' | 'coffee'>;

beforeAll(async () => {
  pgs = await startPostgres();
  hub = await startTestHub(await pgs.newDatabase());
  hubAdmin = await signIn(hub);
  ts = await startTestServer({ sync: { tickMs: 3_600_000 } });
  await ts.createUser({ username: 'owner', password: PASSWORD, role: 'admin' });
  const cash = await ts.createUser({ username: 'cash', password: PASSWORD, role: 'cashier' });
  admin = await ts.token('owner', PASSWORD);
  const coffee = await createMenuItem(ts.app.core, { name: 'Coffee', price: 350 });
  expect((await ts.request('/api/cash/open', { token: admin, body: {} })).status).toBe(201);
  w = { ts, cashier: await ts.token('cash', PASSWORD), cashierId: cash.id, coffee };
}, 120_000);

afterAll(async () => {
  await ts?.close();
  removeTempDirs();
  await hub?.close();
  await pgs?.stop();
});

describe('a till and the real hub', { timeout: 60_000 }, () => {
  it('joins with a code made on the hub, which takes this till’s catalog', async () => {
    const storeId = await addStore(hub.url, hubAdmin, 'Corner Café');
    const { code } = await addTill(hub.url, hubAdmin, storeId, 'Front counter');
    const wrong = await ts.request<{ error: { message: string } }>('/api/sync/join', {
      token: admin,
      body: { url: hub.url, code: 'ABCD-EFGH-JKLM' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toMatch(/^code: the hub does not know this code/);
    const r = await ts.request<SyncStatus>('/api/sync/join', {
      token: admin,
      body: { url: hub.url, code },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      hub: 'connected',
      store: { id: storeId, name: 'Corner Café' },
      till: { name: 'Front counter' },
      lastError: null,
    });
    const items = await call(hub.url, 'GET', '/hub/office/api/menu/items', { token: hubAdmin });
    expect(JSON.stringify(items.body)).toContain(w.coffee.id);
  });

  it('sales made while the hub is unreachable arrive when it is back, figures to the cent', async () => {
    await ts.app.sync.runNow();
    // The hub's address stops answering: the link now points at a closed port.
    const link = ts.app.core.hub!.links.read()!;
    ts.app.core.hub!.links.write({ ...link, url: 'http://127.0.0.1:9' });
    await sale(w as SyncWorld);
    await sale(w as SyncWorld);
    expect((await ts.app.sync.runNow())?.outcome).toBe('offline');
    const offline = await ts.request<SyncStatus>('/api/sync/status', { token: w.cashier });
    expect(offline.body.hub).toBe('offline');
    expect(offline.body.pending).toBeGreaterThan(0);

    ts.app.core.hub!.links.write(link);
    ts.clock.advance(60_000);
    expect((await ts.app.sync.runNow())?.outcome).toBe('synced');
    const status = await ts.request<SyncStatus>('/api/sync/status', { token: w.cashier });
    expect(status.body).toMatchObject({ hub: 'connected', pending: 0 });

    const from = '2026-11-25T00:00:00.000Z';
    const to = '2026-11-26T00:00:00.000Z';
    const mine = await ts.request<SalesReport>(`/api/reports/sales?range=${from}..${to}`, {
      token: admin,
    });
    const theirs = await call(hub.url, 'GET', `/hub/api/reports/sales?from=${from}&to=${to}`, {
      token: hubAdmin,
    });
    expect(theirs.status).toBe(200);
    expect(mine.body.orderCount).toBe(2);
    for (const f of ['orderCount', 'gross', 'refunds', 'net', 'tax'] as const)
      expect(theirs.body[f], f).toBe(mine.body[f]);
  });

  it('a user deactivated on the hub is signed out on the till at its next pull', async () => {
    expect((await ts.request('/api/auth/me', { token: w.cashier })).status).toBe(200);
    const r = await call(hub.url, 'PATCH', `/hub/office/api/users/${w.cashierId}`, {
      token: hubAdmin,
      body: { status: 'deactivated' },
    });
    expect(r.status).toBe(200);
    expect((await ts.app.sync.runNow())?.outcome).toBe('synced');
    expect((await ts.request('/api/auth/me', { token: w.cashier })).status).toBe(401);
  });
});
