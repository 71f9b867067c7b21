import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src-main/core/auth/users';
import { openCore } from '../../src-main/app';
import { createNotification } from '../../src-main/core/notifications/create';
import { backoffMs, MAX_ATTEMPTS, processOutbox } from '../../src-main/core/notifications/outbox';
import { webPushSender, type PushSender } from '../../src-main/core/notifications/push-sender';
import { subscribePush } from '../../src-main/core/notifications/subscriptions';
import { loadVapidKeys } from '../../src-main/core/notifications/vapid';
import type { OutboxRow, PushSubscription } from '../../src-shared/contract/notifications';
import { jwtPart, removeTempDirs, tempDir } from '../helpers/app';
import { childEnv, spawnNpm } from '../helpers/processes';
import { count } from '../inventory/support';
import {
  decryptPush,
  recordSize,
  startPushEndpoint,
  verifyVapidJwt,
  type Behaviour,
  type PushEndpoint,
} from './push-endpoint';
import { browserKeys, notificationWorld, type BrowserKeys, type World } from './support';

const SUBJECT = 'mailto:ops@example.test';
const TIMEOUT_MS = 400;

let w: World;
let ep: PushEndpoint;
let sender: PushSender;
beforeAll(async () => {
  w = await notificationWorld();
  ep = await startPushEndpoint(tempDir('countertop-push-'));
  sender = webPushSender({
    vapid: { ...loadVapidKeys(w.ts.dataDir), subject: SUBJECT },
    timeoutMs: TIMEOUT_MS,
    agent: ep.agent,
  });
});
// Each test starts with no subscriptions and nothing waiting, so it controls every row.
beforeEach(() => {
  const db = w.ts.app.core.dbh.sqlite;
  db.prepare("UPDATE notification_outbox SET state = 'dead' WHERE state = 'pending'").run();
  db.prepare('DELETE FROM push_subscriptions').run();
});
afterAll(async () => {
  await ep.close();
  await w.ts.close();
  removeTempDirs();
});

let n = 0;
/** Subscribes `token`'s user at an endpoint of the given behaviour; returns the browser's keys. */
async function subscribe(token: string, behaviour: Behaviour) {
  const keys = browserKeys();
  const endpoint = ep.url(behaviour, `s${++n}`);
  const r = await w.ts.request<PushSubscription>('/api/notifications/push/subscribe', {
    body: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.authText } },
    token,
  });
  expect(r.status, r.text).toBe(201);
  return { keys, endpoint, id: r.body.id };
}

