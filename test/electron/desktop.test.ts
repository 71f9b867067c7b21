/**
 * The desktop app's real wiring: `runShell` with a stand-in `electron` whose windows are headless
 * Chromium pages running the real preload. A cashier sells in the window and a kitchen window
 * sees the order through IPC (the feed pushed, not polled); the LAN server is turned on by the
 * terminal setting and reached over HTTP from a plain browser page; a port in use is refused in
 * words; the menu's Back up now writes a backup (and is refused without backup.manage); a 401
 * over IPC signs the window out. Loopback only.
 */
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, findUserByUsername, updateUser } from '../../src-main/core/auth/users';
import { seedDemo } from '../../src-main/core/demo';
import { SUBSCRIBE_CHANNEL } from '../../src-shared/desktop-channels';
import { runShell, type Shell } from '../../src-main/electron/main';
import type { TerminalSettingsView } from '../../src-shared/contract/terminal';
import { removeTempDirs, tempDir } from '../helpers/app';
import { freePort } from '../helpers/processes';
import {
  SCREENS_DIR,
  addFromPicker,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  signInWithPin,
  signOut,
} from '../renderer/support';
import { chromiumElectron, type StandIn, type StandInWindow } from './support/chromium-electron';

let browser: Browser;
let standIn: StandIn;
let shell: Shell;
let win: StandInWindow;
let page: Page;

const env = { POS_JWT_SECRET: 's'.repeat(40) };

beforeAll(async () => {
  await ensureRendererBuilt();
  browser = await launchBrowser();
  const userData = tempDir('ct-desktop-');
  standIn = chromiumElectron(browser, userData);
  const started = await runShell(standIn.electron, env);
  if (!started) throw new Error('the shell did not start');
  shell = started;
  await seedDemo(shell.app.core);
  win = standIn.windows[0]!;
  page = win.page;
  page.setDefaultTimeout(8000);
  await page.reload();
}, 120_000);

afterAll(async () => {
  await standIn?.quit();
  await browser?.close();
  removeTempDirs();
});

/** Calls an operation the way the renderer does: through the preload's function. */
async function viaIpc<T>(p: Page, name: string, token: string | null, input: unknown) {
  return p.evaluate(
    ([n, t, i]) =>
      (
        window as unknown as {
          countertop: Record<string, (t: string | null, i: unknown) => Promise<unknown>>;
        }
      ).countertop[n]!(t, i),
    [name, token, input] as const,
  ) as Promise<{ ok: boolean; status: number; value: T; error: { code: string; message: string } }>;
}

async function tokenOf(p: Page): Promise<string> {
  return p.evaluate(() => sessionStorage.getItem('countertop.token') ?? '');
}

