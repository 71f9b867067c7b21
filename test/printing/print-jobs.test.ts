/**
 * Durable print jobs (API §12) end to end: the real app and HTTP server, real SQLite, and real
 * kernel devices standing in for printers — a TCP listener on 127.0.0.1 for a network printer, a
 * socat pseudo-terminal pair for a serial one.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Order } from '../../src-shared/contract/orders';
import { takePaymentInput } from '../../src-shared/contract/payments';
import type { PrintJob } from '../../src-shared/contract/hardware';
import type { User } from '../../src-shared/contract';
import { actorFor } from '../../src-main/core/auth/actor';
import { createUser } from '../../src-main/core/auth/users';
import { createMenuItem } from '../../src-main/core/menu/items';
import { createOrder } from '../../src-main/core/orders/create';
import { takePayment } from '../../src-main/core/payments/take';
import { insertJob } from '../../src-main/core/printing/jobs';
import { enqueueReceipt, queueReceiptAfterSale } from '../../src-main/core/printing/receipts';
import { openApp } from '../../src-main/app';
import {
  removeTempDirs,
  startTestServer,
  tempDir,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { decodeEscPos } from '../hardware/support/escpos-decode';
import { hasSocat, ptyPair } from '../hardware/support/socat';
import { listenAndNeverRead } from '../hardware/support/tcp-listener';
import { restartablePrinter, settledJob, type RestartablePrinter } from './support';

const PASSWORD = 'correct horse battery';
const dataDir = tempDir('countertop-print-');
let cashier: User;
let kitchen: User;
let blind: User;
let menuItemId: string;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => removeTempDirs());

beforeAll(async () => {
  // Users and the menu once for the file: every app below reopens this data dir.
  const app = openApp({ dataDir, env: {} });
  try {
    cashier = await createUser(app.core, {
      username: 'cashier',
      password: PASSWORD,
      role: 'cashier',
    });
    kitchen = await createUser(app.core, {
      username: 'kitchen',
      password: PASSWORD,
      role: 'kitchen',
    });
    blind = await createUser(app.core, {
      username: 'blind',
      password: PASSWORD,
      role: 'kitchen',
      revokedPermissions: ['orders.view'],
    });
    const item = await createMenuItem(app.core, {
      name: 'Flat white',
      price: 450,
      taxRateBps: 1000,
    });
    menuItemId = item.id;
  } finally {
    await app.close();
  }
});

async function serve(printer: string): Promise<{ ts: TestServer; token: string }> {
  const ts = await startTestServer({ dataDir, env: { POS_PRINTER: printer } });
  cleanups.push(() => ts.close());
  return { ts, token: await ts.token('cashier', PASSWORD) };
}

const tcp = (port: number) => `tcp://127.0.0.1:${port}`;

async function newOrder(ts: TestServer, quantity = 2): Promise<Order> {
  return createOrder(ts.app.core, cashier.id, { items: [{ menuItemId, quantity }] });
}

async function printReceipt(ts: TestServer, token: string, orderId: string) {
  return ts.request<PrintJob & ErrorBodyShape>(`/api/orders/${orderId}/receipt`, {
    method: 'POST',
    token,
  });
}

describe('receipts through a network printer (TCP on 127.0.0.1)', () => {
  let printer: RestartablePrinter;
  beforeAll(async () => {
    printer = await restartablePrinter();
  });
  afterAll(async () => printer.stop());

  it('prints the order’s receipt by itself once the sale is paid: number, lines, total, payment', async () => {
    const { ts, token } = await serve(tcp(printer.port));
    const order = await newOrder(ts);
    const arrived = printer.nextJob();
    // 2 × 4.50 + 10 % tax = 9.90, paid by card: settling the order queues its receipt.
    await takePayment(
      ts.app.core,
      actorFor(cashier),
      takePaymentInput.parse({ id: order.id, method: 'card', amount: 990, token: 'tok_ok' }),
    );
    const text = decodeEscPos(await arrived).text;
    expect(text).toContain(`Order #${order.number}`);
    expect(text).toMatch(/2 × Flat white +\$9\.00/);
    expect(text).toMatch(/TOTAL +\$9\.90/);
    expect(text).toMatch(/Card +\$9\.90/);
    expect(text).not.toContain('REPRINT');

    await ts.app.printer.idle();
    const list = await ts.request<{ jobs: PrintJob[] }>(`/api/print-jobs?orderId=${order.id}`, {
      token,
    });
    expect(list.body.jobs).toHaveLength(1);
    const job = await settledJob(ts, token, (list.body.jobs[0] as PrintJob).id);
    expect(job).toMatchObject({
      kind: 'receipt',
      orderId: order.id,
      status: 'done',
      attempts: 1,
      reprint: false,
      createdBy: cashier.id,
      lastError: null,
      printer: tcp(printer.port),
      printedAt: ts.clock.now.toISOString(),
    });
  });

  it('marks a second receipt for the same order as a REPRINT, on paper and in the job', async () => {
    const { ts, token } = await serve(tcp(printer.port));
    const order = await newOrder(ts, 1);
    const first = await printReceipt(ts, token, order.id);
    await settledJob(ts, token, first.body.id);

    const arrived = printer.nextJob();
    const again = await printReceipt(ts, token, order.id);
    expect(again.status).toBe(201);
    expect(again.body.reprint).toBe(true);
    const text = decodeEscPos(await arrived).text;
    expect(text).toContain('*** REPRINT ***');
    expect(text).toContain(`Order #${order.number}`);
    expect((await settledJob(ts, token, again.body.id)).status).toBe('done');

    const list = await ts.request<{ jobs: PrintJob[] }>(`/api/print-jobs?orderId=${order.id}`, {
      token,
    });
    expect(list.body.jobs.map((j) => j.reprint)).toEqual([true, false]);
  });

  it('queueReceiptAfterSale (the sale path) queues the receipt and never throws', async () => {
    const { ts, token } = await serve(tcp(printer.port));
    const order = await newOrder(ts, 1);
    const arrived = printer.nextJob();
    const job = await queueReceiptAfterSale(ts.app.core, order.id, cashier.id);
    expect(job).toMatchObject({ kind: 'receipt', orderId: order.id, reprint: false });
    expect(decodeEscPos(await arrived).text).toContain(`Order #${order.number}`);
    expect((await settledJob(ts, token, job?.id ?? '')).status).toBe('done');

    const spy = vi.spyOn(ts.app.core.log, 'error').mockImplementation(() => undefined);
    try {
      const none = await queueReceiptAfterSale(ts.app.core, 'no-such-order', cashier.id);
      expect(none).toBeNull();
      expect(String(spy.mock.calls[0]?.[0])).toContain('receipt of order no-such-order');
    } finally {
      spy.mockRestore();
    }
  });

  it('gives one original and one reprint for two clicks at the same moment', async () => {
    const { ts, token } = await serve(tcp(printer.port));
    const order = await newOrder(ts, 1);
    const both = await Promise.all([
      printReceipt(ts, token, order.id),
      printReceipt(ts, token, order.id),
    ]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect(both.map((r) => r.body.reprint).sort()).toEqual([false, true]);
    await ts.app.printer.idle();
  });

  it('answers 404 for an unknown order, 403 without orders.create, and replays an Idempotency-Key', async () => {
    const { ts, token } = await serve(tcp(printer.port));
    const missing = await printReceipt(ts, token, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    const kitchenToken = await ts.token('kitchen', PASSWORD);
    const order = await newOrder(ts, 1);
    expect((await printReceipt(ts, kitchenToken, order.id)).status).toBe(403);

    const headers = { 'idempotency-key': 'receipt-once' };
    const a = await ts.request<PrintJob>(`/api/orders/${order.id}/receipt`, {
      method: 'POST',
      token,
      headers,
    });
    const b = await ts.request<PrintJob>(`/api/orders/${order.id}/receipt`, {
      method: 'POST',
      token,
      headers,
    });
    expect(b.headers.get('idempotency-replayed')).toBe('true');
    expect(b.body.id).toBe(a.body.id);
    await ts.app.printer.idle();
    const jobs = await ts.request<{ jobs: PrintJob[] }>(`/api/print-jobs?orderId=${order.id}`, {
      token,
    });
    expect(jobs.body.jobs).toHaveLength(1);
  });
});

describe('a printer fault leaves a failed job, and the till carries on', () => {
  it('refused connection → failed with the reason; retry once the printer is back → done', async () => {
    const printer = await restartablePrinter();
    await printer.stop(); // the port now refuses
    const { ts, token } = await serve(tcp(printer.port));
    const order = await newOrder(ts, 1);
    const res = await printReceipt(ts, token, order.id);
    expect(res.status).toBe(201);
    const failed = await settledJob(ts, token, res.body.id);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: `printer refused connection at 127.0.0.1:${printer.port}`,
      printedAt: null,
    });

    // The app keeps working: a new order goes through over HTTP.
    const next = await ts.request<Order>('/api/orders', {
      token,
      body: { items: [{ menuItemId, quantity: 1 }] },
    });
    expect(next.status).toBe(201);

    const listed = await ts.request<{ jobs: PrintJob[] }>('/api/print-jobs?status=failed', {
      token,
    });
    expect(listed.body.jobs.map((j) => j.id)).toContain(res.body.id);
    const hw = await ts.request<{ printJobs: { failed: number } }>('/api/diagnostics/hardware', {
      token,
    });
    expect(hw.body.printJobs.failed).toBeGreaterThanOrEqual(1);

    await printer.start();
    cleanups.push(() => printer.stop());
    const arrived = printer.nextJob();
    const retried = await ts.request<PrintJob>(`/api/print-jobs/${res.body.id}/retry`, {
      method: 'POST',
      token,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('queued');
    expect(decodeEscPos(await arrived).text).toContain(`Order #${order.number}`);
    const done = await settledJob(ts, token, res.body.id);
    expect(done).toMatchObject({ status: 'done', attempts: 2, lastError: null });

    // Only a failed job can be retried; a printed one is reprinted through its order instead.
    const twice = await ts.request<ErrorBodyShape>(`/api/print-jobs/${res.body.id}/retry`, {
      method: 'POST',
      token,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('conflict');
    expect(twice.body.error.details).toMatchObject({ status: 'done' });
  });

  it('a printer that accepts and never reads: the job fails on the deadline, requests stay fast', async () => {
    const stuck = await listenAndNeverRead();
    cleanups.push(stuck.close);
    const { ts, token } = await serve(tcp(stuck.port));
    const order = await newOrder(ts, 1);
    const started = Date.now();
    const res = await printReceipt(ts, token, order.id);
    expect(res.status).toBe(201);
    // Enqueueing is an INSERT: the answer never waits for the printer.
    expect(Date.now() - started).toBeLessThan(1_000);

    // While the worker waits on the printer, other requests are served at once.
    const t0 = Date.now();
    const during = await ts.request<PrintJob>(`/api/print-jobs/${res.body.id}`, { token });
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(during.body.status).toBe('printing');

    const job = await settledJob(ts, token, res.body.id);
    expect(job.status).toBe('failed');
    expect(job.lastError).toBe(
      `printer at 127.0.0.1:${stuck.port} timed out: it accepted the connection but did not take the data within 5000 ms`,
    );
    expect(Date.now() - started).toBeLessThan(7_000);
    expect((await ts.request('/api/diagnostics/ping')).status).toBe(200);
  });

  it.skipIf(!hasSocat)(
    'a serial printer that disappears mid-write: failed, disconnected while sending',
    async () => {
      const pair = await ptyPair();
      cleanups.push(pair.dispose);
      const { ts, token } = await serve(`serial:${pair.a}`);
      // A job far bigger than the tty's buffer (a logo bitmap, say): nobody reads the far end,
      // so the write is still going when the device vanishes.
      const job = await insertJob(ts.app.core, {
        kind: 'receipt',
        payload: { format: 'escpos', base64: Buffer.alloc(1024 * 1024, 0x41).toString('base64') },
        createdBy: cashier.id,
      });
      ts.app.core.spooler.wake();
      await new Promise((r) => setTimeout(r, 300));
      await pair.kill();
      const failed = await settledJob(ts, token, job.id);
      expect(failed.status).toBe('failed');
      expect(failed.lastError).toMatch(
        new RegExp(`^serial device ${pair.a} disconnected while sending`),
      );
      const next = await ts.request('/api/orders', {
        token,
        body: { items: [{ menuItemId, quantity: 1 }] },
      });
      expect(next.status).toBe(201);
    },
  );

  it('with no printer configured a receipt job fails saying so (and the sale is untouched)', async () => {
    const { ts, token } = await serve('none');
    const order = await newOrder(ts, 1);
    const job = await enqueueReceipt(ts.app.core, order.id, cashier.id);
    const failed = await settledJob(ts, token, job.id);
    expect(failed).toMatchObject({
      status: 'failed',
      lastError: 'no printer configured (POS_PRINTER=none)',
    });
    const reread = await ts.request<Order>(`/api/orders/${order.id}`, { token });
    expect(reread.body.total).toBe(order.total);
  });
});

describe('crash recovery', () => {
  it('re-queues a job left `printing` by a crash and prints it on the next start', async () => {
    const printer = await restartablePrinter();
    cleanups.push(() => printer.stop());
    // A job caught mid-print: the row says `printing` when the app goes away.
    const first = openApp({ dataDir, env: { POS_PRINTER: 'none' } });
    const order = await createOrder(first.core, cashier.id, {
      items: [{ menuItemId, quantity: 3 }],
    });
    const job = await insertJob(first.core, {
      kind: 'receipt',
      orderId: order.id,
      payload: { format: 'escpos', base64: Buffer.from('Order interrupted\n').toString('base64') },
      createdBy: cashier.id,
      status: 'printing',
    });
    await first.close();

    const arrived = printer.nextJob();
    const { ts, token } = await serve(tcp(printer.port));
    expect((await arrived).toString()).toBe('Order interrupted\n');
    expect(await settledJob(ts, token, job.id)).toMatchObject({
      status: 'done',
      attempts: 2,
      lastError: null,
    });
  });
});

describe('GET /api/print-jobs', () => {
  it('filters by status, pages newest first, and checks its query', async () => {
    const { ts, token } = await serve('none');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ts.clock.advance(1_000);
      ids.push(
        (
          await insertJob(ts.app.core, {
            kind: 'test',
            payload: { format: 'escpos', base64: '' },
            createdBy: cashier.id,
          })
        ).id,
      );
    }
    // No worker wake-up: they stay queued.
    const page1 = await ts.request<{ jobs: PrintJob[]; nextCursor: string | null }>(
      '/api/print-jobs?status=queued&limit=3',
      { token },
    );
    expect(page1.status).toBe(200);
    expect(page1.body.jobs.map((j) => j.id)).toEqual(ids.slice(2).reverse());
    expect(page1.body.nextCursor).not.toBeNull();
    const page2 = await ts.request<{ jobs: PrintJob[]; nextCursor: string | null }>(
      `/api/print-jobs?status=queued&limit=3&cursor=${page1.body.nextCursor}`,
      { token },
    );
    expect(page2.body.jobs.map((j) => j.id)).toEqual(ids.slice(0, 2).reverse());
    expect(page2.body.nextCursor).toBeNull();

    expect((await ts.request('/api/print-jobs?status=lost', { token })).status).toBe(422);
    expect((await ts.request('/api/print-jobs?limit=201', { token })).status).toBe(422);
    const badCursor = await ts.request<ErrorBodyShape>('/api/print-jobs?cursor=nope', { token });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.code).toBe('invalid_query');
    expect((await ts.request('/api/print-jobs/nope', { token })).status).toBe(404);
  });

  it('is open to orders.view or diagnostics.run; retry needs orders.create or diagnostics.run', async () => {
    const { ts } = await serve('none');
    const job = await insertJob(ts.app.core, {
      kind: 'test',
      payload: { format: 'escpos', base64: '' },
      createdBy: kitchen.id,
    });
    const kitchenToken = await ts.token('kitchen', PASSWORD);
    expect((await ts.request('/api/print-jobs', { token: kitchenToken })).status).toBe(200);
    const retry = await ts.request<ErrorBodyShape>(`/api/print-jobs/${job.id}/retry`, {
      method: 'POST',
      token: kitchenToken,
    });
    expect(retry.status).toBe(403);
    const blindToken = await ts.token('blind', PASSWORD);
    const denied = await ts.request<ErrorBodyShape>('/api/print-jobs', { token: blindToken });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    expect((await ts.request(`/api/print-jobs/${job.id}`, { token: blindToken })).status).toBe(403);
    expect((await ts.request('/api/print-jobs')).status).toBe(401);
    expect(blind.permissions).not.toContain('orders.view');
  });
});
