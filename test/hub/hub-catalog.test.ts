/**
 * More of the catalog edited on the hub (issue 16): menu categories added and renamed, a modifier
 * option's price delta and availability. Real PostgreSQL, real HTTP on 127.0.0.1, and a real
 * till joined to the hub that pulls a renamed category and an option's new price and sells with
 * it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HUB_PROTOCOL_VERSION } from '../../src-shared/hub-protocol';
import { createCategory, listCategories } from '../../src-main/core/menu/categories';
import { createMenuItem } from '../../src-main/core/menu/items';
import { createModifierGroup } from '../../src-main/core/modifiers/groups';
import { createOrder } from '../../src-main/core/orders/create';
import { getSettings } from '../../src-main/core/settings';
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

describe('categories and modifier options on the hub', { timeout: 60_000 }, () => {
  let t: TestHub;
  let admin: string;
  beforeEach(async () => {
    t = await startTestHub(await pgs.newDatabase());
    admin = await signIn(t);
  });
  afterEach(async () => {
    await t?.close();
  });

  it('adds and renames a category in the till’s columns; refuses a taken name, a blank one, an unknown id', async () => {
    const till = await seed(t, admin, [
      {
        entity: 'menu_categories',
        key: 'c1',
        row: { id: 'c1', name: 'Coffee', sort_order: 1, created_at: 'x', station_id: null },
      },
    ]);
    const manager = await signIn(t, 'manager');
    const made = await call(t.url, 'POST', '/hub/api/catalog/menu-categories', {
      token: manager,
      body: { name: 'Pastries', sortOrder: 2 },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'Pastries', sortOrder: 2, version: 2 });
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

    const renamed = await call(t.url, 'PATCH', '/hub/api/catalog/menu-categories/c1', {
      token: manager,
      body: { name: 'Hot drinks' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ id: 'c1', name: 'Hot drinks', sortOrder: 1, version: 3 });
    const after = await call(t.url, 'GET', '/hub/api/sync/pull?after=2', { token: till.token });
    expect(after.body.changes[0].row).toEqual({
      id: 'c1',
      name: 'Hot drinks',
      sort_order: 1,
      created_at: 'x',
      station_id: null,
    });
    // Its own name in another case is a rename, not a clash.
    const recase = await call(t.url, 'PATCH', '/hub/api/catalog/menu-categories/c1', {
      token: admin,
      body: { name: 'HOT DRINKS' },
    });
    expect(recase.status).toBe(200);

    const taken = await call(t.url, 'POST', '/hub/api/catalog/menu-categories', {
      token: admin,
      body: { name: 'pastries' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/already a category called "pastries"/);
    expect(taken.body.error.details.field).toBe('name');
    const clash = await call(t.url, 'PATCH', '/hub/api/catalog/menu-categories/c1', {
      token: admin,
      body: { name: 'Pastries' },
    });
    expect(clash.status).toBe(409);
    const blank = await call(t.url, 'POST', '/hub/api/catalog/menu-categories', {
      token: admin,
      body: { name: '  ', sortOrder: 1.5 },
    });
    expect(blank.status).toBe(422);
    const paths = (blank.body.error.details.issues as { path: string[] }[]).map((i) => i.path[0]);
    expect(paths.sort()).toEqual(['name', 'sortOrder']);
    const nobody = await call(t.url, 'PATCH', '/hub/api/catalog/menu-categories/nope', {
      token: admin,
      body: { name: 'Tea' },
    });
    expect(nobody.status).toBe(404);
    const anon = await call(t.url, 'POST', '/hub/api/catalog/menu-categories', {
      body: { name: 'Tea' },
    });
    expect(anon.status).toBe(401);

    const list = await call(t.url, 'GET', '/hub/api/catalog/menu-categories', { token: admin });
    expect(list.body.categories.map((c: { name: string }) => c.name)).toEqual([
      'HOT DRINKS',
      'Pastries',
    ]);
    // Nothing refused was written: the clock moved once per accepted write only.
    expect(
      await t.hub.ctx.db.selectFrom('catalog_clock').select('version').executeTakeFirst(),
    ).toEqual({
      version: 4,
    });
  });

  it('changes an option’s price delta and availability; refuses a negative or fractional delta, a retired option', async () => {
    const till = await seed(t, admin, [
      {
        entity: 'modifier_groups',
        key: 'g1',
        row: { id: 'g1', name: 'Milk', min_choices: 0, max_choices: 1, archived: 0 },
      },
      {
        entity: 'modifier_options',
        key: 'o2',
        row: {
          id: 'o2',
          group_id: 'g1',
          position: 1,
          name: 'Oat',
          price_delta: 50,
          available: 1,
          archived: 0,
        },
      },
      {
        entity: 'modifier_options',
        key: 'o1',
        row: {
          id: 'o1',
          group_id: 'g1',
          position: 0,
          name: 'Whole',
          price_delta: 0,
          available: 1,
          archived: 0,
        },
      },
      {
        entity: 'modifier_options',
        key: 'o3',
        row: {
          id: 'o3',
          group_id: 'g1',
          position: 2,
          name: 'Soy',
          price_delta: 40,
          available: 1,
          archived: 1,
        },
      },
    ]);
    const groups = await call(t.url, 'GET', '/hub/api/catalog/modifier-groups', { token: admin });
    expect(groups.status).toBe(200);
    expect(groups.body.groups).toHaveLength(1);
    expect(groups.body.groups[0].options.map((o: { name: string }) => o.name)).toEqual([
      'Whole',
      'Oat',
    ]);

    const manager = await signIn(t, 'manager');
    const changed = await call(t.url, 'PATCH', '/hub/api/catalog/modifier-options/o2', {
      token: manager,
      body: { priceDelta: 70, available: false },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      id: 'o2',
      groupId: 'g1',
      priceDelta: 70,
      available: false,
    });
    const v = changed.body.version as number;
    const pulled = await call(t.url, 'GET', `/hub/api/sync/pull?after=${v - 1}`, {
      token: till.token,
    });
    expect(pulled.body.changes).toEqual([
      {
        version: v,
        entity: 'modifier_options',
        key: 'o2',
        row: {
          id: 'o2',
          group_id: 'g1',
          position: 1,
          name: 'Oat',
          price_delta: 70,
          available: 0,
          archived: 0,
        },
      },
    ]);

    const bad = await call(t.url, 'PATCH', '/hub/api/catalog/modifier-options/o2', {
      token: admin,
      body: { priceDelta: -5 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.issues[0].path).toEqual(['priceDelta']);
    const fraction = await call(t.url, 'PATCH', '/hub/api/catalog/modifier-options/o2', {
      token: admin,
      body: { priceDelta: 0.5 },
    });
    expect(fraction.status).toBe(422);
    const empty = await call(t.url, 'PATCH', '/hub/api/catalog/modifier-options/o2', {
      token: admin,
      body: {},
    });
    expect(empty.status).toBe(422);
    const extra = await call(t.url, 'PATCH', '/hub/api/catalog/modifier-options/o2', {
      token: admin,
      body: { name: 'Oat milk' },
    });
    expect(extra.status).toBe(422);
    const retired = await call(t.url, 'PATCH', '/hub/api/catalog/modifier-options/o3', {
      token: admin,
      body: { available: true },
    });
    expect(retired.status).toBe(409);
    expect(retired.body.error.message).toMatch(/removed from its group/);
    const nobody = await call(t.url, 'PATCH', '/hub/api/catalog/modifier-options/nope', {
      token: admin,
      body: { available: true },
    });
    expect(nobody.status).toBe(404);
    // None of the refusals wrote a version.
    expect(
      await t.hub.ctx.db.selectFrom('catalog_clock').select('version').executeTakeFirst(),
    ).toEqual({
      version: v,
    });
  });

  it('changes the shop name and receipt header and footer as the till’s settings rows; refuses other keys and bad values', async () => {
    const till = await seed(t, admin, [
      {
        entity: 'settings',
        key: 'storeName',
        row: { key: 'storeName', value: '"Corner Café"', updated_at: 'x' },
      },
      {
        entity: 'settings',
        key: 'currency',
        row: { key: 'currency', value: '"EUR"', updated_at: 'x' },
      },
    ]);
    const before = await call(t.url, 'GET', '/hub/api/catalog/settings', { token: admin });
    expect(before.body).toEqual({
      storeName: 'Corner Café',
      receiptHeader: '',
      receiptFooter: 'Thank you!',
      version: 1,
    });
    const manager = await signIn(t, 'manager');
    const changed = await call(t.url, 'PATCH', '/hub/api/catalog/settings', {
      token: manager,
      body: { storeName: '  Harbour Café ', receiptFooter: 'See you soon' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      storeName: 'Harbour Café',
      receiptHeader: '',
      receiptFooter: 'See you soon',
      version: 4,
    });
    const pulled = await call(t.url, 'GET', '/hub/api/sync/pull?after=2', { token: till.token });
    expect(pulled.body.changes.map((c: { key: string; row: unknown }) => [c.key, c.row])).toEqual([
      ['storeName', { key: 'storeName', value: '"Harbour Café"', updated_at: expect.any(String) }],
      [
        'receiptFooter',
        { key: 'receiptFooter', value: '"See you soon"', updated_at: expect.any(String) },
      ],
    ]);

    const other = await call(t.url, 'PATCH', '/hub/api/catalog/settings', {
      token: admin,
      body: { currency: 'USD' },
    });
    expect(other.status).toBe(422);
    const bad = await call(t.url, 'PATCH', '/hub/api/catalog/settings', {
      token: admin,
      body: { storeName: ' ', receiptHeader: 'x'.repeat(201) },
    });
    expect(bad.status).toBe(422);
    const paths = (bad.body.error.details.issues as { path: string[] }[]).map((i) => i.path[0]);
    expect(paths.sort()).toEqual(['receiptHeader', 'storeName']);
    const empty = await call(t.url, 'PATCH', '/hub/api/catalog/settings', {
      token: admin,
      body: {},
    });
    expect(empty.status).toBe(422);
    const anon = await call(t.url, 'PATCH', '/hub/api/catalog/settings', {
      body: { storeName: 'X' },
    });
    expect(anon.status).toBe(401);
    expect(
      await t.hub.ctx.db.selectFrom('catalog_clock').select('version').executeTakeFirst(),
    ).toEqual({ version: 4 });
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

      const renamed = await call(hub.url, 'PATCH', `/hub/api/catalog/menu-categories/${cat.id}`, {
        token: hubAdmin,
        body: { name: 'Hot drinks' },
      });
      expect(renamed.status).toBe(200);
      const priced = await call(hub.url, 'PATCH', `/hub/api/catalog/modifier-options/${oat.id}`, {
        token: hubAdmin,
        body: { priceDelta: 80 },
      });
      expect(priced.status).toBe(200);
      const named = await call(hub.url, 'PATCH', '/hub/api/catalog/settings', {
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
