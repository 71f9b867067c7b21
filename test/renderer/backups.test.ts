/**
 * The Backups screen in real Chromium against a real server: back up now (progress, then the
 * file in the list), change something, restore it from the list and see the change undone and
 * the app signed out; download a backup and send it back (restore from a file); bad files
 * refused with the reason and nothing changed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessSettings } from '../../src-shared/contract';
import { DB_FILE } from '../../src-main/app';
import { backupsDir } from '../../src-main/core/backups/files';
import { removeTempDirs, tempDir, type TestServer } from '../helpers/app';
import { dumpTables } from '../backups/helpers';
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
let browser: Browser;
let page: Page;

const adminToken = () => ts.token('admin', 'admin-demo-1');

async function storeName(): Promise<string> {
  const r = await ts.request<BusinessSettings>('/api/settings', { token: await adminToken() });
  return r.body.storeName;
}

async function renameShop(name: string): Promise<void> {
  const r = await ts.request('/api/settings', {
    method: 'PATCH',
    token: await adminToken(),
    body: { storeName: name },
  });
  expect(r.status, r.text).toBe(200);
}

const files = () => readdirSync(backupsDir(ts.dataDir)).sort();

async function signInToBackups(): Promise<void> {
  await signInWithPin(page, 'admin', '1111');
  await openScreen(page, 'Backups');
  await page.getByRole('heading', { name: 'Backups' }).waitFor();
}

/** The restore dialog's Restore, then the sign-in screen with the reason. */
async function confirmRestore(): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.waitFor();
  expect(await form.getByRole('status').textContent()).toMatch(
    /restored from the backup .*Everyone has been signed out/,
  );
}

beforeAll(async () => {
  await ensureRendererBuilt();
  ts = await startDemoServer();
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe('Backups screen', { timeout: 60_000 }, () => {
  let made = '';

  it('backs up now with progress, and lists the new file', async () => {
    await signInToBackups();
    await page.getByText('No backups yet').waitFor();
    await page.getByRole('button', { name: 'Back up now' }).click();
    const bar = page.getByRole('progressbar', { name: 'Backup progress' });
    await bar.waitFor();
    const status = page.getByRole('status').filter({ hasText: 'Backed up:' });
    await status.waitFor();
    expect(await bar.getAttribute('value')).toBe('100');
    made = files().find((f) => f.startsWith('backup-')) ?? '';
    expect(made).not.toBe('');
    expect(await status.textContent()).toContain(made);
    const row = page.getByRole('row').filter({ hasText: made });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Taken by hand.*(KB|MB)/);
    await page.screenshot({ path: join(SCREENS_DIR, 'backups.png') });
  });

  it('restores that backup from the list: the change is undone and the app signed out', async () => {
    const original = await storeName();
    await renameShop('Changed after the backup');
    await page.getByRole('button', { name: `Restore ${made}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/This backup was made .*replaces all of the shop/);
    await page.screenshot({ path: join(SCREENS_DIR, 'backups-restore.png') });
    await confirmRestore();
    expect(await storeName()).toBe(original);
    // The session the browser held no longer works: signing in again does.
    expect(files().some((f) => f.startsWith('pre-restore-'))).toBe(true);
    await signInToBackups();
  });

  it('downloads a backup and restores it from the file', async () => {
    const original = await storeName();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Download ${made}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(made);
    const saved = join(tempDir(), made);
    await download.saveAs(saved);
    expect(readFileSync(saved).equals(readFileSync(join(backupsDir(ts.dataDir), made)))).toBe(true);
    await renameShop('Changed again');
    await page.getByLabel('Backup file to restore').setInputFiles(saved);
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`It was sent as ${made}`);
    expect(await dialog.textContent()).toMatch(/This backup was made/);
    await confirmRestore();
    expect(await storeName()).toBe(original);
    expect(files().some((f) => f.startsWith('uploaded-'))).toBe(true);
    await signInToBackups();
  });

  it('refuses a file that is not a backup, with the reason, and changes nothing', async () => {
    await renameShop('Kept as it is');
    const before = files();
    const live = dumpTables(join(ts.dataDir, DB_FILE));
    const input = page.getByLabel('Backup file to restore');
    await input.setInputFiles({
      name: 'notes.sqlite3',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('these are my notes, not a database'),
    });
    const alert = page.getByRole('alert').filter({ hasText: 'notes.sqlite3' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /notes\.sqlite3 cannot be restored: not a SQLite database/,
    );
    // SQLite, but not this app's.
    const foreign = join(tempDir(), 'other.sqlite3');
    const db = new Database(foreign);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    db.close();
    await input.setInputFiles(foreign);
    const other = page.getByRole('alert').filter({ hasText: 'other.sqlite3' });
    await other.waitFor();
    expect(await other.textContent()).toMatch(/not a Countertop database/);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(files()).toEqual(before);
    const now = dumpTables(join(ts.dataDir, DB_FILE));
    expect(now.settings).toEqual(live.settings);
    expect(now.menu_items).toEqual(live.menu_items);
    expect(await storeName()).toBe('Kept as it is');
    expect(straysOf(page)).toEqual([]);
  });
});
