/**
 * The manager's screens in real Chromium: sales report (figures and chart from the server),
 * low stock, a blind drawer count, and the print-job list with retry. A week of sales is made
 * through the API on a clock that walks forward to the real now.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemo } from '../../src-main/core/demo';
import type { AuditEntry } from '../../src-shared/contract/audit';
import type { CashSession } from '../../src-shared/contract/cash';
import type { PrintJob } from '../../src-shared/contract/hardware';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import type { MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment } from '../../src-shared/contract/payments';
import type { SalesReport } from '../../src-shared/contract/reports';
import type { ZReport } from '../../src-shared/contract/zreports';
import { fakeClock, removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import {
  SCREENS_DIR,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  openScreen,
  signInWithPin,
  straysOf,
} from './support';

let ts: TestServer;
let browser: Browser;
let page: Page;
let manager: string;

const HOUR = 3_600_000;
const usd = (minor: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);

/** A port nothing listens on: the receipt printer that never answers. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function get<T>(path: string): Promise<T> {
  const res = await ts.request<T>(path, { token: manager });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function post<T>(path: string, body: unknown, token = manager): Promise<T> {
  const res = await ts.request<T>(path, { token, body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Sells `lines` at the clock's time and pays it in full with `method`. */
async function sale(
  token: string,
  menu: Map<string, MenuItem>,
  lines: [string, number][],
  method: string,
) {
  const order = await post<Order>(
    '/api/orders',
    { items: lines.map(([n, quantity]) => ({ menuItemId: menu.get(n)!.id, quantity })) },
    token,
  );
  await post(
    `/api/orders/${order.id}/payment`,
    method === 'cash'
      ? { method, amount: order.total, tendered: order.total }
      : { method, amount: order.total, token: 'tok_demo' },
    token,
  );
  return order;
}

beforeAll(async () => {
  // The print worker reports each refused receipt on stderr; here that is the point, not news.
  vi.spyOn(console, 'error').mockImplementation((m: unknown) => {
    if (!String(m).startsWith('print queue:')) process.stderr.write(`${String(m)}\n`);
  });
  await ensureRendererBuilt();
  const now = Date.now();
  const clock = fakeClock(new Date(now - 6 * 24 * HOUR - 4 * HOUR).toISOString());
  ts = await startTestServer({
    clock,
    env: { POS_PRINTER: `tcp://127.0.0.1:${await closedPort()}` },
  });
  await seedDemo(ts.app.core);
  const login = () => ts.token('cashier', 'cashier-demo-1');
  let cashier = await login();
  manager = await ts.token('manager', 'manager-demo-1');
  const menu = new Map(
    (await get<{ items: MenuItem[] }>('/api/menu/items')).items.map((i) => [i.name, i]),
  );
  await post('/api/cash/open', { openingFloat: 10000 });
  const basket: [string, number][][] = [
    [
      ['Latte', 2],
      ['Croissant', 1],
    ],
    [['Espresso', 1]],
    [
      ['Cappuccino', 1],
      ['Blueberry Muffin', 2],
    ],
    [
      ['Cheese Toastie', 1],
      ['Orange Juice', 1],
    ],
    [['Flat White', 3]],
  ];
  const methods = ['card', 'cash', 'mobile'];
  // Six earlier days, a different number of sales each, then the last day hour by hour.
  let k = 0;
  for (let day = 6; day >= 1; day--) {
    clock.set(new Date(now - day * 24 * HOUR - 3 * HOUR));
    cashier = await login();
    for (let n = 0; n < 1 + ((day * 5) % 4); n++, k++)
      await sale(cashier, menu, basket[k % basket.length]!, methods[k % 3]!);
  }
  for (const hoursAgo of [20, 14, 9, 8, 5, 3, 3, 2, 1]) {
    clock.set(new Date(now - hoursAgo * HOUR));
    cashier = await login();
    await sale(cashier, menu, basket[k % basket.length]!, methods[k++ % 3]!);
  }
  // One refund, so the report has one to show (before "now": ranges are half-open).
  clock.set(new Date(now - HOUR / 2));
  manager = await ts.token('manager', 'manager-demo-1');
  const { orders } = await get<{ orders: Order[] }>('/api/orders?limit=1');
  const { payments } = await get<{ payments: Payment[] }>(`/api/payments?orderId=${orders[0]!.id}`);
  await post(`/api/payments/${payments[0]!.id}/refund`, { amount: 150, reason: 'cold coffee' });
  // Coffee beans counted below their threshold of 1 kg.
  const stock = await get<{ items: InventoryItem[] }>('/api/inventory/items');
  const beans = stock.items.find((i) => i.name === 'Coffee beans')!;
  await post('/api/inventory/adjust', {
    inventoryItemId: beans.id,
    countedQuantity: 0.4,
    reason: 'stock count',
  });
  clock.set(new Date(now));
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  vi.restoreAllMocks();
  removeTempDirs();
});

