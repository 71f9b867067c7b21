/**
 * Reports and attendance in real Chromium against a real server: clock in and out from the top
 * bar (the server's clock moved 2.5 h between) and see the hours in the attendance report; a
 * report over two days picked in the shop's zone matches the API's figures to the cent (tips,
 * discounts and tax included); its CSV downloads and parses; the orders, stock and customer
 * reports show what the API says.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src-main/core/demo';
import type { BusinessSettings } from '../../src-shared/contract';
import type { Customer, MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import type {
  InventoryReport,
  OrdersReport,
  SalesReport,
  StaffAttendanceReport,
} from '../../src-shared/contract/reports';
import { localDateOf, startOfLocalDate } from '../../src-shared/zone';
import {
  fakeClock,
  removeTempDirs,
  startTestServer,
  type FakeClock,
  type TestServer,
} from '../helpers/app';
import {
  SCREENS_DIR,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  openScreen,
  signInWithPin,
  straysOf,
} from './support';

const HOUR = 3_600_000;
const now = Date.now();
let clock: FakeClock;
let ts: TestServer;
let browser: Browser;
let page: Page;
let manager: string;
let settings: BusinessSettings;
let customer: Customer;

const usd = (minor: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);

async function get<T>(path: string): Promise<T> {
  const r = await ts.request<T>(path, { token: manager });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

async function post<T>(path: string, body: unknown, token = manager): Promise<T> {
  const r = await ts.request<T>(path, { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

const kpi = (name: string) => page.getByRole('group', { name, exact: true });

beforeAll(async () => {
  await ensureRendererBuilt();
  clock = fakeClock(new Date(now - 3 * HOUR).toISOString());
  ts = await startTestServer({ clock });
  await seedDemo(ts.app.core);
  manager = await ts.token('manager', 'manager-demo-1');
  const cashier = await ts.token('cashier', 'cashier-demo-1');
  settings = await get<BusinessSettings>('/api/settings');
  const menu = new Map(
    (await get<{ items: MenuItem[] }>('/api/menu/items')).items.map((i) => [i.name, i]),
  );
  customer = await post<Customer>('/api/customers', { name: 'Rosa Regular' });
  // Three card sales two hours ago: one with a tip, one with a discount, one for a customer.
  clock.set(new Date(now - 2 * HOUR));
  const sell = async (lines: [string, number][], extra: Record<string, unknown> = {}) =>
    post<Order>(
      '/api/orders',
      {
        items: lines.map(([n, quantity]) => ({ menuItemId: menu.get(n)!.id, quantity })),
        ...extra,
      },
      cashier,
    );
  const pay = async (order: Order, tip = 0) =>
    post(
      `/api/orders/${order.id}/payment`,
      { method: 'card', amount: order.total, token: 'tok_demo', ...(tip ? { tip } : {}) },
      cashier,
    );
  await pay(
    await sell([
      ['Latte', 2],
      ['Croissant', 1],
    ]),
    125,
  );
  const discounted = await sell([['Cappuccino', 3]]);
  const after = await post<Order>(`/api/orders/${discounted.id}/discounts`, {
    percent: 10,
    reason: 'loyalty',
  });
  await pay(after);
  await pay(await sell([['Espresso', 1]], { customerId: customer.id }), 50);
  clock.set(new Date(now - 3 * HOUR));

  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
  await signInWithPin(page, 'manager', '2222');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe('attendance from the top bar', () => {
  it('clocks in and out and sees the hours in the attendance report', async () => {
    const att = page.getByRole('group', { name: 'Attendance' });
    await expect.poll(() => att.textContent()).toContain('Not clocked in');
    await att.getByRole('button', { name: 'Clock in' }).click();
    await expect.poll(() => att.textContent()).toContain('On shift since');
    // Ranges are half-open: a shift that began this very millisecond is listed a moment later.
    clock.advance(60_000);
    const { entries } = await get<{ entries: { clockIn: string; clockOut: string | null }[] }>(
      '/api/attendance',
    );
    expect(entries).toEqual([
      expect.objectContaining({ clockIn: new Date(now - 3 * HOUR).toISOString(), clockOut: null }),
    ]);

    // Clocking in again elsewhere is refused in words, and the control stays right.
    clock.set(new Date(now - 30 * 60_000));
    await att.getByRole('button', { name: 'Clock out' }).click();
    await expect.poll(() => att.textContent()).toContain('Not clocked in');
    await post('/api/attendance/clock-in', {});
    clock.advance(60_000);
    await att.getByRole('button', { name: 'Clock in' }).click();
    await expect
      .poll(() => att.getByRole('alert').textContent())
      .toBe('You are already clocked in (perhaps on another terminal).');
    await expect.poll(() => att.textContent()).toContain('On shift since');
    await att.getByRole('button', { name: 'Clock out' }).click();
    await expect.poll(() => att.textContent()).toContain('Not clocked in');

    await openScreen(page, 'Reports');
    await page.getByRole('button', { name: 'Staff attendance' }).click();
    const api = await get<StaffAttendanceReport>('/api/reports/staff-attendance?range=24h');
    // 2 h 29 min, then the 1 min shift started on "another terminal".
    expect(api.users).toMatchObject([{ username: 'manager', shifts: 2, open: false }]);
    expect(api.users[0]!.hours).toBeCloseTo(2.5 + 1 / 60, 2);
    const row = page
      .getByRole('region', { name: 'Staff attendance' })
      .getByRole('row')
      .filter({ hasText: 'manager' });
    const hours = api.users[0]!.hours.toFixed(2);
    await expect.poll(() => row.textContent()).toBe(`Max Managermanager${hours}2`);
    await expect.poll(() => kpi('Hours worked').textContent()).toBe(`Hours worked${hours}`);
  });
});

describe('reports', () => {
  it('a report over three days picked in the shop zone matches the API to the cent', async () => {
    clock.set(new Date(now));
    await page.getByRole('button', { name: 'Sales' }).click();
    const to = localDateOf(now, settings.timeZone);
    const from = localDateOf(now - 48 * HOUR, settings.timeZone);
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByLabel('To', { exact: true }).fill(to);
    await page.getByRole('button', { name: 'Show these days' }).click();
    const next = new Date(Date.parse(`${to}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);
    const range = `${startOfLocalDate(from, settings.timeZone)}..${startOfLocalDate(next, settings.timeZone)}`;
    const api = await get<SalesReport>(`/api/reports/sales?range=${encodeURIComponent(range)}`);
    expect(api).toMatchObject({ orderCount: 3, tips: 175 });
    expect(api.discounts).toBeGreaterThan(0);
    for (const [name, v] of [
      ['Gross', api.gross],
      ['Net', api.net],
      ['Tax', api.tax],
      ['Discounts', api.discounts],
      ['Tips', api.tips],
      ['Average order', api.averageOrder],
    ] as const)
      await expect.poll(() => kpi(name).textContent()).toBe(`${name}${usd(v)}`);
    await expect.poll(() => kpi('Orders').textContent()).toBe('Orders3');

    // Three whole days (over 48 h) are bucketed by the day; both axes are titled, the values ticked.
    const chart = page.getByRole('img', { name: 'Net sales by day' });
    await expect.poll(() => chart.locator('rect').count()).toBe(api.series.length);
    const text = await chart.textContent();
    expect(text).toContain(`Day (${settings.timeZone})`);
    expect(text).toContain('Net sales (USD)');
    expect(text).toContain('$0.00');
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'reports.png'), fullPage: true });

    // A date range that ends before it starts is refused next to the field.
    await page.getByLabel('To', { exact: true }).fill(from);
    await page.getByLabel('From', { exact: true }).fill(to);
    await page.getByRole('button', { name: 'Show these days' }).click();
    if (from !== to) {
      await expect
        .poll(() => page.getByLabel('To', { exact: true }).getAttribute('aria-invalid'))
        .toBe('true');
      expect(await page.getByRole('form', { name: 'Date range' }).textContent()).toContain(
        'The end date is before the start date.',
      );
    }
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByLabel('To', { exact: true }).fill(to);
    await page.getByRole('button', { name: 'Show these days' }).click();

    // The CSV is the same series: its net column adds up to the report's net.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`sales-${from}_${to}.csv`);
    const csv = (await readFile(await download.path(), 'utf8')).trim().split('\r\n');
    expect(csv[0]).toBe('start,orders,net');
    const rows = csv.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => r[0])).toEqual(api.series.map((s) => s.start));
    expect(rows.reduce((s, r) => s + Number(r[2]), 0)).toBe(api.net);
  });

  it('shows the orders and stock reports as the API has them', async () => {
    await page.getByRole('button', { name: 'Last 24 hours' }).click();
    await page.getByRole('button', { name: 'Orders', exact: true }).click();
    const orders = await get<OrdersReport>('/api/reports/orders?range=24h');
    await expect
      .poll(() => kpi('Orders created').textContent())
      .toBe(`Orders created${orders.total}`);
    const completed = page
      .getByRole('region', { name: 'Orders by status' })
      .getByRole('row')
      .filter({ hasText: 'Pending' });
    await expect.poll(() => completed.textContent()).toBe(`Pending${orders.byStatus.pending}`);

    await page.getByRole('button', { name: 'Inventory', exact: true }).click();
    const stock = await get<InventoryReport>('/api/reports/inventory?range=24h');
    await expect
      .poll(() => kpi('Stock value').textContent())
      .toBe(`Stock value${usd(stock.totalValue)}`);
    const milk = page
      .getByRole('region', { name: 'Stock report' })
      .getByRole('row')
      .filter({ hasText: 'Milk' });
    const m = stock.items.find((i) => i.name === 'Milk')!;
    await expect.poll(() => milk.textContent()).toContain(`${m.consumed} l`);
  });

  it("shows a customer's history for the customer picked", async () => {
    await page.getByRole('button', { name: 'Customer history' }).click();
    await page.getByLabel('Find customer').fill('Rosa');
    await page.getByRole('button', { name: 'Rosa Regular' }).click();
    const h = page.getByRole('region', { name: 'History of Rosa Regular' });
    const api = await get<{ totalSpent: number; orderCount: number }>(
      `/api/reports/customer-history?customerId=${customer.id}`,
    );
    expect(api.orderCount).toBe(1);
    await expect
      .poll(() => h.getByRole('group', { name: 'Total spent' }).textContent())
      .toBe(`Total spent${usd(api.totalSpent)}`);
    expect(straysOf(page)).toEqual([]);
  });
});
