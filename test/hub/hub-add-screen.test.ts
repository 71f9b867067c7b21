/**
 * Adding on the hub's screen, in real headless Chromium at 1366×768 against a hub on a real
 * PostgreSQL: a member of staff (a refusal said in words), a PIN reset, a menu item in a
 * category, and a store's own price.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, SCREENS_DIR, straysOf } from '../renderer/support';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { Secrets } from '../../src-main/core/auth/passwords';
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

describe('adding on the hub screen', () => {
  it('adds a member of staff, resets a PIN, adds a menu item and sets a store price', async () => {
    const owner = await hubUser(t);
    const admin = owner.token;
    const north = await addStore(t.url, admin, 'North Quay');
    const a = await pairedTill(t.url, admin, north, 'Counter 1');
    const seeded = await call(t.url, 'POST', '/hub/api/catalog/seed', {
      token: a.token,
      body: {
        protocol: HUB_PROTOCOL_VERSION,
        schemaVersion: 15,
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
            entity: 'menu_items',
            key: 'm1',
            row: {
              id: 'm1',
              name: 'Flat white',
              price: 350,
              category_id: 'c1',
              available: 1,
              archived: 0,
              tax_rate_bps: 1000,
            },
          },
          {
            entity: 'users',
            key: 'u1',
            row: {
              id: 'u1',
              username: 'ana',
              display_name: 'Ana Reyes',
              role: 'admin',
              status: 'active',
              token_version: 0,
            },
          },
        ],
      },
    });
    expect(seeded.status).toBe(200);

    const page = await openPage(browser, t.url);
    await signInOnScreen(page, owner.username, owner.password);
    const staff = page.getByRole('table', { name: 'Till staff' });
    await staff.getByRole('cell', { name: 'Ana Reyes', exact: true }).waitFor();

    // A member of staff: a taken username is refused in words, then a new one is added.
    const form = page.getByRole('form', { name: 'Add a member of staff' });
    await form.getByLabel('Staff username').fill('ana');
    await form.getByLabel('Staff password').fill('a-long-password');
    await form.getByRole('button', { name: 'Add member of staff' }).click();
    await page.getByRole('alert').filter({ hasText: 'Username "ana" is taken' }).waitFor();
    await form.getByLabel('Staff username').fill('dev');
    await form.getByLabel('Display name').fill('Dev Patel');
    await form.getByLabel('Role').selectOption({ label: 'Cashier' });
    await form.getByLabel('Staff PIN').fill('12');
    await form.getByRole('button', { name: 'Add member of staff' }).click();
    await page.getByRole('alert').filter({ hasText: 'PIN is 4 to 8 digits' }).waitFor();
    await form.getByLabel('Staff PIN').fill('2468');
    await form.getByRole('button', { name: 'Add member of staff' }).click();
    await staff.getByRole('cell', { name: 'Dev Patel', exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Added Dev Patel' }).waitFor();

    // A PIN reset from the staff table.
    await staff.getByLabel('New PIN for Dev Patel').fill('97531');
    await staff.getByRole('button', { name: 'Set PIN for Dev Patel' }).click();
    await page.getByRole('status').filter({ hasText: 'New PIN set for Dev Patel' }).waitFor();
    const users = await call(t.url, 'GET', '/hub/api/catalog/users', { token: admin });
    const dev = users.body.users.find((u: { username: string }) => u.username === 'dev');
    expect(dev).toMatchObject({ displayName: 'Dev Patel', role: 'cashier', status: 'active' });
    const row = await t.hub.ctx.db
      .selectFrom('catalog_rows')
      .select('row')
      .where('key', '=', dev.id)
      .executeTakeFirstOrThrow();
    expect(await new Secrets().verify('97531', String(row.row!.pin_hash), 'test')).toBe(true);
    expect(row.row!.token_version).toBe(1);

    // A menu item in a category.
    const add = page.getByRole('form', { name: 'Add item' });
    await add.getByLabel('New item').fill('Cinnamon bun');
    await add.getByLabel('Price').fill('3,20');
    await add.getByLabel('Tax %').fill('7.5');
    await add.getByLabel('Category').selectOption({ label: 'Bakery' });
    await add.getByRole('button', { name: 'Add item' }).click();
    await page.getByRole('status').filter({ hasText: 'Added Cinnamon bun' }).waitFor();
    const menu = page.getByRole('table', { name: 'Menu for every store' });
    await menu.getByLabel('Name of Cinnamon bun').waitFor();
    const items = await call(t.url, 'GET', '/hub/api/catalog/menu-items', { token: admin });
    expect(items.body.items).toContainEqual(
      expect.objectContaining({
        name: 'Cinnamon bun',
        price: 320,
        taxRateBps: 750,
        categoryId: 'c2',
        available: true,
      }),
    );

    // A store's own price.
    const prices = page.getByRole('table', { name: 'Store prices' });
    await prices.getByLabel('Price of Flat white in North Quay').fill('3.75');
    await prices.getByRole('button', { name: 'Save Flat white in North Quay' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Flat white sells at 3.75 in North Quay' })
      .waitFor();
    const own = await call(t.url, 'GET', `/hub/api/stores/${north}/prices`, { token: admin });
    expect(own.body.prices).toEqual([expect.objectContaining({ menuItemId: 'm1', price: 375 })]);

    await page.getByRole('heading', { name: 'Till staff' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-add.png'), fullPage: true });
    expect(straysOf(page)).toEqual([]);
  }, 60_000);
});
