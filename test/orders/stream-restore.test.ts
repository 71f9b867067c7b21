/**
 * An in-app restore replaces the order feed under open kitchen streams: they end (so displays
 * reconnect), and a reconnect whose Last-Event-ID is ahead of the restored feed still gets the
 * changes that follow, instead of silently dropping them as "already sent".
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { SseMessage } from '../../src-shared/contract/define';
import { createUser } from '../../src-main/core/auth/users';
import { takeBackup } from '../../src-main/core/backups/admin';
import { restoreInApp } from '../../src-main/core/backups/restore-app';
import { createMenuItem } from '../../src-main/core/menu/items';
import { createOrder } from '../../src-main/core/orders/create';
import { orderChanges, orderStream } from '../../src-main/core/orders/feed';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
afterAll(async () => {
  await ts?.close();
  removeTempDirs();
});

async function next(it: AsyncIterator<SseMessage>): Promise<IteratorResult<SseMessage>> {
  return Promise.race([
    it.next(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('stream stalled')), 3000)),
  ]);
}

describe('kitchen feed across an in-app restore', () => {
  it('ends open streams, and resumes from the restored head on reconnect', async () => {
    ts = await startTestServer();
    const user = await createUser(ts.app.core, {
      username: 'ada',
      password: 'admin-password',
      role: 'admin',
    });
    const item = await createMenuItem(ts.app.core, { name: 'Tea', price: 300 });
    const order = () =>
      createOrder(ts.app.core, user.id, { items: [{ menuItemId: item.id, quantity: 1 }] });
    await order();
    const backup = await takeBackup(ts.app.core);
    for (let i = 0; i < 5; i++) await order(); // the feed runs ahead of the backup

    const before = orderStream(ts.app.core, {})[Symbol.asyncIterator]();
    expect((await next(before)).value).toMatchObject({ comment: 'connected' });
    const lastId = (await orderChanges(ts.app.core, { since: 0, limit: 100 })).lastSeq;

    const ended = next(before);
    await restoreInApp(ts.app, backup.file, { callerHolds: 0 });
    expect((await ended).done).toBe(true);

    // The display reconnects with the id it last saw, which the restored feed has not reached.
    const after = orderStream(ts.app.core, { lastEventId: String(lastId) })[Symbol.asyncIterator]();
    expect((await next(after)).value).toMatchObject({ comment: 'connected' });
    const pending = next(after);
    // A long-poll from a display that last saw that id, waiting when the next order comes in.
    const polled = orderChanges(ts.app.core, { since: lastId, wait: 3, limit: 100 });
    await new Promise((r) => setTimeout(r, 50));
    const fresh = await order();
    const event = (await pending).value as SseMessage;
    expect(event).toMatchObject({ event: 'order.updated', data: { id: fresh.id } });
    await after.return?.(undefined);
    expect((await polled).changes.map((c) => c.order.id)).toContain(fresh.id);
  });
});
