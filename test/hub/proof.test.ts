/**
 * The proof of issue 16 point 6: two tills (real `serve.ts` child processes, each with its own
 * SQLite) and a hub (`npm run hub`, real PostgreSQL), each till behind its own TCP proxy on
 * 127.0.0.1. Sales on both tills while the link is cut, while the hub commits but its answers are
 * lost, and while a till is SIGKILLed with a push in flight; then everything heals, and the hub
 * must hold every order, payment and refund each till answered 2xx exactly once, its sales report
 * per till must equal the till's own to the cent, and each till's acked sequence on the hub must
 * be what the till sent. Then the same against two hub processes on one database, with each
 * till's proxy moved to the other process mid-scenario.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app';
import { createUser } from '../../src-main/core/auth/users';
import { createMenuItem } from '../../src-main/core/menu/items';
import type { SalesReport } from '../../src-shared/contract/reports';
import { PUSHED_ENTITIES, rowKey } from '../../src-shared/hub-protocol';
import type { SyncStatus } from '../../src-shared/contract/sync';
import { removeTempDirs, request, tempDir } from '../helpers/app';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import {
  childEnv,
  freePort,
  killGroup,
  REPO_ROOT,
  spawnNpm,
  type Spawned,
} from '../helpers/processes';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';
import { addStore, addTill, call, REPORT_FIGURES } from './support';

const HUB_SECRET = 'the-proof-hubs-share-this-secret-0123456789';
const PASSWORD = 'correct-horse-1';
/** Fast timers, so healing takes a fraction of a second (docs/hub.md, "The worker"). */
const SYNC_ENV = {
  POS_SYNC_TICK_MS: '100',
  POS_SYNC_BACKOFF_MS: '100',
  POS_SYNC_MAX_BACKOFF_MS: '400',
};

let pgs: TestPostgres;
/** What each test started, stopped after it whatever happened. */
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  pgs = await startPostgres();
}, 60_000);

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

afterAll(async () => {
  removeTempDirs();
  await pgs?.stop();
});

