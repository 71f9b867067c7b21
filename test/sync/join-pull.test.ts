/**
 * Joining and pulling: a wrong code or an address where nothing answers is a clear 4xx with
 * nothing stored; the first till seeds an empty hub; a pull page is applied whole or not at all;
 * a user deactivated on the hub is signed out here; an item archived on the hub can still be
 * paid on an order that holds it; a newer hub or a revoked till stops syncing, said in words;
 * the menu and staff are the hub's while joined; `manage join-hub` joins from the command line.
 */
import { existsSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrder } from '../../src-main/core/orders/create';
import { runManage } from '../../src-main/cli/manage-main';
import { HUB_PROTOCOL_VERSION } from '../../src-shared/hub-protocol';
import type { ErrorBodyShape } from '../helpers/app';
import { removeTempDirs, startTestServer } from '../helpers/app';
import { startFakeHub } from '../helpers/fake-hub';
import { join, outbox, sale, status, syncWorld, type SyncWorld } from './support';

let w: SyncWorld;
afterEach(async () => {
  await w?.close();
  removeTempDirs();
});

const linkFile = (w: SyncWorld) => joinPath(w.ts.dataDir, 'hub-link.json');
const syncState = (w: SyncWorld) =>
  w.ts.app.core.dbh.sqlite.prepare('SELECT * FROM sync_state').get() as Record<string, unknown>;

function menuRow(w: SyncWorld, id: string): Record<string, unknown> {
  return w.ts.app.core.dbh.sqlite
    .prepare('SELECT * FROM menu_items WHERE id = ?')
    .get(id) as Record<string, unknown>;
}