describe('the desktop app, through IPC in real Chromium', () => {
  it('loads from its own scheme with the permission handlers denying all', async () => {
    expect(page.url()).toMatch(/^https:\/\/countertop-app\.invalid\/index\.html/);
    expect(standIn.schemes).toEqual(['countertop']);
    let granted: boolean | null = null;
    win.session.handlers.request?.(null, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    expect(win.session.handlers.check?.()).toBe(false);
    expect(standIn.defaultSession.handlers.check?.()).toBe(false);
    const blocked = (guards: StandInWindow['navigateGuards'], url: string) => {
      let prevented = false;
      guards.forEach((g) => g({ preventDefault: () => (prevented = true) }, url));
      return prevented;
    };
    expect(blocked(win.navigateGuards, 'file:///etc/passwd')).toBe(true);
    expect(blocked(win.redirectGuards, 'https://example.com/')).toBe(true);
    expect(blocked(win.navigateGuards, 'countertop://app/index.html#/till')).toBe(false);
    expect(win.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('signs a cashier in, sells, and a kitchen window sees the order pushed over IPC', async () => {
    const kitchenWin = await standIn.openWindow();
    const kitchen = kitchenWin.page;
    kitchen.setDefaultTimeout(8000);
    await signInWithPin(kitchen, 'kitchen', '4444');
    await kitchen.getByRole('heading', { name: 'Kitchen' }).waitFor();
    await expect.poll(() => standIn.invoked.includes(SUBSCRIBE_CHANNEL)).toBe(true);

    await signInWithPin(page, 'cashier', '3333');
    await page.getByRole('button', { name: 'Add Croissant' }).click();
    await page.getByRole('button', { name: 'Add Latte' }).click();
    await addFromPicker(page, 'Latte');
    await page.getByRole('button', { name: 'Create order' }).click();
    await page
      .getByRole('group', { name: 'Quick amounts' })
      .getByRole('button', { name: '$10.00' })
      .click();
    await page.getByRole('button', { name: /^Charge/ }).click();
    await page.getByLabel('Opening float').fill('50');
    await page.getByRole('button', { name: 'Open cash drawer' }).click();
    await page.getByRole('button', { name: /^Charge \$/ }).click();
    await page.getByText('Paid in full').waitFor();
    await page.getByRole('button', { name: 'Send to kitchen' }).click();
    await page.getByText('In queue', { exact: true }).waitFor();

    await kitchen
      .getByRole('region', { name: 'New' })
      .getByRole('button', { name: /^Order \d+,/ })
      .waitFor();
    expect(await kitchen.getByRole('region', { name: 'New' }).textContent()).toContain('Croissant');
    // Live: the feed is pushed over IPC, not only polled.
    await kitchen.getByText(/^Live · updated/).waitFor();
    await kitchen.screenshot({ path: join(SCREENS_DIR, 'desktop-kitchen-ipc.png') });
    expect(win.strays).toEqual([]);
    expect(kitchenWin.strays).toEqual([]);
    await kitchenWin.context.close();
  }, 60_000);

  it('answers over IPC what HTTP answers: status, code, details, replays', async () => {
    const token = await tokenOf(page);
    const bad = await viaIpc(page, 'createOrder', token, { items: 'no' });
    expect(bad).toMatchObject({ ok: false, status: 422, error: { code: 'validation_error' } });
    const forbidden = await viaIpc(page, 'listUsers', token, {});
    expect(forbidden).toMatchObject({ ok: false, status: 403, error: { code: 'forbidden' } });
    const noToken = await viaIpc(page, 'me', null, {});
    expect(noToken).toMatchObject({ ok: false, status: 401 });
    const replay = (await page.evaluate(
      async ([t]) => {
        const api = (
          window as unknown as {
            countertop: Record<string, (t: string, i: unknown, k?: string) => Promise<unknown>>;
          }
        ).countertop;
        const menu = (await api.listMenuItems!(t, {})) as { value: { items: { id: string }[] } };
        const input = { items: [{ menuItemId: menu.value.items[0]!.id, quantity: 1 }] };
        return [await api.createOrder!(t, input, 'k-1'), await api.createOrder!(t, input, 'k-1')];
      },
      [token] as const,
    )) as { status: number; replayed?: boolean; value: { id: string } }[];
    expect(replay[0]).toMatchObject({ status: 201 });
    expect(replay[0]!.replayed).toBeUndefined();
    expect(replay[1]).toMatchObject({ status: 201, replayed: true });
    expect(replay[1]!.value.id).toBe(replay[0]!.value.id);
  });

  it('keeps the backup items off for a cashier, and refuses Back up now in words', async () => {
    await expect.poll(() => standIn.menuItem('backup-now').enabled).toBe(false);
    await shell.menu.backupNow();
    expect(standIn.boxes.at(-1)?.message).toContain('may not back up or restore');
    expect(existsSync(join(shell.app.core.dataDir, 'backups'))).toBe(false);
    await signOut(page);
  });

  it("enables Back up now for the admin; it writes a backup and the window shows the file's path", async () => {
    await signInWithPin(page, 'admin', '1111');
    await expect.poll(() => standIn.menuItem('backup-now').enabled).toBe(true);
    expect(standIn.menuItem('restore-file').enabled).toBe(true);
    standIn.menuItem('backup-now').click!();
    const notice = page.getByRole('status').filter({ hasText: 'Backup saved:' });
    await notice.waitFor();
    const path = (await notice.textContent())!.match(/Backup saved: (\S+\.sqlite3)/)![1]!;
    expect(existsSync(path)).toBe(true);
    expect(path.startsWith(join(shell.app.core.dataDir, 'backups'))).toBe(true);
    await page.screenshot({ path: join(SCREENS_DIR, 'desktop-backup-now.png') });
    await signOut(page);
    await expect.poll(() => standIn.menuItem('backup-now').enabled).toBe(false);
  });

  it('serves the LAN when the setting is turned on; a browser page reaches the kitchen over HTTP', async () => {
    await signInWithPin(page, 'admin', '1111');
    const token = await tokenOf(page);
    const port = await freePort();
    const on = await viaIpc<TerminalSettingsView>(page, 'updateTerminalSettings', token, {
      lan: { enabled: true, host: '127.0.0.1', port },
    });
    expect(on.status).toBe(200);
    expect(on.value.lanServer).toMatchObject({
      state: 'listening',
      urls: [`http://127.0.0.1:${port}/#/kitchen`],
    });
    const strip = page.getByRole('status', { name: 'Kitchen display address' });
    await expect.poll(() => strip.textContent(), { timeout: 8000 }).toContain(`127.0.0.1:${port}`);
    await strip.getByRole('button', { name: 'Show QR code' }).click();
    await page.getByRole('img', { name: /QR code of http:\/\/127\.0\.0\.1/ }).waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'desktop-lan-address.png') });
    await page.getByRole('button', { name: 'Close' }).click();

    const lanPage = await openPage(browser, `http://127.0.0.1:${port}`);
    await signInWithPin(lanPage, 'kitchen', '4444');
    await lanPage
      .getByRole('region', { name: 'New' })
      .getByRole('button', { name: /^Order \d+,/ })
      .first()
      .waitFor();
    await lanPage.context().close();

    // A port in use: refused in words, the server keeps running where it was.
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const refused = await viaIpc(page, 'updateTerminalSettings', token, {
        lan: { port: taken },
      });
      expect(refused).toMatchObject({ ok: false, status: 409 });
      expect(refused.error.message).toContain(`port ${taken} is already in use`);
      const now = await viaIpc<TerminalSettingsView>(page, 'getTerminalSettings', token, {});
      expect(now.value.stored.lan.port).toBe(port);
      expect(now.value.lanServer?.state).toBe('listening');
      expect((await fetch(`http://127.0.0.1:${port}/api/diagnostics/ping`)).status).toBe(200);
    } finally {
      blocker.close();
    }

    const off = await viaIpc<TerminalSettingsView>(page, 'updateTerminalSettings', token, {
      lan: { enabled: false },
    });
    expect(off.value.lanServer?.state).toBe('off');
    await expect(fetch(`http://127.0.0.1:${port}/api/diagnostics/ping`)).rejects.toThrow();
  });

  it('signs the window out when a call answers 401 (the user was switched off)', async () => {
    await signOut(page);
    await signInWithPin(page, 'manager', '2222');
    const manager = await findUserByUsername(shell.app.core, 'manager');
    await updateUser(shell.app.core, { id: manager!.id, status: 'deactivated' });
    // The next call the screen makes answers 401 over IPC: the sign-in form comes back. The
    // screen's own polls (menu revision, notifications) may be that call and sign out before the
    // click lands, so a click that finds no nav any more is fine: the sign-in form is the test.
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Orders' })
      .click({ timeout: 3000 })
      .catch(() => undefined);
    await page.getByRole('form', { name: 'Sign in' }).waitFor({ timeout: 10000 });
  });

  it('restores from a file chosen in the menu: not a backup is refused, a backup signs out on its data', async () => {
    await signInWithPin(page, 'admin', '1111');
    await expect.poll(() => standIn.menuItem('restore-file').enabled).toBe(true);
    const outside = tempDir('ct-usb-');
    const junk = join(outside, 'notes.sqlite3');
    writeFileSync(junk, 'not a database');
    standIn.openAnswers.push({ canceled: false, filePaths: [junk] });
    await shell.menu.restoreFromFile();
    expect(standIn.boxes.at(-1)?.message).toContain('notes.sqlite3 is not a Countertop backup');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const backups = join(shell.app.core.dataDir, 'backups');
    const made = readdirSync(backups).find((f) => f.startsWith('backup-'))!;
    copyFileSync(join(backups, made), join(outside, made));
    await createUser(shell.app.core, { username: 'zed', password: 'password-1', role: 'cashier' });
    standIn.openAnswers.push({ canceled: false, filePaths: [join(outside, made)] });
    standIn.boxAnswers.push(1); // "Replace the data"
    await shell.menu.restoreFromFile();
    const confirm = standIn.boxes.at(-1)!;
    expect(confirm.message).toMatch(/^Replace all of this till's data with the backup made /);
    expect(confirm.detail).toContain('kept first as a pre-restore backup');
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Restored the backup made' }).waitFor();
    expect(await findUserByUsername(shell.app.core, 'zed')).toBeUndefined();
    await expect.poll(() => standIn.menuItem('restore-file').enabled).toBe(false);
  });

  it('closes the LAN server and the database on quit', async () => {
    const port = await freePort();
    await shell.app.terminal.update({ lan: { enabled: true, host: '127.0.0.1', port } });
    expect((await fetch(`http://127.0.0.1:${port}/api/diagnostics/ping`)).status).toBe(200);
    await standIn.quit();
    await expect(fetch(`http://127.0.0.1:${port}/api/diagnostics/ping`)).rejects.toThrow();
    expect(existsSync(shell.app.lock.file)).toBe(false);
  });
});
