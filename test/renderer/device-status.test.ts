/**
 * The printer's and drawer's live state on screen (issue 15), in real Chromium against a real
 * server whose printer is a loopback TCP printer answering DLE EOT with the bytes the test sets:
 * paper out in red with what to do in the top bar and on the Hardware screen, "Close the drawer"
 * while the sensor reads open, why a job failed in the print queue, and all of it clearing by
 * itself once the printer is ready (the waiting job prints without a click).
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src-main/core/demo';
import { insertJob } from '../../src-main/core/printing/jobs';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import { READY, statusPrinterTcp, type StatusPrinter } from '../hardware/support/status-printer';
import {
  SCREENS_DIR,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  openScreen,
  signInWithPin,
  wallClock,
} from './support';

let ts: TestServer;
let browser: Browser;
let page: Page;
let printer: StatusPrinter;

/** Paper out (n=2 bit 5, n=4 bits 5-6), offline, and the drawer pin high (open). */
const PAPER_OUT_DRAWER_OPEN = [0x1e, 0x32, 0x12, 0x72];

beforeAll(async () => {
  await ensureRendererBuilt();
  printer = await statusPrinterTcp(PAPER_OUT_DRAWER_OPEN);
  ts = await startTestServer({
    clock: wallClock(),
    env: { POS_PRINTER: `tcp://127.0.0.1:${printer.port}`, POS_DRAWER: 'printer' },
    hardware: { statusTimeoutMs: 1_500, statusPollMs: 500 },
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
  await printer?.close();
  removeTempDirs();
});

describe('printer and drawer state on screen', { timeout: 60_000 }, () => {
  it('shows paper out in red with what to do, and asks for the drawer to be closed', async () => {
    const bar = page.getByRole('banner');
    const paper = bar.getByRole('status', { name: 'Printer: Paper out' });
    await paper.waitFor();
    expect(await paper.textContent()).toBe('Printer: Paper out');
    await bar.getByRole('status', { name: 'Close the drawer' }).waitFor();

    const now = page.getByRole('region', { name: 'Printer and drawer now' });
    await now.getByText('Put in a new paper roll').waitFor();
    expect(await now.textContent()).toContain('Paper out');
    expect(await now.textContent()).toContain('Open');
    const color = await now
      .getByText('Paper out', { exact: true })
      .evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe('rgb(180, 35, 24)');
    await page.screenshot({ path: join(SCREENS_DIR, 'hardware-status.png') });
  });

  it('shows why a job failed, and prints it by itself once paper is back', async () => {
    const admin = await ts.app.core.dbh.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const job = await insertJob(ts.app.core, {
      kind: 'test',
      payload: { format: 'escpos', base64: Buffer.from('hello\n').toString('base64') },
      createdBy: admin.id,
    });
    ts.app.printer.wake();
    await ts.app.printer.idle();
    const queue = page.getByRole('region', { name: 'Print jobs' });
    await queue.getByRole('button', { name: 'Refresh' }).click();
    await queue.getByRole('cell', { name: 'paper out' }).waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, 'hardware-status-queue.png') });

    printer.answer = READY;
    const bar = page.getByRole('banner');
    await expect
      .poll(() => bar.getByRole('status', { name: 'Close the drawer' }).count(), {
        timeout: 10_000,
      })
      .toBe(0);
    expect(await bar.getByRole('status', { name: /^Printer:/ }).count()).toBe(0);
    await page
      .getByRole('region', { name: 'Printer and drawer now' })
      .getByText('Ready', { exact: true })
      .waitFor();
    await expect
      .poll(
        async () =>
          (
            await ts.app.core.dbh.db
              .selectFrom('printJobs')
              .select('status')
              .where('id', '=', job.id)
              .executeTakeFirstOrThrow()
          ).status,
        { timeout: 10_000 },
      )
      .toBe('done');
    expect(printer.jobs.map((j) => j.toString())).toEqual(['hello\n']);
  });
});