describe('joining a hub', () => {
  it('a wrong code is 422 on the code field, and nothing is stored', async () => {
    w = await syncWorld({ join: false });
    const r = await join(w, 'NOT-A-CODE');
    expect(r.status).toBe(422);
    const body = r.body as unknown as ErrorBodyShape & {
      error: { details: { issues: { path: string; message: string }[] } };
    };
    expect(body.error.details.issues[0]).toMatchObject({ path: 'code' });
    expect(body.error.details.issues[0]!.message).toMatch(/does not know this code/);
    expect(syncState(w).joined).toBe(0);
    expect(existsSync(linkFile(w)) ? w.ts.app.core.hub?.links.read() : null).toBeNull();
    expect((await status(w)).hub).toBe('off');
  });

  it('an address where no hub answers is 422 on the url field', async () => {
    w = await syncWorld({ join: false });
    const gone = await startFakeHub();
    await gone.close();
    const r = await join(w, 'PAIR-1-xxxxxx', gone.url);
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/^url: no hub answered at http:\/\/127\.0\.0\.1:/);
    expect(syncState(w).joined).toBe(0);
  });

  it('the first till seeds an empty hub with its catalog, and the status names store and till', async () => {
    w = await syncWorld();
    const seeded = w.hub.catalog.filter((c) => c.entity === 'menu_items').map((c) => c.key);
    expect(seeded).toContain(w.coffee.id);
    expect(w.hub.catalog.some((c) => c.entity === 'users')).toBe(true);
    expect(await status(w)).toMatchObject({
      hub: 'connected',
      pending: 0,
      url: w.hub.url,
      store: { id: w.hub.storeId, name: 'Corner Café' },
      till: { name: 'Till 1' },
    });
    expect(syncState(w).catalog_version).toBe(w.hub.catalog.at(-1)!.version);
    // The join itself is audited, and that record reached the hub.
    expect(w.hub.applied.some((c) => c.entity === 'audit_log')).toBe(true);
  });

  it('on a joined till the menu, staff and settings are the hub’s: edits are 409 naming the hub', async () => {
    w = await syncWorld();
    const r = await w.ts.request<ErrorBodyShape>(`/api/menu/items/${w.coffee.id}`, {
      method: 'PATCH',
      token: w.admin,
      body: { price: 400 },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe(
      `the menu is edited on the hub (${w.hub.url}) while this till is joined to it`,
    );
    const u = await w.ts.request<ErrorBodyShape>('/api/users', {
      token: w.admin,
      body: { username: 'newbie', password: 'long-enough-1', role: 'cashier' },
    });
    expect(u.status).toBe(409);
    expect(u.body.error.message).toMatch(/^the staff is edited on the hub/);
    const settings = await w.ts.request<ErrorBodyShape>('/api/settings', {
      method: 'PATCH',
      token: w.admin,
      body: { storeName: 'Renamed here' },
    });
    expect(settings.status).toBe(409);
    expect(settings.body.error.message).toMatch(/^the shop settings are edited on the hub/);
    expect(menuRow(w, w.coffee.id).price).toBe(350);
  });

  it('leaving waits for pending changes unless forced, then edits work here again', async () => {
    w = await syncWorld();
    w.hub.down = true;
    await sale(w);
    const r = await w.ts.request<ErrorBodyShape>('/api/sync/leave', { token: w.admin, body: {} });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/change\(s\) have not reached the hub yet/);
    w.hub.down = false;
    await w.ts.app.sync.runNow();
    const left = await w.ts.request('/api/sync/leave', { token: w.admin, body: {} });
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ hub: 'off', pending: 0 });
    expect(w.ts.app.core.hub?.links.read()).toBeNull();
    const edit = await w.ts.request(`/api/menu/items/${w.coffee.id}`, {
      method: 'PATCH',
      token: w.admin,
      body: { price: 400 },
    });
    expect(edit.status).toBe(200);
  });

  it('manage join-hub joins from the command line', async () => {
    w = await syncWorld({ join: false });
    const out: string[] = [];
    const err: string[] = [];
    const io = { env: {}, out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const code = w.hub.addTill('Back counter');
    // The server keeps the database open; the command joins beside it, as an admin would.
    const rc = await runManage(
      ['join-hub', '--data-dir', w.ts.dataDir, '--url', w.hub.url, '--code', code],
      io,
    );
    expect(err).toEqual([]);
    expect(rc).toBe(0);
    expect(out[0]).toBe(`joined ${w.hub.url} as Back counter of Corner Café`);
    expect(await status(w)).toMatchObject({ hub: 'connected', till: { name: 'Back counter' } });
    const again = await runManage(
      ['join-hub', '--data-dir', w.ts.dataDir, '--url', w.hub.url, '--code', 'WRONG-CODE'],
      io,
    );
    expect(again).toBe(1);
    expect(err.at(-1)).toMatch(/already joined/);
  });
});

