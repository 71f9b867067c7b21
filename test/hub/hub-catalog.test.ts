/**
 * More of the catalog edited on the hub through the office (issue 16): menu categories added,
 * renamed and reordered, a modifier option's price delta and availability, the shop's name and
 * receipt lines, each as the till's own operation. Real PostgreSQL, real HTTP on 127.0.0.1, and
 * a real till joined to the hub that pulls a renamed category, an option's new price and the
 * shop's new name and sells with them.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HUB_PROTOCOL_VERSION } from '../../src-shared/hub-protocol';
import { createCategory, listCategories } from '../../src-main/core/menu/categories';
import { createMenuItem } from '../../src-main/core/menu/items';
import { createModifierGroup } from '../../src-main/core/modifiers/groups';
import { createOrder } from '../../src-main/core/orders/create';
import { getSettings } from '../../src-main/core/settings';
import { catalogVersion } from '../../src-main/hub/catalog';
import { removeTempDirs, startTestServer } from '../helpers/app';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { addStore, addTill, call, pairedTill, signIn, startTestHub, type TestHub } from './support';

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
const AT = '2026-11-25T10:00:00.000Z';

async function seed(t: TestHub, admin: string, rows: unknown[]) {
  const store = await addStore(t.url, admin, 'North');
  const till = await pairedTill(t.url, admin, store, 'N1');
  const seeded = await call(t.url, 'POST', '/hub/api/catalog/seed', {
    token: till.token,
    body: { protocol: HUB_PROTOCOL_VERSION, schemaVersion: 17, rows },
  });
  expect(seeded.status).toBe(200);
  return till;
}

describe('categories, modifier options and the shop on the hub', { timeout: 60_000 }, () => {
  let t: TestHub;
  let admin: string;
  beforeEach(async () => {
    t = await startTestHub(await pgs.newDatabase());
    admin = await signIn(t);
  });
  afterEach(async () => {
    await t?.close();
  });

  it('adds, renames and reorders categories in the till’s columns; refuses a taken name, a blank one, an unknown id', async () => {
    const till = await seed(t, admin, [
      {
        entity: 'menu_categories',
        key: 'c1',
        row: { id: 'c1', name: 'Coffee', sort_order: 1, created_at: AT, station_id: null },
      },
    ]);
    const manager = await signIn(t, 'manager');
    const made = await call(t.url, 'POST', `${OFFICE}/menu/categories`, {
      token: manager,
      body: { name: 'Pastries', sortOrder: 2 },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'Pastries', sortOrder: 2 });
    const pulled = await call(t.url, 'GET', '/hub/api/sync/pull?after=1', { token: till.token });
    expect(pulled.body.changes).toHaveLength(1);
    expect(Object.keys(pulled.body.changes[0].row).sort()).toEqual(
      ['id', 'name', 'sort_order', 'created_at', 'station_id'].sort(),
    );
    expect(pulled.body.changes[0].row).toMatchObject({
      id: made.body.id,
      name: 'Pastries',
      sort_order: 2,
      station_id: null,
    });

    const renamed = await call(t.url, 'PATCH', `${OFFICE}/menu/categories/c1`, {
      token: manager,
      body: { name: 'Hot drinks' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: 'c1', name: 'Hot drinks' });
    const reordered = await call(t.url, 'PUT', `${OFFICE}/menu/categories/order`, {
      token: manager,
      body: { ids: [made.body.id, 'c1'] },
    });
    expect(reordered.status, JSON.stringify(reordered.body)).toBe(200);
    const list = await call(t.url, 'GET', `${OFFICE}/menu/categories`, { token: manager });
    expect(list.body.categories.map((c: { name: string }) => c.name)).toEqual([
      'Pastries',
      'Hot drinks',
    ]);

    const v = await catalogVersion(t.hub.ctx.db);
    const taken = await call(t.url, 'POST', `${OFFICE}/menu/categories`, {
      token: manager,
      body: { name: 'hot DRINKS' },
    });
    expect(taken.status).toBe(409);
    const blank = await call(t.url, 'POST', `${OFFICE}/menu/categories`, {
      token: manager,
      body: { name: '  ' },
    });
    expect(blank.status).toBe(422);
    expect(blank.body.error.details.issues[0].path).toBe('name');
    const nobody = await call(t.url, 'PATCH', `${OFFICE}/menu/categories/nope`, {
      token: manager,
      body: { name: 'Tea' },
    });
    expect(nobody.status).toBe(404);
    const anon = await call(t.url, 'POST', `${OFFICE}/menu/categories`, { body: { name: 'Tea' } });
    expect(anon.status).toBe(401);
    expect(await catalogVersion(t.hub.ctx.db)).toBe(v);
  });

  it('changes an option’s price delta and availability, keeping its id; refuses a fractional delta', async () => {
    const now = AT;
    await seed(t, admin, [
      {
        entity: 'modifier_groups',
        key: 'g1',
        row: {
          id: 'g1',
          name: 'Milk',
          min_choices: 0,
          max_choices: 1,
          archived: 0,
          created_at: now,
          updated_at: now,
        },
      },
      ...[
        ['o1', 'Whole', 0],
        ['o2', 'Oat', 50],
      ].map(([id, name, delta], i) => ({
        entity: 'modifier_options',
        key: String(id),
        row: {
          id,
          group_id: 'g1',
          position: i,
          name,
          price_delta: delta,
          available: 1,
          archived: 0,
        },
      })),
    ]);
    const groups = await call(t.url, 'GET', `${OFFICE}/menu/modifier-groups`, { token: admin });
    expect(groups.body.groups).toEqual([
      expect.objectContaining({
        id: 'g1',
        options: [
          expect.objectContaining({ id: 'o1', name: 'Whole' }),
          expect.objectContaining({ id: 'o2', name: 'Oat', priceDelta: 50 }),
        ],
      }),
    ]);
    const changed = await call(t.url, 'PATCH', `${OFFICE}/menu/modifier-groups/g1`, {
      token: admin,
      body: {
        options: [
          { id: 'o1', name: 'Whole' },
          { id: 'o2', name: 'Oat', priceDelta: 80, available: false },
        ],
      },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const row = await t.hub.ctx.db
      .selectFrom('catalog_rows')
      .select('row')
      .where('entity', '=', 'modifier_options')
      .where('key', '=', 'o2')
      .executeTakeFirstOrThrow();
    expect(row.row).toMatchObject({ id: 'o2', group_id: 'g1', price_delta: 80, available: 0 });

    const v = await catalogVersion(t.hub.ctx.db);
    const fraction = await call(t.url, 'PATCH', `${OFFICE}/menu/modifier-groups/g1`, {
      token: admin,
      body: { options: [{ id: 'o2', name: 'Oat', priceDelta: 0.5 }] },
    });
    expect(fraction.status).toBe(422);
    expect(await catalogVersion(t.hub.ctx.db)).toBe(v);
  });

  it('changes the shop name and receipt lines as the till’s settings rows; refuses bad values', async () => {
    const before = await call(t.url, 'GET', `${OFFICE}/settings`, { token: admin });
    expect(before.body).toMatchObject({
      storeName: 'Countertop Café',
      receiptFooter: 'Thank you!',
    });
    const changed = await call(t.url, 'PATCH', `${OFFICE}/settings`, {
      token: admin,
      body: { storeName: 'Harbour Café', receiptHeader: 'Open 7–19' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      storeName: 'Harbour Café',
      receiptHeader: 'Open 7–19',
      receiptFooter: 'Thank you!',
    });
    const rows = await t.hub.ctx.db
      .selectFrom('catalog_rows')
      .select(['key', 'row'])
      .where('entity', '=', 'settings')
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: 'receiptHeader', row: expect.objectContaining({ value: '"Open 7–19"' }) },
      { key: 'storeName', row: expect.objectContaining({ value: '"Harbour Café"' }) },
    ]);
    const bad = await call(t.url, 'PATCH', `${OFFICE}/settings`, {
      token: admin,
      body: { storeName: ' ', receiptFooter: 'x'.repeat(201), colour: 'red' },
    });
    expect(bad.status).toBe(422);
  });
});

describe('a till joined to the hub', { timeout: 120_000 }, () => {
  it('pulls a renamed category, an option’s new price and the shop’s new name, and sells with them', async () => {
    const hub = await startTestHub(await pgs.newDatabase());
    const ts = await startTestServer({ sync: { tickMs: 3_600_000 } });
    try {
      const hubAdmin = await signIn(hub);
      const owner = await ts.createUser({ username: 'owner', password: PASSWORD, role: 'admin' });
      const token = await ts.token('owner', PASSWORD);
      expect((await ts.request('/api/cash/open', { token, body: {} })).status).toBe(201);
      const cat = await createCategory(ts.app.core, { name: 'Coffee' });
      const milk = await createModifierGroup(ts.app.core, {
        name: 'Milk',
        options: [
          { name: 'Whole', priceDelta: 0 },
          { name: 'Oat', priceDelta: 50 },
        ],
      });
      const latte = await createMenuItem(ts.app.core, {
        name: 'Latte',
        price: 400,
        taxRateBps: 1000,
        categoryId: cat.id,
        modifierGroupIds: [milk.id],
      });
      const oat = milk.options.find((o) => o.name === 'Oat')!;
      const storeId = await addStore(hub.url, hubAdmin, 'Corner Café');
      const { code } = await addTill(hub.url, hubAdmin, storeId, 'Front counter');
      const joined = await ts.request('/api/sync/join', { token, body: { url: hub.url, code } });
      expect(joined.status).toBe(200);

      // The till refuses the rename itself while joined.
      const local = await ts.request(`/api/menu/categories/${cat.id}`, {
        token,
        method: 'PATCH',
        body: { name: 'Hot drinks' },
      });
      expect(local.status).toBe(409);

      const renamed = await call(hub.url, 'PATCH', `${OFFICE}/menu/categories/${cat.id}`, {
        token: hubAdmin,
        body: { name: 'Hot drinks' },
      });
      expect(renamed.status).toBe(200);
      const priced = await call(hub.url, 'PATCH', `${OFFICE}/menu/modifier-groups/${milk.id}`, {
        token: hubAdmin,
        body: {
          options: milk.options.map((o) => ({
            id: o.id,
            name: o.name,
            priceDelta: o.id === oat.id ? 80 : o.priceDelta,
          })),
        },
      });
      expect(priced.status).toBe(200);
      const named = await call(hub.url, 'PATCH', `${OFFICE}/settings`, {
        token: hubAdmin,
        body: { storeName: 'Harbour Café', receiptHeader: 'Open 7–19' },
      });
      expect(named.status).toBe(200);

      expect((await ts.app.sync.runNow())?.outcome).toBe('synced');
      const { categories } = await listCategories(ts.app.core);
      expect(categories.map((c) => c.name)).toEqual(['Hot drinks']);
      expect(getSettings(ts.app.core)).toMatchObject({
        storeName: 'Harbour Café',
        receiptHeader: 'Open 7–19',
        receiptFooter: 'Thank you!',
      });

      const order = await createOrder(ts.app.core, owner.id, {
        items: [{ menuItemId: latte.id, quantity: 2, modifiers: [oat.id] }],
      });
      // (400 + 80) × 2 = 960, tax 10 % = 96.
      expect(order).toMatchObject({ subtotal: 960, tax: 96, total: 1056 });
      expect(order.items[0]!.modifiers[0]).toMatchObject({ name: 'Oat', priceDelta: 80 });
      const paid = await ts.request(`/api/orders/${order.id}/payment`, {
        token,
        body: { method: 'cash', amount: order.total },
      });
      expect(paid.status, JSON.stringify(paid.body)).toBeLessThan(300);
    } finally {
      await ts.close();
      await hub.close();
    }
  });
});
