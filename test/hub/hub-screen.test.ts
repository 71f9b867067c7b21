/**
 * The hub's web screen in real headless Chromium at 1366×768 against a hub on a real PostgreSQL:
 * sign in (a wrong password said in words), stores and tills with their sync state, adding a till
 * shows a pairing code that really pairs, sales by till with a bar per till, revoking, and a
 * manager who sees no admin forms.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, SCREENS_DIR, straysOf } from '../renderer/support';
import { createHubUser } from '../../src-main/hub/users';
import { HUB_PROTOCOL_VERSION } from '../../src-shared/hub-protocol';
import { addStore, call, pairedTill, pairWith, pushBody, signInOnScreen, upsert } from './support';
import { hubScreenWorld } from './screen-world';

const w = hubScreenWorld();

describe('the hub screen', () => {
  it('signs in, shows tills and sales, adds and revokes a till', async () => {
    await createHubUser(w.t.hub.ctx, {
      username: 'owner',
      password: 'owner-password',
      role: 'admin',
    });
    await createHubUser(w.t.hub.ctx, {
      username: 'mia',
      password: 'manager-password',
      role: 'manager',
    });
    const login = await call(w.t.url, 'POST', '/hub/api/auth/login', {
      body: { username: 'owner', password: 'owner-password' },
    });
    const admin = login.body.token as string;
    const north = await addStore(w.t.url, admin, 'North Quay');
    await addStore(w.t.url, admin, 'Old Town');
    const a = await pairedTill(w.t.url, admin, north, 'Counter 1');
    const b = await pairedTill(w.t.url, admin, north, 'Counter 2');
    const now = new Date().toISOString();
    const sale = (id: string, amount: number) => [
      upsert(1, 'orders', { id: `o${id}`, tax: 10, discount: 0, created_at: now }),
      upsert(2, 'payments', {
        id: `p${id}`,
        order_id: `o${id}`,
        method: 'card',
        amount,
        tip: 0,
        created_at: now,
      }),
    ];
    for (const [till, id, amount] of [
      [a, 'a', 1450],
      [b, 'b', 725],
    ] as const)
      await call(w.t.url, 'POST', '/hub/api/sync/push', {
        token: till.token,
        body: pushBody(0, 2, sale(id, amount)),
      });

    const seeded = await call(w.t.url, 'POST', '/hub/api/catalog/seed', {
      token: a.token,
      body: {
        protocol: HUB_PROTOCOL_VERSION,
        schemaVersion: 15,
        rows: [
          {
            entity: 'menu_items',
            key: 'm1',
            row: {
              id: 'm1',
              name: 'Flat white',
              price: 350,
              available: 1,
              archived: 0,
              tax_rate_bps: 1000,
              created_at: now,
              updated_at: now,
            },
          },
          {
            entity: 'menu_items',
            key: 'm2',
            row: {
              id: 'm2',
              name: 'Almond croissant',
              price: 295,
              available: 1,
              archived: 0,
              tax_rate_bps: 1000,
              created_at: now,
              updated_at: now,
            },
          },
        ],
      },
    });
    expect(seeded.status).toBe(200);

    const page = await openPage(w.browser, w.t.url);
    await signInOnScreen(page, 'owner', 'wrong-password');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Wrong username or password');
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-sign-in.png') });
    await signInOnScreen(page, 'owner', 'owner-password');
    await page.getByRole('heading', { name: 'Stores and tills' }).waitFor();
    const tills = page.getByRole('table', { name: 'Stores and tills' });
    await tills.getByRole('cell', { name: 'Counter 2', exact: true }).waitFor();
    expect(await tills.getByText('Paired').count()).toBe(2);
    await expect.poll(() => tills.getByText('No tills yet').count()).toBe(1);

    await page.getByLabel('In store').selectOption({ label: 'North Quay' });
    await page.getByLabel('New till').fill('Counter 3');
    await page.getByRole('button', { name: 'Add till' }).click();
    const notice = page.getByRole('status');
    await notice.getByText(/Pairing code for Counter 3/).waitFor();
    const code = (await notice.getByRole('code').textContent()) ?? '';
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await tills.getByText('Awaiting pairing').waitFor();

    // Sales of the last 7 days (the default): both tills, net per till, a bar each.
    await page.getByRole('img', { name: 'Counter 1: net 14.50' }).waitFor();
    await page.getByRole('img', { name: 'Counter 2: net 7.25' }).waitFor();
    const totals = await page.getByLabel('Totals').textContent();
    expect(totals).toContain('21.75');
    await page.screenshot({ path: join(SCREENS_DIR, 'hub.png') });

    // The menu, staff and settings are edited in the office; the store prices card lists the
    // menu as the office answers it.
    const office = page.getByRole('link', { name: 'Edit the menu, staff and settings' });
    expect(await office.getAttribute('href')).toBe('/office/');
    const prices = page.getByRole('table', { name: 'Store prices' });
    await prices.getByRole('cell', { name: 'Flat white', exact: true }).waitFor();
    await prices.getByRole('cell', { name: 'Almond croissant', exact: true }).waitFor();

    expect((await pairWith(w.t.url, code)).status).toBe(200);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke Counter 3 of North Quay' }).click();
    await tills.getByText('Revoked').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInOnScreen(page, 'mia', 'manager-password');
    await page.getByRole('heading', { name: 'Sales' }).waitFor();
    await page.getByRole('img', { name: 'Counter 1: net 14.50' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add till' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    expect(straysOf(page)).toEqual([]);
  }, 60_000);
});