/** Polls `check` until it answers something truthy; fails with `what` past the deadline. */
async function until<T>(what: string, check: () => Promise<T> | T, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---------------------------------------------------------------------------------------------
// The hub

async function startHubs(databaseUrl: string, count: number): Promise<number[]> {
  const ports: number[] = [];
  const procs: Spawned[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    ports.push(port);
    const p = spawnNpm(
      'hub',
      ['--database-url', databaseUrl, '--host', '127.0.0.1', '--port', String(port)],
      childEnv({ HUB_JWT_SECRET: HUB_SECRET }),
    );
    procs.push(p);
    cleanup.push(async () => {
      killGroup(p, 'SIGTERM');
      await p.exited;
    });
  }
  for (const p of procs) await p.waitFor(/listening on http:\/\/\S+/, 60_000);
  return ports;
}

function createHubAdmin(databaseUrl: string): void {
  const r = spawnSync(
    'npm',
    [
      'run',
      '-s',
      'hub',
      '--',
      'create-admin',
      '--username',
      'owner',
      '--password',
      PASSWORD,
      '--database-url',
      databaseUrl,
    ],
    { cwd: REPO_ROOT, env: childEnv({ HUB_JWT_SECRET: HUB_SECRET }), encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`create-admin: ${r.stderr}`);
}

// ---------------------------------------------------------------------------------------------
// A till: `serve.ts` in a child process (node with tsx's loader, so SIGKILL hits the server itself)

interface Till {
  name: string;
  dir: string;
  port: number;
  url: string;
  child: ChildProcess;
  proxy: TcpProxy;
  token: string;
  tillId: string;
  /** Keys of the pushed tables before joining (not sent: history is not back-filled). */
  beforeJoin: Map<string, Map<string, Record<string, unknown>>>;
  /** What the till answered 2xx for: these must be on the hub exactly once. */
  acked: { orders: Set<string>; payments: Set<string>; refunds: Set<string> };
}

/** The data dir before the first start: an admin, and (on the till that seeds the hub) a menu. */
async function prepareTill(name: string, withMenu: boolean): Promise<string> {
  const dir = tempDir(`countertop-proof-${name}-`);
  const core = openCore({ dataDir: dir, env: {} });
  try {
    await createUser(core, { username: `owner-${name}`, password: PASSWORD, role: 'admin' });
    if (withMenu) {
      await createMenuItem(core, { name: 'Flat white', price: 385, taxRateBps: 1000 });
      await createMenuItem(core, { name: 'Croissant', price: 275, taxRateBps: 550 });
    }
  } finally {
    await core.dbh.close();
  }
  return dir;
}

async function startTillProcess(
  name: string,
  dir: string,
  port: number,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/cli/serve.ts', '--port', String(port), '--data-dir', dir],
    {
      cwd: REPO_ROOT,
      env: childEnv({ POS_JWT_SECRET: `proof-till-${name}-secret-0123456789abcdef`, ...SYNC_ENV }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr!.on('data', (c: Buffer) => (errors = (errors + c.toString()).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = () => reject(new Error(`till ${name} exited before listening: ${errors}`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const m = /^listening on (\S+)/.exec(line);
      if (!m) return;
      child.off('exit', onExit);
      resolve(m[1]!);
    });
  });
  return { child, url };
}

async function stopTill(t: Till, signal: NodeJS.Signals): Promise<void> {
  if (t.child.exitCode !== null || t.child.signalCode !== null) return;
  const exited = once(t.child, 'exit');
  t.child.kill(signal);
  await exited;
}

async function startTill(
  name: string,
  withMenu: boolean,
  hubPort: number,
  code: string,
): Promise<Till> {
  const dir = await prepareTill(name, withMenu);
  const port = await freePort();
  const proxy = await startTcpProxy(hubPort);
  const { child, url } = await startTillProcess(name, dir, port);
  const t: Till = {
    name,
    dir,
    port,
    url,
    child,
    proxy,
    token: '',
    tillId: '',
    beforeJoin: new Map(),
    acked: { orders: new Set(), payments: new Set(), refunds: new Set() },
  };
  cleanup.push(async () => {
    await stopTill(t, 'SIGKILL');
    await proxy.close();
  });
  const login = await request<{ token: string }>(url, '/api/auth/login', {
    body: { username: `owner-${name}`, password: PASSWORD },
  });
  if (login.status !== 200) throw new Error(`login ${name}: ${login.text}`);
  t.token = login.body.token;
  t.beforeJoin = tillKeys(t);
  // The till joins with the proxy's address: every byte it sends the hub goes through it.
  const joined = await request<SyncStatus>(url, '/api/sync/join', {
    token: t.token,
    body: { url: proxy.url, code },
  });
  if (joined.status !== 200) throw new Error(`join ${name}: ${joined.text}`);
  t.tillId = joined.body.till!.id;
  const open = await tillCall(t, '/api/cash/open', { openingFloat: 5000 });
  if (open.status !== 201) throw new Error(`open cash ${name}: ${open.status}`);
  return t;
}

/** SIGKILL, then the same data dir and port again (the till's sign-ins stay valid). */
async function restartTill(t: Till): Promise<void> {
  await stopTill(t, 'SIGKILL');
  const { child, url } = await startTillProcess(t.name, t.dir, t.port);
  t.child = child;
  t.url = url;
}

function tillCall<T = Record<string, unknown>>(t: Till, path: string, body?: unknown) {
  return request<T>(t.url, path, { token: t.token, ...(body !== undefined ? { body } : {}) });
}

async function status(t: Till): Promise<SyncStatus> {
  const r = await tillCall<SyncStatus>(t, '/api/sync/status');
  if (r.status !== 200) throw new Error(`status ${t.name}: ${r.text}`);
  return r.body;
}

/** What the till has numbered so far and what it last heard the hub acknowledge. */
function tillSeqs(t: Till): { sent: number; acked: number; outbox: number } {
  const db = new Database(join(t.dir, 'countertop.sqlite3'), { readonly: true });
  try {
    const sent =
      (
        db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'").get() as
          { seq: number } | undefined
      )?.seq ?? 0;
    const { acked } = db.prepare('SELECT acked_seq AS acked FROM sync_state').get() as {
      acked: number;
    };
    const { outbox } = db.prepare('SELECT count(*) AS outbox FROM sync_outbox').get() as {
      outbox: number;
    };
    return { sent, acked, outbox };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Selling

/** `card-refund`: paid by card, then refunded in full at the provider (the order is refunded). */
type Kind = 'cash' | 'card' | 'split' | 'refund' | 'card-refund';

/** One sale of `kind`; every 2xx answer is recorded, anything else fails the test. */
async function sell(t: Till, kind: Kind, menu: string[], n: number): Promise<void> {
  const items = [{ menuItemId: menu[n % menu.length]!, quantity: 1 + (n % 3) }];
  if (n % 2) items.push({ menuItemId: menu[(n + 1) % menu.length]!, quantity: 1 });
  const order = await tillCall<{ id: string; total: number }>(t, '/api/orders', { items });
  expect(order.status, order.text).toBe(201);
  t.acked.orders.add(order.body.id);
  const pay = async (method: 'cash' | 'card', amount: number) => {
    const r = await tillCall<{ payment: { id: string } }>(
      t,
      `/api/orders/${order.body.id}/payment`,
      {
        method,
        amount,
        ...(method === 'card' ? { token: 'tok_visa' } : {}),
      },
    );
    expect(r.status, r.text).toBe(201);
    t.acked.payments.add(r.body.payment.id);
    return r.body.payment.id;
  };
  const refund = async (paymentId: string, amount?: number) => {
    const r = await tillCall<{ refund: { id: string } }>(t, `/api/payments/${paymentId}/refund`, {
      ...(amount !== undefined ? { amount } : {}),
      reason: 'spilt on the counter',
    });
    expect(r.status, r.text).toBe(201);
    t.acked.refunds.add(r.body.refund.id);
  };
  const total = order.body.total;
  if (kind === 'card') await pay('card', total);
  else if (kind === 'card-refund') await refund(await pay('card', total));
  else if (kind === 'split') {
    await pay('cash', Math.floor(total / 3));
    await pay('card', total - Math.floor(total / 3));
  } else {
    const paymentId = await pay('cash', total);
    if (kind === 'refund') await refund(paymentId, 101);
  }
}

let sold = 0;
async function sellEach(tills: Till[], menu: string[], kinds: Kind[]): Promise<void> {
  for (const kind of kinds) for (const t of tills) await sell(t, kind, menu, sold++);
}

// ---------------------------------------------------------------------------------------------
// The scenario

interface World {
  databaseUrl: string;
  hubUrl: string;
  admin: string;
  sql: pg.Client;
}

async function hubAcked(w: World, t: Till): Promise<number> {
  const r = await w.sql.query<{ acked_seq: string }>('SELECT acked_seq FROM tills WHERE id = $1', [
    t.tillId,
  ]);
  return Number(r.rows[0]!.acked_seq);
}

async function setUp(hubCount: number) {
  const databaseUrl = await pgs.newDatabase();
  const hubPorts = await startHubs(databaseUrl, hubCount);
  createHubAdmin(databaseUrl);
  const hubUrl = `http://127.0.0.1:${hubPorts[0]}`;
  const login = await call(hubUrl, 'POST', '/hub/api/auth/login', {
    body: { username: 'owner', password: PASSWORD },
  });
  expect(login.status).toBe(200);
  const admin = login.body.token as string;
  const storeId = await addStore(hubUrl, admin, 'Harbour Street');
  const codeA = (await addTill(hubUrl, admin, storeId, 'Counter A')).code;
  const codeB = (await addTill(hubUrl, admin, storeId, 'Counter B')).code;
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  cleanup.push(() => sql.end());
  // Till A seeds the empty hub with its menu; till B then pulls it.
  const a = await startTill('a', true, hubPorts[0]!, codeA);
  const b = await startTill('b', false, hubPorts.at(-1)!, codeB);
  const menu = await tillCall<{ items: { id: string }[] }>(b, '/api/menu/items');
  expect(menu.status, menu.text).toBe(200);
  const ids = menu.body.items.map((i) => i.id);
  expect(ids).toHaveLength(2);
  return { w: { databaseUrl, hubUrl, admin, sql } as World, a, b, menu: ids, hubPorts };
}

async function runScenario(hubCount: number): Promise<void> {
  const { w, a, b, menu, hubPorts } = await setUp(hubCount);
  const tills = [a, b];
  const other = (port: number) => hubPorts.find((p) => p !== port) ?? port;

  // Online first, so the hub has something before the trouble starts.
  await sellEach(tills, menu, ['cash', 'card']);

  // 1. The link is cut: both tills sell, take cash and card, refund; nothing reaches the hub.
  for (const t of tills) t.proxy.cut();
  await sellEach(tills, menu, ['cash', 'split', 'refund', 'card']);
  for (const t of tills)
    await until(`${t.name} offline with changes waiting`, async () => {
      const s = await status(t);
      return s.hub === 'offline' && s.pending > 0 && s.offlineSince !== null;
    });
  for (const t of tills) t.proxy.resume();

  // 2. Answers are lost: the hub commits each batch, the till never hears it.
  for (const t of tills) t.proxy.loseAnswers();
  await sellEach(tills, menu, ['split', 'cash', 'refund']);
  for (const t of tills)
    await until(`the hub committed a batch of ${t.name} unheard`, async () => {
      // Only the first: the till's retry then carries the later sales too, which the hub
      // refuses as a gap, and that answer is lost as well, until the link heals.
      return (await hubAcked(w, t)) > tillSeqs(t).acked;
    });
  // With two hub processes, the retry of the lost batch goes to the other one.
  for (const t of tills) {
    t.proxy.retarget(other(hubPorts[t === a ? 0 : hubPorts.length - 1]!));
    t.proxy.resume();
  }
  await sellEach(tills, menu, ['card']);

  // 3. A till is SIGKILLed with a push in flight, twice. First while its request is still in
  //    the proxy (held 4 s: the hub has not seen it). The proxy still hands it to the hub
  //    seconds after the till died, as a slow network would: usually after the restarted till,
  //    on a fast link again, has caught up (then it is "already applied"), on a loaded machine
  //    perhaps before (then the restarted till finds it applied). Either must be safe.
  await until('till a settled', async () => (await status(a)).pending === 0);
  a.proxy.delay(4_000);
  let before = await hubAcked(w, a);
  let bytes = a.proxy.bytesToTarget;
  await sellEach([a], menu, ['card-refund']);
  await until('a push of till a in the proxy', () => a.proxy.bytesToTarget > bytes);
  await stopTill(a, 'SIGKILL');
  expect(await hubAcked(w, a)).toBe(before);
  a.proxy.delay(0);
  await restartTill(a);
  // Then once the hub committed its push, while the answer is still on its way (1.5 s).
  await until('till a settled', async () => (await status(a)).pending === 0);
  a.proxy.delay(1_500);
  before = await hubAcked(w, a);
  bytes = a.proxy.bytesToTarget;
  await sellEach([a], menu, ['split', 'refund']);
  await until('a push of till a committed on the hub', async () => (await hubAcked(w, a)) > before);
  await stopTill(a, 'SIGKILL');
  // The kill landed where it should: the hub has more of the till than the till heard.
  expect(tillSeqs(a).acked).toBeLessThan(await hubAcked(w, a));
  await restartTill(a);
  a.proxy.delay(0);
  // Sales on the other till meanwhile, and on the restarted one.
  await sellEach(tills, menu, ['cash', 'split']);

  // 4. Everything heals: wait until nothing waits on either till.
  for (const t of tills) {
    t.proxy.resume();
    t.proxy.delay(0);
  }
  for (const t of tills)
    await until(`${t.name} synced`, async () => {
      const s = await status(t);
      return s.hub === 'connected' && s.pending === 0;
    });

  await checkHub(w, tills);
}

/** Every key of every pushed table on the till, by table (readonly: the till may be running). */
function tillKeys(t: Till): Map<string, Map<string, Record<string, unknown>>> {
  const db = new Database(join(t.dir, 'countertop.sqlite3'), { readonly: true });
  try {
    const out = new Map<string, Map<string, Record<string, unknown>>>();
    for (const [entity, columns] of Object.entries(PUSHED_ENTITIES)) {
      const rows = db.prepare(`SELECT * FROM "${entity}"`).all() as Record<string, unknown>[];
      out.set(entity, new Map(rows.map((r) => [rowKey(columns, r), r])));
    }
    return out;
  } finally {
    db.close();
  }
}

async function expectMirrored(w: World, t: Till): Promise<void> {
  const mine = tillKeys(t);
  let compared = 0;
  for (const [entity, rows] of mine) {
    const r = await w.sql.query<{ key: string; row: Record<string, unknown> | null }>(
      'SELECT key, row FROM till_rows WHERE till_id = $1 AND entity = $2',
      [t.tillId, entity],
    );
    const theirs = new Map(r.rows.map((x) => [x.key, x.row]));
    for (const [key, row] of theirs) {
      expect(row, `${entity} ${key} of ${t.name}`).toEqual(rows.get(key) ?? null);
      compared++;
    }
    // Rows from before the till joined are not sent (docs/hub.md); every later one is.
    const missing = [...rows.keys()].filter(
      (k) => !theirs.has(k) && !t.beforeJoin.get(entity)?.has(k),
    );
    expect(missing, `${entity} of ${t.name} missing on the hub`).toEqual([]);
  }
  expect(compared).toBeGreaterThan(50);
}

async function checkHub(w: World, tills: Till[]): Promise<void> {
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 86_400_000).toISOString();
  const hubReport = await call(w.hubUrl, 'GET', `/hub/api/reports/sales?from=${from}&to=${to}`, {
    token: w.admin,
  });
  expect(hubReport.status).toBe(200);
  const hubTills = hubReport.body.stores[0].tills as ({ tillId: string } & SalesReport)[];
  const tillList = await call(w.hubUrl, 'GET', '/hub/api/tills', { token: w.admin });
  const summaries = tillList.body.tills as { id: string; ackedSeq: number; state: string }[];
  for (const t of tills) {
    // Exactly once, by id: what the hub holds of each sales table is what the till answered 2xx.
    for (const entity of ['orders', 'payments', 'refunds'] as const) {
      const rows = await w.sql.query<{ key: string; id: string }>(
        `SELECT key, row ->> 'id' AS id FROM till_rows WHERE till_id = $1 AND entity = $2`,
        [t.tillId, entity],
      );
      const ids = rows.rows.map((r) => r.id);
      expect(new Set(ids).size, `${entity} of ${t.name}: no duplicates`).toBe(ids.length);
      expect([...ids].sort(), `${entity} of ${t.name}`).toEqual([...t.acked[entity]].sort());
    }
    // Beyond the sales: every row of every pushed table is on the hub as the till has it now
    // (the order lines, history, drawer, audit log...), and the hub has nothing the till lacks.
    await expectMirrored(w, t);
    // The hub's figures for this till are the till's own, to the cent.
    const own = await tillCall<SalesReport>(t, `/api/reports/sales?range=${from}..${to}`);
    expect(own.status, own.text).toBe(200);
    expect(own.body.refunds).toBeGreaterThan(0);
    expect(own.body.byMethod.card).toBeGreaterThan(0);
    expect(own.body.orderCount).toBe(t.acked.orders.size);
    const onHub = hubTills.find((x) => x.tillId === t.tillId)!;
    for (const f of REPORT_FIGURES) expect(onHub[f], `${f} of ${t.name}`).toEqual(own.body[f]);
    // The sequence the hub acknowledged is the last the till numbered, and the till knows it.
    const seqs = tillSeqs(t);
    expect(seqs.outbox).toBe(0);
    expect(await hubAcked(w, t)).toBe(seqs.sent);
    expect(summaries.find((x) => x.id === t.tillId)).toMatchObject({
      ackedSeq: seqs.sent,
      state: 'paired',
    });
    expect(seqs.acked).toBe(seqs.sent);
  }
}

describe('two tills and a hub through a faulty network', () => {
  it('one hub process: nothing lost, nothing doubled, figures to the cent', async () => {
    await runScenario(1);
  }, 180_000);

  it('two hub processes on one database, tills moved between them: the same', async () => {
    await runScenario(2);
  }, 180_000);
});
