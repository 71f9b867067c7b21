/**
 * Adding through the hub's office (the till's own operations) what a joined till may no longer
 * add itself: a till user (and a PIN or password reset), a menu item. Real PostgreSQL, real HTTP
 * on 127.0.0.1, and a real till joined to the hub that pulls what was added, signs the new user
 * in with the hub's PIN and sells the new item.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HUB_PROTOCOL_VERSION } from '../../src-shared/hub-protocol';
import { Secrets } from '../../src-main/core/auth/passwords';
import { createCategory } from '../../src-main/core/menu/categories';
import { createOrder } from '../../src-main/core/orders/create';
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

describe('adding on the hub through the office', { timeout: 60_000 }, () => {
  let t: TestHub;
  let admin: string;
  beforeEach(async () => {
    t = await startTestHub(await pgs.newDatabase());
    admin = await signIn(t);
  });
  afterEach(async () => {
    await t?.close();
  });

  it('adds a till user in exactly the till’s columns, with hashes a till verifies', async () => {
    const made = await call(t.url, 'POST', `${OFFICE}/users`, {
      token: admin,
      body: {
        username: 'dana',
        displayName: 'Dana',
        role: 'cashier',
        password: PASSWORD,
        pin: '4821',
      },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ username: 'dana', role: 'cashier', status: 'active' });
    const row = await t.hub.ctx.db
      .selectFrom('catalog_rows')
      .select(['row', 'version'])
      .where('entity', '=', 'users')
      .where('key', '=', made.body.id)
      .executeTakeFirstOrThrow();
    expect(Object.keys(row.row!).sort()).toEqual(
      [
        'id',
        'username',
        'display_name',
        'role',
        'status',
        'password_hash',
        'pin_hash',
        'extra_permissions',
        'revoked_permissions',
        'token_version',
        'last_sign_in_at',
        'created_at',
        'updated_at',
      ].sort(),
    );
    expect(row.row).toMatchObject({ extra_permissions: '[]', token_version: 0 });
    const secrets = new Secrets();
    expect(await secrets.verify('4821', String(row.row!.pin_hash), 'test')).toBe(true);
    expect(await secrets.verify(PASSWORD, String(row.row!.password_hash), 'test')).toBe(true);
  });

  it('resets a till user’s PIN or password, which ends their sessions', async () => {
    const made = await call(t.url, 'POST', `${OFFICE}/users`, {
      token: admin,
      body: { username: 'gil', role: 'manager', password: PASSWORD },
    });
    const id = made.body.id as string;
    const rowOf = async () =>
      (
        await t.hub.ctx.db
          .selectFrom('catalog_rows')
          .select(['row', 'version'])
          .where('key', '=', id)
          .executeTakeFirstOrThrow()
      ).row!;
    const reset = await call(t.url, 'PATCH', `${OFFICE}/users/${id}`, {
      token: admin,
      body: { pin: '9090' },
    });
    expect(reset.status).toBe(200);
    let row = await rowOf();
    expect(row.token_version).toBe(1);
    expect(await new Secrets().verify('9090', String(row.pin_hash), 'test')).toBe(true);

    const noPin = await call(t.url, 'PATCH', `${OFFICE}/users/${id}`, {
      token: admin,
      body: { pin: null, password: 'a brand new password' },
    });
    expect(noPin.status).toBe(200);
    row = await rowOf();
    expect(row).toMatchObject({ pin_hash: null, token_version: 2 });
    const badPin = await call(t.url, 'PATCH', `${OFFICE}/users/${id}`, {
      token: admin,
      body: { pin: 'abcd' },
    });
    expect(badPin.status).toBe(422);
    const nobody = await call(t.url, 'PATCH', `${OFFICE}/users/nope`, {
      token: admin,
      body: { password: 'another password' },
    });
    expect(nobody.status).toBe(404);
  });

  it('adds a menu item in the till’s columns, with a category from the catalog', async () => {
    const store = await addStore(t.url, admin, 'North');
    const till = await pairedTill(t.url, admin, store, 'N1');
    const seeded = await call(t.url, 'POST', '/hub/api/catalog/seed', {
      token: till.token,
      body: {
        protocol: HUB_PROTOCOL_VERSION,
        schemaVersion: 17,
        rows: [
          {
            entity: 'menu_categories',
            key: 'c1',
            row: { id: 'c1', name: 'Coffee', sort_order: 0, created_at: AT, station_id: null },
          },
        ],
      },
    });
    expect(seeded.status).toBe(200);
    const cats = await call(t.url, 'GET', `${OFFICE}/menu/categories`, { token: admin });
    expect(cats.body.categories).toEqual([expect.objectContaining({ id: 'c1', name: 'Coffee' })]);

    const manager = await signIn(t, 'manager');
    const made = await call(t.url, 'POST', `${OFFICE}/menu/items`, {
      token: manager,
      body: { name: 'Cortado', price: 320, taxRateBps: 1000, categoryId: 'c1', available: true },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      name: 'Cortado',
      price: 320,
      taxRateBps: 1000,
      categoryId: 'c1',
      available: true,
      archived: false,
    });
    const pulled = await call(t.url, 'GET', '/hub/api/sync/pull?after=1', { token: till.token });
    expect(pulled.body.changes).toHaveLength(1);
    expect(pulled.body.changes[0].row).toMatchObject({
      id: made.body.id,
      price: 320,
      category_id: 'c1',
      available: 1,
      archived: 0,
      tax_rate_bps: 1000,
    });

    const v = await catalogVersion(t.hub.ctx.db);
    const unknown = await call(t.url, 'POST', `${OFFICE}/menu/items`, {
      token: admin,
      body: { name: 'Mocha', price: 400, taxRateBps: 0, categoryId: 'nope' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.issues[0].path).toBe('categoryId');
    const bad = await call(t.url, 'POST', `${OFFICE}/menu/items`, {
      token: admin,
      body: { name: '', price: 1.5, taxRateBps: 20_000 },
    });
    expect(bad.status).toBe(422);
    const paths = (bad.body.error.details.issues as { path: string }[]).map((i) => i.path);
    expect(paths.sort()).toEqual(['name', 'price', 'taxRateBps']);
    expect(await catalogVersion(t.hub.ctx.db)).toBe(v);
  });
});

describe('a till joined to the hub', { timeout: 120_000 }, () => {
  it('pulls a user added on the hub, who signs in with the hub’s PIN, and sells an item added on the hub', async () => {
    const hub = await startTestHub(await pgs.newDatabase());
    const ts = await startTestServer({ sync: { tickMs: 3_600_000 } });
    try {
      const hubAdmin = await signIn(hub);
      await ts.createUser({ username: 'owner', password: PASSWORD, role: 'admin' });
      const owner = await ts.token('owner', PASSWORD);
      expect((await ts.request('/api/cash/open', { token: owner, body: {} })).status).toBe(201);
      const cat = await createCategory(ts.app.core, { name: 'Coffee' });
      const storeId = await addStore(hub.url, hubAdmin, 'Corner Café');
      const { code } = await addTill(hub.url, hubAdmin, storeId, 'Front counter');
      const joined = await ts.request('/api/sync/join', {
        token: owner,
        body: { url: hub.url, code },
      });
      expect(joined.status).toBe(200);

      const user = await call(hub.url, 'POST', `${OFFICE}/users`, {
        token: hubAdmin,
        body: { username: 'hana', role: 'cashier', password: PASSWORD, pin: '2468' },
      });
      expect(user.status).toBe(201);
      const item = await call(hub.url, 'POST', `${OFFICE}/menu/items`, {
        token: hubAdmin,
        body: {
          name: 'Cortado',
          price: 320,
          taxRateBps: 1000,
          categoryId: cat.id,
          available: true,
        },
      });
      expect(item.status).toBe(201);
      expect((await ts.loginPin('hana', '2468')).status).toBe(401);

      expect((await ts.app.sync.runNow())?.outcome).toBe('synced');
      const signedIn = await ts.loginPin('hana', '2468');
      expect(signedIn.status).toBe(200);
      const hana = signedIn.body.token;
      expect((await ts.loginPin('hana', '1111')).status).toBe(401);

      const order = await createOrder(ts.app.core, user.body.id, {
        items: [{ menuItemId: item.body.id, quantity: 2 }],
      });
      expect(order).toMatchObject({ subtotal: 640, tax: 64, total: 704 });
      const paid = await ts.request(`/api/orders/${order.id}/payment`, {
        token: hana,
        body: { method: 'cash', amount: order.total },
      });
      expect(paid.status, JSON.stringify(paid.body)).toBeLessThan(300);

      // A PIN reset on the hub ends her session on the till and the new PIN works there.
      const reset = await call(hub.url, 'PATCH', `${OFFICE}/users/${user.body.id}`, {
        token: hubAdmin,
        body: { pin: '1357' },
      });
      expect(reset.status).toBe(200);
      expect((await ts.app.sync.runNow())?.outcome).toBe('synced');
      expect((await ts.request('/api/auth/me', { token: hana })).status).toBe(401);
      expect((await ts.loginPin('hana', '2468')).status).toBe(401);
      expect((await ts.loginPin('hana', '1357')).status).toBe(200);
    } finally {
      await ts.close();
      await hub.close();
    }
  });
});
