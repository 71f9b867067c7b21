/**
 * Issue 10 at the counter, in real Chromium against the real server (demo data, a file standing
 * in for the receipt printer): the receipt on screen as the PDF has it, Print and Reprint through
 * the queue, from the till and from Orders; the sale surviving navigation and asking before a
 * sign-out; a recalled order taking more items; splitting evenly and by item; the status
 * following the kitchen; everything at 1366×768 without a page scroll.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../src-shared/contract/hardware';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment } from '../../src-shared/contract/payments';
import { seedDemo } from '../../src-main/core/demo';
import { removeTempDirs, startTestServer, tempDir, type TestServer } from '../helpers/app';
import {
  SCREENS_DIR,
  addFromPicker,
  approve,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  openScreen,
  signInWithPin,
  signOut,
  straysOf,
  wallClock,
} from './support';

let ts: TestServer;
let browser: Browser;
let page: Page;
let admin: string;

async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await ts.request<T>(path, { token: admin, ...init });
  expect(res.status, res.text).toBeLessThan(300);
  return res.body;
}

const latestOrder = async () => (await api<{ orders: Order[] }>('/api/orders?limit=1')).orders[0]!;
const jobsOf = async (id: string) =>
  (await api<{ jobs: PrintJob[] }>(`/api/print-jobs?orderId=${id}`)).jobs;
const paymentsOf = async (id: string) =>
  (await api<{ payments: Payment[] }>(`/api/payments?orderId=${id}`)).payments;

/** The receipt's lines as the screen shows them (trimmed, blank lines left out). */
async function screenLines(name: string): Promise<string[]> {
  const doc = page.getByRole('document', { name });
  const lines = await doc.evaluate((el) => [...el.children].map((c) => c.textContent ?? ''));
  return lines.map((l) => l.trim()).filter(Boolean);
}

