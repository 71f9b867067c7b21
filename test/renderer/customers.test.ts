/**
 * The Customers screen in real Chromium against the real server (demo data): a customer is
 * found by the word-prefix search, edited, and their order history shown; a new one is added
 * (a bad email refused next to its field); a manager without reports.view is told why the
 * history is not shown.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import { removeTempDirs, type TestServer } from '../helpers/app';
import {
  SCREENS_DIR,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  openScreen,
  signInWithPin,
  signOut,
  startDemoServer,
  straysOf,
  descriptionOf,
} from './support';

let ts: TestServer;
let browser: Browser;
let page: Page;
let admin: string;
let marguerite: Customer;
let orders: Order[];

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await ts.request<T>(path, { token: admin, body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function customer(id: string): Promise<Customer> {
  return (await ts.request<Customer>(`/api/customers/${id}`, { token: admin })).body;
}

beforeAll(async () => {
  await ensureRendererBuilt();
  ts = await startDemoServer();
  admin = await ts.token('admin', 'admin-demo-1');
  marguerite = await post<Customer>('/api/customers', {
    name: 'Marguerite Duras',
    phone: '+33 1 23 45 67 89',
    email: 'marguerite@example.com',
  });
  await post('/api/customers', { name: 'Marcel Proust', phone: '+33 6 00 00 00 01' });
  await post('/api/customers', { name: 'Albert Camus' });
  const { items } = (await ts.request<{ items: MenuItem[] }>('/api/menu/items', { token: admin }))
    .body;
  const id = (name: string) => items.find((i) => i.name === name)!.id;
  // Two orders for Marguerite, one paid in full: 303 (croissant) and 2 × 302 (espresso, 8 %).
  orders = [
    await post<Order>('/api/orders', {
      customerId: marguerite.id,
      items: [{ menuItemId: id('Croissant'), quantity: 1 }],
    }),
    await post<Order>('/api/orders', {
      customerId: marguerite.id,
      items: [{ menuItemId: id('Espresso'), quantity: 2 }],
    }),
  ];
  await post(`/api/orders/${orders[0]!.id}/payment`, {
    method: 'card',
    amount: orders[0]!.total,
    token: 'tok_demo',
  });
  await ts.createUser({
    username: 'mo',
    password: 'mo-password',
    role: 'manager',
    displayName: 'Mo Nopereports',
    pin: '8642',
    revokedPermissions: ['reports.view'],
  });
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
  // A missing control fails its step with a locator error, not the whole test's timeout.
  page.setDefaultTimeout(8000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe('customers', () => {
  it('finds a customer by a word prefix, edits them and shows their history', async () => {
    await signInWithPin(page, 'manager', '2222');
    await openScreen(page, 'Customers');
    const list = page.getByRole('region', { name: 'Customer list' });
    await list.getByRole('button', { name: 'Open Albert Camus' }).waitFor();

    await page.getByLabel('Search customers', { exact: true }).fill('mar');
    await expect
      .poll(() => list.getByRole('button', { name: /^Open / }).allTextContents())
      .toEqual(['Marcel Proust', 'Marguerite Duras']);
    await page.getByLabel('Search customers', { exact: true }).fill('dur');
    await expect
      .poll(() => list.getByRole('button', { name: /^Open / }).allTextContents())
      .toEqual(['Marguerite Duras']);
    await page.getByLabel('Search customers', { exact: true }).fill('nobody-like-this');
    await list.getByText('No customer matches “nobody-like-this”.').waitFor();
    await page.getByLabel('Search customers', { exact: true }).fill('duras');
    await list.getByRole('button', { name: 'Open Marguerite Duras' }).click();

    const history = page.getByRole('region', { name: 'Order history' });
    // Spent is what was paid and kept: the unpaid second order counts for nothing yet.
    const spent = orders[0]!.total;
    const usd = (m: number) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(m / 100);
    await history.getByText(`2 orders, ${usd(spent)} spent`).waitFor();
    for (const o of orders) {
      await history.getByRole('cell', { name: `#${o.number}`, exact: true }).waitFor();
      await history
        .getByRole('cell', { name: usd(o.total), exact: true })
        .first()
        .waitFor();
    }

    await page.getByLabel('Phone', { exact: true }).fill('+33 6 12 34 56 78');
    await page.getByLabel('Email', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('Marguerite Duras was saved.').waitFor();
    expect(await customer(marguerite.id)).toMatchObject({
      phone: '+33 6 12 34 56 78',
      email: null,
    });
    // Found by the new number's digits too (the search index follows the edit). An empty
    // answer first, so the old rows kept on screen during a reload cannot pass for the new.
    const search = page.getByLabel('Search customers', { exact: true });
    await search.fill('zzz');
    await list.getByText('No customer matches “zzz”.').waitFor();
    await search.fill('33612');
    await list.getByRole('button', { name: 'Open Marguerite Duras' }).waitFor();
    expect(await list.getByRole('button', { name: /^Open / }).allTextContents()).toEqual([
      'Marguerite Duras',
    ]);
    await search.fill('');
    await list.getByRole('button', { name: 'Open Albert Camus' }).waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'customers.png') });
  });

  it('adds a customer; a bad email is refused next to its field, a lost answer adds her once', async () => {
    await page.getByRole('button', { name: 'Add a customer' }).click();
    const form = page.getByRole('form', { name: 'New customer' });
    await form.getByLabel('Name', { exact: true }).fill('Zadie Smith');
    await form.getByLabel('Email', { exact: true }).fill('zadie@');
    await form.getByRole('button', { name: 'Add customer' }).click();
    await expect
      .poll(() => descriptionOf(page.getByLabel('Email', { exact: true })))
      .toMatch(/email/i);
    const none = await ts.request<{ customers: Customer[] }>('/api/customers?q=zadie', {
      token: admin,
    });
    expect(none.body.customers).toEqual([]);
    await form.getByLabel('Email', { exact: true }).fill('zadie@example.org');
    // The first answer is lost on the way back (the server did add her): the retry carries the
    // same Idempotency-Key and replays it, so she is added once.
    const keys: (string | null)[] = [];
    await page.route('**/api/customers', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(await route.request().headerValue('idempotency-key'));
      if (keys.length > 1) return route.continue();
      await route.fetch();
      return route.abort('connectionreset');
    });
    await form.getByRole('button', { name: 'Add customer' }).click();
    await form.getByText(/cannot be reached/).waitFor();
    await form.getByRole('button', { name: 'Add customer' }).click();
    await page.getByRole('status').getByText('Zadie Smith was added.').waitFor();
    await page.unroute('**/api/customers');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const added = await ts.request<{ customers: Customer[] }>('/api/customers?q=zadie', {
      token: admin,
    });
    expect(added.body.customers.map((c) => [c.name, c.email])).toEqual([
      ['Zadie Smith', 'zadie@example.org'],
    ]);
    // Just added: her (empty) history is there.
    await page.getByRole('region', { name: 'Order history' }).getByText('No orders yet').waitFor();
    expect(straysOf(page)).toEqual([]);
  });

  it('without reports.view the history is not shown, and the screen says why', async () => {
    await signOut(page);
    await signInWithPin(page, 'mo', '8642');
    await openScreen(page, 'Customers');
    await page.getByLabel('Search customers', { exact: true }).fill('marguerite');
    await page.getByRole('button', { name: 'Open Marguerite Duras' }).click();
    const history = page.getByRole('region', { name: 'Order history' });
    await history
      .getByText(/your account may not see reports \(permission reports\.view\)/)
      .waitFor();
    expect(await history.getByRole('table').count()).toBe(0);
  });
});