describe('pulling from the hub', () => {
  it('applies a page whole or not at all: a bad row leaves the page and the cursor unchanged', async () => {
    w = await syncWorld();
    await w.ts.app.sync.runNow();
    const cursor = syncState(w).catalog_version;
    const coffee = menuRow(w, w.coffee.id);
    w.hub.publish('menu_items', w.coffee.id, { ...coffee, price: 380 });
    w.hub.publish('menu_items', 'tea', {
      ...coffee,
      id: 'tea',
      name: 'Tea',
      sku: null,
      category_id: 'no-such-category',
    });
    const r = await w.ts.app.sync.runNow();
    expect(r).toMatchObject({ outcome: 'refused' });
    expect(menuRow(w, w.coffee.id).price).toBe(350);
    expect(menuRow(w, 'tea')).toBeUndefined();
    expect(syncState(w).catalog_version).toBe(cursor);
    expect((await status(w)).lastError).toMatch(/menu_items/);

    // The hub fixes the row: the next pull takes the whole page.
    w.hub.catalog.at(-1)!.row = { ...coffee, id: 'tea', name: 'Tea', sku: null };
    w.ts.clock.advance(120_000);
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    expect(menuRow(w, w.coffee.id).price).toBe(380);
    expect(menuRow(w, 'tea').name).toBe('Tea');
    expect(syncState(w).catalog_version).toBe(w.hub.catalog.at(-1)!.version);
    // Pulled rows are not echoed back.
    expect(outbox(w).filter((e) => e.entity === 'menu_items')).toEqual([]);
  });

  it('a user deactivated on the hub is signed out here: their next call is 401', async () => {
    w = await syncWorld();
    await w.ts.app.sync.runNow();
    expect((await w.ts.request('/api/auth/me', { token: w.cashier })).status).toBe(200);
    const row = w.ts.app.core.dbh.sqlite
      .prepare('SELECT * FROM users WHERE id = ?')
      .get(w.cashierId) as Record<string, unknown>;
    w.hub.publish('users', w.cashierId, { ...row, status: 'deactivated' });
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    const me = await w.ts.request<ErrorBodyShape>('/api/auth/me', { token: w.cashier });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('user_deactivated');
  });

  it('an item archived on the hub while an order holds it: the order can still be paid', async () => {
    w = await syncWorld();
    await w.ts.app.sync.runNow();
    const order = await createOrder(w.ts.app.core, w.cashierId, {
      items: [{ menuItemId: w.coffee.id, quantity: 2 }],
    });
    w.hub.publish('menu_items', w.coffee.id, { ...menuRow(w, w.coffee.id), archived: 1 });
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    expect(menuRow(w, w.coffee.id).archived).toBe(1);
    const paid = await w.ts.request(`/api/orders/${order.id}/payment`, {
      token: w.cashier,
      body: { method: 'cash', amount: order.total },
    });
    expect(paid.status).toBe(201);
    // New orders cannot take it any more.
    await expect(
      createOrder(w.ts.app.core, w.cashierId, {
        items: [{ menuItemId: w.coffee.id, quantity: 1 }],
      }),
    ).rejects.toThrow();
  });

  it('a hub speaking a newer protocol stops syncing: "update this till"', async () => {
    w = await syncWorld();
    w.hub.protocol = HUB_PROTOCOL_VERSION + 1;
    expect(await w.ts.app.sync.runNow()).toMatchObject({ outcome: 'stopped', why: 'protocol' });
    const s = await status(w);
    expect(s).toMatchObject({ hub: 'offline', stopped: 'protocol' });
    expect(s.lastError).toMatch(/update this till/);
    // Stopped: nothing more is sent until someone acts.
    const pushes = w.hub.pushes.length;
    expect(await w.ts.app.sync.runNow()).toBeNull();
    expect(w.hub.pushes.length).toBe(pushes);

    // The till restarts (updated, say) and the hub speaks its protocol again: syncing resumes.
    w.hub.protocol = HUB_PROTOCOL_VERSION;
    await w.ts.close();
    w.ts = await startTestServer({ dataDir: w.ts.dataDir, sync: { tickMs: 3_600_000 } });
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    expect(w.ts.app.core.dbh.sqlite.prepare('SELECT stopped FROM sync_state').pluck().get()).toBe(
      null,
    );
  });

  it('a hub older than this till (426) stops syncing: "update the hub"', async () => {
    w = await syncWorld();
    await sale(w);
    w.hub.refuseNext(
      '/hub/api/sync/push',
      426,
      'protocol_unsupported',
      `this hub speaks protocol ${HUB_PROTOCOL_VERSION}; update the hub`,
      { hubProtocol: HUB_PROTOCOL_VERSION, tillProtocol: HUB_PROTOCOL_VERSION + 1 },
    );
    expect(await w.ts.app.sync.runNow()).toMatchObject({ outcome: 'stopped', why: 'hub_outdated' });
    expect(await status(w)).toMatchObject({ stopped: 'hub_outdated', pending: outbox(w).length });
    expect((await status(w)).lastError).toMatch(/update the hub/);
  });

  it('a till revoked on the hub stops syncing and says so', async () => {
    w = await syncWorld();
    [...w.hub.tills.values()][0]!.revoked = true;
    expect(await w.ts.app.sync.runNow()).toMatchObject({ outcome: 'stopped', why: 'revoked' });
    expect((await status(w)).lastError).toMatch(/revoked on the hub/);
  });
});
