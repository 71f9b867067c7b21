/**
 * The till in real Chromium against the real server (demo data): PIN sign-in, a cash sale with
 * change, Idempotency-Key on retried and doubled clicks, and what a cashier may not see.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-shared/contract/audit';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment } from '../../src-shared/contract/payments';
import { removeTempDirs, type TestServer } from '../helpers/app';
import {
  SCREENS_DIR,
  addFromPicker,
  approve,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  signInWithPin,
  signOut,
  startDemoServer,
  straysOf,
} from './support';

let ts: TestServer;
let browser: Browser;
let page: Page;
let adminToken: string;

async function api<T>(path: string): Promise<T> {
  const res = await ts.request<T>(path, { token: adminToken });
  expect(res.status).toBe(200);
  return res.body;
}

async function latestOrder(): Promise<Order> {
  const { orders } = await api<{ orders: Order[] }>('/api/orders?limit=1');
  return orders[0]!;
}

async function paymentsOf(orderId: string): Promise<Payment[]> {
  return (await api<{ payments: Payment[] }>(`/api/payments?orderId=${orderId}`)).payments;
}

beforeAll(async () => {
  await ensureRendererBuilt();
  ts = await startDemoServer();
  adminToken = await ts.token('admin', 'admin-demo-1');
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe('till', () => {
  it('signs a cashier in with the PIN pad and shows only the cashier screens', async () => {
    await signInWithPin(page, 'cashier', '3333');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(['Till', 'Orders']);
    await page.getByRole('status', { name: 'Connection: Online' }).waitFor();
    await expect.poll(() => page.getByText('Cleo Cashier', { exact: true }).isVisible()).toBe(true);
  });

  it('sells two items, asks for the drawer, takes cash and shows the change', async () => {
    await page.getByRole('button', { name: 'Add Latte' }).click();
    // The Latte offers size, milk and extras (all optional in the demo): a plain one.
    await addFromPicker(page, 'Latte');
    await page.getByRole('button', { name: 'Add Croissant' }).click();
    await page.getByRole('button', { name: 'Add a note to Latte' }).click();
    await page.getByLabel('Note for Latte').fill('oat milk');
    // 450 + 8 % = 486, 275 + 10 % (27.5 rounds half up) = 303: 789 in all.
    await expect.poll(() => page.getByTestId('estimate-total').textContent()).toBe('$7.89');
    await page.getByRole('button', { name: 'Create order' }).click();
    await expect.poll(() => page.getByTestId('order-total').textContent()).toBe('$7.89');

    await page
      .getByRole('group', { name: 'Quick amounts' })
      .getByRole('button', { name: '$10.00' })
      .click();
    await expect.poll(() => page.getByText('Change to give: $2.11').isVisible()).toBe(true);
    await page.getByRole('button', { name: /^Charge/ }).click();
    // No drawer session yet: plain words and a way to open one right here.
    await page.getByRole('alert').getByText('Open the cash drawer first.').waitFor();
    await page.getByLabel('Opening float').fill('50');
    await page.getByRole('button', { name: 'Open cash drawer' }).click();
    await page.getByRole('alert').waitFor({ state: 'detached' });
    // docs/screens/till-payment.png (at 1366×768) is taken by receipts-till.test.ts.

    await page.getByRole('button', { name: 'Charge $7.89' }).click();
    await expect
      .poll(() => page.getByRole('status', { name: 'Change due' }).textContent())
      .toContain('$2.11');
    await page.getByText('Paid in full').waitFor();
    await page.getByRole('button', { name: 'Send to kitchen' }).click();
    await page.getByText('In queue', { exact: true }).waitFor();

    const order = await latestOrder();
    expect(order).toMatchObject({
      status: 'in_queue',
      subtotal: 725,
      tax: 64,
      total: 789,
      paid: 789,
      balance: 0,
    });
    expect(order.items.map((i) => [i.name, i.quantity, i.note])).toEqual([
      ['Latte', 1, 'oat milk'],
      ['Croissant', 1, null],
    ]);
    const payments = await paymentsOf(order.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ method: 'cash', amount: 789, tendered: 1000, change: 211 });
    expect(straysOf(page)).toEqual([]);
  });

  it('a create retried after a lost answer replays the first order (same Idempotency-Key)', async () => {
    await page.getByRole('button', { name: 'New order' }).click();
    const before = await latestOrder();
    await page.getByRole('button', { name: 'Add Espresso' }).click();
    await addFromPicker(page, 'Espresso');
    await page.getByRole('button', { name: 'One more Espresso' }).click();
    // The first answer is lost on the way back (the server did create the order).
    const keys: (string | null)[] = [];
    let first = true;
    await page.route('**/api/orders', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(await route.request().headerValue('idempotency-key'));
      if (first) {
        first = false;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.getByRole('button', { name: 'Create order' }).click();
    await page
      .getByRole('alert')
      .getByText(/cannot be reached/)
      .waitFor();
    const replayed = page.waitForResponse(
      (r) => r.url().endsWith('/api/orders') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Create order' }).click();
    expect((await replayed).headers()['idempotency-replayed']).toBe('true');
    await page.unroute('**/api/orders');

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const after = await latestOrder();
    expect(after.number).toBe(before.number + 1);
    expect(
      (await api<{ orders: Order[] }>('/api/orders?limit=5')).orders.filter(
        (o) => o.createdAt > before.createdAt,
      ),
    ).toHaveLength(1);
  });

  it('a double click on Charge takes one payment', async () => {
    const order = await latestOrder();
    expect(order.total).toBe(605);
    // A part payment: two of them would fit in the balance, so only idempotency stops a second.
    await page.getByLabel('Amount to charge').fill('2.00');
    await page.getByRole('button', { name: 'Charge $2.00' }).dblclick();
    await page.getByText('Still due $4.05').waitFor();
    const payments = await paymentsOf(order.id);
    expect(payments.map((p) => p.amount)).toEqual([200]);
    // Split tender: the rest by card, with the provider's nonce, not a card number.
    await page.getByRole('button', { name: 'Card', exact: true }).click();
    await expect
      .poll(() => page.getByLabel(/Payment provider nonce/).inputValue())
      .toBe('tok_demo');
    await page.getByRole('button', { name: 'Charge $4.05' }).click();
    await page.getByText('Paid in full').waitFor();
    const all = await paymentsOf(order.id);
    expect(all.map((p) => [p.method, p.amount])).toEqual([
      ['cash', 200],
      ['card', 405],
    ]);
  });

  it('shows a declined card in plain words', async () => {
    await page.getByRole('button', { name: 'New order' }).click();
    await page.getByRole('button', { name: 'Add Green Tea' }).click();
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByRole('button', { name: 'Card', exact: true }).click();
    await page.getByLabel(/Payment provider nonce/).fill('tok_decline_insufficient');
    await page.getByRole('button', { name: /^Charge/ }).click();
    await page
      .getByRole('alert')
      .getByText('The payment was declined.', { exact: false })
      .waitFor();
    expect(await paymentsOf((await latestOrder()).id)).toEqual([]);
  });

  it('a cashier refunds and cancels with a manager PIN; a manager refunds without one', async () => {
    await page.getByRole('link', { name: 'Orders' }).click();
    const recent = (await api<{ orders: Order[] }>('/api/orders?limit=10')).orders;
    const paid = recent.find((o) => o.total === 789)!;
    const unpaid = recent.find((o) => o.status === 'pending' && o.paid === 0)!;
    await page.getByRole('button', { name: `Open order ${paid.number}` }).click();
    const detail = page.getByRole('article', { name: `Order ${paid.number}` });
    await detail.getByText(/cash \$7\.89/).waitFor();
    // Legal moves for a cashier on a paid in_queue order: start preparing (no cancel: paid).
    const actions = detail.getByRole('group', { name: 'Order actions' });
    await expect
      .poll(() => actions.getByRole('button').allTextContents())
      .toEqual(['Start preparing']);
    // A cashier has no payments.refund: the refund asks for a manager's PIN.
    await detail.getByRole('button', { name: 'Refund…' }).click();
    await detail.getByLabel(/Refund amount/).fill('1.00');
    await detail.getByLabel('Reason').fill('spilled drink');
    await detail.getByRole('button', { name: 'Refund $1.00' }).click();
    await approve(page, 'manager', '2222');
    await detail
      .getByText(/refunded \$1\.00/)
      .first()
      .waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'orders.png') });
    expect(await api<Order>(`/api/orders/${paid.id}`)).toMatchObject({ refunded: 100 });
    const { entries } = await api<{ entries: AuditEntry[] }>('/api/audit');
    const refund = entries.find((e) => e.type === 'refund')!;
    expect(refund.actorId).toBe(paid.createdBy);
    expect(refund.approverId).not.toBeNull();
    expect(entries.filter((e) => e.type === 'approval')).toHaveLength(1);

    // Cancelling needs orders.cancel: the same dialog.
    await page.getByRole('button', { name: `Open order ${unpaid.number}` }).click();
    const other = page.getByRole('article', { name: `Order ${unpaid.number}` });
    await other.getByLabel('Cancel reason').fill('customer left');
    await other.getByRole('button', { name: 'Cancel order' }).click();
    await approve(page, 'manager', '2222');
    await other.getByText('Cancelled', { exact: true }).first().waitFor();
    expect(await api<Order>(`/api/orders/${unpaid.id}`)).toMatchObject({ status: 'cancelled' });

    await signOut(page);
    await signInWithPin(page, 'manager', '2222');
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('button', { name: `Open order ${paid.number}` }).click();
    await detail.getByRole('button', { name: 'Refund…' }).click();
    await detail.getByLabel(/Refund amount/).fill('0.50');
    await detail.getByLabel('Reason').fill('cold');
    await detail.getByRole('button', { name: 'Refund $0.50' }).click();
    await detail
      .getByText(/refunded \$1\.50/)
      .first()
      .waitFor();
    // The manager's own permission: no dialog.
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await api<Order>(`/api/orders/${paid.id}`)).toMatchObject({ refunded: 150 });
    await signOut(page);
  });
});
