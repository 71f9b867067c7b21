/**
 * The office (issue 16): the till's own operations run on the hub over a shadow till holding the
 * catalog, at /hub/office/api/…, with a hub token. Real PostgreSQL, real HTTP on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogVersion } from '../../src-main/hub/catalog';
import { removeTempDirs } from '../helpers/app';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { call, signIn, startTestHub, type TestHub } from './support';

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
  beforeEach(async () => {
    t = await startTestHub(await pgs.newDatabase());
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
    const listed = await call(t.url, 'GET', `${OFFICE}/stations`, { token: manager });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain('Bar');
  });

  it('answers who is signed in as a till user, and the settings', async () => {
    const me = await call(t.url, 'GET', `${OFFICE}/auth/me`, { token: manager });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'manager', status: 'active' });
    expect(me.body.username).toMatch(/^manager\d+$/);
    expect(me.body.permissions).toContain('menu.manage');
    expect(me.body.permissions).not.toContain('users.manage');
    const settings = await call(t.url, 'GET', `${OFFICE}/settings`, { token: manager });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ currency: 'USD', timeZone: 'UTC' });
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
});