/** The text of the order's receipt PDF, as `pdftotext -layout` reads it. */
async function pdfLines(orderId: string): Promise<string[]> {
  const res = await fetch(`${ts.baseUrl}/api/orders/${orderId}/receipt.pdf`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const file = join(tempDir(), 'receipt.pdf');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

const squeeze = (lines: string[]) => lines.map((l) => l.replace(/\s+/g, ' '));

/** No page scroll, and the Charge button wholly inside the window. */
async function expectChargeInView() {
  const fits = await page.evaluate(
    () => document.scrollingElement!.scrollHeight <= window.innerHeight,
  );
  expect(fits).toBe(true);
  const box = await page.getByRole('button', { name: /^Charge/ }).boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(768);
  expect(box!.x + box!.width).toBeLessThanOrEqual(1366);
}

async function charge(amount: string) {
  await page.getByRole('button', { name: `Charge ${amount}` }).click();
}

beforeAll(async () => {
  await ensureRendererBuilt();
  // A regular file as the printer device: receipts print (and count as printed).
  const device = join(tempDir(), 'lp0');
  writeFileSync(device, '');
  ts = await startTestServer({ clock: wallClock(), env: { POS_PRINTER: `file:${device}` } });
  await seedDemo(ts.app.core);
  admin = await ts.token('admin', 'admin-demo-1');
  await api('/api/cash/open', { body: { openingFloat: 5000, drawerId: 'main' } });
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe('the till at the counter', () => {
  it('keeps the cart across screens and asks before signing out with it', async () => {
    await signInWithPin(page, 'cashier', '3333');
    await page.getByRole('button', { name: 'Add Croissant' }).click();
    await page.getByRole('button', { name: 'Add Latte' }).click();
    const picker = page.getByRole('dialog', { name: 'Latte' });
    await picker.getByLabel(/Oat milk/).check();
    // The picker fits the screen: its "Add to sale" is reachable without scrolling the page.
    const add = await picker.getByRole('button', { name: 'Add to sale' }).boundingBox();
    expect(add!.y + add!.height).toBeLessThanOrEqual(768);
    await page.screenshot({ path: join(SCREENS_DIR, 'till.png') });
    await addFromPicker(page, 'Latte');
    const cart = page.getByRole('list', { name: 'Cart' });
    await expect.poll(() => cart.getByRole('listitem').count()).toBe(2);

    await openScreen(page, 'Orders');
    await page.getByRole('heading', { name: 'Orders' }).first().waitFor();
    await openScreen(page, 'Till');
    await expect.poll(() => cart.getByRole('listitem').count()).toBe(2);
    await expect.poll(() => cart.textContent()).toContain('Oat milk');

    await page.getByRole('button', { name: 'Sign out' }).click();
    const ask = page.getByRole('dialog', { name: 'Sign out with a sale in progress?' });
    await ask.getByText('The cart has 2 lines').waitFor();
    await ask.getByRole('button', { name: 'Stay signed in' }).click();
    await ask.waitFor({ state: 'detached' });
    await expect.poll(() => cart.getByRole('listitem').count()).toBe(2);
  });

  it('fits 1366×768: the Charge button and the payment form in view without scrolling', async () => {
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByRole('form', { name: 'Take payment' }).waitFor();
    await expectChargeInView();
    await page
      .getByRole('group', { name: 'Quick amounts' })
      .getByRole('button', { name: '$20.00' })
      .click();
    await expectChargeInView();
    await page.screenshot({ path: join(SCREENS_DIR, 'till-payment.png') });
  });

  it('shows the receipt after the sale as the PDF has it, and reprints it marked', async () => {
    const order = await latestOrder();
    // Croissant 275 + 10 % → 303; Latte 450 + oat 60 = 510, tax 8 % = 40.8 → 41. 854 in all.
    expect(order.total).toBe(854);
    await charge('$8.54');
    await expect
      .poll(() => page.getByRole('status', { name: 'Change due' }).textContent())
      .toContain('$11.46');
    const name = `Receipt ${order.number}`;
    await page.getByRole('document', { name }).waitFor();
    const screen = await screenLines(name);
    for (const expected of [
      /^1 × Croissant\s+\$2\.75$/,
      /^1 × Latte\s+\$5\.10$/,
      /^\+ Oat milk$/,
      /^Tax 8%\s+\$0\.41$/,
      /^Tax 10%\s+\$0\.28$/,
      /^TOTAL\s+\$8\.54$/,
      /^Cash\s+\$8\.54$/,
      /^Tendered\s+\$20\.00$/,
      /^Change\s+\$11\.46$/,
    ])
      expect(screen.some((l) => expected.test(l))).toBe(true);
    expect(squeeze(await pdfLines(order.id))).toEqual(squeeze(screen));
    await page.screenshot({ path: join(SCREENS_DIR, 'receipt.png') });

    // The sale printed its receipt by itself; the button offers a reprint.
    await expect.poll(async () => (await jobsOf(order.id)).length).toBe(1);
    await page.getByRole('button', { name: 'Reprint' }).click();
    await page.getByText('Reprint sent to the printer (marked REPRINT).').waitFor();
    expect((await jobsOf(order.id)).map((j) => j.reprint)).toEqual([true, false]);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download PDF' }).click();
    expect((await download).suggestedFilename()).toBe(`receipt-${order.number}.pdf`);
  });

  it('follows the kitchen: the status on the till changes as the order moves', async () => {
    const order = await latestOrder();
    await page.getByRole('button', { name: 'Send to kitchen' }).click();
    const status = page.getByRole('status', { name: 'Order status' });
    await expect.poll(() => status.textContent()).toBe('In queue');
    await api(`/api/orders/${order.id}/status`, {
      method: 'PATCH',
      body: { status: 'in_progress' },
    });
    await expect.poll(() => status.textContent(), { timeout: 8000 }).toBe('Preparing');
    // A loaded order survives a trip to another screen too, and keeps following.
    await openScreen(page, 'Orders');
    await page.getByRole('button', { name: `Open order ${order.number}` }).waitFor();
    await openScreen(page, 'Till');
    await expect.poll(() => status.textContent()).toBe('Preparing');
    await page.getByRole('document', { name: `Receipt ${order.number}` }).waitFor();
    await api(`/api/orders/${order.id}/status`, { method: 'PATCH', body: { status: 'ready' } });
    await expect.poll(() => status.textContent(), { timeout: 8000 }).toBe('Ready');
  });

  it('a held order, recalled, takes another item and is paid', async () => {
    await page.getByRole('button', { name: 'New order' }).click();
    await page.getByRole('button', { name: 'Add Croissant' }).click();
    await page.getByRole('button', { name: 'Hold' }).click();
    await page.getByText(/is on hold/).waitFor();
    const held = await latestOrder();
    await page.getByRole('button', { name: 'Held orders' }).click();
    await page.getByRole('button', { name: `Recall #${held.number}` }).click();
    await page.getByRole('button', { name: `Add Green Tea to order ${held.number}` }).click();
    await page.getByText(`Green Tea added to order #${held.number}.`).waitFor();
    // Croissant 303 + Green Tea 300 + 8 % = 324.
    await expect.poll(() => page.getByTestId('order-total').textContent()).toBe('$6.27');
    await page.getByRole('button', { name: 'Card', exact: true }).click();
    await charge('$6.27');
    await page.getByText('Paid in full').waitFor();
    const paid = await api<Order>(`/api/orders/${held.id}`);
    expect(paid.items.map((i) => i.name)).toEqual(['Croissant', 'Green Tea']);
    expect(paid).toMatchObject({ total: 627, paid: 627, balance: 0 });
  });

  it('splits a bill evenly three ways, the last share taking the remainder', async () => {
    await page.getByRole('button', { name: 'New order' }).click();
    await page.getByRole('button', { name: 'Add Blueberry Muffin' }).click();
    await page.getByRole('button', { name: 'Create order' }).click();
    // 325 + 10 % (32.5 → 33) = 358 = 119 + 119 + 120.
    await expect.poll(() => page.getByTestId('order-total').textContent()).toBe('$3.58');
    await page.getByRole('button', { name: 'Split…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Split the bill' });
    await dialog.getByRole('button', { name: '3 ways' }).click();
    await expect
      .poll(() => dialog.getByLabel('Shares').textContent())
      .toBe('$1.19 + $1.19 + $1.20 = $3.58');
    await dialog.getByRole('button', { name: 'Split 3 ways' }).click();
    const share = page.getByRole('status', { name: 'Split share' });
    await page.getByRole('button', { name: 'Card', exact: true }).click();
    await expect.poll(() => share.textContent()).toBe('Share 1 of 3: $1.19');
    await expectChargeInView();
    await charge('$1.19');
    await expect.poll(() => share.textContent()).toBe('Share 2 of 3: $1.19');
    await charge('$1.19');
    await expect.poll(() => share.textContent()).toBe('Share 3 of 3: $1.20');
    await charge('$1.20');
    await page.getByText('Paid in full').waitFor();
    const order = await latestOrder();
    expect((await paymentsOf(order.id)).map((p) => p.amount)).toEqual([119, 119, 120]);
  });

  it('splits a bill by item: each guest pays for their lines', async () => {
    await page.getByRole('button', { name: 'New order' }).click();
    await page.getByRole('button', { name: 'Add Croissant' }).click();
    await page.getByRole('button', { name: 'Add Green Tea' }).click();
    await page.getByRole('button', { name: 'Create order' }).click();
    await expect.poll(() => page.getByTestId('order-total').textContent()).toBe('$6.27');

    await page.getByRole('button', { name: 'Split…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Split the bill' });
    await dialog.getByRole('button', { name: 'By item' }).click();
    await dialog.getByRole('checkbox', { name: /Green Tea/ }).check();
    await dialog.getByRole('button', { name: 'Pay for these' }).click();
    const share = page.getByRole('status', { name: 'Split share' });
    await expect.poll(() => share.textContent()).toBe('For Green Tea: $3.24');
    await page.getByRole('button', { name: 'Card', exact: true }).click();
    await charge('$3.24');
    await page.getByText('Still due $3.03').waitFor();

    await page.getByRole('button', { name: 'Split…' }).click();
    dialog = page.getByRole('dialog', { name: 'Split the bill' });
    await dialog.getByRole('button', { name: 'By item' }).click();
    // The tea is paid for: ticked and locked.
    await expect
      .poll(() => dialog.getByRole('checkbox', { name: /Green Tea/ }).isDisabled())
      .toBe(true);
    await dialog.getByRole('checkbox', { name: /Croissant/ }).check();
    await dialog.getByRole('button', { name: 'Pay for these' }).click();
    await expect.poll(() => share.textContent()).toBe('For Croissant: $3.03');
    await charge('$3.03');
    await page.getByText('Paid in full').waitFor();
    const order = await latestOrder();
    expect((await paymentsOf(order.id)).map((p) => p.amount)).toEqual([324, 303]);
  });
});

describe('dialogs at 1366×768', () => {
  it('the manager approval dialog fits the screen and the till stays unscrolled', async () => {
    await openScreen(page, 'Till');
    await page.getByRole('button', { name: 'New order' }).click();
    await page.getByRole('button', { name: 'Add Croissant' }).click();
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByRole('button', { name: 'Discount…' }).click();
    const form = page.getByRole('form', { name: 'Discount' });
    await form.getByLabel('Percent off').fill('10');
    await form.getByLabel('Reason').fill('regular');
    await form.getByRole('button', { name: 'Apply discount' }).click();
    const dialog = page.getByRole('dialog', { name: 'Manager approval' });
    const box = await dialog.getByRole('button', { name: 'Approve' }).boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    expect(
      await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight),
    ).toBe(true);
    await approve(page, 'manager', '2222');
    await expect.poll(() => page.getByTestId('order-discount').textContent()).toBe('−$0.28');
    await expectChargeInView();
  });
});

describe('receipts from the Orders screen', () => {
  it('prints an order that has no receipt yet, then reprints it marked', async () => {
    const item = (
      await api<{ items: { id: string; name: string }[] }>('/api/menu/items')
    ).items.find((i) => i.name === 'Croissant')!;
    const unpaid = await api<Order>('/api/orders', {
      body: { items: [{ menuItemId: item.id, quantity: 2 }] },
    });
    await openScreen(page, 'Orders');
    await page.getByRole('button', { name: `Open order ${unpaid.number}` }).click();
    const detail = page.getByRole('article', { name: `Order ${unpaid.number}` });
    await detail.getByRole('button', { name: 'Receipt…' }).click();
    const dialog = page.getByRole('dialog', { name: `Receipt of order ${unpaid.number}` });
    await dialog.getByRole('document', { name: `Receipt ${unpaid.number}` }).waitFor();
    expect(squeeze(await screenLines(`Receipt ${unpaid.number}`))).toEqual(
      squeeze(await pdfLines(unpaid.id)),
    );
    await dialog.getByRole('button', { name: 'Print', exact: true }).click();
    await dialog.getByText('Receipt sent to the printer.').waitFor();
    await dialog.getByRole('button', { name: 'Reprint' }).click();
    await dialog.getByText('Reprint sent to the printer (marked REPRINT).').waitFor();
    expect((await jobsOf(unpaid.id)).map((j) => j.reprint)).toEqual([true, false]);
    await page.screenshot({ path: join(SCREENS_DIR, 'orders-receipt.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(straysOf(page)).toEqual([]);
    await signOut(page);
  });
});
