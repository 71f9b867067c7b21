/** "Mark all read" (issue 10): the caller's unread ones in their audience, nobody else's. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../src-shared/contract/notifications';
import { removeTempDirs } from '../helpers/app';
import { notificationWorld, type World } from './support';

let w: World;
beforeAll(async () => {
  w = await notificationWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

async function list(token: string) {
  const r = await w.ts.request<{ notifications: Notification[] }>('/api/notifications', { token });
  return r.body.notifications;
}

describe('POST /api/notifications/read-all', () => {
  it('marks the caller’s unread ones read and leaves others’ state alone', async () => {
    for (const title of ['one', 'two', 'three'])
      expect(
        (await w.ts.request('/api/notifications', { token: w.manager, body: { title } })).status,
      ).toBe(201);
    const kitchenOnly = await w.ts.request('/api/notifications', {
      token: w.manager,
      body: { title: 'for the kitchen', audience: { roles: ['kitchen'] } },
    });
    expect(kitchenOnly.status).toBe(201);
    const first = (await list(w.manager)).find((n) => n.title === 'one')!;
    const read = await w.ts.request<Notification>(`/api/notifications/${first.id}/read`, {
      token: w.manager,
      body: {},
    });
    expect(read.body.readAt).not.toBeNull();

    const r = await w.ts.request<{ marked: number }>('/api/notifications/read-all', {
      token: w.manager,
      body: {},
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ marked: 2 });
    const mine = await list(w.manager);
    expect(mine.every((n) => n.read)).toBe(true);
    // The first read keeps its time.
    expect(mine.find((n) => n.id === first.id)!.readAt).toBe(read.body.readAt);
    // The kitchen's notification and everyone else's read state are untouched.
    expect((await list(w.kitchen)).filter((n) => n.read)).toEqual([]);
    const again = await w.ts.request<{ marked: number }>('/api/notifications/read-all', {
      token: w.manager,
      body: {},
    });
    expect(again.body).toEqual({ marked: 0 });
  });
});
