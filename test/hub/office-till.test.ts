/**
 * What the office makes, a joined till pulls and uses (issue 16): a stock item and a recipe that
 * a sale on the till consumes, a modifier group with its rules, a station, a till user given an
 * extra permission and refused one. Real PostgreSQL, a real till over HTTP on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startTestServer } from '../helpers/app';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { addStore, addTill, call, signIn, startTestHub } from './support';

let pgs: TestPostgres;
beforeAll(async () => {
  pgs = await startPostgres();
});
afterAll(async () => {
  removeTempDirs();
  await pgs?.stop();
});

const PASSWORD = 'correct horse battery';
const OFFICE = '/hub/office/api';

describe('a till joined to the hub', { timeout: 120_000 }, () => {
  it('pulls a stock item, a recipe, a modifier group, a station and a user’s permissions made in the office', async () => {
    const hub = await startTestHub(await pgs.newDatabase());
    const ts = await startTestServer({ sync: { tickMs: 3_600_000 } });
    try {
      const hubAdmin = await signIn(hub);
      const manager = await signIn(hub, 'manager');
      await ts.createUser({ username: 'owner', password: PASSWORD, role: 'admin' });
      const owner = await ts.token('owner', PASSWORD);
      const storeId = await addStore(hub.url, hubAdmin, 'Corner Café');
      const { code } = await addTill(hub.url, hubAdmin, storeId, 'Front counter');
      const joined = await ts.request('/api/sync/join', {
        token: owner,
        body: { url: hub.url, code },
      });
      expect(joined.status).toBe(200);

      const office = (method: string, path: string, body?: unknown, token = manager) =>
        call(hub.url, method, OFFICE + path, { token, body });
      const milk = await office('POST', '/inventory/items', {
        name: 'Milk',
        unit: 'l',
        lowStockThreshold: 1,
      });
      expect(milk.status, JSON.stringify(milk.body)).toBe(201);
      const size = await office('POST', '/menu/modifier-groups', {
        name: 'Size',
        required: true,
        minChoices: 1,
        maxChoices: 1,
        options: [{ name: 'Small' }, { name: 'Large', priceDelta: 50 }],
      });
      expect(size.status, JSON.stringify(size.body)).toBe(201);
      const latte = await office('POST', '/menu/items', {
        name: 'Latte',
        price: 400,
        recipe: [{ inventoryItemId: milk.body.id, quantity: 0.2 }],
        modifierGroupIds: [size.body.id],
      });
      expect(latte.status, JSON.stringify(latte.body)).toBe(201);
      const bar = await office('POST', '/stations', { name: 'Bar', printer: 'none' });
      expect(bar.status).toBe(201);
      const hana = await office(
        'POST',
        '/users',
        { username: 'hana', role: 'cashier', password: PASSWORD, pin: '2468' },
        hubAdmin,
      );
      expect(hana.status, JSON.stringify(hana.body)).toBe(201);
      const changed = await office(
        'PATCH',
        `/users/${hana.body.id}`,
        { extraPermissions: ['reports.view'], revokedPermissions: ['payments.take'] },
        hubAdmin,
      );
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(changed.body.permissions).toContain('reports.view');
      expect(changed.body.permissions).not.toContain('payments.take');

      expect((await ts.app.sync.runNow())?.outcome).toBe('synced');

      // The station and the group's rules are the till's now.
      const stations = await ts.request<{ stations: { name: string }[] }>('/api/stations', {
        token: owner,
      });
      expect(stations.body.stations.map((s) => s.name)).toContain('Bar');
      const groups = await ts.request<{ groups: Record<string, unknown>[] }>(
        `/api/menu/items/${latte.body.id}/modifier-groups`,
        { token: owner },
      );
      expect(groups.body.groups).toEqual([
        expect.objectContaining({ name: 'Size', minChoices: 1, maxChoices: 1 }),
      ]);
      const options = (groups.body.groups[0]!.options as { id: string; name: string }[]) ?? [];
      const large = options.find((o) => o.name === 'Large')!;

      // Hana signs in with the PIN set in the office; she may view reports, not take payments.
      const signedIn = await ts.loginPin('hana', '2468');
      expect(signedIn.status).toBe(200);
      const token = signedIn.body.token;
      const report = await ts.request('/api/reports/z', { token });
      expect(report.status).toBe(200);
      const order = await ts.request<{ id: string; total: number }>('/api/orders', {
        token,
        body: {
          items: [{ menuItemId: latte.body.id, quantity: 2, modifiers: [large.id] }],
        },
      });
      expect(order.status, JSON.stringify(order.body)).toBe(201);
      expect(order.body.total).toBe(900);
      const pay = await ts.request(`/api/orders/${order.body.id}/payment`, {
        token,
        body: { method: 'cash', amount: order.body.total },
      });
      expect(pay.status).toBe(403);
      expect(JSON.stringify(pay.body)).toContain('payments.take');
      expect((await ts.request('/api/cash/open', { token: owner, body: {} })).status).toBe(201);
      const paid = await ts.request(`/api/orders/${order.body.id}/payment`, {
        token: owner,
        body: { method: 'cash', amount: order.body.total },
      });
      expect(paid.status, JSON.stringify(paid.body)).toBeLessThan(300);

      // Completing the order consumes the pulled recipe from the pulled stock item.
      for (const status of ['in_queue', 'in_progress', 'ready', 'completed']) {
        const r = await ts.request(`/api/orders/${order.body.id}/status`, {
          method: 'PATCH',
          body: { status },
          token: owner,
        });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
      }
      const stock = await ts.request<{ items: { id: string; onHand: number }[] }>(
        '/api/inventory/items',
        { token: owner },
      );
      expect(stock.body.items.find((i) => i.id === milk.body.id)?.onHand).toBe(-0.4);
    } finally {
      await ts.close();
      await hub.close();
    }
  });
});
