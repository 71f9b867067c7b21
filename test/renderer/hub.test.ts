/**
 * The Hub screen in real Chromium against a real server and a fake hub on 127.0.0.1: a wrong
 * code is refused next to its field, the right one joins (store, till, state shown), the top
 * bar says "Synced", then "Offline since … · N waiting" while the hub does not answer, and the
 * Menu screen says it is edited on the hub.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, type TestServer } from '../helpers/app';
import { startFakeHub, type FakeHub } from '../helpers/fake-hub';
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
let hub: FakeHub;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await ensureRendererBuilt();
  hub = await startFakeHub();
  ts = await startDemoServer();
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  await hub?.close();
  removeTempDirs();
});

const indicator = () => page.getByRole('link', { name: /^Store hub:/ });

describe('Hub screen', { timeout: 60_000 }, () => {
  it('refuses a wrong code next to the field, nothing joined', async () => {
    await signInWithPin(page, 'admin', '1111');
    await openScreen(page, 'Hub');
    await page.getByRole('heading', { name: 'Store hub' }).waitFor();
    expect(await indicator().count()).toBe(0);
    await page.getByLabel('Hub address').fill(hub.url);
    await page.getByLabel('Pairing code').fill('WRONG-CODE');
    await page.getByRole('button', { name: 'Join the hub' }).click();
    const code = page.getByLabel('Pairing code');
    await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-error').first().textContent()).toMatch(
      /does not know this code/,
    );
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-join-refused.png') });
    expect(hub.tills.size).toBe(0);
  });

  it('joins with the right code and shows the store, the till and "Synced"', async () => {
    await page.getByLabel('Pairing code').fill(hub.addTill('Front counter'));
    await page.getByRole('button', { name: 'Join the hub' }).click();
    await page.getByText('Corner Café').waitFor();
    await page.getByText('Front counter').waitFor();
    await ts.app.sync.runNow();
    await page.reload();
    await expect.poll(() => indicator().getAttribute('aria-label')).toBe('Store hub: Synced');
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-joined.png') });
  });

  it('says "Offline since … · N waiting" while the hub does not answer', async () => {
    hub.down = true;
    const admin = await ts.token('admin', 'admin-demo-1');
    const made = await ts.request('/api/customers', { token: admin, body: { name: 'Ada' } });
    expect(made.status).toBe(201);
    expect((await ts.app.sync.runNow())?.outcome).toBe('offline');
    await page.reload();
    await expect
      .poll(() => indicator().getAttribute('aria-label'))
      .toMatch(/^Store hub: Offline since \d\d?:\d\d( [AP]M)? · \d+ waiting$/);
    await page.getByText(/Last problem: the hub does not answer/).waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-offline.png') });
  });

  it('the Menu screen says it is edited on the hub', async () => {
    await openScreen(page, 'Menu');
    const note = page.getByRole('note', { name: 'Edited on the hub' });
    await note.waitFor();
    expect(await note.textContent()).toContain(`${hub.url}/office/`);
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-menu-notice.png') });
    expect(straysOf(page)).toEqual([]);
  });
});
