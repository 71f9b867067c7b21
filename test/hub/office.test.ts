/**
 * The office (issue 16): the till's own operations run on the hub over a shadow till holding the
 * catalog, at /hub/office/api/…, with a hub token. Real PostgreSQL, real HTTP on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogVersion } from '../../src-main/hub/catalog';
import { removeTempDirs } from '../helpers/app';
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
beforeAll(async () => {
  pgs = await startPostgres();
});
afterAll(async () => {
  removeTempDirs();
  await pgs?.stop();
});

const OFFICE = '/hub/office/api';

async function catalogRows(t: TestHub, entity: string) {
  return t.hub.ctx.db
    .selectFrom('catalog_rows')
    .selectAll()
    .where('entity', '=', entity)
    .orderBy('version')
    .execute();
}

describe('the office', { timeout: 60_000 }, () => {
  let t: TestHub;
  let manager: string;
  let databaseUrl: string;
  beforeEach(async () => {
    databaseUrl = await pgs.newDatabase();
    t = await startTestHub(databaseUrl);
    manager = await signIn(t, 'manager');
  });
  afterEach(async () => {
    await t?.close();
  });

  it('creates a station as the till would, in catalog_rows with a new version', async () => {
    const v0 = await catalogVersion(t.hub.ctx.db);
    const made = await call(t.url, 'POST', `${OFFICE}/stations`, {
      token: manager,
      body: { name: 'Bar', printer: 'none' },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'Bar' });
    const rows = await catalogRows(t, 'stations');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: made.body.id, deleted: false });
    expect(rows[0]!.row).toMatchObject({ id: made.body.id, name: 'Bar' });
    expect(rows[0]!.version).toBeGreaterThan(v0);
    expect(t.lines).toContainEqual(
      expect.objectContaining({
        msg: 'office: catalog changed',
        operation: 'createStation',
        rows: 1,
        hubUser: expect.stringMatching(/^manager\d+$/),
      }),
    );
    const listed = await call(t.url, 'GET', `${OFFICE}/stations`, { token: manager });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain('Bar');
  });

  it('answers who is signed in as a till user, and the settings, writing nothing', async () => {
    const v = await catalogVersion(t.hub.ctx.db);
    const me = await call(t.url, 'GET', `${OFFICE}/auth/me`, { token: manager });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'manager', status: 'active' });
    expect(me.body.username).toMatch(/^manager\d+$/);
    expect(me.body.permissions).toContain('menu.manage');
    expect(me.body.permissions).not.toContain('users.manage');
    const settings = await call(t.url, 'GET', `${OFFICE}/settings`, { token: manager });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ currency: 'USD', timeZone: 'UTC' });
    expect(await catalogVersion(t.hub.ctx.db)).toBe(v);
  });

  it('refuses without or with a bad hub token (401), and what the hub does not do (404)', async () => {
    const none = await call(t.url, 'GET', `${OFFICE}/stations`);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    const bad = await call(t.url, 'GET', `${OFFICE}/stations`, { token: 'nonsense' });
    expect(bad.status).toBe(401);
    const orders = await call(t.url, 'POST', `${OFFICE}/orders`, { token: manager, body: {} });
    expect(orders.status).toBe(404);
    expect(orders.body.error).toMatchObject({
      code: 'not_found',
      details: { operation: 'createOrder' },
    });
    expect(orders.body.error.message).toContain('not done on the hub');
  });

  it('changes currency, locale and time zone before any sale; refuses the currency once a store sold', async () => {
    const changed = await call(t.url, 'PATCH', `${OFFICE}/settings`, {
      token: manager,
      body: { currency: 'EUR', locale: 'fr-FR', timeZone: 'Europe/Paris' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      currency: 'EUR',
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
    });
    const rows = await catalogRows(t, 'settings');
    expect(Object.fromEntries(rows.map((r) => [r.key, r.row!.value]))).toEqual({
      currency: '"EUR"',
      locale: '"fr-FR"',
      timeZone: '"Europe/Paris"',
    });

    const admin = await signIn(t);
    const till = await pairedTill(t.url, admin, await addStore(t.url, admin, 'North'), 'N1');
    const pushed = await call(t.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: pushBody(0, 1, [upsert(1, 'orders', { id: 'o1', status: 'open', total: 450 })]),
    });
    expect(pushed.status).toBe(200);
    const v = await catalogVersion(t.hub.ctx.db);
    const refused = await call(t.url, 'PATCH', `${OFFICE}/settings`, {
      token: manager,
      body: { currency: 'GBP', storeName: 'Renamed' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', details: { field: 'currency' } });
    expect(refused.body.error.message).toContain('EUR');
    expect(await catalogVersion(t.hub.ctx.db)).toBe(v);
    const same = await call(t.url, 'PATCH', `${OFFICE}/settings`, {
      token: manager,
      body: { currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de-DE' },
    });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      locale: 'de-DE',
    });
  });

  it('keeps the till’s refusals (422 per field, 409, 403) and writes nothing when it refuses', async () => {
    const admin = await signIn(t);
    const made = await call(t.url, 'POST', `${OFFICE}/users`, {
      token: admin,
      body: { username: 'dana', role: 'cashier', password: 'correct horse battery', pin: '4821' },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ username: 'dana', role: 'cashier', status: 'active' });
    const v = await catalogVersion(t.hub.ctx.db);

    const taken = await call(t.url, 'POST', `${OFFICE}/users`, {
      token: admin,
      body: { username: 'dana', role: 'kitchen', password: 'correct horse battery' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('conflict');
    const bad = await call(t.url, 'POST', `${OFFICE}/users`, {
      token: admin,
      body: { username: 'eve', role: 'owner', password: 'correct horse battery', pin: '12' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_error');
    const paths = (bad.body.error.details.issues as { path: string }[]).map((i) => i.path);
    expect(paths.sort()).toEqual(['pin', 'role']);
    const byManager = await call(t.url, 'POST', `${OFFICE}/users`, {
      token: manager,
      body: { username: 'fay', role: 'cashier', password: 'correct horse battery' },
    });
    expect(byManager.status).toBe(403);
    expect(byManager.body.error).toMatchObject({
      code: 'forbidden',
      details: { permission: 'users.manage' },
    });
    const blank = await call(t.url, 'POST', `${OFFICE}/stations`, {
      token: manager,
      body: { name: ' ', printer: 'none' },
    });
    expect(blank.status).toBe(422);
    expect(blank.body.error.details.issues[0].path).toBe('name');
    const opening = await call(t.url, 'POST', `${OFFICE}/inventory/items`, {
      token: manager,
      body: { name: 'Milk', unit: 'l', onHand: 3 },
    });
    expect(opening.status).toBe(422);
    expect(opening.body.error.details.issues[0].path).toBe('onHand');
    const nobody = await call(t.url, 'PATCH', `${OFFICE}/menu/items/nope`, {
      token: manager,
      body: { name: 'Mocha' },
    });
    expect(nobody.status).toBe(404);
    // No PIN approval: the shadow's sign-in throttle is thrown away, so a PIN is never tried there.
    const approved = await call(t.url, 'POST', `${OFFICE}/users`, {
      token: manager,
      body: {
        username: 'gus',
        role: 'cashier',
        password: 'correct horse battery',
        approval: { username: 'dana', pin: '4821' },
      },
    });
    expect(approved.status).toBe(422);
    expect(approved.body.error.details.issues[0].path).toBe('approval');
    expect(await catalogVersion(t.hub.ctx.db)).toBe(v);
    // The caller's own row in the shadow is never written back.
    const users = await catalogRows(t, 'users');
    expect(users.map((u) => u.row!.username)).toEqual(['dana']);
  });

  it('keeps the till’s last-admin rule, though the hub user acts as an admin in the shadow', async () => {
    const admin = await signIn(t);
    const olga = await call(t.url, 'POST', `${OFFICE}/users`, {
      token: admin,
      body: { username: 'olga', role: 'admin', password: 'correct horse battery' },
    });
    expect(olga.status).toBe(201);
    const v = await catalogVersion(t.hub.ctx.db);
    for (const body of [{ status: 'deactivated' }, { role: 'manager' }]) {
      const r = await call(t.url, 'PATCH', `${OFFICE}/users/${olga.body.id}`, {
        token: admin,
        body,
      });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('last_admin');
    }
    expect(await catalogVersion(t.hub.ctx.db)).toBe(v);
    // The hub user is no member of staff: not listed, not editable.
    const list = await call(t.url, 'GET', `${OFFICE}/users`, { token: admin });
    expect(list.body.users.map((u: { username: string }) => u.username)).toEqual(['olga']);
    const me = await call(t.url, 'GET', `${OFFICE}/auth/me`, { token: admin });
    const self = await call(t.url, 'PATCH', `${OFFICE}/users/${me.body.id}`, {
      token: admin,
      body: { displayName: 'Me' },
    });
    expect(self.status).toBe(404);
  });

  it('serializes office writes from two hub processes: none is lost', async () => {
    const second = await startTestHub(databaseUrl);
    try {
      const names = ['Bar', 'Grill', 'Pass', 'Cold', 'Pastry', 'Till'];
      const made = await Promise.all(
        names.map((name, i) =>
          call(i % 2 ? second.url : t.url, 'POST', `${OFFICE}/stations`, {
            token: manager,
            body: { name, printer: 'none' },
          }),
        ),
      );
      expect(made.map((m) => m.status)).toEqual(names.map(() => 201));
      const twice = await Promise.all(
        [t.url, second.url].map((base) =>
          call(base, 'POST', `${OFFICE}/menu/categories`, {
            token: manager,
            body: { name: 'Tea' },
          }),
        ),
      );
      expect(twice.map((r) => r.status).sort()).toEqual([201, 409]);
      const rows = await catalogRows(t, 'stations');
      expect(rows.map((r) => r.row!.name).sort()).toEqual([...names].sort());
      expect(new Set(rows.map((r) => r.version)).size).toBe(names.length);
      expect(await catalogRows(t, 'menu_categories')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
