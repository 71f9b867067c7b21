/**
 * The Hardware screen's settings of this terminal, in real Chromium against a real server: a
 * network printer set from the fields is in use at once (the test print's bytes reach a TCP
 * listener on 127.0.0.1), bad fields are refused next to the field with nothing saved, a drawer
 * fixed by POS_DRAWER is read-only, and the LAN server (the desktop shell's wiring,
 * `serveLanFromSettings`, on this test server) is switched on from the screen, shows its address
 * and QR code, is reached by a second page, and a port in use is refused in words.
 */
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src-main/core/demo';
import { serveLanFromSettings, type LanServer } from '../../src-main/electron/lan-server';
import type { TerminalSettingsView } from '../../src-shared/contract/terminal';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import { freePort } from '../helpers/processes';
import {
  SCREENS_DIR,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  openScreen,
  signInWithPin,
  straysOf,
  wallClock,
} from './support';

let ts: TestServer;
let lan: LanServer;
let browser: Browser;
let page: Page;
let printer: Server;
let printerPort = 0;
let received = 0;

async function settings(): Promise<TerminalSettingsView> {
  const r = await ts.request<TerminalSettingsView>('/api/terminal/settings', {
    token: await ts.token('admin', 'admin-demo-1'),
  });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

/** The error a field shows, found as a screen reader finds it: through aria-describedby. */
async function errorOf(input: Locator): Promise<string | null> {
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ');
  const id = ids.find((i) => i.endsWith('-error'));
  return id ? page.locator(`[id="${id}"]`).textContent() : null;
}

beforeAll(async () => {
  await ensureRendererBuilt();
  printer = createServer((sock) => sock.on('data', (b: Buffer) => (received += b.length)));
  await new Promise<void>((r) => printer.listen(0, '127.0.0.1', r));
  printerPort = (printer.address() as { port: number }).port;
  ts = await startTestServer({ clock: wallClock(), env: { POS_DRAWER: 'printer?pin=1' } });
  await seedDemo(ts.app.core);
  lan = await serveLanFromSettings(ts.app, { log: () => undefined });
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
  await signInWithPin(page, 'admin', '1111');
  await openScreen(page, 'Hardware');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await lan?.stop();
  await ts?.close();
  await new Promise((r) => printer?.close(r));
  removeTempDirs();
});

describe("Hardware screen: this terminal's settings", { timeout: 60_000 }, () => {
  const status = () => page.getByRole('region', { name: 'This terminal' });
  const devices = () => page.getByRole('region', { name: 'Receipt printer and cash drawer' });
  const printerGroup = () => devices().getByRole('group', { name: 'Receipt printer' });
  const drawerGroup = () => devices().getByRole('group', { name: 'Cash drawer' });
  const save = () => devices().getByRole('button', { name: 'Save printer and drawer' });

  it('sets a network printer: in use at once, and the test print arrives at it', async () => {
    await status().getByText('none', { exact: true }).first().waitFor();
    await printerGroup().getByRole('radio', { name: 'Network printer' }).check();
    await printerGroup().getByLabel('Printer address').fill('127.0.0.1');
    await printerGroup().getByLabel('Printer port').fill(String(printerPort));
    await save().click();
    const url = `tcp://127.0.0.1:${printerPort}`;
    await devices().getByRole('status').filter({ hasText: 'Saved and in use' }).waitFor();
    expect((await settings()).stored.printer).toBe(url);
    // The status above loaded again: no restart, no reload of the page.
    await status().getByText(url).waitFor();

    await status().getByRole('button', { name: 'Print a test receipt' }).click();
    const done = status().getByRole('status').filter({ hasText: 'Test receipt printed' });
    await done.waitFor();
    await expect.poll(() => received).toBeGreaterThan(100);
    expect(await done.textContent()).toContain(`${url} took`);
    await devices().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS_DIR, 'hardware-terminal.png') });
  });

  it('a bad port, host or device is refused next to its field, and nothing changes', async () => {
    const before = (await settings()).stored.printer;
    const port = printerGroup().getByLabel('Printer port');
    await port.fill('99999');
    await save().click();
    await expect.poll(() => port.getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf(port)).toBe('Must be 1..65535, not "99999".');
    expect(await devices().getByRole('alert').textContent()).toContain('Nothing was saved');
    expect((await settings()).stored.printer).toBe(before);

    await port.fill(String(printerPort));
    const host = printerGroup().getByLabel('Printer address');
    await host.fill('back office printer');
    await save().click();
    await expect.poll(() => host.getAttribute('aria-invalid')).toBe('true');
    expect(await port.getAttribute('aria-invalid')).toBeNull();
    expect((await settings()).stored.printer).toBe(before);

    // A device file that is a plain file: the server looks, and says so.
    await printerGroup().getByRole('radio', { name: 'Device file' }).check();
    const file = printerGroup().getByLabel('Printer device file');
    await file.fill('/etc/hostname');
    await save().click();
    await expect.poll(() => file.getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf(file)).toMatch(/\/etc\/hostname is not a device/);
    expect((await settings()).stored.printer).toBe(before);

    await printerGroup().getByRole('radio', { name: 'Network printer' }).check();
    await host.fill('127.0.0.1');
    await save().click();
    await devices().getByRole('status').filter({ hasText: 'Saved and in use' }).waitFor();
    expect((await settings()).stored.printer).toBe(before);
  });

  it('the drawer set by POS_DRAWER is shown read-only, with why', async () => {
    const drawer = drawerGroup();
    expect(await drawer.getByRole('note').textContent()).toMatch(
      /Set by POS_DRAWER in this terminal's environment/,
    );
    expect(await drawer.getByRole('radio', { name: 'Through the printer' }).isChecked()).toBe(true);
    expect(await drawer.getByRole('radio', { name: 'Own serial port' }).isDisabled()).toBe(true);
    expect(await drawer.getByLabel('Drawer pin').inputValue()).toBe('1');
    expect(await drawer.getByLabel('Drawer pin').isDisabled()).toBe(true);
    expect(await drawer.getByLabel('Pulse on').isEditable()).toBe(false);
    // Saving the printer never sent the drawer: the stored one is untouched.
    const view = await settings();
    expect(view.stored.drawer).toBe('none');
    expect(view.settings.drawer).toBe('printer?pin=1');
  });

  it('turns the LAN server on: address and QR code shown, a second page reaches it', async () => {
    const section = page.getByRole('region', { name: 'LAN server' });
    const port = await freePort();
    await section
      .getByRole('checkbox', {
        name: 'Serve kitchen displays and other terminals on this network',
      })
      .check();
    await section.getByLabel('Host').fill('127.0.0.1');
    await section.getByLabel('Port').fill(String(port));
    await section.getByRole('button', { name: 'Save LAN server' }).click();
    await section.getByRole('status').filter({ hasText: 'Saved: serving this network.' }).waitFor();
    const url = `http://127.0.0.1:${port}/#/kitchen`;
    const strip = section.getByRole('status', { name: 'Kitchen display address' });
    await expect.poll(() => strip.textContent()).toContain(url);
    await strip.getByRole('button', { name: 'Show QR code' }).click();
    await page.getByRole('img', { name: `QR code of ${url}` }).waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'hardware-lan-qr.png') });
    await page.getByRole('button', { name: 'Close' }).click();

    const kitchen = await openPage(browser, `http://127.0.0.1:${port}`);
    await signInWithPin(kitchen, 'kitchen', '4444');
    expect(straysOf(kitchen)).toEqual([]);
    await kitchen.context().close();
    expect((await settings()).stored.lan).toEqual({ enabled: true, host: '127.0.0.1', port });
  });

  it('a port in use is said in words next to the port; the server keeps running', async () => {
    const section = page.getByRole('region', { name: 'LAN server' });
    const running = (await settings()).stored.lan.port;
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const portInput = section.getByLabel('Port');
      await portInput.fill(String(taken));
      await section.getByRole('button', { name: 'Save LAN server' }).click();
      await expect.poll(() => portInput.getAttribute('aria-invalid')).toBe('true');
      expect(await errorOf(portInput)).toMatch(
        new RegExp(`^Port ${taken} is already in use on this computer`),
      );
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENS_DIR, 'hardware-lan.png') });
      const view = await settings();
      expect(view.stored.lan.port).toBe(running);
      expect(view.lanServer?.state).toBe('listening');
      expect((await fetch(`http://127.0.0.1:${running}/api/diagnostics/ping`)).status).toBe(200);
    } finally {
      blocker.close();
    }
    expect(straysOf(page)).toEqual([]);
  });
});
