/**
 * The Staff screen in real Chromium against the real server (demo data): an owner adds a
 * cashier with a PIN, who then signs in on the PIN pad and sells; the last admin cannot be
 * switched off and the screen says why (before the click, and from the server's 409 when the
 * list was stale); a sign-in lockout is seen, cleared, and the user signs in again.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILURES } from '../../src-main/core/auth/login';
import type { AuditEntry } from '../../src-shared/contract/audit';
import type { User } from '../../src-shared/contract/auth';
import type { Order } from '../../src-shared/contract/orders';
import { removeTempDirs, type TestServer } from '../helpers/app';
import {
  SCREENS_DIR,
  ensureRendererBuilt,
  launchBrowser,
  openPage,
  openScreen,
  signInWithPin,
  signOut,
  startDemoServer,
  straysOf,
  descriptionOf,
} from './support';

let ts: TestServer;
let browser: Browser;
let page: Page;
let admin: string;

async function users(): Promise<User[]> {
  const res = await ts.request<{ users: User[] }>('/api/users', { token: admin });
  expect(res.status).toBe(200);
  return res.body.users;
}

async function userNamed(username: string): Promise<User> {
  const u = (await users()).find((x) => x.username === username);
  expect(u, username).toBeDefined();
  return u!;
}

/** Leaves the Staff screen and comes back: it reads the list afresh. */
async function reopenStaff(): Promise<void> {
  await openScreen(page, 'Customers');
  await openScreen(page, 'Staff');
  await page.getByRole('table').first().waitFor();
}

