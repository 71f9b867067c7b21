/**
 * The back office's Menu screen in real Chromium against the real server (demo data): an owner
 * adds a category (a duplicate refused next to the name), moves it and routes it to a new
 * kitchen station, adds a modifier group and an item that offers it with a recipe (a price over
 * the maximum refused next to the price), a cashier sells it on a second terminal, the owner
 * marks it sold out and the cashier's till shows it sold out without a reload, the owner
 * archives and brings it back, and edits its recipe, checked through the API.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import type { MenuCategory, MenuItem } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import type { Station } from '../../src-shared/contract/stations';
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
let owner: Page;
let till: Page;
let token: string;

async function api<T>(path: string): Promise<T> {
  const res = await ts.request<T>(path, { token });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function itemNamed(name: string, archived = false): Promise<MenuItem> {
  const { items } = await api<{ items: MenuItem[] }>(
    `/api/menu/items?q=${encodeURIComponent(name)}&archived=${archived}`,
  );
  const item = items.find((i) => i.name === name);
  expect(item, `${name} on the menu`).toBeDefined();
  return item!;
}

async function stockId(name: string): Promise<string> {
  const { items } = await api<{ items: InventoryItem[] }>('/api/inventory/items');
  return items.find((i) => i.name === name)!.id;
}

beforeAll(async () => {
  await ensureRendererBuilt();
  ts = await startDemoServer();
  token = await ts.token('admin', 'admin-demo-1');
  browser = await launchBrowser();
  owner = await openPage(browser, ts.baseUrl);
  till = await openPage(browser, ts.baseUrl);
  // The till's menu poll runs on this clock: the test moves it instead of waiting.
  await till.clock.install();
  await till.reload();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe('Menu screen', () => {
  it('shows the menu to the owner, searched by name and filtered by category', async () => {
    await signInWithPin(owner, 'admin', '1111');
    await openScreen(owner, 'Menu');
    const rows = owner.getByRole('table').getByRole('row');
    await owner.getByRole('cell', { name: 'Americano', exact: true }).waitFor();
    await owner.screenshot({ path: join(SCREENS_DIR, 'menu.png') });
    await owner.getByLabel('Search items').fill('lat');
    await expect
      .poll(async () => (await rows.allTextContents()).slice(1).map((r) => r.split('$')[0]))
      .toEqual(['LatteCoffee']);
    await owner.getByLabel('Search items').fill('');
    await owner.getByLabel('Category', { exact: true }).selectOption({ label: 'Bakery' });
    await expect.poll(() => rows.count()).toBe(5);
    await owner.getByLabel('Search items').fill('zzz');
    await owner.getByText('No items match').waitFor();
    await owner.getByLabel('Search items').fill('');
    await owner.getByLabel('Category', { exact: true }).selectOption({ label: 'All categories' });
  });

  it('adds a category (a duplicate name refused next to it), moves it up and routes it to a new station', async () => {
    await owner.getByRole('button', { name: 'Categories', exact: true }).click();
    const cats = owner.getByRole('region', { name: 'Categories' });
    await cats.getByLabel('New category').fill('coffee');
    await cats.getByRole('button', { name: 'Add category' }).click();
    await cats.getByText('There is already a category called “coffee”.').waitFor();
    expect(await cats.getByLabel('New category').getAttribute('aria-invalid')).toBe('true');
    await cats.getByLabel('New category').fill('Specials');
    await cats.getByRole('button', { name: 'Add category' }).click();
    await cats.getByRole('listitem', { name: 'Specials' }).waitFor();
    await cats.getByRole('button', { name: 'Move Specials up' }).click();
    await expect
      .poll(async () =>
        (await api<{ categories: MenuCategory[] }>('/api/menu/categories')).categories.map(
          (c) => c.name,
        ),
      )
      .toEqual(['Coffee', 'Tea & more', 'Specials', 'Bakery']);

    const stations = owner.getByRole('region', { name: 'Kitchen stations' });
    await stations.getByLabel('Station name').fill('Bar');
    await stations.getByLabel('Printer').fill('none');
    await stations.getByRole('button', { name: 'Add station' }).click();
    await stations.getByText('Station Bar added.', { exact: false }).waitFor();
    await cats.getByLabel('Kitchen station for Specials').selectOption({ label: 'Bar' });
    await cats.getByText('Specials: tickets print at Bar.').waitFor();
    const { stations: all } = await api<{ stations: Station[] }>('/api/stations');
    const { categories } = await api<{ categories: MenuCategory[] }>('/api/menu/categories');
    expect(categories.find((c) => c.name === 'Specials')!.stationId).toBe(
      all.find((s) => s.name === 'Bar')!.id,
    );
    await owner.screenshot({ path: join(SCREENS_DIR, 'menu-categories.png') });
  });

  it('adds a modifier group with priced options', async () => {
    await owner.getByRole('button', { name: 'Modifier groups', exact: true }).click();
    await owner.getByRole('region', { name: 'Size' }).waitFor();
    await owner.getByRole('button', { name: 'New modifier group' }).click();
    const dialog = owner.getByRole('dialog', { name: 'New modifier group' });
    await dialog.getByLabel('Group name').fill('Syrup');
    await dialog.getByLabel('Required').check();
    await dialog.getByLabel('Option 1', { exact: true }).fill('Vanilla');
    await dialog.getByLabel('Extra price 1').fill('0.50');
    await dialog.getByRole('button', { name: '+ Option' }).click();
    await dialog.getByLabel('Option 2', { exact: true }).fill('Caramel');
    await dialog.getByLabel('Extra price 2').fill('0.5x');
    await dialog.getByRole('button', { name: 'Add group' }).click();
    await dialog.getByText('An amount, or empty for no extra.').waitFor();
    await dialog.getByLabel('Extra price 2').fill('0.60');
    await dialog.getByRole('button', { name: 'Add group' }).click();
    await dialog.waitFor({ state: 'detached' });
    const syrup = owner.getByRole('region', { name: 'Syrup' });
    await syrup.getByText('+$0.60').waitFor();
    await owner.screenshot({ path: join(SCREENS_DIR, 'menu-groups.png') });
    const { groups } = await api<{ groups: ModifierGroup[] }>('/api/menu/modifier-groups');
    const made = groups.find((g) => g.name === 'Syrup')!;
    expect(made).toMatchObject({ required: true, minChoices: 1, maxChoices: 1 });
    expect(made.options.map((o) => [o.name, o.priceDelta])).toEqual([
      ['Vanilla', 50],
      ['Caramel', 60],
    ]);
  });

  it('adds an item with the group and a recipe in one save (a price over the maximum refused at the price)', async () => {
    await owner.getByRole('button', { name: 'Items', exact: true }).click();
    await owner.getByRole('button', { name: 'New item' }).click();
    const dialog = owner.getByRole('dialog', { name: 'New item' });
    await dialog.getByLabel('Name').fill('Pumpkin Latte');
    await dialog.getByLabel('Price').fill('2000000');
    await dialog.getByLabel('Tax rate (%)').fill('8');
    await dialog.getByLabel('SKU').fill('PUMP-1');
    await dialog.getByLabel('Category').selectOption({ label: 'Specials' });
    await dialog.getByLabel('Add a modifier group').selectOption({ label: 'Syrup' });
    await dialog.getByRole('button', { name: 'Add group' }).click();
    await dialog.getByLabel('Add a modifier group').selectOption({ label: 'Size' });
    await dialog.getByRole('button', { name: 'Add group' }).click();
    // Size first: the till asks it before the syrup.
    await dialog.getByRole('button', { name: 'Ask Size earlier' }).click();
    await dialog.getByRole('button', { name: '+ Stock item' }).click();
    await dialog.getByLabel('Stock item 1', { exact: true }).selectOption({ label: 'Milk (l)' });
    await dialog.getByLabel('Quantity 1', { exact: true }).fill('0.25');
    await dialog.getByRole('button', { name: 'Add item' }).click();
    await dialog.getByText('At most $1,000,000.00.').waitFor();
    expect(await dialog.getByLabel('Price').getAttribute('aria-invalid')).toBe('true');
    await owner.screenshot({ path: join(SCREENS_DIR, 'menu-item.png') });
    await dialog.getByLabel('Price').fill('5.25');
    await dialog.getByRole('button', { name: 'Add item' }).click();
    await dialog.waitFor({ state: 'detached' });
    await owner.getByText('Pumpkin Latte is saved.').waitFor();

    const item = await itemNamed('Pumpkin Latte');
    expect(item).toMatchObject({ price: 525, taxRateBps: 800, sku: 'PUMP-1', available: true });
    expect(item.recipe).toEqual([{ inventoryItemId: await stockId('Milk'), quantity: 0.25 }]);
    const { groups } = await api<{ groups: ModifierGroup[] }>(
      `/api/menu/items/${item.id}/modifier-groups`,
    );
    expect(groups.map((g) => g.name)).toEqual(['Size', 'Syrup']);
  });

  it('is sold on the till of another terminal', async () => {
    await signInWithPin(till, 'cashier', '3333');
    await till.getByRole('button', { name: 'Add Pumpkin Latte' }).click();
    const picker = till.getByRole('dialog', { name: 'Pumpkin Latte' });
    await picker.getByRole('group', { name: 'Syrup' }).getByLabel('Caramel').check();
    await picker.getByRole('button', { name: 'Add to sale' }).click();
    await picker.waitFor({ state: 'detached' });
    await till.getByRole('button', { name: 'Create order' }).click();
    await till.getByRole('button', { name: 'Card', exact: true }).click();
    await till.getByRole('button', { name: /^Charge/ }).click();
    await till.getByText('Paid in full').waitFor();
    const { orders } = await api<{ orders: Order[] }>('/api/orders?limit=1');
    const line = orders[0]!.items[0]!;
    expect(line).toMatchObject({ name: 'Pumpkin Latte', unitPrice: 525 });
    expect(line.modifiers.map((m) => m.name)).toEqual(['Caramel']);
    await till.getByRole('button', { name: 'New order' }).click();
  });

  it('marked sold out, shows sold out on the open till without a reload', async () => {
    const toggle = owner.getByRole('button', { name: 'Pumpkin Latte available' });
    await toggle.click();
    await owner.getByText('Pumpkin Latte is sold out.').waitFor();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    expect((await itemNamed('Pumpkin Latte')).available).toBe(false);

    const button = till.getByRole('button', { name: 'Add Pumpkin Latte' });
    // The till asks for the menu's revision every 5 s: move its clock past one poll. (Its time
    // also flows, so a busy machine may have polled already: no "still enabled" check first.)
    await till.clock.fastForward(6_000);
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await button.textContent()).toContain('Sold out');

    await toggle.click();
    await owner.getByText('Pumpkin Latte is available again.').waitFor();
    await till.clock.fastForward(6_000);
    await expect.poll(() => button.isEnabled()).toBe(true);
  });

  it('archives the item and brings it back from the archived list', async () => {
    await owner.getByRole('button', { name: 'Archive Pumpkin Latte' }).click();
    await owner.getByText('Pumpkin Latte is archived.', { exact: false }).waitFor();
    await owner
      .getByRole('cell', { name: 'Pumpkin Latte', exact: true })
      .waitFor({ state: 'detached' });
    expect((await itemNamed('Pumpkin Latte', true)).archived).toBe(true);
    await till.clock.fastForward(6_000);
    await till.getByRole('button', { name: 'Add Pumpkin Latte' }).waitFor({ state: 'detached' });

    await owner.getByRole('button', { name: 'Archived items', exact: true }).click();
    await owner.getByRole('button', { name: 'Bring back Pumpkin Latte' }).click();
    await owner.getByText('Pumpkin Latte is back on the menu.').waitFor();
    await owner.getByText('No archived items.', { exact: false }).waitFor();
    expect((await itemNamed('Pumpkin Latte')).archived).toBe(false);
    await till.clock.fastForward(6_000);
    await till.getByRole('button', { name: 'Add Pumpkin Latte' }).waitFor();
  });

  it('edits the recipe in exact quantities and the API has it', async () => {
    await owner.getByRole('button', { name: 'Items', exact: true }).click();
    await owner.getByRole('button', { name: 'Edit Pumpkin Latte' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Edit Pumpkin Latte' });
    // The item's own group order is read back.
    await expect
      .poll(() => dialog.getByRole('listitem').allTextContents())
      .toEqual([expect.stringContaining('Size'), expect.stringContaining('Syrup')]);
    await dialog.getByLabel('Quantity 1', { exact: true }).fill('0.3333');
    await dialog.getByRole('button', { name: '+ Stock item' }).click();
    await dialog.getByLabel('Stock item 2', { exact: true }).selectOption({ label: 'Cups (pcs)' });
    await dialog.getByLabel('Quantity 2', { exact: true }).fill('1');
    await dialog.getByRole('button', { name: 'Save item' }).click();
    await dialog.getByText('A positive amount with at most 3 decimals (0.25).').waitFor();
    await dialog.getByLabel('Quantity 1', { exact: true }).fill('0.333');
    await dialog.getByRole('button', { name: 'Save item' }).click();
    await dialog.waitFor({ state: 'detached' });
    const item = await itemNamed('Pumpkin Latte');
    expect(new Map(item.recipe.map((l) => [l.inventoryItemId, l.quantity]))).toEqual(
      new Map([
        [await stockId('Milk'), 0.333],
        [await stockId('Cups'), 1],
      ]),
    );
    expect(straysOf(owner)).toEqual([]);
    expect(straysOf(till)).toEqual([]);
  });

  it('says in words which permission is missing when the server refuses', async () => {
    const me = await api<{ id: string }>('/api/auth/me');
    const revoke = (revokedPermissions: string[]) =>
      ts.request(`/api/users/${me.id}`, {
        method: 'PATCH',
        body: { revokedPermissions },
        token,
      });
    expect((await revoke(['menu.manage'])).status).toBe(200);
    try {
      await owner.getByRole('button', { name: 'Pumpkin Latte available' }).click();
      await owner
        .getByRole('alert')
        .getByText('Your account may not change the menu (permission menu.manage). Ask an admin.')
        .waitFor();
      expect((await itemNamed('Pumpkin Latte')).available).toBe(true);
    } finally {
      expect((await revoke([])).status).toBe(200);
    }
  });
  it('archives a modifier group and brings it back from the archived list', async () => {
    await owner.getByRole('button', { name: 'Modifier groups', exact: true }).click();
    await owner.getByRole('button', { name: 'Archive Syrup' }).click();
    await owner.getByRole('status').getByText('Syrup is archived', { exact: false }).waitFor();
    await owner.getByRole('region', { name: 'Syrup' }).waitFor({ state: 'detached' });
    const archived = owner.getByRole('region', { name: 'Archived modifier groups' });
    const syrup = async () =>
      (
        await api<{ groups: ModifierGroup[] }>('/api/menu/modifier-groups?includeArchived=true')
      ).groups.find((g) => g.name === 'Syrup')!;
    expect((await syrup()).archived).toBe(true);
    await owner.screenshot({ path: join(SCREENS_DIR, 'menu-groups-archived.png') });
    // The item editor no longer offers it.
    await owner.getByRole('button', { name: 'Items', exact: true }).click();
    await owner.getByRole('button', { name: 'New item' }).click();
    const editor = owner.getByRole('dialog', { name: 'New item' });
    expect(await editor.getByLabel('Add a modifier group').textContent()).not.toContain('Syrup');
    await owner.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });

    await owner.getByRole('button', { name: 'Modifier groups', exact: true }).click();
    await archived.getByRole('button', { name: 'Bring back Syrup' }).click();
    await owner.getByRole('status').getByText('Syrup is back', { exact: false }).waitFor();
    await owner.getByRole('region', { name: 'Syrup' }).waitFor();
    await archived.getByText('None.', { exact: false }).waitFor();
    expect((await syrup()).archived).toBe(false);
  });
});
