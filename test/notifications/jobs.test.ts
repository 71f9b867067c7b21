import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app';
import { startJobs } from '../../src-main/core/jobs';
import { webPushSender } from '../../src-main/core/notifications/push-sender';
import { loadVapidKeys } from '../../src-main/core/notifications/vapid';
import { removeTempDirs, tempDir } from '../helpers/app';
import { decryptPush, startPushEndpoint, type PushEndpoint } from './push-endpoint';
import { browserKeys, notificationWorld, type World } from './support';

let w: World;
let ep: PushEndpoint;
beforeAll(async () => {
  w = await notificationWorld();
  ep = await startPushEndpoint(tempDir('countertop-jobs-'));
});
afterAll(async () => {
  await ep.close();
  await w.ts.close();
  removeTempDirs();
});

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('the in-app timers', () => {
  it('raise a missing low-stock alert and push it to a manager, then stop cleanly', async () => {
    const keys = browserKeys();
    const endpoint = ep.url('ok', 'manager-phone');
    const sub = await w.ts.request('/api/notifications/push/subscribe', {
      body: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.authText } },
      token: w.manager,
    });
    expect(sub.status).toBe(201);
    const item = await w.ts.request<{ id: string }>('/api/inventory/items', {
      body: { name: 'Espresso beans', unit: 'kg', onHand: 4, lowStockThreshold: 1 },
      token: w.admin,
    });
    expect(item.status).toBe(201);
    // Stock fell outside a movement: only the scan can notice.
    w.ts.app.core.dbh.sqlite
      .prepare('UPDATE inventory_items SET on_hand_milli = 250 WHERE id = ?')
      .run(item.body.id);
    const logs: Record<string, unknown>[] = [];
    const jobs = startJobs(w.ts.app.core, {
      scanIntervalMs: 30,
      outboxIntervalMs: 30,
      sender: webPushSender({
        vapid: { ...loadVapidKeys(w.ts.dataDir), subject: 'mailto:ops@example.test' },
        agent: ep.agent,
        timeoutMs: 2000,
      }),
      log: (l) => logs.push(l),
    });
    try {
      await until(() => ep.received.some((r) => r.path === '/ok/manager-phone'));
      const req = ep.received.find((r) => r.path === '/ok/manager-phone');
      const payload = JSON.parse(decryptPush(req?.body ?? Buffer.alloc(0), keys)) as {
        title: string;
        kind: string;
        level: string;
        inventoryItemId: string;
      };
      expect(payload).toMatchObject({
        title: 'Low stock: Espresso beans',
        kind: 'low_stock',
        level: 'warning',
        inventoryItemId: item.body.id,
      });
      await until(() => logs.some((l) => l.msg === 'process-outbox' && l.delivered === 1));
      expect(logs).toContainEqual(
        expect.objectContaining({ msg: 'inventory-scan', alertsCreated: 1 }),
      );
    } finally {
      await jobs.stop();
    }
    const seen = ep.received.length;
    const logged = logs.length;
    // Stopped: a new alert and notification are not picked up any more.
    await w.ts.request('/api/notifications', { body: { title: 'after stop' }, token: w.admin });
    await sleep(150);
    expect(ep.received.length).toBe(seen);
    expect(logs.length).toBe(logged);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('record a sender that throws as a failed attempt (no row stuck in its lease)', async () => {
    const logs: Record<string, unknown>[] = [];
    let calls = 0;
    const jobs = startJobs(w.ts.app.core, {
      scanIntervalMs: 60_000,
      outboxIntervalMs: 20,
      sender: async () => {
        calls++;
        throw new Error('sender exploded');
      },
      log: (l) => logs.push(l),
    });
    let id: string;
    try {
      // For everyone: it reaches the manager's subscription from the test above.
      const r = await w.ts.request<{ id: string; deliveries: number }>('/api/notifications', {
        body: { title: 'boom' },
        token: w.admin,
      });
      expect(r.body.deliveries).toBe(1);
      id = r.body.id;
      // (The row queued by the first test's "after stop" notification fails alongside.)
      await until(() => logs.some((l) => l.msg === 'process-outbox' && Number(l.failed) >= 1));
      await sleep(100); // several more ticks
    } finally {
      await jobs.stop();
    }
    const row = w.ts.app.core.dbh.sqlite
      .prepare(
        'SELECT state, attempts, last_error, lease_owner FROM notification_outbox WHERE notification_id = ?',
      )
      .get(id);
    expect(row).toEqual({
      state: 'pending',
      attempts: 1,
      last_error: 'sender exploded',
      lease_owner: null,
    });
    // The retry waits for its backoff (the fake clock stands still): one call per queued row.
    expect(calls).toBe(2);
  });

  it('log a failing run and keep going', async () => {
    const ctx = openCore({ dataDir: tempDir() });
    await ctx.dbh.close(); // every run now fails
    const logs: Record<string, unknown>[] = [];
    const jobs = startJobs(ctx, {
      scanIntervalMs: 20,
      outboxIntervalMs: 20,
      sender: async () => ({ ok: true, status: 201 }),
      log: (l) => logs.push(l),
    });
    try {
      await until(
        () =>
          logs.filter((l) => l.msg === 'process-outbox failed').length >= 2 &&
          logs.filter((l) => l.msg === 'inventory-scan failed').length >= 2,
      );
      expect(logs.every((l) => l.level === 'error' && typeof l.error === 'string')).toBe(true);
    } finally {
      await jobs.stop();
    }
  });
});