beforeAll(async () => {
  await ensureRendererBuilt();
  ts = await startDemoServer();
  admin = await ts.token('admin', 'admin-demo-1');
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
  // A missing control fails its step with a locator error, not the whole test's timeout.
  page.setDefaultTimeout(8000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe('staff', () => {
  it('an owner adds a cashier with a role, a password and a PIN', async () => {
    await signInWithPin(page, 'admin', '1111');
    await openScreen(page, 'Staff');
    const list = page.getByRole('region', { name: 'Everyone' });
    await list.getByRole('button', { name: 'Open Max Manager' }).waitFor();

    await page.getByRole('button', { name: 'Add a member of staff' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a member of staff' });
    await dialog.getByLabel('Username', { exact: true }).fill('nina');
    await dialog.getByLabel('Name', { exact: true }).fill('Nina Newcomer');
    await dialog.getByLabel('Role', { exact: true }).selectOption({ label: 'Cashier' });
    await dialog.getByLabel('Password', { exact: true }).fill('short');
    await dialog.getByLabel('PIN', { exact: true }).fill('5791');
    await dialog.getByRole('button', { name: 'Add to staff' }).click();
    // The server's 422 shows next to the password; nothing was added.
    await expect
      .poll(() => descriptionOf(dialog.getByLabel('Password', { exact: true })))
      .toContain('password needs at least 8 characters');
    expect((await users()).some((u) => u.username === 'nina')).toBe(false);

    await dialog.getByLabel('Password', { exact: true }).fill('nina-password');
    await dialog.getByRole('button', { name: 'Add to staff' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('Nina Newcomer was added as cashier.').waitFor();
    await list.getByRole('button', { name: 'Open Nina Newcomer' }).waitFor();
    const nina = await userNamed('nina');
    expect(nina).toMatchObject({
      role: 'cashier',
      status: 'active',
      hasPin: true,
      lastSignInAt: null,
    });
    // Never signed in: the list says so; the admin who just did has a time.
    const row = (name: string) => list.getByRole('row').filter({ hasText: name });
    await row('Nina Newcomer').getByRole('cell', { name: 'Not known' }).waitFor();
    expect(await row('Ada Admin').getByRole('cell', { name: 'Not known' }).count()).toBe(0);
    expect((await userNamed('admin')).lastSignInAt).not.toBeNull();

    // Her editor is open: permissions in words, the cashier's set ticked.
    const editor = page.getByRole('region', { name: 'Member of staff Nina Newcomer' });
    await expect
      .poll(() => editor.getByLabel('take payments', { exact: true }).isChecked())
      .toBe(true);
    await expect
      .poll(() => editor.getByLabel('refund payments', { exact: true }).isChecked())
      .toBe(false);
  });

  it('changes permissions beyond the role, and resets a PIN', async () => {
    const editor = page.getByRole('region', { name: 'Member of staff Nina Newcomer' });
    await editor.getByLabel('give discounts', { exact: true }).check();
    await editor.getByLabel('handle the cash drawer', { exact: true }).uncheck();
    await editor.getByRole('button', { name: 'Save name, role and permissions' }).click();
    await page
      .getByRole('status')
      .getByText(/permissions saved/)
      .waitFor();
    const nina = await userNamed('nina');
    expect(nina.extraPermissions).toEqual(['orders.discount']);
    expect(nina.revokedPermissions).toEqual(['cash.manage']);
    expect(nina.permissions).toContain('orders.discount');
    expect(nina.permissions).not.toContain('cash.manage');
    // Shown in words, marked as differing from the role.
    await editor.getByText('(added)').waitFor();
    await editor.getByText('(taken away)').waitFor();

    await editor.getByLabel('New PIN', { exact: true }).fill('12');
    await editor.getByRole('button', { name: 'Set PIN' }).click();
    await expect
      .poll(() => descriptionOf(editor.getByLabel('New PIN', { exact: true })))
      .toContain('PIN is 4 to 8 digits');
    await editor.getByLabel('New PIN', { exact: true }).fill('2468');
    await editor.getByRole('button', { name: 'Set PIN' }).click();
    await page
      .getByRole('status')
      .getByText('Nina Newcomer: New PIN set.', { exact: false })
      .waitFor();
    expect((await ts.loginPin('nina', '5791')).status).toBe(401);
    expect((await ts.loginPin('nina', '2468')).status).toBe(200);
  });

  it('the last admin cannot be switched off or demoted, and the screen says why', async () => {
    await page.getByRole('button', { name: 'Open Ada Admin' }).click();
    const editor = page.getByRole('region', { name: 'Member of staff Ada Admin' });
    const off = editor.getByRole('button', { name: 'Switch off this account' });
    await expect.poll(() => off.isDisabled()).toBe(true);
    expect(await descriptionOf(off)).toBe(
      'Ada Admin is the only active admin. Make someone else an admin first.',
    );
    await editor.getByLabel('Role', { exact: true }).selectOption('manager');
    const save = editor.getByRole('button', { name: 'Save name, role and permissions' });
    await expect.poll(() => save.isDisabled()).toBe(true);
    expect(await descriptionOf(save)).toContain('only active admin');
    await editor.getByLabel('Role', { exact: true }).selectOption('admin');
  });

  it('a stale list lets the click through; the server refuses (409) and the screen says why', async () => {
    const bea = await ts.createUser({
      username: 'bea',
      password: 'bea-password',
      role: 'admin',
      displayName: 'Bea Boss',
    });
    await reopenStaff();
    await page.getByRole('button', { name: 'Open Ada Admin' }).click();
    const editor = page.getByRole('region', { name: 'Member of staff Ada Admin' });
    const off = editor.getByRole('button', { name: 'Switch off this account' });
    await expect.poll(() => off.isEnabled()).toBe(true);
    // Meanwhile, on another terminal, Bea is switched off: Ada is the last admin again.
    const res = await ts.request(`/api/users/${bea.id}`, {
      method: 'PATCH',
      token: admin,
      body: { status: 'deactivated' },
    });
    expect(res.status).toBe(200);
    await off.click();
    await editor
      .getByRole('alert')
      .getByText(
        'The shop needs at least one active admin who can manage staff: make someone else an admin first.',
      )
      .waitFor();
    expect((await userNamed('admin')).status).toBe('active');
  });

  it('shows a sign-in lockout, clears it, and the user signs in again', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await ts.loginPin('nina', '0000')).status).toBe(401);
    }
    expect((await ts.loginPin('nina', '2468')).status).toBe(429);
    // At a till on that address the PIN pad says how long, and that a manager can clear it.
    const till = await openPage(browser, ts.baseUrl);
    try {
      await till.getByLabel('Username').fill('nina');
      const pad = till.getByRole('group', { name: 'PIN pad' });
      for (const d of '2468') await pad.getByRole('button', { name: d, exact: true }).click();
      await till.getByRole('button', { name: 'Sign in', exact: true }).click();
      await till
        .getByText(
          'Too many wrong tries from this till. Try again in 15 minutes, or ask a manager to clear the lockout.',
        )
        .waitFor();
    } finally {
      await till.context().close();
    }
    await reopenStaff();
    const lockouts = page.getByRole('region', { name: 'Sign-in lockouts' });
    await lockouts.getByRole('cell', { name: 'nina (Nina Newcomer)' }).waitFor();
    // Counted per username and address: the lockout says where the tries came from.
    await lockouts.getByRole('cell', { name: '127.0.0.1', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Everyone' }).getByText('Locked out').waitFor();
    await page.getByRole('button', { name: 'Open Nina Newcomer' }).click();
    await page.screenshot({ path: join(SCREENS_DIR, 'staff.png') });

    await lockouts.getByRole('button', { name: 'Clear lockout for nina from 127.0.0.1' }).click();
    await lockouts.getByRole('status').getByText('nina can sign in again.').waitFor();
    await lockouts.getByText('No one is locked out of signing in.').waitFor();
    const audit = await ts.request<{ entries: AuditEntry[] }>('/api/audit?type=lockout_clear', {
      token: admin,
    });
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]?.details).toMatchObject({
      username: 'nina',
      failures: MAX_FAILURES,
    });
  });

  it('the new cashier signs in with the PIN pad and sells', async () => {
    await signOut(page);
    await signInWithPin(page, 'nina', '2468');
    await page.getByText('Nina Newcomer', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add Croissant' }).click();
    await page.getByRole('button', { name: 'Create order' }).click();
    await page
      .getByRole('group', { name: 'Payment method' })
      .getByRole('button', { name: 'Card' })
      .click();
    await page.getByRole('button', { name: /^Charge/ }).click();
    await page.getByText('Paid in full').waitFor();
    const { orders } = (
      await ts.request<{ orders: Order[] }>('/api/orders?limit=1', { token: admin })
    ).body;
    const nina = await userNamed('nina');
    expect(orders[0]).toMatchObject({ createdBy: nina.id, balance: 0 });
    expect(orders[0]?.items.map((i) => i.name)).toEqual(['Croissant']);
    expect(straysOf(page)).toEqual([]);
  });
});
