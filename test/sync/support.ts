/** A till (real server, real SQLite) joined to a fake hub on 127.0.0.1, for the sync tests. */
import { createMenuItem } from '../../src-main/core/menu/items';
import { createOrder } from '../../src-main/core/orders/create';
import type { MenuItem } from '../../src-shared/contract/menu';
import type { SyncStatus } from '../../src-shared/contract/sync';
import { startFakeHub, type FakeHub } from '../helpers/fake-hub';
import { startTestServer, type ErrorBodyShape, type TestServer } from '../helpers/app';

export interface SyncWorld {
  ts: TestServer;
  hub: FakeHub;
  admin: string;
  adminId: string;
  cashier: string;
  cashierId: string;
  coffee: MenuItem;
  close(): Promise<void>;
}

export const PASSWORD = 'correct-horse-1';

/** A till with two users and a coffee on its menu; joined to the hub unless `join` is false. */
export async function syncWorld(opts: { join?: boolean } = {}): Promise<SyncWorld> {
  const hub = await startFakeHub();
  // Runs are driven by the test (`app.sync.runNow()`), never by the timer.
  const ts = await startTestServer({ sync: { tickMs: 3_600_000 } });
  const a = await ts.createUser({ username: 'owner', password: PASSWORD, role: 'admin' });
  const c = await ts.createUser({ username: 'cash', password: PASSWORD, role: 'cashier' });
  const coffee = await createMenuItem(ts.app.core, { name: 'Coffee', price: 350 });
  const w: SyncWorld = {
    ts,
    hub,
    admin: await ts.token('owner', PASSWORD),
    adminId: a.id,
    cashier: await ts.token('cash', PASSWORD),
    cashierId: c.id,
    coffee,
    async close() {
      await ts.close();
      await hub.close();
    },
  };
  const open = await ts.request('/api/cash/open', { token: w.admin, body: { openingFloat: 0 } });
  if (open.status !== 201) throw new Error(`open cash: ${open.status} ${open.text}`);
  if (opts.join !== false) {
    const r = await join(w, hub.addTill());
    if (r.status !== 200) throw new Error(`join failed: ${r.status} ${r.text}`);
    // Joining wakes the worker; let that run end so each test starts from a settled till.
    await ts.app.sync.runNow();
  }
  return w;
}

export function join(w: SyncWorld, code: string, url = w.hub.url) {
  return w.ts.request<SyncStatus & ErrorBodyShape>('/api/sync/join', {
    token: w.admin,
    body: { url, code },
  });
}

export async function status(w: SyncWorld): Promise<SyncStatus> {
  const r = await w.ts.request<SyncStatus>('/api/sync/status', { token: w.cashier });
  if (r.status !== 200) throw new Error(`status: ${r.status} ${r.text}`);
  return r.body;
}

/** A sale: an order of one coffee, paid in cash. Returns the order id. */
export async function sale(w: SyncWorld): Promise<string> {
  const order = await createOrder(w.ts.app.core, w.cashierId, {
    items: [{ menuItemId: w.coffee.id, quantity: 1 }],
  });
  const r = await w.ts.request(`/api/orders/${order.id}/payment`, {
    token: w.cashier,
    body: { method: 'cash', amount: order.total },
  });
  if (r.status !== 200 && r.status !== 201) throw new Error(`payment: ${r.status} ${r.text}`);
  return order.id;
}

export function outbox(w: SyncWorld): { seq: number; entity: string; key: string; op: string }[] {
  return w.ts.app.core.dbh.sqlite
    .prepare('SELECT seq, entity, key, op FROM sync_outbox ORDER BY seq')
    .all() as { seq: number; entity: string; key: string; op: string }[];
}

export const tillId = (w: SyncWorld): string => [...w.hub.tills.keys()].at(-1)!;
