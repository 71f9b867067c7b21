/**
 * The kitchen display in real Chromium: only the kitchen screen for a kitchen user, orders
 * arriving over Server-Sent Events within a second, tap to advance (completion only once paid),
 * and the red banner the moment the counter PC goes away.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import type { MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import { removeTempDirs, type TestServer } from '../helpers/app';
import {
  SCREENS_DIR,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  restartOnSamePort,
  signInWithPin,
  startDemoServer,
  straysOf,
} from './support';

let ts: TestServer;
let closed = false;
let browser: Browser;
let page: Page;
let cashier: string;
let menu: Map<string, MenuItem>;
/** Modifier option ids by name ("Oat milk"). */
let options: Map<string, string>;
let restarted: { close(): Promise<void> } | null = null;

async function newOrder(lines: [string, number, string?, string[]?][]): Promise<Order> {
  const res = await ts.request<Order>('/api/orders', {
    token: cashier,
    body: {
      items: lines.map(([name, quantity, note, mods]) => ({
        menuItemId: menu.get(name)!.id,
        quantity,
        ...(note ? { note } : {}),
        ...(mods ? { modifiers: mods.map((m) => options.get(m)!) } : {}),
      })),
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function move(id: string, status: string): Promise<Order> {
  const res = await ts.request<Order>(`/api/orders/${id}/status`, {
    method: 'PATCH',
    token: cashier,
    body: { status },
  });
  expect(res.status).toBe(200);
  return res.body;
}

const ticket = (n: number) => page.getByRole('button', { name: new RegExp(`^Order ${n},`) });

beforeAll(async () => {
  await ensureRendererBuilt();
  ts = await startDemoServer();
  cashier = await ts.token('cashier', 'cashier-demo-1');
  const items = await ts.request<{ items: MenuItem[] }>('/api/menu/items', { token: cashier });
  menu = new Map(items.body.items.map((i) => [i.name, i]));
  const groups = await ts.request<{ groups: ModifierGroup[] }>('/api/menu/modifier-groups', {
    token: cashier,
  });
  options = new Map(groups.body.groups.flatMap((g) => g.options.map((o) => [o.name, o.id])));
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (!closed) await ts?.close();
  await restarted?.close();
  removeTempDirs();
});

describe('kitchen display', () => {
  it('a kitchen user gets the kitchen display and no till', async () => {
    await signInWithPin(page, 'kitchen', '4444');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(['Kitchen display']);
    // Asking for the till by address still shows the kitchen.
    await page.goto(`${ts.baseUrl}/#/till`);
    await page.getByRole('heading', { name: 'Kitchen' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create order' }).count()).toBe(0);
    expect(await page.getByRole('tab').count()).toBe(0);
  });

  it('shows an order sent to the kitchen within a second, over the stream', async () => {
    await page.locator('[data-feed-mode="live"]').waitFor();
    const order = await newOrder([
      ['Cappuccino', 2, 'one decaf'],
      ['Croissant', 1],
    ]);
    // Hold every queue poll: if the card shows up now, the stream brought it.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await page.route('**/api/orders/queue', async (route) => {
      await gate;
      await route.continue().catch(() => undefined);
    });
    const t0 = Date.now();
    await move(order.id, 'in_queue');
    await ticket(order.number).waitFor({ timeout: 1500 });
    const ms = Date.now() - t0;
    release();
    await page.unroute('**/api/orders/queue');
    expect(ms).toBeLessThan(1500);
    const card = ticket(order.number);
    await expect.poll(() => card.textContent()).toContain('2× Cappuccino');
    await expect.poll(() => card.textContent()).toContain('one decaf');
    expect(
      await page.getByRole('region', { name: 'New' }).getByRole('button').count(),
    ).toBeGreaterThan(0);
  });

  it('a tap advances an order; handing over completes it only once paid', async () => {
    const order = await newOrder([['Latte', 1]]);
    await move(order.id, 'in_queue');
    await ticket(order.number).click();
    await page
      .getByRole('region', { name: 'Preparing' })
      .getByRole('button', {
        name: new RegExp(`^Order ${order.number},`),
      })
      .waitFor();
    await ticket(order.number).click();
    const ready = page.getByRole('region', { name: 'Ready' });
    await ready.getByRole('button', { name: new RegExp(`^Order ${order.number},`) }).waitFor();
    await ticket(order.number).click();
    await ticket(order.number).getByText('Not paid yet').waitFor();
    expect(
      (await ts.request<Order>(`/api/orders/${order.id}`, { token: cashier })).body.status,
    ).toBe('ready');

    const paid = await ts.request(`/api/orders/${order.id}/payment`, {
      token: cashier,
      body: { method: 'card', amount: order.total, token: 'tok_demo' },
    });
    expect(paid.status).toBe(201);
    await ticket(order.number).click();
    await ticket(order.number).waitFor({ state: 'detached' });
    const done = await ts.request<Order>(`/api/orders/${order.id}`, { token: cashier });
    expect(done.body.status).toBe('completed');
    expect(done.body.history.map((h) => h.to)).toEqual([
      'pending',
      'in_queue',
      'in_progress',
      'ready',
      'completed',
    ]);
  });

  it('fills the screen for the docs', async () => {
    const a = await newOrder([
      ['Flat White', 1, 'extra hot', ['Large', 'Oat milk']],
      ['Banana Bread', 1],
    ]);
    const b = await newOrder([['Americano', 3]]);
    const c = await newOrder([
      ['Cheese Toastie', 2, 'no onion'],
      ['Orange Juice', 2],
    ]);
    const d = await newOrder([['Hot Chocolate', 1, 'oat milk']]);
    for (const o of [a, b, c, d]) await move(o.id, 'in_queue');
    await move(b.id, 'in_progress');
    await move(c.id, 'in_progress');
    await move(c.id, 'ready');
    await ticket(d.number).waitFor();
    await page
      .getByRole('region', { name: 'Ready' })
      .getByRole('button', {
        name: new RegExp(`^Order ${c.number},`),
      })
      .waitFor();
    // The chosen options, under their line, in the menu's group order.
    await expect
      .poll(() => ticket(a.number).locator('.ticket-mod').allTextContents())
      .toEqual(['+ Large', '+ Oat milk']);
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'kitchen.png') });
    await expect
      .poll(() => page.getByTestId('freshness').textContent())
      .toMatch(/^updated \d+ s ago$/);
  });

  it('shows the red unreachable banner once the server is gone', async () => {
    expect(await page.getByRole('alert').count()).toBe(0);
    await ts.close();
    closed = true;
    const t0 = Date.now();
    const banner = page.getByRole('alert');
    await banner.waitFor({ timeout: 8000 });
    expect(Date.now() - t0).toBeLessThan(8000);
    await expect.poll(() => banner.textContent()).toContain('COUNTER UNREACHABLE');
    // The cards stay (the kitchen keeps working from what it has), under the banner.
    expect(await page.getByRole('button', { name: /^Order \d+,/ }).count()).toBeGreaterThan(0);
    // The top bar's own light agrees within its 3 s ping.
    await page.getByRole('status', { name: 'Connection: Offline' }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: join(SCREENS_DIR, 'kitchen-offline.png') });
    expect(straysOf(page)).toEqual([]);
  });

  it('recovers by itself when the counter PC comes back on the same address', async () => {
    restarted = await restartOnSamePort(ts);
    // The stream reconnects (retry 3 s) and the 5 s poll answers: the banner goes.
    await page.getByRole('alert').waitFor({ state: 'detached', timeout: 12_000 });
    await page.getByRole('status', { name: 'Connection: Online' }).waitFor({ timeout: 5000 });
    // Same data folder, same signing secret: the cashier's token still works.
    const order = await newOrder([['Latte', 1, undefined, ['Soy milk']]]);
    await move(order.id, 'in_queue');
    await ticket(order.number).waitFor({ timeout: 6000 });
    await expect.poll(() => ticket(order.number).textContent()).toContain('+ Soy milk');
    expect(straysOf(page)).toEqual([]);
  });
});
