/**
 * Categories and modifier options on the hub's screen, in real headless Chromium at 1366×768
 * against a hub on a real PostgreSQL: a category added, a taken name refused in words, a rename,
 * and an option's extra price and availability saved; the shop's name and receipt lines.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, SCREENS_DIR, straysOf } from '../renderer/support';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { HUB_PROTOCOL_VERSION } from '../../src-shared/hub-protocol';
import {
  addStore,
  call,
  hubUser,
  pairedTill,
  signInOnScreen,
  startTestHub,
  type TestHub,
} from './support';

let pgs: TestPostgres;
let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  pgs = await startPostgres();
  t = await startTestHub(await pgs.newDatabase());
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await pgs?.stop();
});

describe('categories and modifier options on the hub screen', () => {
  it('adds and renames a category and saves an option’s extra price and availability', async () => {
    const owner = await hubUser(t);
    const admin = owner.token;
    const north = await addStore(t.url, admin, 'North Quay');
    const a = await pairedTill(t.url, admin, north, 'Counter 1');
    const option = (id: string, position: number, name: string, delta: number) => ({
      entity: 'modifier_options',
      key: id,
      row: { id, group_id: 'g1', position, name, price_delta: delta, available: 1, archived: 0 },
    });
    const seeded = await call(t.url, 'POST', '/hub/api/catalog/seed', {
      token: a.token,
      body: {
        protocol: HUB_PROTOCOL_VERSION,
        schemaVersion: 17,
        rows: [
          {
            entity: 'menu_categories',
            key: 'c1',
            row: { id: 'c1', name: 'Coffee', sort_order: 0 },
          },
          {
            entity: 'menu_categories',
            key: 'c2',
            row: { id: 'c2', name: 'Bakery', sort_order: 1 },
          },
          {
            entity: 'modifier_groups',
            key: 'g1',
            row: { id: 'g1', name: 'Milk', min_choices: 0, max_choices: 1, archived: 0 },
          },
          option('o1', 0, 'Whole', 0),
          option('o2', 1, 'Oat', 50),
        ],
      },
    });
    expect(seeded.status).toBe(200);

    const page = await openPage(browser, t.url);
    await signInOnScreen(page, owner.username, owner.password);
    const list = page.getByRole('list', { name: 'Categories' });
    await list.getByLabel('Name of category Bakery').waitFor();

    const add = page.getByRole('form', { name: 'Add category' });
    await add.getByLabel('New category').fill('coffee');
    await add.getByRole('button', { name: 'Add category' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'There is already a category called "coffee"' })
      .waitFor();
    await add.getByLabel('New category').fill('Sandwiches');
    await add.getByRole('button', { name: 'Add category' }).click();
    await page.getByRole('status').filter({ hasText: 'Added the category Sandwiches' }).waitFor();
    await list.getByLabel('Name of category Sandwiches').waitFor();
    // The new category is offered for new items at once.
    await page
      .getByRole('form', { name: 'Add item' })
      .getByLabel('Category')
      .selectOption({ label: 'Sandwiches' });

    await list.getByLabel('Name of category Coffee').fill('Hot drinks');
    await list.getByRole('button', { name: 'Rename category Coffee' }).click();
    await page.getByRole('status').filter({ hasText: 'Renamed Coffee to Hot drinks' }).waitFor();
    await list.getByLabel('Name of category Hot drinks').waitFor();

    const milk = page.getByRole('table', { name: 'Milk' });
    await milk.getByLabel('Extra price of Milk: Oat').fill('0.8');
    await milk.getByLabel('Milk: Oat available').uncheck();
    await milk.getByRole('button', { name: 'Save Milk: Oat' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Milk: Oat' }).waitFor();
    await milk.getByLabel('Extra price of Milk: Oat').fill('abc');
    await milk.getByRole('button', { name: 'Save Milk: Oat' }).click();
    await page.getByRole('alert').filter({ hasText: 'must be an amount like 0.50' }).waitFor();

    const cats = await call(t.url, 'GET', '/hub/api/catalog/menu-categories', { token: admin });
    expect(cats.body.categories.map((c: { name: string }) => c.name)).toEqual([
      'Hot drinks',
      'Sandwiches',
      'Bakery',
    ]);
    const groups = await call(t.url, 'GET', '/hub/api/catalog/modifier-groups', { token: admin });
    expect(groups.body.groups[0].options[1]).toMatchObject({
      name: 'Oat',
      priceDelta: 80,
      available: false,
    });

    // The shop's name and receipt lines: a blank name refused in words, then saved.
    const shop = page.getByRole('form', { name: 'Shop and receipts' });
    await expect.poll(() => shop.getByLabel('Receipt footer').inputValue()).toBe('Thank you!');
    await shop.getByLabel('Shop name').fill('  ');
    await shop.getByRole('button', { name: 'Save shop and receipts' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter the shop’s name' }).waitFor();
    await shop.getByLabel('Shop name').fill('Harbour Café');
    await shop.getByLabel('Receipt header').fill('Open 7–19 every day');
    await shop.getByRole('button', { name: 'Save shop and receipts' }).click();
    await page.getByRole('status').filter({ hasText: 'every till prints it' }).waitFor();
    const settings = await call(t.url, 'GET', '/hub/api/catalog/settings', { token: admin });
    expect(settings.body).toMatchObject({
      storeName: 'Harbour Café',
      receiptHeader: 'Open 7–19 every day',
      receiptFooter: 'Thank you!',
    });

    await page.getByRole('heading', { name: 'Categories' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-categories.png') });
    await page.getByRole('heading', { name: 'Shop and receipts' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-shop.png') });
    expect(straysOf(page)).toEqual([]);
  }, 60_000);
});
