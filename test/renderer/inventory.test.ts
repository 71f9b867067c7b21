/**
 * The Inventory screen in real Chromium against a real server: add a stock item (a bad threshold
 * refused next to its field), receive a delivery of two lines, adjust with a reason (too much
 * refused in words), a stock count saved as one, a threshold change that flips the low-stock
 * flag, and the item's ledger — each checked against the API.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryItem, LedgerEntry } from '../../src-shared/contract/inventory';
import { removeTempDirs, type TestServer } from '../helpers/app';
import {
  SCREENS_DIR,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  openScreen,
  signInWithPin,
  startDemoServer,
  straysOf,
} from './support';

let ts: TestServer;
let browser: Browser;
let page: Page;
let manager: string;

async function items(): Promise<Map<string, InventoryItem>> {
  const r = await ts.request<{ items: InventoryItem[] }>('/api/inventory/items', {
    token: manager,
  });
  expect(r.status).toBe(200);
  return new Map(r.body.items.map((i) => [i.name, i]));
}

const stockRow = (name: string) =>
  page.getByRole('region', { name: 'All stock' }).getByRole('row').filter({ hasText: name });

beforeAll(async () => {
  await ensureRendererBuilt();
  ts = await startDemoServer();
  manager = await ts.token('manager', 'manager-demo-1');
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
  await signInWithPin(page, 'manager', '2222');
  await openScreen(page, 'Inventory');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe('Inventory screen', () => {
  it('adds a stock item; a bad threshold is refused next to its field', async () => {
    await page.getByRole('button', { name: 'Add stock item' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add stock item' });
    await dialog.getByLabel('Name').fill('Oat milk');
    await dialog.getByLabel('Unit').fill('l');
    await dialog.getByLabel('Low-stock alert at').fill('1.2345');
    await dialog.getByLabel('Opening stock').fill('3');
    await dialog.getByRole('button', { name: 'Add item' }).click();
    const threshold = dialog.getByLabel('Low-stock alert at');
    await expect.poll(() => threshold.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(async () => (await threshold.evaluate((e) => e.getAttribute('aria-describedby'))) ?? '')
      .toMatch(/error/);
    expect(await dialog.textContent()).toContain('at most 3 fraction digits');
    expect((await items()).has('Oat milk')).toBe(false);

    await threshold.fill('2');
    await dialog.getByRole('button', { name: 'Add item' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => stockRow('Oat milk').textContent()).toContain('3 l');
    expect((await items()).get('Oat milk')).toMatchObject({ onHand: 3, lowStockThreshold: 2 });
  });

  it('receives a delivery of two lines with a cost, supplier and reference', async () => {
    await page.getByRole('button', { name: 'Receive stock' }).click();
    const dialog = page.getByRole('dialog', { name: 'Receive stock' });
    await dialog.getByLabel('Item, line 1').selectOption({ label: 'Oat milk' });
    await dialog.getByLabel('Quantity, line 1').fill('4.5');
    await dialog.getByLabel('Cost per unit, line 1').fill('1.20');
    await dialog.getByRole('button', { name: 'Add a line' }).click();
    await dialog.getByLabel('Item, line 2').selectOption({ label: 'Cups' });
    await dialog.getByLabel('Quantity, line 2').fill('100');
    await dialog.getByLabel('Supplier').fill('Dairy Co');
    await dialog.getByLabel('Reference').fill('DN-778');
    await dialog.getByRole('button', { name: 'Record delivery' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => stockRow('Oat milk').textContent()).toContain('7.5 l');
    const now = await items();
    expect(now.get('Oat milk')).toMatchObject({ onHand: 7.5, lastUnitCost: 120 });
    expect(now.get('Cups')!.onHand).toBe(350);
    expect(await stockRow('Oat milk').textContent()).toContain('$1.20');
  });

  it('adjusts with a reason; taking out more than there is is refused in words', async () => {
    await page.getByRole('button', { name: 'Adjust Oat milk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adjust Oat milk' });
    await dialog.getByLabel('Change (l)').fill('-10');
    await dialog.getByLabel('Reason').fill('spilled');
    await dialog.getByRole('button', { name: 'Save adjustment' }).click();
    await expect
      .poll(() => dialog.textContent())
      .toContain('That would leave less than zero (7.5 l on hand).');
    expect((await items()).get('Oat milk')!.onHand).toBe(7.5);

    await dialog.getByLabel('Change (l)').fill('-0.25');
    await dialog.getByRole('button', { name: 'Save adjustment' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => stockRow('Oat milk').textContent()).toContain('7.25 l');
    expect((await items()).get('Oat milk')!.onHand).toBe(7.25);
  });

  it('saves a stock count of several items as one', async () => {
    await page.getByRole('button', { name: 'Stock count' }).click();
    const form = page.getByRole('form', { name: 'Stock count' });
    await form.getByLabel('Counted Oat milk').fill('7');
    await form.getByLabel('Counted Milk').fill('11.5');
    await form.getByRole('button', { name: 'Save count (2 items)' }).click();
    await page.getByRole('status').filter({ hasText: 'Stock count saved: 2 items set.' }).waitFor();
    const now = await items();
    expect(now.get('Oat milk')!.onHand).toBe(7);
    expect(now.get('Milk')!.onHand).toBe(11.5);
    const ledger = await ts.request<{ entries: LedgerEntry[] }>(
      `/api/inventory/ledger?inventoryItemId=${now.get('Milk')!.id}`,
      { token: manager },
    );
    expect(ledger.body.entries[0]).toMatchObject({ reason: 'stock count', balanceAfter: 11.5 });
  });

  it('raises a threshold above the stock and sees the low-stock flag change', async () => {
    const row = stockRow('Oat milk');
    await expect.poll(() => row.textContent()).toContain('OK');
    await page.getByRole('button', { name: 'Edit Oat milk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Oat milk' });
    await dialog.getByLabel('Low-stock alert at').fill('8');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).toContain('Low');
    const low = page.getByRole('region', { name: 'Low stock' });
    await expect
      .poll(() => low.getByRole('listitem').allTextContents())
      .toContain('Oat milk — 7 l left (alert at 8 l)');
    expect((await items()).get('Oat milk')).toMatchObject({ lowStock: true, lowStockThreshold: 8 });
  });

  it("shows the item's ledger, newest first, as the API has it", async () => {
    await page.getByRole('button', { name: 'Ledger of Oat milk' }).click();
    const ledger = page.getByRole('region', { name: 'Ledger of Oat milk' });
    const id = (await items()).get('Oat milk')!.id;
    const api = await ts.request<{ entries: LedgerEntry[] }>(
      `/api/inventory/ledger?inventoryItemId=${id}`,
      { token: manager },
    );
    expect(api.body.entries.map((e) => e.balanceAfter)).toEqual([7, 7.25, 7.5, 3]);
    const rows = ledger.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    await expect.poll(() => rows.nth(0).textContent()).toContain('stock count');
    expect(await rows.nth(1).textContent()).toContain('spilled');
    expect(await rows.nth(2).textContent()).toContain('Received+4.5 l7.5 l');
    expect(await rows.nth(3).textContent()).toContain('opening balance');
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'inventory.png'), fullPage: true });
    expect(straysOf(page)).toEqual([]);
  });
});
