/**
 * Kitchen tickets routed to stations by menu category (API §12), end to end: the real app and
 * HTTP server, real SQLite, and two TCP listeners on 127.0.0.1 standing in for the bar's and the
 * kitchen's network printers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../src-shared/contract/hardware';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import type { MenuCategory, MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import type { Station } from '../../src-shared/contract/stations';
import { registerOrderTransitionHook } from '../../src-main/core/orders/hooks';
import { decodeEscPos } from '../hardware/support/escpos-decode';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { restartablePrinter, type RestartablePrinter } from '../printing/support';

const PW = 'correct-horse-1';
let ts: TestServer;
let admin: string;
let manager: string;
let cashier: string;
let bar: RestartablePrinter;
let kitchen: RestartablePrinter;
const station = { bar: '', kitchen: '' };
const item = { latte: '', sandwich: '', cookie: '' };

beforeAll(async () => {
  [bar, kitchen] = await Promise.all([restartablePrinter(), restartablePrinter()]);
  ts = await startTestServer();
  await ts.createUser({ username: 'admin', password: PW, role: 'admin' });
  await ts.createUser({ username: 'manager', password: PW, role: 'manager' });
  await ts.createUser({ username: 'cashier', password: PW, role: 'cashier' });
  [admin, manager, cashier] = await Promise.all([
    ts.token('admin', PW),
    ts.token('manager', PW),
    ts.token('cashier', PW),
  ]);
});
afterAll(async () => {
  await ts.close();
  await Promise.all([bar.stop(), kitchen.stop()]);
  removeTempDirs();
});

const sqlite = () => ts.app.core.dbh.sqlite;

async function post<T>(path: string, body: unknown, token = admin) {
  return ts.request<T & ErrorBodyShape>(path, { body, token });
}
async function patch<T>(path: string, body: unknown, token = admin) {
  return ts.request<T & ErrorBodyShape>(path, { method: 'PATCH', body, token });
}

async function order(
  lines: { menuItemId: string; quantity: number; note?: string; modifiers?: string[] }[],
) {
  const res = await post<Order>('/api/orders', { items: lines, note: 'table 4' }, cashier);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function toQueue(id: string) {
  return patch<Order>(`/api/orders/${id}/status`, { status: 'in_queue' }, cashier);
}

function kitchenJobs(orderId: string): { id: string; stationId: string; status: string }[] {
  return sqlite()
    .prepare(
      `SELECT id, station_id AS stationId, status FROM print_jobs
       WHERE order_id = ? AND kind = 'kitchen' ORDER BY station_id`,
    )
    .all(orderId) as { id: string; stationId: string; status: string }[];
}

async function job(id: string): Promise<PrintJob> {
  const res = await ts.request<PrintJob>(`/api/print-jobs/${id}`, { token: admin });
  expect(res.status).toBe(200);
  return res.body;
}

describe('stations: GET/POST /api/stations, PATCH /api/stations/:id', () => {
  it('creates stations with a checked, canonical printer address (settings.manage)', async () => {
    const b = await post<Station>('/api/stations', {
      name: 'Bar',
      printer: `TCP://127.0.0.1:${bar.port}`,
    });
    expect(b.status, b.text).toBe(201);
    expect(b.body).toEqual({
      id: expect.any(String),
      name: 'Bar',
      printer: `tcp://127.0.0.1:${bar.port}`,
      active: true,
      createdAt: ts.clock.now.toISOString(),
      updatedAt: ts.clock.now.toISOString(),
    });
    station.bar = b.body.id;
    const k = await post<Station>('/api/stations', {
      name: 'Kitchen',
      printer: `tcp://127.0.0.1:${kitchen.port}`,
    });
    expect(k.status).toBe(201);
    station.kitchen = k.body.id;

    const list = await ts.request<{ stations: Station[] }>('/api/stations', { token: cashier });
    expect(list.status).toBe(200);
    expect(list.body.stations.map((s) => s.name)).toEqual(['Bar', 'Kitchen']);
  });

  it('refuses a bad printer (422), a duplicate name ignoring case (409), no permission (403)', async () => {
    const before = sqlite().prepare('SELECT count(*) AS n FROM stations').get();
    for (const printer of ['lpt1', 'tcp://127.0.0.1:99999', 'serial:ttyUSB0', 'file:relative']) {
      const r = await post('/api/stations', { name: 'Grill', printer });
      expect(r.status, printer).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
      // The reason is the printer field's, so a form shows it next to that field.
      const issues = (r.body.error.details as { issues?: { path: string }[] }).issues;
      expect(
        issues?.map((i) => i.path),
        printer,
      ).toEqual(['printer']);
    }
    expect((await post('/api/stations', { name: 'Grill' })).status).toBe(422);
    const dup = await post('/api/stations', { name: 'bar', printer: 'none' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');
    expect((await post('/api/stations', { name: 'Grill', printer: 'none' }, cashier)).status).toBe(
      403,
    );
    expect(sqlite().prepare('SELECT count(*) AS n FROM stations').get()).toEqual(before);
  });

  it('PATCH renames, re-addresses and deactivates; 404 unknown, 409 clash, 422 bad printer', async () => {
    const g = await post<Station>('/api/stations', { name: 'Grill', printer: 'none' });
    expect(g.status).toBe(201);
    const r = await patch<Station>(`/api/stations/${g.body.id}`, {
      name: 'Pass',
      printer: 'serial:/dev/ttyUSB1?baud=19200',
      active: false,
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      name: 'Pass',
      printer: 'serial:/dev/ttyUSB1?baud=19200',
      active: false,
    });
    expect((await patch(`/api/stations/${g.body.id}`, { name: 'KITCHEN' })).status).toBe(409);
    expect((await patch(`/api/stations/${g.body.id}`, { printer: 'usb' })).status).toBe(422);
    expect((await patch('/api/stations/nope', { active: true })).status).toBe(404);
    expect((await patch(`/api/stations/${g.body.id}`, { active: true }, cashier)).status).toBe(403);
  });
});

describe('routing menu categories to stations', () => {
  let drinks: MenuCategory;
  let food: MenuCategory;
  let oatMilk: string;

  beforeAll(async () => {
    const mkCat = async (name: string) =>
      (await post<MenuCategory>('/api/menu/categories', { name }, manager)).body;
    [drinks, food] = [await mkCat('Drinks'), await mkCat('Food')];
    const mkItem = async (name: string, categoryId: string | null) =>
      (await post<MenuItem>('/api/menu/items', { name, price: 400, categoryId }, manager)).body.id;
    item.latte = await mkItem('Latte', drinks.id);
    item.sandwich = await mkItem('Ham sandwich', food.id);
    item.cookie = await mkItem('Cookie', null);
    const milk = await post<ModifierGroup>(
      '/api/menu/modifier-groups',
      { name: 'Milk', options: [{ name: 'Oat milk', priceDelta: 50 }, { name: 'Whole milk' }] },
      manager,
    );
    expect(milk.status, milk.text).toBe(201);
    oatMilk = milk.body.options.find((o) => o.name === 'Oat milk')!.id;
    const offered = await ts.request(`/api/menu/items/${item.latte}/modifier-groups`, {
      method: 'PUT',
      body: { groupIds: [milk.body.id] },
      token: manager,
    });
    expect(offered.status, offered.text).toBe(200);
  });

  it('PATCH /api/menu/categories/:id {stationId} (menu.manage); 422 unknown station, 404 unknown category', async () => {
    const d = await patch<MenuCategory>(
      `/api/menu/categories/${drinks.id}`,
      { stationId: station.bar },
      manager,
    );
    expect(d.status, d.text).toBe(200);
    expect(d.body).toEqual({ ...drinks, stationId: station.bar });
    const f = await patch<MenuCategory>(
      `/api/menu/categories/${food.id}`,
      { stationId: station.kitchen, sortOrder: 5 },
      manager,
    );
    expect(f.body).toMatchObject({ stationId: station.kitchen, sortOrder: 5, name: 'Food' });
    const bad = await patch(`/api/menu/categories/${food.id}`, { stationId: 'nope' }, manager);
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_error');
    expect(
      (await patch('/api/menu/categories/nope', { stationId: station.bar }, manager)).status,
    ).toBe(404);
    expect(
      (await patch(`/api/menu/categories/${food.id}`, { stationId: null }, cashier)).status,
    ).toBe(403);
    const list = await ts.request<{ categories: MenuCategory[] }>('/api/menu/categories', {
      token: cashier,
    });
    expect(list.body.categories.map((c) => [c.name, c.stationId])).toEqual([
      ['Drinks', station.bar],
      ['Food', station.kitchen],
    ]);
  });

  it('sends the drink to the bar printer and the sandwich to the kitchen printer', async () => {
    const o = await order([
      { menuItemId: item.latte, quantity: 2, note: 'extra hot', modifiers: [oatMilk] },
      { menuItemId: item.sandwich, quantity: 1 },
      { menuItemId: item.cookie, quantity: 3 },
    ]);
    const barTicket = bar.nextJob();
    const kitchenTicket = kitchen.nextJob();
    const moved = await toQueue(o.id);
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.status).toBe('in_queue');
    // Queued with the move itself: the jobs exist as soon as the answer does.
    expect(kitchenJobs(o.id).map((j) => j.stationId)).toEqual(
      [station.bar, station.kitchen].sort(),
    );

    const barText = decodeEscPos(await barTicket).text;
    const kitchenText = decodeEscPos(await kitchenTicket).text;
    expect(barText).toContain('BAR');
    expect(barText).toContain(`#${o.number}`);
    expect(barText).toContain('2 x Latte');
    expect(barText).toMatch(/2 x Latte\s+\+ Oat milk\s+NOTE: extra hot/);
    expect(barText).toContain('2026-11-25 10:00');
    expect(barText).toContain('ORDER NOTE: table 4');
    expect(barText).not.toContain('sandwich');
    expect(barText).not.toContain('Cookie');
    expect(barText).not.toMatch(/4[.,]00/); // no prices on a kitchen ticket
    expect(kitchenText).toContain('KITCHEN');
    expect(kitchenText).toContain(`#${o.number}`);
    expect(kitchenText).toContain('1 x Ham sandwich');
    expect(kitchenText).not.toContain('Latte');
    expect(kitchenText).not.toContain('Cookie'); // no station: on no ticket

    await ts.app.printer.idle();
    for (const j of kitchenJobs(o.id)) {
      const full = await job(j.id);
      expect(full).toMatchObject({
        kind: 'kitchen',
        orderId: o.id,
        status: 'done',
        stationId: j.stationId,
        printer: `tcp://127.0.0.1:${j.stationId === station.bar ? bar.port : kitchen.port}`,
        createdBy: moved.body.history.at(-1)?.by,
      });
    }
    expect(bar.jobs).toHaveLength(1);
    expect(kitchen.jobs).toHaveLength(1);
  });

  it('a dead station printer leaves a failed job, the move stands, and a retry prints it', async () => {
    await bar.stop();
    const o = await order([
      { menuItemId: item.latte, quantity: 1 },
      { menuItemId: item.sandwich, quantity: 2 },
    ]);
    const kitchenTicket = kitchen.nextJob();
    const moved = await toQueue(o.id);
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('in_queue');
    expect(decodeEscPos(await kitchenTicket).text).toContain('2 x Ham sandwich');
    await ts.app.printer.idle();

    const [barJob, kitchenJob] = await Promise.all(
      [station.bar, station.kitchen].map((s) =>
        job(kitchenJobs(o.id).find((j) => j.stationId === s)!.id),
      ),
    );
    expect(kitchenJob!.status).toBe('done');
    expect(barJob).toMatchObject({ status: 'failed', attempts: 1 });
    expect(barJob!.lastError).toMatch(/refused|ECONNREFUSED/i);
    const listed = await ts.request<{ jobs: PrintJob[] }>('/api/print-jobs?status=failed', {
      token: admin,
    });
    expect(listed.body.jobs.map((j) => j.id)).toContain(barJob!.id);
    const now = await ts.request<Order>(`/api/orders/${o.id}`, { token: cashier });
    expect(now.body.status).toBe('in_queue');

    await bar.start();
    const reprinted = bar.nextJob();
    const retry = await post<PrintJob>(`/api/print-jobs/${barJob!.id}/retry`, {}, cashier);
    expect(retry.status, retry.text).toBe(200);
    expect(decodeEscPos(await reprinted).text).toContain('1 x Latte');
    await ts.app.printer.idle();
    expect(await job(barJob!.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a retry goes to the printer the station has now', async () => {
    await bar.stop();
    const o = await order([{ menuItemId: item.latte, quantity: 4 }]);
    await toQueue(o.id);
    await ts.app.printer.idle();
    const [failed] = kitchenJobs(o.id);
    expect(failed!.status).toBe('failed');
    // The bar's printer is replaced by one on another port.
    const spare = await restartablePrinter();
    try {
      const moved = await patch<Station>(`/api/stations/${station.bar}`, {
        printer: `tcp://127.0.0.1:${spare.port}`,
      });
      expect(moved.status).toBe(200);
      const received = spare.nextJob();
      await post(`/api/print-jobs/${failed!.id}/retry`, {}, cashier);
      expect(decodeEscPos(await received).text).toContain('4 x Latte');
      await ts.app.printer.idle();
      expect(await job(failed!.id)).toMatchObject({
        status: 'done',
        printer: `tcp://127.0.0.1:${spare.port}`,
      });
    } finally {
      await patch(`/api/stations/${station.bar}`, { printer: `tcp://127.0.0.1:${bar.port}` });
      await bar.start();
      await spare.stop();
    }
  });

  it('queues no ticket for an inactive station, an unrouted line, or a move other than in_queue', async () => {
    await patch(`/api/stations/${station.kitchen}`, { active: false });
    try {
      const o = await order([
        { menuItemId: item.sandwich, quantity: 1 },
        { menuItemId: item.cookie, quantity: 1 },
      ]);
      expect((await toQueue(o.id)).status).toBe(200);
      expect(
        (await patch(`/api/orders/${o.id}/status`, { status: 'in_progress' }, cashier)).status,
      ).toBe(200);
      expect(kitchenJobs(o.id)).toEqual([]);
    } finally {
      await patch(`/api/stations/${station.kitchen}`, { active: true });
    }
  });

  it('the tickets are written in the move’s transaction: a move that fails leaves none', async () => {
    const o = await order([{ menuItemId: item.latte, quantity: 1 }]);
    // A later hook in the same transaction fails: the move and the ticket roll back together.
    const remove = registerOrderTransitionHook(ts.app.core, async (trx, _order, to) => {
      if (to !== 'in_queue') return;
      await trx.selectFrom('orders').select('id').execute();
      throw new Error('boom after the tickets were queued');
    });
    try {
      const failed = await toQueue(o.id);
      expect(failed.status).toBe(500);
    } finally {
      remove();
    }
    expect(kitchenJobs(o.id)).toEqual([]);
    const still = await ts.request<Order>(`/api/orders/${o.id}`, { token: cashier });
    expect(still.body.status).toBe('pending');
    expect(still.body.history).toHaveLength(1);
    // The same move now succeeds and queues exactly one ticket.
    const received = bar.nextJob();
    expect((await toQueue(o.id)).status).toBe(200);
    expect(kitchenJobs(o.id)).toHaveLength(1);
    expect(decodeEscPos(await received).text).toContain('1 x Latte');
  });
});
