/**
 * First run: no users → "Create the owner account". Over HTTP only with the one-time setup link
 * the server prints (single use, expires); in the desktop app over IPC from its own window.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../src-main/core/auth/first-run';
import { runShell } from '../../src-main/electron/main';
import type { LoginResult } from '../../src-shared/contract';
import { removeTempDirs, startTestServer, tempDir, type ErrorBodyShape } from '../helpers/app';
import { childEnv, killGroup, spawnNpm } from '../helpers/processes';
import { chromiumElectron } from '../electron/support/chromium-electron';
import {
  SCREENS_DIR,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  straysOf,
} from '../renderer/support';
import { join } from 'node:path';

let browser: Browser;
beforeAll(async () => {
  await ensureRendererBuilt();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  removeTempDirs();
});

const owner = { displayName: 'Olga Owner', username: 'olga', password: 'password-1', pin: '1357' };

describe('first run over HTTP', () => {
  it('needs the setup token: wrong, used or expired links are refused, and only one owner', async () => {
    const ts = await startTestServer();
    try {
      const status = await ts.request<{ needsOwner: boolean }>('/api/setup/status');
      expect(status.body).toEqual({ needsOwner: true });
      const guess = await ts.request<ErrorBodyShape>('/api/setup/owner', {
        body: { ...owner, setupToken: 'guess' },
      });
      expect(guess.status).toBe(403);
      expect(guess.body.error.message).toContain('setup link is not valid or has expired');

      const expired = issueSetupToken(ts.app.core);
      ts.clock.advance(61 * 60 * 1000);
      const late = await ts.request('/api/setup/owner', {
        body: { ...owner, setupToken: expired },
      });
      expect(late.status).toBe(403);

      const token = issueSetupToken(ts.app.core);
      const made = await ts.request<LoginResult>('/api/setup/owner', {
        body: { ...owner, setupToken: token },
      });
      expect(made.status).toBe(201);
      expect(made.body.user).toMatchObject({ username: 'olga', role: 'admin' });
      const again = await ts.request('/api/setup/owner', {
        body: { ...owner, username: 'mallory', setupToken: token },
      });
      expect(again.status).toBe(409);
      expect((await ts.request('/api/setup/status')).body).toEqual({ needsOwner: false });
    } finally {
      await ts.close();
    }
  });

  it('`npm run serve` prints the setup link at first start; the link creates the owner', async () => {
    const dir = tempDir();
    const p = spawnNpm('serve', ['--port', '0', '--data-dir', dir], childEnv());
    try {
      const m = await p.waitFor(/first start: create the owner account at (http:\/\/\S+)/);
      const link = m[1]!;
      const base = new URL(link).origin;
      const page = await openPage(browser, base);
      await page.goto(link);
      const form = page.getByRole('form', { name: 'Create the owner account' });
      await form.getByLabel('Your name').fill(owner.displayName);
      await form.getByLabel('Username').fill(owner.username);
      await form.getByLabel('Password').fill(owner.password);
      await form.getByLabel('PIN').fill(owner.pin);
      await page.screenshot({ path: join(SCREENS_DIR, 'first-run-owner.png') });
      await form.getByRole('button', { name: 'Create the owner account' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await page.getByText('Olga Owner').count()).toBeGreaterThan(0);
      expect(straysOf(page)).toEqual([]);
      await page.context().close();
    } finally {
      killGroup(p);
    }
  }, 60_000);
});

describe('first run in the desktop app', () => {
  it('opens "Create the owner account" and creates it over IPC, with no setup link', async () => {
    const standIn = chromiumElectron(browser, tempDir('ct-first-'));
    const shell = await runShell(standIn.electron, { POS_JWT_SECRET: 's'.repeat(40) });
    try {
      const page = standIn.windows[0]!.page;
      page.setDefaultTimeout(8000);
      const form = page.getByRole('form', { name: 'Create the owner account' });
      await form.getByLabel('Your name').fill(owner.displayName);
      await form.getByLabel('Username').fill('o');
      await form.getByLabel('Password').fill(owner.password);
      await form.getByLabel('PIN').fill(owner.pin);
      await form.getByRole('button', { name: 'Create the owner account' }).click();
      // A refusal shows on its field, in words.
      await form.getByText('username is 2–32 of a-z 0-9 . _ -').waitFor();
      await form.getByLabel('Username').fill(owner.username);
      await form.getByRole('button', { name: 'Create the owner account' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      // The main process saw the sign-in: the owner may back up from the menu.
      await expect.poll(() => standIn.menuItem('backup-now').enabled).toBe(true);
    } finally {
      await standIn.quit();
      expect(shell).not.toBeNull();
    }
  }, 60_000);
});
