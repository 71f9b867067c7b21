/**
 * The office: the till's own back-office screens served by the hub at /office/, in real headless
 * Chromium at 1366×768 against a hub on a real PostgreSQL. A hub manager adds a category, a
 * kitchen station and an item in it, and renames the shop; a hub admin adds a till user with a
 * PIN and a stock item; each lands in the hub's catalog. A wrong password is said in words, a
 * switched-off hub user is signed out, and the screens ask the hub only for what the office
 * serves (no lockouts, no stock levels).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contract, type OperationName } from '../../src-shared/contract';
import { MAX_FAILURES } from '../../src-main/core/auth/throttle';
import { RENDERER_DIR } from '../../src-main/paths';
import { OFFICE_OPERATIONS } from '../../src-shared/office';
import { ensureRendererBuilt, openPage, SCREENS_DIR, straysOf } from '../renderer/support';
import { hubScreenWorld } from './screen-world';
import { call, hubUser, signInOnScreen, type HubTestUser } from './support';

// The office serves the built renderer: built before the hub starts.
beforeAll(ensureRendererBuilt, 120_000);
const w = hubScreenWorld();
let manager: HubTestUser;
let admin: HubTestUser;

beforeAll(async () => {
  manager = await hubUser(w.t, 'manager');
  admin = await hubUser(w.t, 'admin');
});

/** The live (not deleted) catalog rows of one entity, as the hub keeps them for tills to pull. */
async function catalog(entity: string): Promise<Record<string, unknown>[]> {
  const rows = await w.t.hub.ctx.db
    .selectFrom('catalog_rows')
    .select(['row'])
    .where('entity', '=', entity)
    .where('deleted', '=', false)
    .execute();
  return rows.map((r) => r.row as Record<string, unknown>);
}

/**
 * What went wrong on a page without showing: script errors, and office calls the hub refused as
 * not served (a screen that asks for what the office does not have, instead of leaving it out).
 */
const troubles = new WeakMap<Page, string[]>();

async function openHubTab(path: string): Promise<Page> {
  const page = await openPage(w.browser, w.t.url);
  const seen: string[] = [];
  troubles.set(page, seen);
  page.on('pageerror', (e) => seen.push(`script error: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().includes('/hub/office/api/') && r.status() === 404)
      seen.push(`not served: ${r.request().method()} ${r.url()}`);
  });
  // A missing control fails its step with a locator error, not the whole test's timeout.
  page.setDefaultTimeout(10_000);
  if (path !== '/') await page.goto(w.t.url + path);
  return page;
}

const openOffice = () => openHubTab('/office/');

/** Nothing strayed off the hub, no script failed, and no call was refused as not served. */
function expectClean(page: Page): void {
  expect(straysOf(page)).toEqual([]);
  expect(troubles.get(page)).toEqual([]);
}

/** Signs in to the office and waits for its side list. */
async function signInToOffice(page: Page, who: HubTestUser): Promise<void> {
  await signInOnScreen(page, who.username, who.password);
  await page.getByRole('navigation', { name: 'Office' }).waitFor();
}

function officeLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Office' }).getByRole('link', { name, exact: true });
}

describe('the office page', () => {
  it('is served by the hub with the till’s CSP, and only the office’s own files', async () => {
    const page = await fetch(`${w.t.url}/office/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<title>Countertop office</title>');

    const script = /src="\.\/(assets\/office-[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${w.t.url}/office/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe(readFileSync(join(RENDERER_DIR, script!), 'utf8'));

    const bare = await fetch(`${w.t.url}/office`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/office/');
    // The till's own page and anything outside assets/ are not the office's.
    for (const path of ['/office/index.html', '/office/sw.js', '/office/assets/..%2Findex.html'])
      expect((await fetch(w.t.url + path)).status, path).toBe(404);
  });

  it('says a wrong password in words, and how long to wait after too many', async () => {
    const page = await openOffice();
    await page.getByRole('heading', { name: 'Sign in to the office' }).waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'office-sign-in.png') });
    await signInOnScreen(page, admin.username, 'not the password');
    await page.getByRole('alert').getByText('That username and password do not match.').waitFor();

    // Wrong tries are counted per hub username: the next one past the limit says the wait.
    const victim = await hubUser(w.t, 'manager');
    for (let i = 0; i < MAX_FAILURES; i++)
      await call(w.t.url, 'POST', '/hub/api/auth/login', {
        body: { username: victim.username, password: 'wrong password' },
      });
    await signInOnScreen(page, victim.username, victim.password);
    await page
      .getByRole('alert')
      .getByText(/^Too many wrong tries for this username\. Try again in \d+ minutes?\.$/)
      .waitFor();
    expectClean(page);
    await page.context().close();
  });
});

