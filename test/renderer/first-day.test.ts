/**
 * An owner's first day (issue 10, point 5), all through the screens in real Chromium against a
 * real server started on an empty data folder: the setup link creates the owner, who builds a
 * menu, sells with a modifier for cash and sees the receipt, marks the item sold out and sees the
 * counter's till refuse it, adds a cashier who signs in with a PIN and sells, renames the shop and
 * sees the name on the receipt, backs up, changes a price, restores and finds it undone and the
 * app signed out. The API is only read, to check what was stored.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../src-main/core/auth/first-run';
import type { BusinessSettings } from '../../src-shared/contract';
import type { MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import {
  SCREENS_DIR,
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
/** The owner's back-office window. */
let office: Page;
/** The counter terminal: its till polls the menu on a clock the test moves. */
let counter: Page;

const OWNER = { name: 'Olga Owner', username: 'olga', password: 'olga-password-1', pin: '2580' };
const CASHIER = {
  name: 'Carl Cashier',
  username: 'carl',
  password: 'carl-password-1',
  pin: '1470',
};

async function api<T>(path: string): Promise<T> {
  const token = await ts.token(OWNER.username, OWNER.password);
  const res = await ts.request<T>(path, { token });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function flatWhite(): Promise<MenuItem> {
  const { items } = await api<{ items: MenuItem[] }>('/api/menu/items?q=Flat');
  const item = items.find((i) => i.name === 'Flat White');
  expect(item, 'Flat White on the menu').toBeDefined();
  return item!;
}

const latestOrder = async () => (await api<{ orders: Order[] }>('/api/orders?limit=1')).orders[0]!;

/** The receipt's lines as the screen shows them (trimmed, blank lines left out). */
async function receiptLines(page: Page): Promise<string[]> {
  const doc = page.getByRole('document', { name: /^Receipt \d+/ });
  await doc.waitFor();
  const lines = await doc.evaluate((el) => [...el.children].map((c) => c.textContent ?? ''));
  return lines.map((l) => l.trim()).filter(Boolean);
}

/** Sells one Flat White with oat milk for cash on the counter, exact money. */
async function sellFlatWhiteWithOat(page: Page): Promise<void> {
  await openScreen(page, 'Till');
  await page.getByRole('button', { name: 'Add Flat White' }).click();
  const picker = page.getByRole('dialog', { name: 'Flat White' });
  await picker.getByRole('group', { name: 'Milk' }).getByLabel('Oat').check();
  await picker.getByRole('button', { name: 'Add to sale' }).click();
  await picker.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Create order' }).click();
  await page.getByRole('form', { name: 'Take payment' }).waitFor();
  await page.getByRole('button', { name: 'Cash', exact: true }).click();
  await page.getByRole('button', { name: /^Charge / }).click();
  await page.getByText('Paid in full').waitFor();
}

beforeAll(async () => {
  await ensureRendererBuilt();
  // No demo data: the first start of a real install.
  ts = await startTestServer({ clock: wallClock() });
  browser = await launchBrowser();
  office = await openPage(browser, ts.baseUrl);
  counter = await openPage(browser, ts.baseUrl);
  await counter.clock.install();
  await counter.reload();
  // A missing control fails its step with a locator error, not the whole test's timeout.
  office.setDefaultTimeout(10_000);
  counter.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe("an owner's first day", { timeout: 60_000 }, () => {
  it('opens the setup link on an empty till and creates the owner account', async () => {
    expect((await ts.request('/api/setup/status')).body).toEqual({ needsOwner: true });
    // Without the link the page says where to find it instead of a form.
    await office.getByText('This till has no accounts yet').waitFor();
    await counter.getByText('This till has no accounts yet').waitFor();
    // The link `serve` prints at first start.
    const link = `${ts.baseUrl}/#/setup?token=${issueSetupToken(ts.app.core)}`;
    await office.goto(link);
    await office.reload();
    const form = office.getByRole('form', { name: 'Create the owner account' });
    await form.getByLabel('Your name').fill(OWNER.name);
    await form.getByLabel('Username').fill(OWNER.username);
    await form.getByLabel('Password').fill(OWNER.password);
    await form.getByLabel('PIN').fill(OWNER.pin);
    await form.getByRole('button', { name: 'Create the owner account' }).click();
    await office.getByRole('button', { name: 'Sign out' }).waitFor();
    await office.getByRole('banner').getByText(OWNER.name).waitFor();
    // The link is spent: the address no longer carries it.
    expect(office.url()).not.toContain('token=');
    expect((await ts.request('/api/setup/status')).body).toEqual({ needsOwner: false });
    const me = await api<{ role: string; displayName: string }>('/api/auth/me');
    expect(me).toMatchObject({ role: 'admin', displayName: OWNER.name });
  });

  it('adds a category, a modifier group and an item that offers it, in the Menu screen', async () => {
    await openScreen(office, 'Menu');
    await office.getByText('No items', { exact: false }).first().waitFor();
    // What a new owner meets first: the empty menu says what to do.
    await office.screenshot({ path: join(SCREENS_DIR, 'menu-empty.png') });
    await office.getByRole('button', { name: 'Categories', exact: true }).click();
    const cats = office.getByRole('region', { name: 'Categories' });
    await cats.getByLabel('New category').fill('Coffee');
    await cats.getByRole('button', { name: 'Add category' }).click();
    await cats.getByRole('listitem', { name: 'Coffee' }).waitFor();

    await office.getByRole('button', { name: 'Modifier groups', exact: true }).click();
    await office.getByRole('button', { name: 'New modifier group' }).click();
    const group = office.getByRole('dialog', { name: 'New modifier group' });
    await group.getByLabel('Group name').fill('Milk');
    await group.getByLabel('Required').check();
    await group.getByLabel('Option 1', { exact: true }).fill('Whole');
    await group.getByRole('button', { name: '+ Option' }).click();
    await group.getByLabel('Option 2', { exact: true }).fill('Oat');
    await group.getByLabel('Extra price 2').fill('0.60');
    await group.getByRole('button', { name: 'Add group' }).click();
    await group.waitFor({ state: 'detached' });
    await office.getByRole('region', { name: 'Milk' }).getByText('+$0.60').waitFor();

    await office.getByRole('button', { name: 'Items', exact: true }).click();
    await office.getByRole('button', { name: 'New item' }).click();
    const editor = office.getByRole('dialog', { name: 'New item' });
    await editor.getByLabel('Name').fill('Flat White');
    await editor.getByLabel('Price').fill('3.50');
    await editor.getByLabel('Tax rate (%)').fill('10');
    await editor.getByLabel('Category').selectOption({ label: 'Coffee' });
    await editor.getByLabel('Add a modifier group').selectOption({ label: 'Milk' });
    await editor.getByRole('button', { name: 'Add group' }).click();
    await editor.getByRole('button', { name: 'Add item' }).click();
    await editor.waitFor({ state: 'detached' });
    await office.getByText('Flat White is saved.').waitFor();
    await office.getByRole('cell', { name: 'Flat White', exact: true }).waitFor();

    const item = await flatWhite();
    expect(item).toMatchObject({ price: 350, taxRateBps: 1000, available: true });
    const { groups } = await api<{ groups: { name: string }[] }>(
      `/api/menu/items/${item.id}/modifier-groups`,
    );
    expect(groups.map((g) => g.name)).toEqual(['Milk']);
  });

  it('opens the drawer on the counter, sells the item with oat milk for cash and shows the receipt', async () => {
    // The counter opened on the empty till: it finds the owner at its next check, no reload.
    await counter.clock.fastForward(6_000);
    await counter.getByRole('form', { name: 'Sign in' }).waitFor();
    await signInWithPin(counter, OWNER.username, OWNER.pin);
    await openScreen(counter, 'Cash');
    const open = counter.getByRole('form', { name: 'Open the cash drawer' });
    await open.getByLabel('Opening float').fill('50.00');
    await open.getByRole('button', { name: 'Open drawer' }).click();
    await counter.getByRole('region', { name: 'Open session' }).waitFor();

    await sellFlatWhiteWithOat(counter);
    const order = await latestOrder();
    expect(order).toMatchObject({ paid: 451, balance: 0 });
    // 350 + 60 oat = 410, tax 10 % = 41.
    expect(order.total).toBe(451);
    expect(order.items[0]).toMatchObject({ name: 'Flat White', unitPrice: 350 });
    expect(order.items[0]!.modifiers.map((m) => m.name)).toEqual(['Oat']);
    const lines = await receiptLines(counter);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1 × Flat White\s+\$4\.10$/),
        expect.stringMatching(/^\+ Oat$/),
        expect.stringMatching(/^TOTAL\s+\$4\.51$/),
        expect.stringMatching(/^Cash\s+\$4\.51$/),
      ]),
    );
    await counter.getByRole('button', { name: 'New order' }).click();
  });

  it('marks the item sold out in Menu, and the counter till refuses it after its next poll', async () => {
    const toggle = office.getByRole('button', { name: 'Flat White available' });
    await toggle.click();
    await office.getByText('Flat White is sold out.').waitFor();
    expect((await flatWhite()).available).toBe(false);

    const button = counter.getByRole('button', { name: 'Add Flat White' });
    // The till asks for the menu's revision every 5 s: its clock moves past one poll (its time
    // also flows, so on a busy machine the poll may already have come: no "still enabled" check).
    await counter.clock.fastForward(6_000);
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await button.textContent()).toContain('Sold out');

    await toggle.click();
    await office.getByText('Flat White is available again.').waitFor();
    await counter.clock.fastForward(6_000);
    await expect.poll(() => button.isEnabled()).toBe(true);
  });

  it('adds a cashier with a PIN in Staff', async () => {
    await openScreen(office, 'Staff');
    await office.getByRole('button', { name: 'Add a member of staff' }).click();
    const dialog = office.getByRole('dialog', { name: 'Add a member of staff' });
    await dialog.getByLabel('Username', { exact: true }).fill(CASHIER.username);
    await dialog.getByLabel('Name', { exact: true }).fill(CASHIER.name);
    await dialog.getByLabel('Role', { exact: true }).selectOption({ label: 'Cashier' });
    await dialog.getByLabel('Password', { exact: true }).fill(CASHIER.password);
    await dialog.getByLabel('PIN', { exact: true }).fill(CASHIER.pin);
    await dialog.getByRole('button', { name: 'Add to staff' }).click();
    await dialog.waitFor({ state: 'detached' });
    await office.getByRole('status').getByText(`${CASHIER.name} was added as cashier.`).waitFor();
    const { users } = await api<{ users: { username: string; role: string; hasPin: boolean }[] }>(
      '/api/users',
    );
    expect(users.find((u) => u.username === CASHIER.username)).toMatchObject({
      role: 'cashier',
      hasPin: true,
    });
  });

  it('renames the shop in Settings', async () => {
    await openScreen(office, 'Settings');
    const form = office.getByRole('form', { name: 'Settings' });
    await form.getByLabel('Shop name', { exact: true }).fill('Olga’s Corner Cafe');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').getByText('Saved.', { exact: false }).waitFor();
    expect((await api<BusinessSettings>('/api/settings')).storeName).toBe('Olga’s Corner Cafe');
    await expect
      .poll(() => office.getByRole('banner').getByText('Olga’s Corner Cafe').isVisible())
      .toBe(true);
  });

  it('the cashier signs in on the counter with the PIN and sells; the receipt has the new name', async () => {
    await signOut(counter);
    await signInWithPin(counter, CASHIER.username, CASHIER.pin);
    await counter.getByRole('banner').getByText(CASHIER.name).waitFor();
    // A cashier's screens: no back office.
    expect(
      await counter
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('link', { name: 'Back office' })
        .count(),
    ).toBe(0);
    await sellFlatWhiteWithOat(counter);
    const order = await latestOrder();
    expect(order).toMatchObject({ paid: 451, balance: 0 });
    const { users } = await api<{ users: { id: string; username: string }[] }>('/api/users');
    expect(order.createdBy).toBe(users.find((u) => u.username === CASHIER.username)!.id);
    const lines = await receiptLines(counter);
    expect(lines[0]).toBe('Olga’s Corner Cafe');
    await counter.getByRole('button', { name: 'New order' }).click();
  });

  it('backs up, changes a price, restores: the price is back and the app is signed out', async () => {
    await openScreen(office, 'Backups');
    await office.getByText('No backups yet').waitFor();
    await office.getByRole('button', { name: 'Back up now' }).click();
    const done = office.getByRole('status').filter({ hasText: 'Backed up:' });
    await done.waitFor();
    const file = /backup-[\w.-]+/.exec((await done.textContent()) ?? '')?.[0] ?? '';
    expect(file).not.toBe('');

    await openScreen(office, 'Menu');
    await office.getByRole('button', { name: 'Edit Flat White' }).click();
    const editor = office.getByRole('dialog', { name: 'Edit Flat White' });
    await editor.getByLabel('Price').fill('3.90');
    await editor.getByRole('button', { name: 'Save item' }).click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(async () => (await flatWhite()).price).toBe(390);

    await openScreen(office, 'Backups');
    await office.getByRole('button', { name: `Restore ${file}` }).click();
    const dialog = office.getByRole('dialog', { name: 'Restore this backup?' });
    expect(await dialog.textContent()).toMatch(/This backup was made .*replaces all of the shop/);
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    const signIn = office.getByRole('form', { name: 'Sign in' });
    await signIn.waitFor();
    expect(await signIn.getByRole('status').textContent()).toMatch(
      /restored from the backup .*Everyone has been signed out/,
    );
    expect((await flatWhite()).price).toBe(350);
    // The restored data still has the day's sales and the cashier, and the counter is signed out.
    const { orders } = await api<{ orders: Order[] }>('/api/orders');
    expect(orders.map((o) => o.paid)).toEqual([451, 451]);
    await counter.clock.fastForward(6_000);
    await counter.getByRole('form', { name: 'Sign in' }).waitFor();

    await signInWithPin(office, OWNER.username, OWNER.pin);
    await openScreen(office, 'Menu');
    await office.getByRole('cell', { name: 'Flat White', exact: true }).waitFor();
    await expect
      .poll(() => office.getByRole('row').filter({ hasText: 'Flat White' }).textContent())
      .toContain('$3.50');
    expect(straysOf(office)).toEqual([]);
    expect(straysOf(counter)).toEqual([]);
  });
});
