/**
 * A store's own price on the hub's screen, in real headless Chromium at 1366×768 against a hub on
 * a real PostgreSQL: the items come from the office's menu list, a malformed price is said in
 * words, a saved one is the store's override, an emptied one clears it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, SCREENS_DIR, straysOf } from '../renderer/support';
import { HUB_PROTOCOL_VERSION } from '../../src-shared/hub-protocol';
import { addStore, call, hubUser, pairedTill, signInOnScreen } from './support';
import { hubScreenWorld } from './screen-world';

const w = hubScreenWorld();

const at = '2026-11-25T10:00:00.000Z';
const item = (id: string, name: string, price: number) => ({
  entity: 'menu_items',
  key: id,
  row: {
    id,
    name,
    price,
    available: 1,
    archived: 0,
    tax_rate_bps: 1000,
    created_at: at,
    updated_at: at,
  },
});

describe('store prices on the hub screen', () => {
  it('sets and clears a store’s own price for an item of the office’s menu', async () => {
    const owner = await hubUser(w.t, 'manager');
    const admin = await hubUser(w.t);
    const north = await addStore(w.t.url, admin.token, 'North Quay');
    const a = await pairedTill(w.t.url, admin.token, north, 'Counter 1');
    const seeded = await call(w.t.url, 'POST', '/hub/api/catalog/seed', {
      token: a.token,
      body: {
        protocol: HUB_PROTOCOL_VERSION,
        schemaVersion: 17,
        rows: [item('m1', 'Flat white', 350), item('m2', 'Almond croissant', 295)],
      },
    });
    expect(seeded.status).toBe(200);

    const page = await openPage(w.browser, w.t.url);
    await signInOnScreen(page, owner.username, owner.password);
    const prices = page.getByRole('table', { name: 'Store prices' });
    await prices.getByLabel('Price of Flat white in North Quay').fill('3.999');
    await prices.getByRole('button', { name: 'Save Flat white in North Quay' }).click();
    await page.getByRole('alert').filter({ hasText: 'must be an amount like 3.50' }).waitFor();
    await prices.getByLabel('Price of Flat white in North Quay').fill('3.75');
    await prices.getByRole('button', { name: 'Save Flat white in North Quay' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Flat white sells at 3.75 in North Quay' })
      .waitFor();
    const own = await call(w.t.url, 'GET', `/hub/api/stores/${north}/prices`, {
      token: owner.token,
    });
    expect(own.body.prices).toEqual([expect.objectContaining({ menuItemId: 'm1', price: 375 })]);
    const pulled = await call(w.t.url, 'GET', '/hub/api/sync/pull?after=0', { token: a.token });
    const flatWhite = pulled.body.changes.find((c: { key: string }) => c.key === 'm1');
    expect(flatWhite.row.price).toBe(375);
    await page.getByRole('heading', { name: 'Store prices' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-prices.png') });

    await prices.getByLabel('Price of Flat white in North Quay').fill('');
    await prices.getByRole('button', { name: 'Save Flat white in North Quay' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Flat white sells at the usual price in North Quay' })
      .waitFor();
    const cleared = await call(w.t.url, 'GET', `/hub/api/stores/${north}/prices`, {
      token: owner.token,
    });
    expect(cleared.body.prices).toEqual([]);
    expect(straysOf(page)).toEqual([]);
  }, 60_000);
});