/** A notification for one user only, so each test controls exactly which rows exist. */
async function notifyUser(userId: string, title: string) {
  const r = await w.ts.request<{ id: string; deliveries: number }>('/api/notifications', {
    body: { title, body: `${title} body`, level: 'critical', audience: { userId } },
    token: w.admin,
  });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

function outboxRows(notificationId: string) {
  return w.ts.app.core.dbh.sqlite
    .prepare(
      'SELECT id, state, attempts, next_attempt_at, last_error, last_status, delivered_at, subscription_id FROM notification_outbox WHERE notification_id = ?',
    )
    .all(notificationId) as {
    id: string;
    state: string;
    attempts: number;
    next_attempt_at: string;
    last_error: string | null;
    last_status: number | null;
    delivered_at: string | null;
    subscription_id: string | null;
  }[];
}

const run = () => processOutbox(w.ts.app.core, { sender });
const hits = (endpoint: string) => ep.received.filter((r) => ep.origin + r.path === endpoint);

describe('delivery to a real push endpoint', () => {
  it('sends TTL, aes128gcm, a VAPID JWT for the endpoint origin, and a payload only the browser can read', async () => {
    const sub = await subscribe(w.manager, 'ok');
    const note = await notifyUser(w.ids.manager, 'Freezer alarm');
    expect(note.deliveries).toBe(1);
    const before = Date.now();
    expect(await run()).toEqual({ delivered: 1, failed: 0, pending: 0 });
    const [req, ...rest] = hits(sub.endpoint);
    expect(rest).toHaveLength(0);
    if (!req) throw new Error('nothing arrived');
    expect(req.headers.ttl).toBe('86400');
    expect(req.headers['content-encoding']).toBe('aes128gcm');
    expect(req.headers['content-type']).toBe('application/octet-stream');
    expect(req.headers.urgency).toBe('high'); // a critical notification
    const publicKey = (
      await w.ts.request<{ publicKey: string }>('/api/notifications/push/public-key', {
        token: w.manager,
      })
    ).body.publicKey;
    const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(
      String(req.headers.authorization),
    );
    expect(m, String(req.headers.authorization)).not.toBeNull();
    const [, jwt = '', k] = m ?? [];
    expect(k).toBe(publicKey);
    expect(jwtPart(jwt, 0)).toEqual({ typ: 'JWT', alg: 'ES256' });
    const claims = jwtPart(jwt, 1);
    expect(claims.aud).toBe(ep.origin);
    expect(claims.sub).toBe(SUBJECT);
    const exp = Number(claims.exp);
    expect(exp * 1000).toBeGreaterThan(before);
    expect(exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    expect(verifyVapidJwt(jwt, publicKey)).toBe(true);
    expect(verifyVapidJwt(jwt, browserKeys().p256dh)).toBe(false);
    expect(recordSize(req.body)).toBeGreaterThan(0);
    expect(Number(req.headers['content-length'])).toBe(req.body.length);
    expect(JSON.parse(decryptPush(req.body, sub.keys))).toEqual({
      id: note.id,
      title: 'Freezer alarm',
      body: 'Freezer alarm body',
      level: 'critical',
      kind: 'manual',
      inventoryItemId: null,
      createdAt: w.ts.clock.now.toISOString(),
    });
    const other: BrowserKeys = browserKeys();
    expect(() => decryptPush(req.body, other)).toThrow();
    const [row] = outboxRows(note.id);
    expect(row).toMatchObject({
      state: 'delivered',
      attempts: 1,
      last_status: 201,
      last_error: null,
      delivered_at: w.ts.clock.now.toISOString(),
    });
    // Delivered rows are never sent again.
    expect(await run()).toEqual({ delivered: 0, failed: 0, pending: 0 });
    expect(hits(sub.endpoint)).toHaveLength(1);
  });
});

describe('failures', () => {
  it('retries a 500 with backoff 30 s × 2^attempt and marks the row dead after 8 attempts', async () => {
    const sub = await subscribe(w.cashier, 'fail500');
    const note = await notifyUser(w.ids.cashier, 'Till short');
    const waits: number[] = [];
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const t0 = w.ts.clock.now.getTime();
      const r = await run();
      expect(r.delivered).toBe(0);
      expect(r.failed).toBe(1);
      const [row] = outboxRows(note.id);
      expect(row?.attempts).toBe(attempt + 1);
      expect(row?.last_status).toBe(500);
      expect(row?.last_error).toContain('HTTP 500');
      expect(row?.last_error).toContain('push service sad');
      if (attempt < MAX_ATTEMPTS - 1) {
        expect(row?.state).toBe('pending');
        expect(r.pending).toBe(1);
        const wait = Date.parse(row?.next_attempt_at ?? '') - t0;
        waits.push(wait);
        // Not yet due: a run now sends nothing.
        w.ts.clock.advance(wait - 1);
        expect(await run()).toEqual({ delivered: 0, failed: 0, pending: 1 });
        w.ts.clock.advance(1);
      } else {
        expect(row?.state).toBe('dead');
        expect(r.pending).toBe(0);
      }
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920].map((s) => s * 1000));
    expect(backoffMs(7)).toBe(3_600_000); // the cap
    expect(backoffMs(20)).toBe(3_600_000);
    expect(hits(sub.endpoint)).toHaveLength(MAX_ATTEMPTS);
    w.ts.clock.advance(3_600_000);
    expect((await run()).failed).toBe(0); // dead rows are left alone
    const dead = await w.ts.request<{ outbox: OutboxRow[] }>(
      '/api/notifications/outbox?state=dead',
      {
        token: w.admin,
      },
    );
    expect(dead.body.outbox.find((o) => o.notificationId === note.id)).toMatchObject({
      state: 'dead',
      attempts: 8,
      lastStatus: 500,
      endpoint: sub.endpoint,
    });
  });

  it('delivers on the retry after a temporary failure', async () => {
    const sub = await subscribe(w.kitchen, 'flaky');
    const note = await notifyUser(w.ids.kitchen, 'Ticket 12 remade');
    expect(await run()).toEqual({ delivered: 0, failed: 1, pending: 1 });
    expect(outboxRows(note.id)[0]).toMatchObject({ state: 'pending', last_status: 503 });
    w.ts.clock.advance(30_000);
    expect(await run()).toEqual({ delivered: 1, failed: 0, pending: 0 });
    expect(outboxRows(note.id)[0]).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(hits(sub.endpoint)).toHaveLength(2);
  });

  it('drops a subscription answered 410 or 404, counting the row failed', async () => {
    for (const behaviour of ['gone', 'notfound'] as const) {
      const sub = await subscribe(w.manager, behaviour);
      const first = await notifyUser(w.ids.manager, `${behaviour} 1`);
      const r = await run();
      expect(r.failed).toBe(1);
      expect(r.delivered).toBe(0);
      expect(outboxRows(first.id)[0]).toMatchObject({
        state: 'dropped',
        last_status: behaviour === 'gone' ? 410 : 404,
        subscription_id: null,
      });
      const left = w.ts.app.core.dbh.sqlite
        .prepare('SELECT count(*) AS n FROM push_subscriptions WHERE id = ?')
        .get(sub.id) as { n: number };
      expect(left.n).toBe(0);
      // Later notifications no longer queue anything for it.
      const later = await notifyUser(w.ids.manager, `${behaviour} 2`);
      expect(later.deliveries).toBe(0);
      expect(hits(sub.endpoint)).toHaveLength(1);
    }
  });

  it('gives up on a hanging endpoint after the timeout, without hanging, and retries later', async () => {
    const sub = await subscribe(w.kitchen, 'hang');
    const note = await notifyUser(w.ids.kitchen, 'Hello?');
    const t0 = Date.now();
    expect(await run()).toEqual({ delivered: 0, failed: 1, pending: 1 });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2000);
    const [row] = outboxRows(note.id);
    expect(row).toMatchObject({ state: 'pending', attempts: 1, last_status: null });
    expect(row?.last_error).toMatch(/timeout|no answer/i);
    expect(hits(sub.endpoint)).toHaveLength(1);
    // Remove it so later tests' runs are not slowed by it.
    w.ts.app.core.dbh.sqlite
      .prepare("UPDATE notification_outbox SET state = 'dead' WHERE id = ?")
      .run(row?.id);
  });
});

