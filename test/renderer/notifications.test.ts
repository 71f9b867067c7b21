/**
 * The Notifications screen in real Chromium against a real server: a low-stock alert shows as
 * unread (and in the top bar's count) and is marked read; a manager sends one to managers and
 * marks all read; push says why it is unavailable on plain http from another host (the LAN
 * case), and offers itself on a secure page (loopback counts as secure).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import type { Notification } from '../../src-shared/contract/notifications';
import { removeTempDirs, type TestServer } from '../helpers/app';
import {
  CHROMIUM_ARGS,
  SCREENS_DIR,
  ensureRendererBuilt,
  openPage,
  signInWithPin,
  startDemoServer,
  straysOf,
} from './support';

let ts: TestServer;
let browser: Browser;
let page: Page;
let manager: string;
/** The server as a LAN terminal sees it: a host name, plain http (still 127.0.0.1 underneath). */
let lanUrl: string;

async function mine(): Promise<Notification[]> {
  const r = await ts.request<{ notifications: Notification[] }>('/api/notifications', {
    token: manager,
  });
  expect(r.status).toBe(200);
  return r.body.notifications;
}

beforeAll(async () => {
  await ensureRendererBuilt();
  // The screen is opened as http://pos.lan:PORT (not a secure context): the server must answer
  // to that name.
  ts = await startDemoServer({ POS_ALLOWED_HOSTS: 'pos.lan' });
  manager = await ts.token('manager', 'manager-demo-1');
  const { items } = (
    await ts.request<{ items: InventoryItem[] }>('/api/inventory/items', { token: manager })
  ).body;
  const beans = items.find((i) => i.name === 'Coffee beans')!;
  const adj = await ts.request('/api/inventory/adjust', {
    token: manager,
    body: { inventoryItemId: beans.id, countedQuantity: 0.5, reason: 'stock count' },
  });
  expect(adj.status, adj.text).toBe(201);

  lanUrl = `http://pos.lan:${new URL(ts.baseUrl).port}`;
  // Only the name pos.lan is mapped, and only to loopback: no traffic leaves the machine.
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP pos.lan 127.0.0.1'],
  });
  page = await openPage(browser, lanUrl);
  await signInWithPin(page, 'manager', '2222');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe('Notifications screen', () => {
  it('shows a low-stock alert unread, counted in the top bar, and marks it read', async () => {
    const link = page.getByRole('link', { name: /^Notifications/ });
    await expect.poll(() => link.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await link.click();
    const list = page.getByRole('region', { name: 'Notification list' });
    const alert = list.getByRole('listitem', { name: 'Unread: Low stock: Coffee beans' });
    await expect.poll(() => alert.textContent()).toContain('Coffee beans: 0.5 kg left');
    expect(await alert.textContent()).toContain('New');
    await alert.getByRole('button', { name: 'Mark “Low stock: Coffee beans” read' }).click();
    await list.getByRole('listitem', { name: 'Low stock: Coffee beans', exact: true }).waitFor();
    expect((await mine()).find((n) => n.kind === 'low_stock')).toMatchObject({ read: true });
    await expect.poll(() => link.getAttribute('aria-label')).toBe('Notifications');
  });

  it('says why push is unavailable on plain http from the LAN', async () => {
    const push = page.getByRole('region', { name: 'Push notifications' });
    await expect
      .poll(() => push.textContent())
      .toContain(
        `Push is unavailable here: this page was opened over plain HTTP (pos.lan:${new URL(ts.baseUrl).port})`,
      );
    expect(await push.textContent()).toContain('Open Countertop over HTTPS');
    expect(await push.getByRole('button').count()).toBe(0);
  });

  it('sends a notification to managers, then marks all read', async () => {
    const form = page.getByRole('form', { name: 'Send a notification' });
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => form.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Title').fill('Team meeting at 4');
    await form.getByLabel('Message').fill('In the back room, 15 minutes.');
    await form.getByLabel('Level').selectOption('warning');
    await form.getByRole('checkbox', { name: 'Managers' }).check();
    await form.getByRole('button', { name: 'Send' }).click();
    const list = page.getByRole('region', { name: 'Notification list' });
    await list.getByRole('listitem', { name: 'Unread: Team meeting at 4' }).waitFor();
    const sent = (await mine()).find((n) => n.title === 'Team meeting at 4')!;
    expect(sent).toMatchObject({
      level: 'warning',
      audience: { roles: ['manager'] },
      body: 'In the back room, 15 minutes.',
      read: false,
    });
    // Newest first.
    await expect
      .poll(async () => (await list.getByRole('listitem').first().textContent()) ?? '')
      .toContain('Team meeting at 4');
    const link = page.getByRole('link', { name: /^Notifications/ });
    await expect.poll(() => link.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'notifications.png'), fullPage: true });

    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => link.getAttribute('aria-label')).toBe('Notifications');
    expect((await mine()).every((n) => n.read)).toBe(true);
    expect(await page.getByRole('button', { name: 'Mark all read' }).isDisabled()).toBe(true);
    expect(straysOf(page)).toEqual([]);
  });

  it('offers push on a secure page (loopback)', async () => {
    const secure = await openPage(browser, ts.baseUrl);
    await signInWithPin(secure, 'manager', '2222');
    await secure.getByRole('link', { name: /^Notifications/ }).click();
    const push = secure.getByRole('region', { name: 'Push notifications' });
    await push.getByRole('button', { name: 'Turn on push' }).waitFor();
    expect(await push.textContent()).not.toContain('unavailable');
    // The worker push needs is served by the server and allowed by its CSP. (Subscribing is
    // not tried: it would reach the browser vendor's push service, off this machine.)
    const worker = await secure.evaluate(async () => {
      const reg = await navigator.serviceWorker.register('./sw.js');
      await navigator.serviceWorker.ready;
      return { scope: reg.scope, script: reg.active?.scriptURL ?? null };
    });
    expect(worker).toEqual({ scope: `${ts.baseUrl}/`, script: `${ts.baseUrl}/sw.js` });
    expect(straysOf(secure)).toEqual([]);
  });
});
