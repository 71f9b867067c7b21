/**
 * Hub users on the hub's screen, in real headless Chromium at 1366×768 against a hub on a real
 * PostgreSQL: an admin adds a manager (refusals said in words next to the form), the last admin
 * cannot step down, the manager signs in and changes their password (the old one stops working),
 * and the admin resets the manager's password and deactivates them.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, SCREENS_DIR, straysOf } from '../renderer/support';
import { call, hubUser, signInOnScreen } from './support';
import { hubScreenWorld } from './screen-world';

const w = hubScreenWorld();

const alertSaying = (page: Page, text: string) =>
  page.getByRole('alert').filter({ hasText: text }).waitFor();
const statusSaying = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).waitFor();

function login(username: string, password: string) {
  return call(w.t.url, 'POST', '/hub/api/auth/login', { body: { username, password } });
}

describe('hub users on the hub screen', () => {
  it('adds a manager who signs in and changes their password; the admin resets and deactivates', async () => {
    const owner = await hubUser(w.t);
    const page = await openPage(w.browser, w.t.url);
    await signInOnScreen(page, owner.username, owner.password);
    const people = page.getByRole('table', { name: 'Hub users' });
    await people.getByRole('cell', { name: `${owner.username} (you)` }).waitFor();

    // Refusals in words next to the form, each field marked.
    const form = page.getByRole('form', { name: 'Add a hub user' });
    await form.getByLabel('Hub username').fill('x');
    await form.getByLabel('First password').fill('short');
    await form.getByRole('button', { name: 'Add hub user' }).click();
    await alertSaying(page, 'A username needs 2 to 40 characters.');
    await alertSaying(page, 'A password needs at least 8 characters.');
    expect(await form.getByLabel('Hub username').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Hub username').fill(owner.username.toUpperCase());
    await form.getByLabel('First password').fill('lou first password');
    await form.getByRole('button', { name: 'Add hub user' }).click();
    await alertSaying(page, `A hub user named ${owner.username} already exists.`);

    await form.getByLabel('Hub username').fill('lou');
    await form.getByLabel('Their name').fill('Lou Martin');
    await form.getByLabel('Hub role').selectOption({ label: 'Manager' });
    await form.getByRole('button', { name: 'Add hub user' }).click();
    await statusSaying(page, 'Added Lou Martin (Manager)');
    const lou = people.getByRole('row').filter({ hasText: 'Lou Martin' });
    await lou.getByRole('cell', { name: 'Never' }).waitFor();
    expect(await lou.getByRole('cell', { name: 'Manager', exact: true }).count()).toBe(1);
    expect(await form.getByLabel('Hub username').inputValue()).toBe('');

    // The only admin cannot step down: said above the table.
    page.once('dialog', (d) => void d.accept());
    await people.getByRole('button', { name: `Make ${owner.username} a manager` }).click();
    await alertSaying(page, `The hub needs an active admin and ${owner.username} is the last one`);
    expect(await people.getByRole('button', { name: `Deactivate ${owner.username}` }).count()).toBe(
      0,
    );
    await page
      .getByRole('heading', { name: 'Hub users' })
      .evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-users.png') });

    // The manager signs in, sees no hub users, and changes their password.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInOnScreen(page, 'lou', 'lou first password');
    const mine = page.getByRole('form', { name: 'Change my password' });
    await mine.waitFor();
    expect(await page.getByRole('heading', { name: 'Hub users' }).isVisible()).toBe(false);
    await mine.getByLabel('Current password').fill('not my password');
    await mine.getByLabel('New password (at least 8 characters)').fill('lou second password');
    await mine.getByLabel('New password again').fill('lou second passwrod');
    await mine.getByRole('button', { name: 'Change my password' }).click();
    await alertSaying(page, 'The two new passwords are not the same.');
    await mine.getByLabel('New password again').fill('lou second password');
    await mine.getByRole('button', { name: 'Change my password' }).click();
    await alertSaying(page, 'This is not your current password.');
    expect(await mine.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    await mine.getByLabel('Current password').fill('lou first password');
    await mine.getByRole('button', { name: 'Change my password' }).click();
    await statusSaying(page, 'Password changed. You stay signed in here');
    // This tab goes on with the fresh token the change answered.
    const kept = await page.evaluate(() => sessionStorage.getItem('countertop-hub-token'));
    expect((await call(w.t.url, 'GET', '/hub/api/stores', { token: kept ?? '' })).status).toBe(200);
    await page
      .getByRole('heading', { name: 'Change my password' })
      .evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-my-password.png') });
    expect((await login('lou', 'lou first password')).status).toBe(401);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInOnScreen(page, 'lou', 'lou first password');
    await alertSaying(page, 'Wrong username or password');
    await signInOnScreen(page, 'lou', 'lou second password');
    await mine.waitFor();

    // The admin sets a new password for them, then deactivates them.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInOnScreen(page, owner.username, owner.password);
    await lou.getByLabel('New password for Lou Martin').fill('short');
    await lou.getByRole('button', { name: 'Set password for Lou Martin' }).click();
    await alertSaying(page, 'The new password for Lou Martin needs at least 8 characters.');
    await lou.getByLabel('New password for Lou Martin').fill('lou third password');
    await lou.getByRole('button', { name: 'Set password for Lou Martin' }).click();
    await statusSaying(page, 'New password set for Lou Martin');
    expect((await login('lou', 'lou second password')).status).toBe(401);
    expect((await login('lou', 'lou third password')).status).toBe(200);
    await people.getByRole('button', { name: 'Deactivate Lou Martin' }).click();
    await statusSaying(page, 'Lou Martin is deactivated and signed out everywhere.');
    await lou.getByText('Deactivated').waitFor();
    expect((await login('lou', 'lou third password')).status).toBe(403);
    expect(straysOf(page)).toEqual([]);
  }, 120_000);
});
