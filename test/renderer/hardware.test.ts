/**
 * The Hardware screen in real Chromium against a real server whose receipt printer is a TCP
 * listener on 127.0.0.1: the status as the server understood it, a test print (the bytes the
 * printer took), a closed port in words, a simulated drawer kick, a failed job retried from the
 * print queue, and a kitchen station whose bad printer address is refused next to the field.
 */
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src-main/core/demo';
import type { PrintJob } from '../../src-shared/contract/hardware';
import type { Station } from '../../src-shared/contract/stations';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
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
let browser: Browser;
let page: Page;
let printer: Server | null = null;
let port = 0;
let received = 0;

/** The receipt printer: takes whatever comes and counts it. */
async function listen(at = 0): Promise<void> {
  printer = createServer((sock) => {
    sock.on('data', (b: Buffer) => (received += b.length));
  });
  await new Promise<void>((r) => printer!.listen(at, '127.0.0.1', r));
  port = (printer.address() as { port: number }).port;
}

async function unplug(): Promise<void> {
  const s = printer;
  printer = null;
  await new Promise((r) => s?.close(r));
}

async function api<T>(path: string): Promise<T> {
  const r = await ts.request<T>(path, { token: await ts.token('admin', 'admin-demo-1') });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

beforeAll(async () => {
  await ensureRendererBuilt();
  await listen();
  ts = await startTestServer({
    clock: wallClock(),
    env: { POS_PRINTER: `tcp://127.0.0.1:${port}` },
  });
  await seedDemo(ts.app.core);
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
  await signInWithPin(page, 'admin', '1111');
  await openScreen(page, 'Hardware');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  await unplug();
  removeTempDirs();
});

describe('Hardware screen', { timeout: 60_000 }, () => {
  const terminal = () => page.getByRole('region', { name: 'This terminal' });

  it('shows the printer and drawer as the server understood them', async () => {
    await terminal().getByText(`tcp://127.0.0.1:${port}`).waitFor();
    expect(await terminal().textContent()).toContain('(simulated: nothing is sent)');
    // The separate "Print jobs" entry is gone: the queue lives here.
    const office = page.getByRole('navigation', { name: 'Back office' });
    expect(await office.getByRole('link', { name: 'Print jobs' }).count()).toBe(0);
    await page.getByRole('region', { name: 'Print jobs' }).waitFor();
  });

  it('the printer fixed by POS_PRINTER is read-only; the headless server has no LAN switch', async () => {
    const printer = page
      .getByRole('region', { name: 'Receipt printer and cash drawer' })
      .getByRole('group', { name: 'Receipt printer' });
    expect(await printer.getByRole('note').textContent()).toMatch(/Set by POS_PRINTER/);
    expect(await printer.getByLabel('Printer port').inputValue()).toBe(String(port));
    expect(await printer.getByLabel('Printer port').isEditable()).toBe(false);
    const lan = page.getByRole('region', { name: 'LAN server' });
    expect(await lan.getByRole('note').textContent()).toMatch(
      /This terminal is the headless server: it already serves/,
    );
    expect(await lan.getByRole('checkbox').count()).toBe(0);
  });

  it('prints a test receipt and says how many bytes the printer took', async () => {
    await terminal().getByRole('button', { name: 'Print a test receipt' }).click();
    const done = terminal().getByRole('status').filter({ hasText: 'Test receipt printed' });
    await done.waitFor();
    await expect.poll(() => received).toBeGreaterThan(100);
    expect(await done.textContent()).toBe(
      `Test receipt printed: tcp://127.0.0.1:${port} took ${received} bytes.`,
    );
  });

  it('kicks the drawer (simulated: no drawer set up)', async () => {
    await terminal().getByRole('button', { name: 'Open the cash drawer' }).click();
    const done = terminal().getByRole('status').filter({ hasText: 'simulated' });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/nothing sent; it would be 1b70/);
  });

  it('a closed port says why and what to check; the failed job is retried from the queue', async () => {
    await unplug();
    await terminal().getByRole('button', { name: 'Print a test receipt' }).click();
    const alert = terminal().getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /The printer did not respond: printer refused connection at .*Check that the printer is switched on/,
    );
    await page.screenshot({ path: join(SCREENS_DIR, 'hardware.png') });

    const failed = (await api<{ jobs: PrintJob[] }>('/api/print-jobs?status=failed')).jobs;
    expect(failed).toHaveLength(1);
    await listen(port);
    const before = received;
    const queue = page.getByRole('region', { name: 'Print jobs' });
    await queue.getByRole('button', { name: 'Refresh' }).click();
    await queue.getByRole('button', { name: 'Retry' }).click();
    await expect
      .poll(async () => (await api<PrintJob>(`/api/print-jobs/${failed[0]!.id}`)).status, {
        timeout: 10_000,
      })
      .toBe('done');
    expect(received).toBeGreaterThan(before);
  });

  it('adds a kitchen station; a bad printer address is refused next to the field', async () => {
    const form = page.getByRole('form', { name: 'New station' });
    await form.getByLabel('Name').fill('Grill');
    await form.getByLabel('Printer').fill('lpt1 please');
    await form.getByRole('button', { name: 'Add station' }).click();
    const printerField = form.getByLabel('Printer');
    await expect.poll(() => printerField.getAttribute('aria-invalid')).toBe('true');
    const why = await form.locator('.field-error').textContent();
    expect(why).toMatch(/tcp:\/\//);
    const stations = () => api<{ stations: Station[] }>('/api/stations');
    expect((await stations()).stations.some((s) => s.name === 'Grill')).toBe(false);
    await printerField.fill('tcp://127.0.0.1:9100');
    await form.getByRole('button', { name: 'Add station' }).click();
    const grill = page.getByRole('form', { name: 'Station Grill' });
    await grill.waitFor();
    expect(await grill.getByLabel('Printer').inputValue()).toBe('tcp://127.0.0.1:9100');
    // Change it: the same refusal applies, and a good one is saved.
    await grill.getByLabel('Printer').fill('serial:');
    await grill.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => grill.getByLabel('Printer').getAttribute('aria-invalid')).toBe('true');
    await grill.getByLabel('Printer').fill('tcp://127.0.0.1:9101');
    await grill.getByRole('button', { name: 'Save' }).click();
    await grill.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const saved = (await stations()).stations.find((s) => s.name === 'Grill');
    expect(saved?.printer).toBe('tcp://127.0.0.1:9101');
    await grill.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS_DIR, 'hardware-stations.png') });
    expect(straysOf(page)).toEqual([]);
  });
});