describe('the office’s screens', () => {
  it('a hub manager adds a category, a station and an item, and renames the shop', async () => {
    const page = await openOffice();
    await signInToOffice(page, manager);
    // A manager does not manage staff (the till's manager role): no Staff screen.
    for (const name of ['Menu', 'Inventory', 'Settings']) await officeLink(page, name).waitFor();
    expect(await officeLink(page, 'Staff').count()).toBe(0);
    await page.getByRole('link', { name: 'Back to the hub' }).waitFor();
    expect(await page.getByRole('note', { name: 'Edited on the hub' }).count()).toBe(0);

    await officeLink(page, 'Menu').click();
    await page.getByRole('button', { name: 'Categories', exact: true }).click();
    const cats = page.getByRole('region', { name: 'Categories' });
    await cats.getByLabel('New category').fill('Pastries');
    await cats.getByRole('button', { name: 'Add category' }).click();
    await cats.getByRole('listitem', { name: 'Pastries' }).waitFor();
    const stations = page.getByRole('region', { name: 'Kitchen stations' });
    await stations.getByLabel('Station name').fill('Oven');
    await stations.getByLabel('Printer').fill('none');
    await stations.getByRole('button', { name: 'Add station' }).click();
    await stations.getByText('Station Oven added.', { exact: false }).waitFor();
    await cats.getByLabel('Kitchen station for Pastries').selectOption({ label: 'Oven' });
    await cats.getByText('Pastries: tickets print at Oven.').waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'office-menu-categories.png') });

    await page.getByRole('button', { name: 'Items', exact: true }).click();
    await page.getByRole('button', { name: 'New item' }).click();
    const dialog = page.getByRole('dialog', { name: 'New item' });
    await dialog.getByLabel('Name').fill('Cinnamon bun');
    await dialog.getByLabel('Price').fill('3.40');
    await dialog.getByLabel('Tax rate (%)').fill('10');
    await dialog.getByLabel('Category').selectOption({ label: 'Pastries' });
    await dialog.getByRole('button', { name: 'Add item' }).click();
    await page.getByText('Cinnamon bun is saved.').waitFor();
    await page.getByRole('cell', { name: 'Cinnamon bun', exact: true }).waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'office-menu.png') });

    const category = (await catalog('menu_categories')).find((c) => c.name === 'Pastries');
    const station = (await catalog('stations')).find((s) => s.name === 'Oven');
    expect(category).toBeDefined();
    expect(station).toBeDefined();
    expect(category!.station_id).toBe(station!.id);
    const bun = (await catalog('menu_items')).find((i) => i.name === 'Cinnamon bun');
    expect(bun).toMatchObject({ price: 340, category_id: category!.id, tax_rate_bps: 1000 });

    await officeLink(page, 'Settings').click();
    const form = page.getByRole('form', { name: 'Settings' });
    await form.getByLabel('Shop name', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Save settings' }).click();
    // The till's own rule, said next to the field, and nothing saved.
    await form.locator('.field-error').first().waitFor();
    expect(await form.getByLabel('Shop name', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await form.getByLabel('Shop name', { exact: true }).fill('Harbour Coffee Co.');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').getByText('Saved.', { exact: false }).waitFor();
    // The session takes the new settings at once: the top bar says the new name.
    await page.getByRole('banner').getByText('Harbour Coffee Co.').waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'office-settings.png') });
    const name = (await catalog('settings')).find((s) => s.key === 'storeName');
    expect(JSON.stringify(name)).toContain('Harbour Coffee Co.');

    // A hub user switched off on the hub is signed out of the office at the next call, in words.
    await w.t.hub.ctx.db
      .updateTable('hub_users')
      .set({ status: 'deactivated' })
      .where('username', '=', manager.username)
      .execute();
    await officeLink(page, 'Menu').click();
    await page
      .getByRole('form', { name: 'Sign in' })
      .getByRole('status')
      .getByText('Your sign-in has ended. Please sign in again.')
      .waitFor();

    expectClean(page);
    await page.context().close();
  });

  it('a hub admin adds a till user with a PIN, and a stock item without stock levels', async () => {
    // From the hub's own page: its link opens the office already signed in (same tab).
    const page = await openHubTab('/');
    await signInOnScreen(page, admin.username, admin.password);
    await page.getByRole('link', { name: 'Edit the menu, staff and settings' }).click();
    await page.getByRole('navigation', { name: 'Office' }).waitFor();
    await page.getByRole('banner').getByText(admin.username, { exact: true }).waitFor();
    // A reload keeps the tab signed in.
    await page.reload();
    await page.getByRole('navigation', { name: 'Office' }).waitFor();

    await officeLink(page, 'Staff').click();
    await page.getByRole('region', { name: 'Everyone' }).waitFor();
    // Lockouts are kept on each till, not on the hub: the office does not show them.
    expect(await page.getByRole('region', { name: 'Sign-in lockouts' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Add a member of staff' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a member of staff' });
    await dialog.getByLabel('Username', { exact: true }).fill('noor');
    await dialog.getByLabel('Name', { exact: true }).fill('Noor Haddad');
    await dialog.getByLabel('Role', { exact: true }).selectOption({ label: 'Cashier' });
    await dialog.getByLabel('Password', { exact: true }).fill('noor-password');
    await dialog.getByLabel('PIN', { exact: true }).fill('4826');
    await dialog.getByRole('button', { name: 'Add to staff' }).click();
    await page.getByRole('status').getByText('Noor Haddad was added as cashier.').waitFor();
    const everyone = page.getByRole('region', { name: 'Everyone' });
    await everyone.getByRole('button', { name: 'Open Noor Haddad' }).waitFor();
    // The hub user is no till user: not in the list (nor written back, below).
    expect(await everyone.getByText(admin.username).count()).toBe(0);
    await page.screenshot({ path: join(SCREENS_DIR, 'office-staff.png') });

    const noor = (await catalog('users')).find((u) => u.username === 'noor');
    expect(noor).toMatchObject({ display_name: 'Noor Haddad', role: 'cashier', status: 'active' });
    expect(typeof noor!.pin_hash).toBe('string');
    // The hub user who signed in is never written back as a till user.
    expect((await catalog('users')).some((u) => String(u.username).includes(admin.username))).toBe(
      false,
    );

    await officeLink(page, 'Inventory').click();
    await page.getByRole('button', { name: 'Add stock item' }).click();
    const add = page.getByRole('dialog', { name: 'Add stock item' });
    await add.getByLabel('Name').fill('Oat milk');
    await add.getByLabel('Unit').fill('l');
    // What a store has on the shelf is its own tills' business: no opening stock here.
    expect(await add.getByLabel('Opening stock').count()).toBe(0);
    await add.getByRole('button', { name: 'Add item' }).click();
    await page.getByRole('status').getByText('Oat milk added.').waitFor();
    const table = page.getByRole('region', { name: 'All stock' });
    await table.getByRole('cell', { name: 'Oat milk', exact: true }).waitFor();
    // Levels and stock moves belong to each store's tills: left out here, not shown as zero.
    expect(await table.getByRole('columnheader', { name: 'On hand' }).count()).toBe(0);
    for (const name of ['Receive stock', 'Stock count', 'Adjust Oat milk', 'Ledger of Oat milk'])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    expect(await page.getByRole('region', { name: 'Low stock' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Edit Oat milk' }).waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'office-inventory.png') });
    expect((await catalog('inventory_items')).some((i) => i.name === 'Oat milk')).toBe(true);

    // Signing out of the office signs the tab out of the hub's page too.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the office' }).waitFor();
    await page.getByRole('link', { name: 'Back to the hub' }).click();
    await page.getByRole('heading', { name: 'Sign in to the hub' }).waitFor();
    expectClean(page);
    await page.context().close();
  });

  it('asks the hub only for operations the office serves', async () => {
    // Every read the office's screens make answers; what they leave out is refused (404).
    const reads = OFFICE_OPERATIONS.filter(
      (op) => contract[op].method === 'GET' && !contract[op].path.includes(':'),
    );
    for (const op of reads) {
      const r = await call(w.t.url, 'GET', `/hub/office/api${contract[op].path}`, {
        token: admin.token,
      });
      expect(r.status, `${op}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    const left: OperationName[] = ['listLockouts', 'listLowStock', 'listInventoryLedger'];
    for (const op of left) {
      expect(OFFICE_OPERATIONS).not.toContain(op);
      const r = await call(w.t.url, 'GET', `/hub/office/api${contract[op].path}`, {
        token: admin.token,
      });
      expect(r.status, op).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
  });
});
