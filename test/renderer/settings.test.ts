/**
 * The Settings screen in real Chromium against the real server (demo data): the shop's name,
 * address, tax number and receipt header are changed and appear in the top bar at once and on
 * a real sale's receipt; refused values show the server's message next to their field and
 * nothing of them is saved.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptModel } from '../../src-main/documents/receipt-model';
import { layoutReceipt } from '../../src-main/documents/receipt-layout';
import type { AuditEntry } from '../../src-shared/contract/audit';
import type { PrintJob } from '../../src-shared/contract/hardware';
import type { MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import type { BusinessSettings } from '../../src-shared/contract/settings';
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
  descriptionOf,
} from './support';

let ts: TestServer;
let browser: Browser;
let page: Page;
let admin: string;

async function settings(): Promise<BusinessSettings> {
  const res = await ts.request<BusinessSettings>('/api/settings', { token: admin });
  expect(res.status).toBe(200);
  return res.body;
}

/** Sells a croissant through the API, pays by card, prints its receipt: the receipt's text. */
async function receiptOfASale(): Promise<string> {
  const { items } = (await ts.request<{ items: MenuItem[] }>('/api/menu/items', { token: admin }))
    .body;
  const croissant = items.find((i) => i.name === 'Croissant')!;
  const order = (
    await ts.request<Order>('/api/orders', {
      token: admin,
      body: { items: [{ menuItemId: croissant.id, quantity: 1 }] },
    })
  ).body;
  const paid = await ts.request(`/api/orders/${order.id}/payment`, {
    token: admin,
    body: { method: 'card', amount: order.total, token: 'tok_demo' },
  });
  expect(paid.status, paid.text).toBe(201);
  const job = await ts.request<PrintJob>(`/api/orders/${order.id}/receipt`, {
    token: admin,
    body: {},
  });
  expect(job.status, job.text).toBeLessThan(300);
  // The model the printer, the PDF and the preview all draw, as the printer lays it out.
  const row = ts.app.core.dbh.sqlite
    .prepare('SELECT payload FROM print_jobs WHERE id = ?')
    .get(job.body.id) as { payload: string };
  const { model } = JSON.parse(row.payload) as { model: ReceiptModel };
  return layoutReceipt(model)
    .map((l) => l.text)
    .join('\n');
}

beforeAll(async () => {
  await ensureRendererBuilt();
  ts = await startDemoServer();
  admin = await ts.token('admin', 'admin-demo-1');
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

describe('settings', () => {
  it('changes the shop name, address, tax number and header: top bar and receipt show them', async () => {
    await signInWithPin(page, 'admin', '1111');
    await openScreen(page, 'Settings');
    const form = page.getByRole('form', { name: 'Settings' });
    await form.getByLabel('Shop name', { exact: true }).fill('Chez Marguerite');
    await form.getByLabel('Address', { exact: true }).fill('12 rue des Lilas\n75011 Paris\n');
    await form.getByLabel('Tax number (VAT/GST id)', { exact: true }).fill('FR40303265045');
    await form.getByLabel('Receipt header', { exact: true }).fill('Bienvenue !');
    await form.getByLabel('Currency', { exact: true }).selectOption('EUR');
    await form.getByLabel('Number and date format', { exact: true }).selectOption('fr-FR');
    await form.getByLabel('Time zone', { exact: true }).selectOption('Europe/Paris');
    // The preview formats with what is chosen, before anything is saved.
    await expect
      .poll(() => form.getByRole('group', { name: 'Preview' }).textContent())
      .toMatch(/1\s234,56\s€/);
    await page.screenshot({ path: join(SCREENS_DIR, 'settings.png') });
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').getByText('Saved.', { exact: false }).waitFor();

    // The session has the new settings: the top bar says the new name at once.
    await expect
      .poll(() => page.getByRole('banner').getByText('Chez Marguerite').isVisible())
      .toBe(true);
    expect(await settings()).toMatchObject({
      storeName: 'Chez Marguerite',
      addressLines: ['12 rue des Lilas', '75011 Paris'],
      taxNumber: 'FR40303265045',
      receiptHeader: 'Bienvenue !',
      currency: 'EUR',
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
    });
    const audit = await ts.request<{ entries: AuditEntry[] }>('/api/audit?type=settings_change', {
      token: admin,
    });
    expect(audit.body.entries[0]?.details).toMatchObject({
      changes: { storeName: { from: 'Countertop Café', to: 'Chez Marguerite' } },
    });

    const receipt = await receiptOfASale();
    for (const line of [
      'Chez Marguerite',
      '12 rue des Lilas',
      '75011 Paris',
      'Tax no. FR40303265045',
      'Bienvenue !',
    ]) {
      expect(receipt).toContain(line);
    }
    expect(receipt).toMatch(/Croissant\s+2,75\s€/);
    expect(receipt).toMatch(/TOTAL\s+3,03\s€/);
  });

  it('a too-long footer and an unknown time zone get their messages next to the fields', async () => {
    const before = await settings();
    const form = page.getByRole('form', { name: 'Settings' });
    await form.getByLabel('Receipt footer', { exact: true }).fill('Merci ! '.repeat(30));
    // A zone this browser lists but the server does not know (their time-zone data differ).
    await form.getByLabel('Time zone', { exact: true }).evaluate((el) => {
      const o = document.createElement('option');
      o.value = o.textContent = 'Mars/Olympus_Mons';
      el.append(o);
    });
    await form.getByLabel('Time zone', { exact: true }).selectOption('Mars/Olympus_Mons');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('alert').getByText('Some fields need another look').waitFor();
    expect(await descriptionOf(page.getByLabel('Receipt footer', { exact: true }))).toContain(
      'At most 200 characters.',
    );
    expect(await descriptionOf(page.getByLabel('Time zone', { exact: true }))).toContain(
      'an IANA time zone such as Europe/Paris',
    );
    // Nothing of the refused save was kept, not even the valid parts.
    expect(await settings()).toEqual(before);
    expect(straysOf(page)).toEqual([]);
  });
});