describe('manager screens', () => {
  it('a manager signs in and gets every screen', async () => {
    await signInWithPin(page, 'manager', '2222');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await expect
      .poll(() => nav.getByRole('link').allTextContents())
      .toEqual(['Till', 'Orders', 'Kitchen display', 'Cash', 'Back office']);
    await openScreen(page, 'Reports');
    const office = page.getByRole('navigation', { name: 'Back office' });
    await expect
      .poll(() => office.getByRole('link').allTextContents())
      .toEqual([
        'Menu',
        'Customers',
        'Inventory',
        'Reports',
        'Audit log',
        'Hardware',
        'Settings',
        'Hub',
      ]);
  });

  it('shows the sales report the server computed, with a bar per day', async () => {
    await openScreen(page, 'Reports');
    const day = await get<SalesReport>('/api/reports/sales?range=24h');
    expect(day.refunds).toBe(150);
    const kpi = (name: string) => page.getByRole('group', { name, exact: true });
    await expect.poll(() => kpi('Net').textContent()).toBe(`Net${usd(day.net)}`);
    await expect.poll(() => kpi('Refunds').textContent()).toBe(`Refunds${usd(150)}`);
    await expect.poll(() => kpi('Orders').textContent()).toBe(`Orders${day.orderCount}`);

    await page.getByRole('button', { name: 'Last 7 days' }).click();
    const week = await get<SalesReport>('/api/reports/sales?range=7d');
    await expect.poll(() => kpi('Gross').textContent()).toBe(`Gross${usd(week.gross)}`);
    const chart = page.getByRole('img', { name: 'Net sales by day' });
    await expect.poll(() => chart.locator('rect').count()).toBe(week.series.length);
    expect(week.series.filter((s) => s.net > 0).length).toBeGreaterThanOrEqual(6);
    const top = page.getByRole('region', { name: 'Top items' }).getByRole('row');
    await expect
      .poll(() => top.nth(1).textContent())
      .toBe(
        `${week.topItems[0]!.name}${week.topItems[0]!.quantity}${usd(week.topItems[0]!.revenue)}`,
      );
    const cash = page.getByRole('region', { name: 'By payment method' });
    await expect.poll(() => cash.textContent()).toContain(usd(week.byMethod.cash));
    // docs/screens/reports.png comes from test/renderer/reports.test.ts.
  });

  it('lists low stock', async () => {
    await openScreen(page, 'Inventory');
    const low = page.getByRole('region', { name: 'Low stock' });
    await expect
      .poll(() => low.getByRole('listitem').allTextContents())
      .toEqual(['Coffee beans — 0.4 kg left (alert at 1 kg)']);
  });

  it('closes the drawer on a blind count, then shows expected and variance', async () => {
    await openScreen(page, 'Cash');
    await page.getByRole('region', { name: 'Open session' }).waitFor();
    const { session } = await get<{ session: CashSession }>('/api/cash/session');
    // A manager (reports.view) may see the running summary over the API; the screen hides it.
    expect(session.summary).not.toBeNull();
    const expected = session.summary!.expected;
    // Blind: nothing on screen gives the expected amount away before the count.
    expect(await page.getByText(usd(expected)).count()).toBe(0);
    expect(await page.getByText('Expected', { exact: true }).count()).toBe(0);

    // No sale: the reason is required (the button stays off without one).
    const noSale = page.getByRole('form', { name: 'No sale' });
    const open = noSale.getByRole('button', { name: 'Open drawer (no sale)' });
    expect(await open.isDisabled()).toBe(true);
    await noSale.getByLabel('Reason').fill('change for a 50');
    await open.click();
    await page
      .getByRole('status')
      .getByText(/no sale recorded/i)
      .waitFor();
    const after = await get<{ session: CashSession }>('/api/cash/session');
    expect(after.session.noSales).toBe(1);

    await page.getByLabel('Counted cash').fill(((expected - 500) / 100).toFixed(2));
    await page.getByRole('button', { name: 'Close drawer' }).click();
    const summary = page.getByRole('region', { name: 'Drawer summary' });
    await expect.poll(() => summary.textContent()).toContain(`Expected${usd(expected)}`);
    await expect.poll(() => summary.getByLabel('Variance').textContent()).toBe(`−${usd(500)}`);
    const closed = await ts.app.core.dbh.db
      .selectFrom('cashSessions')
      .select(['status', 'countedCash'])
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(closed).toEqual({ status: 'closed', countedCash: expected - 500 });
    await page.getByRole('form', { name: 'Open the cash drawer' }).waitFor();

    // The close wrote Z report #1: its number, a readable view and the PDF.
    const zBar = page.getByRole('region', { name: 'Z report', exact: true });
    await expect.poll(() => zBar.textContent()).toContain('#1');
    const z = await get<ZReport>('/api/reports/z/1');
    expect(z).toMatchObject({ sessionId: session.id, variance: -500, noSales: { count: 1 } });
    await zBar.getByRole('button', { name: 'View Z report' }).click();
    const view = page.getByRole('region', { name: 'Z report 1' });
    await expect.poll(() => view.textContent()).toContain(`Expected cash${usd(z.expectedCash)}`);
    await expect.poll(() => view.getByLabel('No sales').textContent()).toBe('1');
    await expect.poll(() => view.textContent()).toContain('change for a 50');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      zBar.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('z-report-1.pdf');
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('shows the audit log newest first, filtered by type, a page at a time', async () => {
    // A cashier's discount and cancel, each let through by the manager's PIN (headers).
    const cashier = await ts.token('cashier', 'cashier-demo-1');
    const menu = (await get<{ items: MenuItem[] }>('/api/menu/items')).items;
    const order = await post<Order>(
      '/api/orders',
      { items: [{ menuItemId: menu.find((i) => i.name === 'Croissant')!.id, quantity: 2 }] },
      cashier,
    );
    const pin = { 'x-approver-username': 'manager', 'x-approver-pin': '2222' };
    const disc = await ts.request(`/api/orders/${order.id}/discounts`, {
      token: cashier,
      headers: pin,
      body: { percent: 50, reason: 'staff meal' },
    });
    expect(disc.status, disc.text).toBe(201);
    const cancel = await ts.request(`/api/orders/${order.id}/status`, {
      method: 'PATCH',
      token: cashier,
      headers: pin,
      body: { status: 'cancelled', reason: 'changed their mind' },
    });
    expect(cancel.status, cancel.text).toBe(200);

    await openScreen(page, 'Audit log');
    const rows = page.getByRole('region', { name: 'Audit log' }).locator('tbody tr');
    const all = await get<{ entries: AuditEntry[] }>('/api/audit?limit=200');
    expect(all.entries.map((e) => e.type).slice(0, 4)).toEqual([
      'approval',
      'cancel',
      'approval',
      'discount',
    ]);
    await expect.poll(() => rows.count()).toBe(all.entries.length);
    const first = rows.first();
    await expect.poll(() => first.textContent()).toContain('Manager approval');
    await expect.poll(() => rows.nth(1).textContent()).toContain('changed their mind');
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'audit.png') });

    await page.getByLabel('Type').selectOption('no_sale');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().textContent()).toContain('change for a 50');
    expect(await rows.first().textContent()).toContain('Max Manager');

    // More than a page: 25 first, the rest behind "Load more".
    await post('/api/cash/open', { openingFloat: 0 });
    for (let i = 0; i < 25; i++)
      await post('/api/cash/move', { type: 'cash_in', amount: 100, reason: `top-up ${i}` });
    const total = (await get<{ entries: AuditEntry[] }>('/api/audit?limit=200')).entries.length;
    expect(total).toBeGreaterThan(25);
    await page.getByLabel('Type').selectOption('');
    await expect.poll(() => rows.count()).toBe(25);
    await expect.poll(() => rows.first().textContent()).toContain('top-up 24');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(total);
    // The oldest entries arrived with the second page (the refund made before the drawer closed).
    expect(await rows.filter({ hasText: 'cold coffee' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it('lists failed print jobs and retries one (in the Hardware screen)', async () => {
    await openScreen(page, 'Hardware');
    const failed = await get<{ jobs: PrintJob[] }>('/api/print-jobs?status=failed');
    expect(failed.jobs.length).toBeGreaterThan(0);
    const job = failed.jobs[0]!;
    const retry = page.getByRole('button', { name: 'Retry' }).first();
    await retry.waitFor();
    await retry.click();
    await expect
      .poll(async () => (await get<PrintJob>(`/api/print-jobs/${job.id}`)).attempts, {
        timeout: 5000,
      })
      .toBeGreaterThan(job.attempts);
    expect(straysOf(page)).toEqual([]);
  });
});
