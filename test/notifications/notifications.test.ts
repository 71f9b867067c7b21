import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../../src-main/core/auth/users';
import { subscribePush } from '../../src-main/core/notifications/subscriptions';
import { VAPID_FILE } from '../../src-main/core/notifications/vapid';
import type {
  Notification,
  OutboxRow,
  PushSubscription,
} from '../../src-shared/contract/notifications';
import { removeTempDirs, type ErrorBodyShape } from '../helpers/app';
import { count } from '../inventory/support';
import { browserKeys, notificationWorld, type World } from './support';

let w: World;
beforeAll(async () => {
  w = await notificationWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

type Err = ErrorBodyShape;
type Created = Notification & { deliveries: number } & Err;

function post(body: unknown, token = w.manager) {
  return w.ts.request<Created>('/api/notifications', { body, token });
}

async function visible(token: string, query = '') {
  const r = await w.ts.request<{ notifications: Notification[] }>(`/api/notifications${query}`, {
    token,
  });
  expect(r.status).toBe(200);
  return r.body.notifications;
}

function footprint() {
  const ctx = w.ts.app.core;
  return ['notifications', 'notification_outbox', 'notification_reads', 'push_subscriptions'].map(
    (t) => count(ctx, t),
  );
}

describe('POST /api/notifications', () => {
  it('creates a notification (201); no audience means everyone', async () => {
    const r = await post({ title: 'Fire drill at 3', body: 'Meet outside' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      title: 'Fire drill at 3',
      body: 'Meet outside',
      level: 'info',
      audience: null,
      kind: 'manual',
      createdBy: w.ids.manager,
      read: false,
      readAt: null,
      deliveries: 0,
    });
    for (const token of [w.admin, w.manager, w.cashier, w.kitchen]) {
      expect((await visible(token)).map((n) => n.id)).toContain(r.body.id);
    }
  });

  it('targets roles and a single user; each caller sees only their own', async () => {
    const toKitchen = await post({
      title: 'Oven 2 is down',
      level: 'critical',
      audience: { roles: ['kitchen'] },
    });
    const toCleo = await post({ title: 'See me after shift', audience: { userId: w.ids.cashier } });
    const both = await post({
      title: 'Till 2 count',
      level: 'warning',
      audience: { roles: ['manager'], userId: w.ids.cashier },
    });
    expect([toKitchen.status, toCleo.status, both.status]).toEqual([201, 201, 201]);
    expect(both.body.audience).toEqual({ roles: ['manager'], userId: w.ids.cashier });
    const ids = async (token: string) => (await visible(token)).map((n) => n.id);
    const kitchen = await ids(w.kitchen);
    expect(kitchen).toContain(toKitchen.body.id);
    expect(kitchen).not.toContain(toCleo.body.id);
    expect(kitchen).not.toContain(both.body.id);
    const cashier = await ids(w.cashier);
    expect(cashier).not.toContain(toKitchen.body.id);
    expect(cashier).toContain(toCleo.body.id);
    expect(cashier).toContain(both.body.id);
    const manager = await ids(w.manager);
    expect(manager).toContain(both.body.id);
    expect(manager).not.toContain(toCleo.body.id);
    // An admin is not "everyone": they see what is addressed to them, like anybody else.
    expect(await ids(w.admin)).not.toContain(toKitchen.body.id);
  });

  it('needs notifications.manage (403 for cashier and kitchen), nothing written', async () => {
    const before = footprint();
    for (const token of [w.cashier, w.kitchen]) {
      const r = await post({ title: 'hi' }, token);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect(footprint()).toEqual(before);
  });

  it('refuses bad input with 422 and an unknown audience user with 404, nothing written', async () => {
    const before = footprint();
    for (const body of [
      {},
      { title: '' },
      { title: 'x', level: 'urgent' },
      { title: 'x', audience: { roles: ['owner'] } },
      { title: 'x', audience: { roles: [] } },
      { title: 'x', audience: { group: 'all' } },
      { title: 'x', colour: 'red' },
      { title: 'x'.repeat(121) },
    ]) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    const ghost = await post({ title: 'x', audience: { userId: 'nobody' } });
    expect(ghost.status).toBe(404);
    expect(ghost.body.error.code).toBe('not_found');
    expect(footprint()).toEqual(before);
  });
});

describe('GET /api/notifications and POST /:id/read', () => {
  it('keeps read state per user, filters unread, and keeps the first readAt', async () => {
    const n = await post({ title: 'Menu change tomorrow' });
    const unreadBefore = (await visible(w.cashier, '?unread=true')).map((x) => x.id);
    expect(unreadBefore).toContain(n.body.id);
    w.ts.clock.advance(60_000);
    const read = await w.ts.request<Notification>(`/api/notifications/${n.body.id}/read`, {
      method: 'POST',
      token: w.cashier,
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: n.body.id,
      read: true,
      readAt: w.ts.clock.now.toISOString(),
    });
    const firstReadAt = read.body.readAt;
    w.ts.clock.advance(60_000);
    const again = await w.ts.request<Notification>(`/api/notifications/${n.body.id}/read`, {
      method: 'POST',
      token: w.cashier,
    });
    expect(again.body.readAt).toBe(firstReadAt);
    expect((await visible(w.cashier, '?unread=true')).map((x) => x.id)).not.toContain(n.body.id);
    expect((await visible(w.cashier)).find((x) => x.id === n.body.id)).toMatchObject({
      read: true,
    });
    // The kitchen's copy is still unread.
    expect((await visible(w.kitchen, '?unread=true')).map((x) => x.id)).toContain(n.body.id);
    expect(count(w.ts.app.core, 'notification_reads')).toBeGreaterThanOrEqual(1);
  });

  it('lists newest first', async () => {
    const a = await post({ title: 'first' });
    w.ts.clock.advance(1000);
    const b = await post({ title: 'second' });
    const ids = (await visible(w.kitchen)).map((x) => x.id);
    expect(ids.indexOf(b.body.id)).toBeLessThan(ids.indexOf(a.body.id));
  });

  it('answers 404 for a notification outside the caller’s audience, or unknown', async () => {
    const n = await post({ title: 'managers only', audience: { roles: ['manager'] } });
    const before = footprint();
    for (const id of [n.body.id, 'no-such-id']) {
      const r = await w.ts.request<Err>(`/api/notifications/${id}/read`, {
        method: 'POST',
        token: w.kitchen,
      });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    expect(footprint()).toEqual(before);
  });

  it('needs notifications.view; a bad unread flag is 422', async () => {
    const r = await w.ts.request<Err>('/api/notifications', { token: w.viewless });
    expect(r.status).toBe(403);
    const bad = await w.ts.request<Err>('/api/notifications?unread=yes', { token: w.kitchen });
    expect(bad.status).toBe(422);
    expect((await w.ts.request('/api/notifications')).status).toBe(401);
  });
});

describe('Web Push: public key and subscriptions', () => {
  it('serves one VAPID public key per data dir, kept in a 0600 file', async () => {
    const a = await w.ts.request<{ publicKey: string }>('/api/notifications/push/public-key', {
      token: w.kitchen,
    });
    expect(a.status).toBe(200);
    const key = Buffer.from(a.body.publicKey, 'base64url');
    expect(key).toHaveLength(65);
    expect(key[0]).toBe(0x04);
    const b = await w.ts.request<{ publicKey: string }>('/api/notifications/push/public-key', {
      token: w.admin,
    });
    expect(b.body.publicKey).toBe(a.body.publicKey);
    expect(statSync(join(w.ts.dataDir, VAPID_FILE)).mode & 0o777).toBe(0o600);
  });

  it('subscribes the caller (201); the same endpoint again moves to the new caller', async () => {
    const k = browserKeys();
    const body = {
      endpoint: 'https://push.example.test/send/abc',
      keys: { p256dh: k.p256dh, auth: k.authText },
      expirationTime: null,
    };
    const r = await w.ts.request<PushSubscription>('/api/notifications/push/subscribe', {
      body,
      token: w.kitchen,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ userId: w.ids.kitchen, endpoint: body.endpoint });
    const before = count(w.ts.app.core, 'push_subscriptions');
    const again = await w.ts.request<PushSubscription>('/api/notifications/push/subscribe', {
      body,
      token: w.cashier,
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: r.body.id, userId: w.ids.cashier });
    expect(count(w.ts.app.core, 'push_subscriptions')).toBe(before);
  });

  it('refuses malformed subscriptions with 422, writing nothing', async () => {
    const k = browserKeys();
    const good = {
      endpoint: 'https://push.example.test/x',
      keys: { p256dh: k.p256dh, auth: k.authText },
    };
    const notOnCurve = Buffer.alloc(65, 7);
    notOnCurve[0] = 4;
    const compressed = k.ecdh.getPublicKey(undefined, 'compressed').toString('base64url');
    const cases: unknown[] = [
      { ...good, endpoint: 'http://push.example.test/x' },
      { ...good, endpoint: 'not a url' },
      { ...good, endpoint: 'https://user:pw@push.example.test/x' },
      { ...good, endpoint: 'ftp://push.example.test/x' },
      { keys: good.keys },
      { endpoint: good.endpoint },
      { ...good, keys: { p256dh: k.p256dh } },
      { ...good, keys: { ...good.keys, p256dh: compressed } },
      { ...good, keys: { ...good.keys, p256dh: notOnCurve.toString('base64url') } },
      { ...good, keys: { ...good.keys, p256dh: k.ecdh.getPublicKey().toString('base64') } },
      { ...good, keys: { ...good.keys, p256dh: `${k.p256dh}=` } },
      { ...good, keys: { ...good.keys, auth: Buffer.alloc(15).toString('base64url') } },
      { ...good, keys: { ...good.keys, auth: Buffer.alloc(17).toString('base64url') } },
      { ...good, keys: { ...good.keys, auth: 'AAAAAAAAAAAAAAAAAAAAAB' } }, // stray low bits
      { ...good, keys: { ...good.keys, extra: 'x' } },
    ];
    const before = footprint();
    for (const body of cases) {
      const r = await w.ts.request<Err>('/api/notifications/push/subscribe', {
        body,
        token: w.kitchen,
      });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    expect(footprint()).toEqual(before);
    const viewless = await w.ts.request<Err>('/api/notifications/push/subscribe', {
      body: good,
      token: w.viewless,
    });
    expect(viewless.status).toBe(403);
    expect(footprint()).toEqual(before);
  });
});

describe('the outbox is written with the notification', () => {
  it('queues one row per matching subscription of an active user, in the same transaction', async () => {
    const sub = async (token: string, n: string) => {
      const k = browserKeys();
      const r = await w.ts.request<PushSubscription>('/api/notifications/push/subscribe', {
        body: {
          endpoint: `https://push.example.test/o/${n}`,
          keys: { p256dh: k.p256dh, auth: k.authText },
        },
        token,
      });
      expect(r.status).toBe(201);
      return r.body.id;
    };
    const managerA = await sub(w.manager, 'm1');
    const managerB = await sub(w.manager, 'm2'); // a second device
    const kitchen = await sub(w.kitchen, 'k1');
    const toManagers = await post({ title: 'Stock take at 6', audience: { roles: ['manager'] } });
    expect(toManagers.body.deliveries).toBe(2);
    const rows = w.ts.app.core.dbh.sqlite
      .prepare(
        'SELECT subscription_id, state, attempts FROM notification_outbox WHERE notification_id = ?',
      )
      .all(toManagers.body.id) as { subscription_id: string; state: string; attempts: number }[];
    expect(rows.map((r) => r.subscription_id).sort()).toEqual([managerA, managerB].sort());
    expect(rows.every((r) => r.state === 'pending' && r.attempts === 0)).toBe(true);
    const toAll = await post({ title: 'Closing early' });
    // Everyone: every subscription so far (including earlier tests' ones).
    expect(toAll.body.deliveries).toBe(count(w.ts.app.core, 'push_subscriptions'));
    const toKit = await post({
      title: 'Ticket printer jammed',
      audience: { userId: w.ids.kitchen },
    });
    expect(toKit.body.deliveries).toBe(1);
    expect(
      w.ts.app.core.dbh.sqlite
        .prepare('SELECT subscription_id FROM notification_outbox WHERE notification_id = ?')
        .all(toKit.body.id),
    ).toEqual([{ subscription_id: kitchen }]);
  });

  it('queues nothing for a deactivated user’s subscription', async () => {
    const k = browserKeys();
    await subscribePush(w.ts.app.core, w.ids.viewless, {
      endpoint: 'https://push.example.test/o/deactivated',
      keys: { p256dh: k.p256dh, auth: k.authText },
    });
    const active = await post({ title: 'before', audience: { userId: w.ids.viewless } });
    expect(active.body.deliveries).toBe(1);
    await updateUser(w.ts.app.core, { id: w.ids.viewless, status: 'deactivated' });
    const after = await post({ title: 'after', audience: { userId: w.ids.viewless } });
    expect(after.status).toBe(201);
    expect(after.body.deliveries).toBe(0);
  });

  it('lists the outbox for users.manage or notifications.manage only', async () => {
    for (const token of [w.admin, w.manager]) {
      const r = await w.ts.request<{ outbox: OutboxRow[] }>(
        '/api/notifications/outbox?state=pending',
        {
          token,
        },
      );
      expect(r.status).toBe(200);
      expect(r.body.outbox.length).toBeGreaterThan(0);
      expect(r.body.outbox.every((o) => o.state === 'pending')).toBe(true);
    }
    for (const token of [w.cashier, w.kitchen]) {
      const r = await w.ts.request<Err>('/api/notifications/outbox', { token });
      expect(r.status).toBe(403);
    }
  });
});
