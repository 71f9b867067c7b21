/**
 * Two `npm run hub` processes on one PostgreSQL, as behind a load balancer: they start together
 * (one migrates), share HUB_JWT_SECRET (a sign-in on one works on the other; a hub user
 * deactivated on one is refused by the other at once), apply a till's
 * batches exactly once whichever process answers (even the same batch to both at once), and hand
 * out catalog versions in commit order, so a till following the catalog by cursor while both
 * write ends with exactly the hub's catalog.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_PROTOCOL_VERSION, type PulledChange } from '../../src-shared/hub-protocol';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import {
  childEnv,
  freePort,
  killGroup,
  REPO_ROOT,
  spawnNpm,
  type Spawned,
} from '../helpers/processes';
import { call, pairWith, pushBody, upsert } from './support';

const SECRET = 'two-hub-processes-share-this-secret-0123456789';
let pgs: TestPostgres;
let databaseUrl: string;
const hubs: Spawned[] = [];
const urls: string[] = [];

function runHubCli(args: string[], env: Record<string, string> = { HUB_JWT_SECRET: SECRET }) {
  return spawnSync('npm', ['run', '-s', 'hub', '--', ...args, '--database-url', databaseUrl], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function hubCli(args: string[]) {
  const r = runHubCli(args);
  if (r.status !== 0) throw new Error(`hub ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  pgs = await startPostgres();
  databaseUrl = pgs.url;
  const ports = [await freePort(), await freePort()];
  for (const port of ports)
    hubs.push(
      spawnNpm(
        'hub',
        ['--database-url', databaseUrl, '--host', '127.0.0.1', '--port', String(port)],
        childEnv({ HUB_JWT_SECRET: SECRET }),
      ),
    );
  for (const h of hubs) urls.push((await h.waitFor(/listening on (http:\/\/\S+)/, 60_000))[1]!);
}, 90_000);

afterAll(async () => {
  for (const h of hubs) {
    killGroup(h, 'SIGTERM');
    await h.exited;
  }
  await pgs?.stop();
});

describe('two hub processes on one database', () => {
  it('share sign-ins, apply each batch once, and keep catalog versions in order', async () => {
    const [one, two] = urls as [string, string];
    hubCli(['create-admin', '--username', 'owner', '--password', 'long enough secret']);
    const storeId = /store North: (\S+)/.exec(hubCli(['add-store', '--name', 'North']))![1]!;
    const code = /pairing code: (\S+)/.exec(
      hubCli(['add-till', '--store', storeId, '--name', 'Counter']),
    )![1]!;

    const login = await call(one, 'POST', '/hub/api/auth/login', {
      body: { username: 'owner', password: 'long enough secret' },
    });
    const admin = login.body.token as string;
    const stores = await call(two, 'GET', '/hub/api/stores', { token: admin });
    expect(stores.status).toBe(200);
    expect(stores.body.stores[0].name).toBe('North');

    const paired = await pairWith(two, code);
    expect(paired.status).toBe(200);
    expect((await pairWith(one, code)).status).toBe(401);
    const till = paired.body.token as string;

    // 20 batches alternating between the processes, each retried on the other (a lost answer).
    let applied = 0;
    for (let i = 0; i < 20; i++) {
      const body = pushBody(i * 2, i * 2 + 2, [
        upsert(i * 2 + 1, 'orders', { id: `o${i}`, total: 100 + i }),
        upsert(i * 2 + 2, 'payments', { id: `p${i}`, order_id: `o${i}`, amount: 100 + i }),
      ]);
      const first = await call(i % 2 ? one : two, 'POST', '/hub/api/sync/push', {
        token: till,
        body,
      });
      const retry = await call(i % 2 ? two : one, 'POST', '/hub/api/sync/push', {
        token: till,
        body,
      });
      expect(first.body.ackedSeq).toBe(i * 2 + 2);
      expect(retry.body).toEqual({
        protocol: HUB_PROTOCOL_VERSION,
        ackedSeq: i * 2 + 2,
        applied: 0,
      });
      applied += first.body.applied + retry.body.applied;
    }
    expect(applied).toBe(40);
    // The same batch to both at once: one applies it, the other waits on the till's row lock
    // and then answers "already applied".
    const body = pushBody(40, 41, [upsert(41, 'orders', { id: 'o-race', total: 1 })]);
    const raced = await Promise.all([
      call(one, 'POST', '/hub/api/sync/push', { token: till, body }),
      call(two, 'POST', '/hub/api/sync/push', { token: till, body }),
    ]);
    expect(raced.map((r) => r.status)).toEqual([200, 200]);
    expect(raced.map((r) => r.body.applied).sort()).toEqual([0, 1]);
    const tills = await call(one, 'GET', '/hub/api/tills', { token: admin });
    expect(tills.body.tills[0]).toMatchObject({ ackedSeq: 41, state: 'paired' });
    const report = await call(
      two,
      'GET',
      '/hub/api/reports/sales?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
      { token: admin },
    );
    expect(report.status).toBe(200);

    // Catalog writes from both processes while the till follows by cursor.
    const items = Array.from({ length: 6 }, (_, i) => ({
      entity: 'menu_items',
      key: `m${i}`,
      row: {
        id: `m${i}`,
        name: `Item ${i}`,
        price: 100,
        available: 1,
        archived: 0,
        tax_rate_bps: 0,
        created_at: '2026-11-25T10:00:00.000Z',
        updated_at: '2026-11-25T10:00:00.000Z',
      },
    }));
    const seeded = await call(one, 'POST', '/hub/api/catalog/seed', {
      token: till,
      body: { protocol: HUB_PROTOCOL_VERSION, schemaVersion: 15, rows: items },
    });
    expect(seeded.status).toBe(200);
    const seen = new Map<string, PulledChange>();
    const versions: number[] = [];
    let cursor = 0;
    const follow = async (url: string) => {
      for (;;) {
        const page = await call(url, 'GET', `/hub/api/sync/pull?after=${cursor}&limit=5`, {
          token: till,
        });
        for (const c of page.body.changes as PulledChange[]) {
          seen.set(c.key, c);
          versions.push(c.version);
        }
        cursor = page.body.version;
        if (!page.body.more) return;
      }
    };
    let writing = true;
    const writes = (async () => {
      const edits = [];
      for (let round = 1; round <= 8; round++)
        for (let i = 0; i < 6; i++)
          edits.push(
            // Through the office: the till's own operation, under the catalog lock.
            call(round % 2 ? one : two, 'PATCH', `/hub/office/api/menu/items/m${i}`, {
              token: admin,
              body: { price: 100 + round * 10 + i },
            }),
          );
      const answers = await Promise.all(edits);
      writing = false;
      return answers;
    })();
    let pulls = 0;
    while (writing) {
      await follow(pulls++ % 2 ? one : two);
    }
    const answers = await writes;
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await follow(one);
    // Every write got its own version: 6 seeded + 48 edits of one row each, none lost.
    const state = await call(two, 'GET', '/hub/api/sync/state', { token: till });
    expect(state.body.catalogVersion).toBe(54);
    // The cursor only moved forward, and what the till holds is exactly the hub's catalog.
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    const hubItems = await call(two, 'GET', '/hub/office/api/menu/items', { token: admin });
    expect(hubItems.body.items).toHaveLength(6);
    for (const item of hubItems.body.items as { id: string; price: number }[])
      expect(seen.get(item.id)).toMatchObject({ row: { price: item.price } });
    expect(cursor).toBe(54);
  }, 120_000);

  it('a hub user deactivated through one process is refused by the other at once', async () => {
    const [one, two] = urls as [string, string];
    hubCli(['create-admin', '--username', 'keeper', '--password', 'long enough secret']);
    const admin = (
      await call(one, 'POST', '/hub/api/auth/login', {
        body: { username: 'keeper', password: 'long enough secret' },
      })
    ).body.token as string;
    const added = await call(one, 'POST', '/hub/api/hub-users', {
      token: admin,
      body: { username: 'lou', role: 'manager', password: 'another long secret' },
    });
    expect(added.status).toBe(201);
    const lou = (
      await call(two, 'POST', '/hub/api/auth/login', {
        body: { username: 'lou', password: 'another long secret' },
      })
    ).body.token as string;
    expect((await call(two, 'GET', '/hub/api/stores', { token: lou })).status).toBe(200);
    const off = await call(one, 'PATCH', `/hub/api/hub-users/${added.body.id}`, {
      token: admin,
      body: { active: false },
    });
    expect(off.status).toBe(200);
    const refused = await call(two, 'GET', '/hub/api/stores', { token: lou });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthorized');
  }, 60_000);

  it('refuses to serve without a shared secret, and says what is wrong in one line', () => {
    const noSecret = runHubCli(['--port', '0'], {});
    expect(noSecret.status).toBe(2);
    expect(noSecret.stderr).toContain('HUB_JWT_SECRET must be set to at least 32 characters');
    const noStore = runHubCli(['add-till', '--store', 'nope', '--name', 'X']);
    expect(noStore.status).toBe(2);
    expect(noStore.stderr).toContain('no such store');
  });
});
