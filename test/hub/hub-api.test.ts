/**
 * The hub against a real PostgreSQL over real HTTP on 127.0.0.1: migrations, sign-in, stores and
 * tills, pairing, push (exactly once, gaps, bad batches), revocation, pull with a store's
 * override, catalog edits and seeding.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { HUB_PROTOCOL_VERSION } from '../../src-shared/hub-protocol';
import { loadMigrations, MigrationError } from '../../src-main/db/migrator';
import { HUB_MIGRATIONS_DIR, migrateHub } from '../../src-main/hub/migrate';
import { createHubUser } from '../../src-main/hub/users';
import { fakeClock, type FakeClock } from '../helpers/app';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import {
  addStore,
  addTill,
  call,
  pairedTill,
  pairWith,
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
  await pgs?.stop();
});

describe('hub migrations', () => {
  it('migrating twice applies nothing the second time; an edited applied file is refused', async () => {
    const pool = new pg.Pool({ connectionString: await pgs.newDatabase() });
    try {
      const first = await migrateHub(pool);
      expect(first.length).toBeGreaterThan(0);
      expect(await migrateHub(pool)).toEqual([]);
      // Two processes at once: one migrates, the other waits and finds nothing to do.
      const pool2 = new pg.Pool({ connectionString: await pgs.newDatabase() });
      const [a, b] = await Promise.all([migrateHub(pool2), migrateHub(pool2)]);
      expect([...a, ...b].sort()).toEqual(first);
      await pool2.end();
      const edited = loadMigrations(HUB_MIGRATIONS_DIR).map((m, i) =>
        i === 0 ? { ...m, checksum: 'edited' } : m,
      );
      await expect(migrateHub(pool, edited)).rejects.toThrow(MigrationError);
    } finally {
      await pool.end();
    }
  });
});

// Every test signs in (scrypt): seconds each when the machine is loaded.
describe('the hub API', { timeout: 60_000 }, () => {
  let t: TestHub;
  let clock: FakeClock;
  let admin: string;
  beforeEach(async () => {
    clock = fakeClock();
    t = await startTestHub(await pgs.newDatabase(), { now: clock.fn });
    admin = await signIn(t);
  });
  afterEach(async () => {
    await t?.close();
  });

  it('signs in hub users and keeps managers out of admin work', async () => {
    const wrong = await call(t.url, 'POST', '/hub/api/auth/login', {
      body: { username: 'nobody', password: 'whatever123' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect((await call(t.url, 'GET', '/hub/api/stores')).status).toBe(401);
    const manager = await signIn(t, 'manager');
    const refused = await call(t.url, 'POST', '/hub/api/stores', {
      token: manager,
      body: { name: 'Harbour' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const storeId = await addStore(t.url, admin, 'Harbour');
    const list = await call(t.url, 'GET', '/hub/api/stores', { token: manager });
    expect(list.body.stores).toEqual([
      expect.objectContaining({ id: storeId, name: 'Harbour', tills: 0 }),
    ]);
    const invalid = await call(t.url, 'POST', '/hub/api/stores', {
      token: admin,
      body: { name: '' },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details.issues[0].path).toEqual(['name']);
  });

  it('throttles sign-in after 5 failures for 15 minutes, as the till does', async () => {
    await createHubUser(t.hub.ctx, {
      username: 'Lou',
      password: 'correct horse battery',
      role: 'manager',
    });
    // Names are kept in lower case: any case signs in, and counts against the same name.
    const attempt = (password: string) =>
      call(t.url, 'POST', '/hub/api/auth/login', { body: { username: 'LOU', password } });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).status).toBe(401);
    const locked = await attempt('correct horse battery');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(locked.body.error.details.retryAfterSeconds).toBe(900);
    clock.advance(15 * 60_000 + 1);
    expect((await attempt('correct horse battery')).status).toBe(200);
  });

  it('pairs a till once with its code; wrong, reused and expired codes are refused', async () => {
    const storeId = await addStore(t.url, admin, 'Harbour');
    const { tillId, code } = await addTill(t.url, admin, storeId, 'Counter 1');
    const wrong = await pairWith(t.url, 'AAAA-BBBB-CCCC');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('pairing_code_invalid');
    expect(wrong.body.protocol).toBe(HUB_PROTOCOL_VERSION);

    const ok = await pairWith(t.url, code.toLowerCase().replace(/-/g, ' '));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      protocol: HUB_PROTOCOL_VERSION,
      storeId,
      storeName: 'Harbour',
      tillId,
      tillName: 'Counter 1',
      ackedSeq: 0,
    });
    expect(ok.body.token).toMatch(/^ctt_/);
    const reused = await pairWith(t.url, code);
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('pairing_code_invalid');

    const late = await addTill(t.url, admin, storeId, 'Counter 2');
    clock.advance(24 * 3600_000 + 1);
    const expired = await pairWith(t.url, late.code);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('pairing_code_invalid');
    // A fresh code for the same till works (a new sign-in: the first one expired meanwhile).
    const stale = await call(t.url, 'POST', `/hub/api/tills/${late.tillId}/pairing-code`, {
      token: admin,
    });
    expect(stale.status).toBe(401);
    const again = await call(t.url, 'POST', `/hub/api/tills/${late.tillId}/pairing-code`, {
      token: await signIn(t),
    });
    expect((await pairWith(t.url, again.body.pairingCode)).status).toBe(200);
    // The code is stored hashed, never as typed.
    const { rows } = await pgQuery(t, 'SELECT pairing_code_hash FROM tills');
    expect(JSON.stringify(rows)).not.toContain(late.code);
    expect(t.lines.some((l) => l.code === 'pairing_code_invalid' && l.level === 'warn')).toBe(true);
  });

  it('applies a batch once: a duplicate is a no-op, a gap and a bad change apply nothing', async () => {
    const storeId = await addStore(t.url, admin, 'Harbour');
    const till = await pairedTill(t.url, admin, storeId, 'Counter 1');
    const order = { id: 'o1', status: 'completed', total: 450, tax: 50 };
    const payment = { id: 'p1', order_id: 'o1', method: 'cash', amount: 450 };
    const batch = pushBody(0, 3, [upsert(1, 'orders', order), upsert(3, 'payments', payment)]);
    const first = await call(t.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: batch,
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ protocol: HUB_PROTOCOL_VERSION, ackedSeq: 3, applied: 2 });
    const dup = await call(t.url, 'POST', '/hub/api/sync/push', { token: till.token, body: batch });
    expect(dup.status).toBe(200);
    expect(dup.body).toEqual({ protocol: HUB_PROTOCOL_VERSION, ackedSeq: 3, applied: 0 });

    const gap = await call(t.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: pushBody(5, 6, [upsert(6, 'orders', { ...order, id: 'o2' })]),
    });
    expect(gap.status).toBe(409);
    expect(gap.body.error.code).toBe('sequence_gap');
    expect(gap.body.error.details.expectedAfterSeq).toBe(3);

    const unknown = await call(t.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: pushBody(3, 5, [
        upsert(4, 'orders', { ...order, id: 'o3' }),
        upsert(5, 'menu_items', { id: 'm1' }),
      ]),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_entity');
    const badKey = await call(t.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: pushBody(3, 5, [
        upsert(4, 'orders', { ...order, id: 'o3' }),
        upsert(5, 'payments', payment, 'not-p1'),
      ]),
    });
    expect(badKey.status).toBe(422);
    expect(badKey.body.error.code).toBe('validation_error');

    const nul = await call(t.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: pushBody(3, 4, [upsert(4, 'orders', { ...order, id: 'o3', note: 'a\u0000b' })]),
    });
    expect(nul.status).toBe(422);
    expect(nul.body.error.code).toBe('validation_error');

    const { rows } = await pgQuery(t, 'SELECT key FROM till_rows ORDER BY key');
    expect(rows.map((r) => r.key)).toEqual(['o1', 'p1']);
    const state = await call(t.url, 'GET', '/hub/api/sync/state', { token: till.token });
    expect(state.body).toMatchObject({
      tillId: till.tillId,
      storeId,
      ackedSeq: 3,
      catalogVersion: 0,
    });

    // The state of a row is replaced, and a delete keeps its key with no row.
    const next = await call(t.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: pushBody(3, 5, [
        upsert(4, 'orders', { ...order, status: 'refunded' }),
        { seq: 5, entity: 'payments', key: 'p1', op: 'delete', row: null },
      ]),
    });
    expect(next.body.ackedSeq).toBe(5);
    const after = await pgQuery(
      t,
      "SELECT key, row->>'status' AS status, row IS NULL AS gone FROM till_rows ORDER BY key",
    );
    expect(after.rows).toEqual([
      { key: 'o1', status: 'refunded', gone: false },
      { key: 'p1', status: null, gone: true },
    ]);
    // Two states of one row in a batch (not collapsed by the till): the later one stands.
    const twice = await call(t.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: pushBody(5, 7, [
        upsert(6, 'orders', { ...order, id: 'o9', status: 'pending' }),
        upsert(7, 'orders', { ...order, id: 'o9', status: 'completed' }),
      ]),
    });
    expect(twice.body.ackedSeq).toBe(7);
    const o9 = await pgQuery(
      t,
      "SELECT row->>'status' AS status, seq FROM till_rows WHERE key = 'o9'",
    );
    expect(o9.rows).toEqual([{ status: 'completed', seq: 7 }]);
  });

  it('refuses a revoked till at once, an unknown token, and a newer protocol', async () => {
    const storeId = await addStore(t.url, admin, 'Harbour');
    const till = await pairedTill(t.url, admin, storeId, 'Counter 1');
    expect((await call(t.url, 'GET', '/hub/api/sync/state', { token: till.token })).status).toBe(
      200,
    );
    const revoked = await call(t.url, 'POST', `/hub/api/tills/${till.tillId}/revoke`, {
      token: admin,
    });
    expect(revoked.body.state).toBe('revoked');
    const after = await call(t.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: pushBody(0, 1, [upsert(1, 'orders', { id: 'o1' })]),
    });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('till_revoked');
    const unknown = await call(t.url, 'GET', '/hub/api/sync/pull?after=0', { token: 'ctt_nope' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('unknown_till');
    const newer = await call(t.url, 'POST', '/hub/api/sync/push', {
      token: till.token,
      body: { ...pushBody(0, 1, []), protocol: HUB_PROTOCOL_VERSION + 1 },
    });
    expect(newer.status).toBe(426);
    expect(newer.body.error).toMatchObject({
      code: 'protocol_unsupported',
      details: { hubProtocol: HUB_PROTOCOL_VERSION, tillProtocol: HUB_PROTOCOL_VERSION + 1 },
    });
    const warnings = t.lines.filter((l) => l.level === 'warn').map((l) => l.code);
    expect(warnings).toEqual(
      expect.arrayContaining(['till_revoked', 'unknown_till', 'protocol_unsupported']),
    );
  });

  it('seeds once, pulls by cursor with the store override merged, and edits the catalog', async () => {
    const north = await addStore(t.url, admin, 'North');
    const south = await addStore(t.url, admin, 'South');
    const a = await pairedTill(t.url, admin, north, 'N1');
    const b = await pairedTill(t.url, admin, south, 'S1');
    const now = clock.now.toISOString();
    const rows = [
      {
        entity: 'menu_items',
        key: 'm1',
        row: {
          id: 'm1',
          name: 'Flat white',
          price: 350,
          category_id: 'c1',
          available: 1,
          archived: 0,
          tax_rate_bps: 1000,
          created_at: now,
          updated_at: now,
        },
      },
      {
        entity: 'menu_categories',
        key: 'c1',
        row: { id: 'c1', name: 'Coffee', created_at: now },
      },
      { entity: 'users', key: 'u1', row: tillUser('u1', 'ana', 'admin', now) },
      { entity: 'users', key: 'u2', row: tillUser('u2', 'ben', 'cashier', now) },
    ];
    const seeded = await call(t.url, 'POST', '/hub/api/catalog/seed', {
      token: a.token,
      body: { protocol: HUB_PROTOCOL_VERSION, schemaVersion: 15, rows },
    });
    expect(seeded.status).toBe(200);
    expect(seeded.body.version).toBe(4);
    const twice = await call(t.url, 'POST', '/hub/api/catalog/seed', {
      token: b.token,
      body: { protocol: HUB_PROTOCOL_VERSION, schemaVersion: 15, rows },
    });
    expect(twice.status).toBe(409);

    // Parents first: the category was seeded before the item, users before both.
    const page1 = await call(t.url, 'GET', '/hub/api/sync/pull?after=0&limit=3', {
      token: b.token,
    });
    expect(page1.body.changes.map((c: { entity: string }) => c.entity)).toEqual([
      'users',
      'users',
      'menu_categories',
    ]);
    expect(page1.body).toMatchObject({ protocol: HUB_PROTOCOL_VERSION, more: true, version: 3 });
    const page2 = await call(t.url, 'GET', '/hub/api/sync/pull?after=3&limit=3', {
      token: b.token,
    });
    expect(page2.body).toMatchObject({ more: false, version: 4 });

    const override = await call(t.url, 'PUT', `/hub/api/stores/${south}/prices/m1`, {
      token: admin,
      body: { price: 390, taxRateBps: 500 },
    });
    expect(override.status).toBe(200);
    const southPull = await call(t.url, 'GET', '/hub/api/sync/pull?after=4', { token: b.token });
    expect(southPull.body.changes).toEqual([
      expect.objectContaining({
        entity: 'menu_items',
        key: 'm1',
        version: 5,
        row: expect.objectContaining({ price: 390, tax_rate_bps: 500, name: 'Flat white' }),
      }),
    ]);
    const northPull = await call(t.url, 'GET', '/hub/api/sync/pull?after=4', { token: a.token });
    expect(northPull.body.changes[0].row).toMatchObject({ price: 350, tax_rate_bps: 1000 });

    // Menu and staff are edited through the office, with the till's own operations.
    const manager = await signIn(t, 'manager');
    const edit = await call(t.url, 'PATCH', '/hub/office/api/menu/items/m1', {
      token: manager,
      body: { name: 'Flat white (large)' },
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ name: 'Flat white (large)', price: 350 });
    const archived = await call(t.url, 'POST', '/hub/office/api/menu/items/m1/archive', {
      token: manager,
    });
    expect(archived.status).toBe(200);
    const badEdit = await call(t.url, 'PATCH', '/hub/office/api/menu/items/m1', {
      token: manager,
      body: { price: 3.5 },
    });
    expect(badEdit.status).toBe(422);
    const southAgain = await call(t.url, 'GET', '/hub/api/sync/pull?after=5', { token: b.token });
    // One row per key, at its newest version: the rename and the archive, with south's price.
    expect(southAgain.body.changes.map((c: { version: number }) => c.version)).toEqual([7]);
    expect(southAgain.body.changes[0].row).toMatchObject({
      name: 'Flat white (large)',
      archived: 1,
      price: 390,
    });

    const lastAdmin = await call(t.url, 'PATCH', '/hub/office/api/users/u1', {
      token: admin,
      body: { status: 'deactivated' },
    });
    expect(lastAdmin.status).toBe(409);
    const byManager = await call(t.url, 'PATCH', '/hub/office/api/users/u2', {
      token: manager,
      body: { status: 'deactivated' },
    });
    expect(byManager.status).toBe(403);
    const off = await call(t.url, 'PATCH', '/hub/office/api/users/u2', {
      token: admin,
      body: { status: 'deactivated' },
    });
    expect(off.body).toMatchObject({ status: 'deactivated' });
    const userPull = await call(t.url, 'GET', '/hub/api/sync/pull?after=7', { token: a.token });
    expect(userPull.body.changes).toEqual([expect.objectContaining({ version: 8, key: 'u2' })]);
    expect(userPull.body.changes[0].row).toMatchObject({
      id: 'u2',
      status: 'deactivated',
      token_version: 1,
    });
    const on = await call(t.url, 'PATCH', '/hub/office/api/users/u2', {
      token: admin,
      body: { status: 'active' },
    });
    expect(on.body.status).toBe('active');

    // A customer a till makes is shared through the catalog.
    await call(t.url, 'POST', '/hub/api/sync/push', {
      token: a.token,
      body: pushBody(0, 1, [upsert(1, 'customers', { id: 'cu1', name: 'Dana' })]),
    });
    const shared = await call(t.url, 'GET', '/hub/api/sync/pull?after=9', { token: b.token });
    expect(shared.body.changes).toEqual([
      expect.objectContaining({
        entity: 'customers',
        key: 'cu1',
        row: { id: 'cu1', name: 'Dana' },
      }),
    ]);

    const tills = await call(t.url, 'GET', '/hub/api/tills', { token: manager });
    const n1 = tills.body.tills.find((x: { id: string }) => x.id === a.tillId);
    expect(n1).toMatchObject({
      state: 'paired',
      ackedSeq: 1,
      pulledVersion: 7,
      storeName: 'North',
    });
    expect(n1.catalogBehind).toBe(3);
  });
});

/** A till user row as a till seeds it (every column its table requires). */
function tillUser(id: string, username: string, role: string, at: string) {
  return {
    id,
    username,
    display_name: username,
    role,
    status: 'active',
    password_hash: 'scrypt$seeded',
    token_version: 0,
    created_at: at,
    updated_at: at,
  };
}

async function pgQuery(t: TestHub, text: string) {
  const client = await t.hub.db.pool.connect();
  try {
    return await client.query(text);
  } finally {
    client.release();
  }
}
