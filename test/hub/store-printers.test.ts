/**
 * Each store's own kitchen printers (issue 16): a store's printer for a station replaces the
 * office's address in the station's row when that store's tills pull it. Real PostgreSQL, real
 * HTTP on 127.0.0.1, and two real tills in two stores joined to one hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_PROTOCOL_VERSION } from '../../src-shared/hub-protocol';
import { removeTempDirs, startTestServer } from '../helpers/app';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { addStore, addTill, call, pairedTill, signIn, startTestHub } from './support';

let pgs: TestPostgres;
beforeAll(async () => {
  pgs = await startPostgres();
});
afterAll(async () => {
  removeTempDirs();
  await pgs?.stop();
});

const PASSWORD = 'correct horse battery';
const AT = '2026-11-25T10:00:00.000Z';
const OFFICE_PRINTER = 'tcp://192.168.1.50:9100';
const kitchen = {
  entity: 'stations',
  key: 's1',
  row: {
    id: 's1',
    name: 'Kitchen',
    printer: OFFICE_PRINTER,
    active: 1,
    created_at: AT,
    updated_at: AT,
  },
};

describe('a store’s own printer for a station', { timeout: 60_000 }, () => {
  it('is set, listed, pulled by that store’s tills only, and cleared; refusals name the reason', async () => {
    const t = await startTestHub(await pgs.newDatabase());
    try {
      const admin = await signIn(t);
      const manager = await signIn(t, 'manager');
      const north = await addStore(t.url, admin, 'North');
      const south = await addStore(t.url, admin, 'South');
      const a = await pairedTill(t.url, admin, north, 'N1');
      const b = await pairedTill(t.url, admin, south, 'S1');
      const seeded = await call(t.url, 'POST', '/hub/api/catalog/seed', {
        token: a.token,
        body: { protocol: HUB_PROTOCOL_VERSION, schemaVersion: 17, rows: [kitchen] },
      });
      expect(seeded.status).toBe(200);
      const path = (store: string, station = 's1') =>
        `/hub/api/stores/${store}/station-printers/${station}`;
      const put = (body: unknown, store = south, station = 's1', token = manager) =>
        call(t.url, 'PUT', path(store, station), { token, body });

      // A manager sets it; the address is stored canonical (the default port written out).
      const set = await put({ printer: ' tcp://192.168.2.60 ' });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect(set.body).toMatchObject({
        storeId: south,
        stationId: 's1',
        printer: 'tcp://192.168.2.60:9100',
        version: 2,
      });
      const listed = await call(t.url, 'GET', `/hub/api/stores/${south}/station-printers`, {
        token: manager,
      });
      expect(listed.status).toBe(200);
      expect(listed.body.printers).toEqual([
        { stationId: 's1', printer: 'tcp://192.168.2.60:9100', updatedAt: expect.any(String) },
      ]);
      const none = await call(t.url, 'GET', `/hub/api/stores/${north}/station-printers`, {
        token: admin,
      });
      expect(none.body.printers).toEqual([]);

      // The station's row was written again: both stores pull it, each with its own printer.
      const southPull = await call(t.url, 'GET', '/hub/api/sync/pull?after=1', { token: b.token });
      expect(southPull.body.changes).toEqual([
        expect.objectContaining({
          entity: 'stations',
          key: 's1',
          version: 2,
          row: expect.objectContaining({ name: 'Kitchen', printer: 'tcp://192.168.2.60:9100' }),
        }),
      ]);
      const northPull = await call(t.url, 'GET', '/hub/api/sync/pull?after=1', { token: a.token });
      expect(northPull.body.changes[0].row).toMatchObject({ printer: OFFICE_PRINTER });

      // Refusals: the till's own printer check, an unknown store or station, no sign-in.
      const badScheme = await put({ printer: 'ftp://printer' });
      expect(badScheme.status).toBe(422);
      expect(badScheme.body.error.code).toBe('validation_error');
      expect(badScheme.body.error.message).toMatch(/printer/);
      const notDevice = await put({ printer: 'file:/etc/passwd' });
      expect(notDevice.status).toBe(422);
      expect(notDevice.body.error.details.issues).toEqual([
        expect.objectContaining({ path: 'printer', message: 'not a printer or serial device' }),
      ]);
      expect((await put({ printer: 9100 })).status).toBe(422);
      expect((await put({})).status).toBe(422);
      expect((await put({ printer: '' })).status).toBe(422);
      const noStore = await put({ printer: 'none' }, 'no-such-store');
      expect(noStore.status).toBe(404);
      expect(noStore.body.error.message).toBe('no such store');
      const noStation = await put({ printer: 'none' }, south, 'no-such-station');
      expect(noStation.status).toBe(404);
      expect(noStation.body.error.message).toBe('no such station');
      const listUnknown = await call(t.url, 'GET', '/hub/api/stores/nope/station-printers', {
        token: admin,
      });
      expect(listUnknown.status).toBe(404);
      expect((await call(t.url, 'GET', `/hub/api/stores/${south}/station-printers`)).status).toBe(
        401,
      );
      expect((await put({ printer: 'none' }, south, 's1', '')).status).toBe(401);
      // Nothing a refusal touched: still south's address, no new version.
      const after = await call(t.url, 'GET', '/hub/api/sync/pull?after=2', { token: b.token });
      expect(after.body.changes).toEqual([]);

      // Cleared: south's tills pull the office's address again.
      const cleared = await put({ printer: null }, south, 's1', admin);
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ printer: null, version: 3 });
      const again = await call(t.url, 'GET', '/hub/api/sync/pull?after=2', { token: b.token });
      expect(again.body.changes[0].row).toMatchObject({ printer: OFFICE_PRINTER });
      const emptied = await call(t.url, 'GET', `/hub/api/stores/${south}/station-printers`, {
        token: admin,
      });
      expect(emptied.body.printers).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('routes store B’s tickets to store B’s printer: two joined tills, each pulls its store’s address', async () => {
    const hub = await startTestHub(await pgs.newDatabase());
    const tillA = await startTestServer({ sync: { tickMs: 3_600_000 } });
    const tillB = await startTestServer({ sync: { tickMs: 3_600_000 } });
    try {
      const hubAdmin = await signIn(hub);
      const manager = await signIn(hub, 'manager');
      const storeA = await addStore(hub.url, hubAdmin, 'Harbour');
      const storeB = await addStore(hub.url, hubAdmin, 'Station Road');
      const join = async (ts: typeof tillA, store: string, username: string) => {
        await ts.createUser({ username, password: PASSWORD, role: 'admin' });
        const owner = await ts.token(username, PASSWORD);
        const { code } = await addTill(hub.url, hubAdmin, store, 'Counter');
        const joined = await ts.request('/api/sync/join', {
          token: owner,
          body: { url: hub.url, code },
        });
        expect(joined.status, JSON.stringify(joined.body)).toBe(200);
        return owner;
      };
      const ownerA = await join(tillA, storeA, 'owner-a');
      const ownerB = await join(tillB, storeB, 'owner-b');

      const made = await call(hub.url, 'POST', '/hub/office/api/stations', {
        token: manager,
        body: { name: 'Kitchen', printer: OFFICE_PRINTER },
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const own = await call(
        hub.url,
        'PUT',
        `/hub/api/stores/${storeB}/station-printers/${made.body.id}`,
        { token: manager, body: { printer: 'tcp://10.0.2.7:9100' } },
      );
      expect(own.status, JSON.stringify(own.body)).toBe(200);

      const printerOn = async (ts: typeof tillA, token: string) => {
        expect((await ts.app.sync.runNow())?.outcome).toBe('synced');
        const r = await ts.request<{ stations: { id: string; printer: string }[] }>(
          '/api/stations',
          { token },
        );
        return r.body.stations.find((s) => s.id === made.body.id)?.printer;
      };
      expect(await printerOn(tillB, ownerB)).toBe('tcp://10.0.2.7:9100');
      expect(await printerOn(tillA, ownerA)).toBe(OFFICE_PRINTER);

      // The office changes its address: store A follows it, store B keeps its own.
      const moved = await call(hub.url, 'PATCH', `/hub/office/api/stations/${made.body.id}`, {
        token: manager,
        body: { printer: 'tcp://192.168.1.51:9100' },
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(await printerOn(tillA, ownerA)).toBe('tcp://192.168.1.51:9100');
      expect(await printerOn(tillB, ownerB)).toBe('tcp://10.0.2.7:9100');
    } finally {
      await tillA.close();
      await tillB.close();
      await hub.close();
    }
  }, 120_000);
});