describe('two processors at once', () => {
  it('never send a row twice (in-process, interleaved claims)', async () => {
    const subs = [];
    for (let i = 0; i < 3; i++) subs.push(await subscribe(w.admin, 'ok'));
    const notes = [];
    for (let i = 0; i < 4; i++) notes.push(await notifyUser(w.ids.admin, `parallel ${i}`));
    const expected = count(w.ts.app.core, "notification_outbox WHERE state = 'pending'");
    expect(expected).toBe(12);
    const before = ep.received.length;
    const [a, b] = await Promise.all([
      processOutbox(w.ts.app.core, { sender, batchSize: 2, owner: 'a' }),
      processOutbox(w.ts.app.core, { sender, batchSize: 2, owner: 'b' }),
    ]);
    expect(a.delivered + b.delivered).toBe(12);
    expect(a.delivered).toBeGreaterThan(0);
    expect(b.delivered).toBeGreaterThan(0);
    const arrived = ep.received.slice(before);
    expect(arrived).toHaveLength(12);
    // Each browser got each notification exactly once.
    for (const s of subs) {
      const titles = hits(s.endpoint).map(
        (r) => (JSON.parse(decryptPush(r.body, s.keys)) as { title: string }).title,
      );
      expect(titles.sort()).toEqual(notes.map((_, i) => `parallel ${i}`).sort());
    }
  });

  it('never send a row twice (two `manage process-outbox` processes), printing the summary last', async () => {
    // A data dir of its own, written with the real clock the child processes use.
    const dir = tempDir();
    const ctx = openCore({ dataDir: dir });
    const subs = [];
    try {
      const user = await createUser(ctx, {
        username: 'pat',
        password: 'pat-pass-12',
        role: 'manager',
      });
      for (let i = 0; i < 6; i++) {
        const keys = browserKeys();
        const endpoint = ep.url('ok', `cli${i}`);
        await subscribePush(ctx, user.id, {
          endpoint,
          keys: { p256dh: keys.p256dh, auth: keys.authText },
        });
        subs.push({ endpoint, keys });
      }
      for (let i = 0; i < 5; i++) await createNotification(ctx, { title: `cli ${i}` }, user.id);
    } finally {
      await ctx.dbh.close();
    }
    const env = childEnv({ POS_DATA_DIR: dir, NODE_EXTRA_CA_CERTS: ep.certFile });
    const procs = [
      spawnNpm('manage', ['process-outbox'], env),
      spawnNpm('manage', ['process-outbox'], env),
    ];
    const exits = await Promise.all(procs.map((p) => p.exited));
    expect(
      exits.map((e) => e.code),
      procs.map((p) => p.stderr()).join('\n'),
    ).toEqual([0, 0]);
    let delivered = 0;
    for (const p of procs) {
      const last = p.stdout().trim().split('\n').at(-1) ?? '';
      const m = /^delivered: (\d+), failed: (\d+), pending: (\d+)$/.exec(last);
      expect(m, p.stdout() + p.stderr()).not.toBeNull();
      delivered += Number(m?.[1]);
      expect(m?.[2]).toBe('0');
    }
    expect(delivered).toBe(30);
    for (const s of subs) {
      const titles = hits(s.endpoint).map(
        (r) => (JSON.parse(decryptPush(r.body, s.keys)) as { title: string }).title,
      );
      expect(titles.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `cli ${i}`));
    }
    const check = openCore({ dataDir: dir });
    try {
      expect(count(check, "notification_outbox WHERE state = 'delivered'")).toBe(30);
    } finally {
      await check.dbh.close();
    }
  }, 40_000);
});
