/**
 * Accessible names (issue 10, point 4): every screen, and the dialogs that are easy to reach, as
 * Chromium's accessibility tree reads them (the names a screen reader speaks). Every button, link,
 * field, select and text area has a non-empty name, and no two fields in one form, dialog or
 * region share a name (a screen reader user could not tell them apart).
 */
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
} from './support';

let ts: TestServer;
let browser: Browser;
let page: Page;
let cdp: CDPSession;

/** Roles a user operates: each needs a name. */
const CONTROLS = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'spinbutton',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'menuitem',
  'tab',
]);
/** Fields whose names must differ within one scope (radios share option names by design). */
const FIELDS = new Set(['textbox', 'searchbox', 'combobox', 'listbox', 'spinbutton', 'checkbox']);

interface AXNode {
  ignored: boolean;
  role?: { value: string };
  name?: {
    value: string;
    sources?: { type: string; attribute?: string; value?: unknown; superseded?: boolean }[];
  };
  backendDOMNodeId?: number;
}

/** The element's markup (short) and the form, dialog, group or region it belongs to. */
async function describeNode(
  backendNodeId: number,
): Promise<{ html: string; scope: string; native: boolean }> {
  const { object } = await cdp.send('DOM.resolveNode', { backendNodeId });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId!,
    returnByValue: true,
    functionDeclaration: `function () {
      const scope = this.closest('dialog, [role=dialog], form, fieldset, [role=group], [role=region], section[aria-label]');
      const label = (el) => el ? el.tagName + '(' + (el.getAttribute('aria-label') ?? el.id ?? '') + ')' + [...(el.parentElement?.children ?? [])].indexOf(el) : 'page';
      let path = '';
      for (let el = scope; el; el = el.parentElement?.closest('dialog, [role=dialog], form, fieldset, [role=group], [role=region], section[aria-label]')) path = label(el) + '/' + path;
      return {
        html: this.outerHTML.replace(/\\s+/g, ' ').slice(0, 160),
        scope: path || 'page',
        native: this.getRootNode() instanceof ShadowRoot && this.hasAttribute('pseudo'),
      };
    }`,
  });
  return result.value as { html: string; scope: string; native: boolean };
}

/** What is wrong with the names on the page now: unnamed controls and ambiguous fields. */
async function namingProblems(where: string): Promise<string[]> {
  await expect.poll(() => page.getByText('Loading…', { exact: true }).count()).toBe(0);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const n of nodes) {
    const role = n.role?.value ?? '';
    if (n.ignored || !CONTROLS.has(role) || n.backendDOMNodeId === undefined) continue;
    const { html, scope, native } = await describeNode(n.backendDOMNodeId);
    // The parts Chromium draws inside a date field (day, month, picker) are the browser's own.
    if (native) continue;
    const name = (n.name?.value ?? '').trim();
    if (name === '') {
      problems.push(`${where}: ${role} without a name: ${html}`);
      continue;
    }
    // A placeholder or a tooltip is gone or hidden while one types: not a label.
    const source = n.name?.sources?.find((x) => x.value !== undefined && !x.superseded);
    if (source?.attribute === 'placeholder' || source?.attribute === 'title')
      problems.push(`${where}: ${role} named only by its ${source.attribute}: ${html}`);
    if (!FIELDS.has(role)) continue;
    const key = `${scope}|${name}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push(`${where}: two fields named “${name}” in one place: ${first} and ${html}`);
    else seen.set(key, html);
  }
  return problems;
}

const SCREENS = [
  'Till',
  'Orders',
  'Kitchen display',
  'Cash',
  'Menu',
  'Staff',
  'Customers',
  'Inventory',
  'Reports',
  'Audit log',
  'Hardware',
  'Settings',
  'Backups',
  'Notifications',
];

beforeAll(async () => {
  await ensureRendererBuilt();
  ts = await startDemoServer();
  const admin = await ts.token('admin', 'admin-demo-1');
  const open = await ts.request('/api/cash/open', {
    body: { openingFloat: 5000, drawerId: 'main' },
    token: admin,
  });
  expect(open.status, open.text).toBe(201);
  browser = await launchBrowser();
  page = await openPage(browser, ts.baseUrl);
  page.setDefaultTimeout(10_000);
  cdp = await page.context().newCDPSession(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ts?.close();
  removeTempDirs();
});

describe('accessible names', { timeout: 90_000 }, () => {
  it('on the sign-in screen and every screen an admin reaches', async () => {
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    const problems = await namingProblems('Sign in');
    await page.screenshot({ path: join(SCREENS_DIR, 'signin.png') });
    await signInWithPin(page, 'admin', '1111');
    for (const screen of SCREENS) {
      // Notifications sits in the top bar, its name carrying the unread count.
      const link =
        screen === 'Notifications'
          ? page.getByRole('link', { name: /^Notifications/ })
          : page.getByRole('link', { name: screen, exact: true });
      if (screen === 'Notifications') await link.first().click();
      else await openScreen(page, screen);
      await expect
        .poll(() =>
          link.evaluateAll((links) => links.some((a) => a.getAttribute('aria-current') === 'page')),
        )
        .toBe(true);
      problems.push(...(await namingProblems(screen)));
      // The one screen no other test photographs.
      if (screen === 'Cash') await page.screenshot({ path: join(SCREENS_DIR, 'cash.png') });
    }
    expect(problems).toEqual([]);
  });

  it('in the modifier picker, the sign-out question, the payment and the receipt', async () => {
    const problems: string[] = [];
    await openScreen(page, 'Till');
    await page.getByRole('button', { name: 'Add Latte' }).click();
    const picker = page.getByRole('dialog', { name: 'Latte' });
    await picker.waitFor();
    problems.push(...(await namingProblems('Till: modifier picker')));
    await picker.getByRole('button', { name: 'Add to sale' }).click();
    await picker.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    const ask = page.getByRole('dialog', { name: 'Sign out with a sale in progress?' });
    await ask.waitFor();
    problems.push(...(await namingProblems('Till: sign-out question')));
    await ask.getByRole('button', { name: 'Stay signed in' }).click();

    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByRole('form', { name: 'Take payment' }).waitFor();
    problems.push(...(await namingProblems('Till: payment')));
    await page.getByRole('button', { name: /^Charge / }).click();
    await page.getByRole('document', { name: /^Receipt \d+/ }).waitFor();
    problems.push(...(await namingProblems('Till: receipt')));
    await page.getByRole('button', { name: 'New order' }).click();

    await openScreen(page, 'Orders');
    await page
      .getByRole('button', { name: /^Open order / })
      .first()
      .click();
    await page.getByRole('button', { name: 'Receipt…' }).click();
    await page.getByRole('dialog', { name: /^Receipt of order / }).waitFor();
    problems.push(...(await namingProblems('Orders: receipt')));
    expect(problems).toEqual([]);
  });

  it('in the back office dialogs and views: menu, stock, reports, staff', async () => {
    const problems: string[] = [];
    /** Opens a dialog with a button, checks it, closes it with Escape. */
    const inDialog = async (button: string, dialog: string, where: string) => {
      await page.getByRole('button', { name: button, exact: true }).click();
      const d = page.getByRole('dialog', { name: dialog });
      await d.waitFor();
      problems.push(...(await namingProblems(where)));
      await page.keyboard.press('Escape');
      await d.waitFor({ state: 'detached' });
    };
    /** Switches a screen's view with its button and checks it. */
    const inView = async (button: string, where: string) => {
      await page.getByRole('button', { name: button, exact: true }).click();
      problems.push(...(await namingProblems(where)));
    };
    await page.keyboard.press('Escape');
    await openScreen(page, 'Menu');
    await inDialog('Edit Latte', 'Edit Latte', 'Menu: item editor');
    await inView('Categories', 'Menu: categories');
    await inView('Archived items', 'Menu: archived items');
    await inView('Modifier groups', 'Menu: modifier groups');

    await openScreen(page, 'Inventory');
    await inDialog('Add stock item', 'Add stock item', 'Inventory: add stock item');
    await inDialog('Receive stock', 'Receive stock', 'Inventory: receive stock');
    await inDialog('Adjust Milk', 'Adjust Milk', 'Inventory: adjust');
    await inDialog('Edit Milk', 'Edit Milk', 'Inventory: edit');
    await inView('Stock count', 'Inventory: stock count');

    await openScreen(page, 'Reports');
    for (const view of ['Orders', 'Inventory', 'Staff attendance', 'Customer history'])
      await inView(view, `Reports: ${view}`);

    await openScreen(page, 'Menu');
    await page.getByRole('button', { name: 'Modifier groups', exact: true }).click();
    await page.getByRole('button', { name: 'New modifier group' }).click();
    await page.getByRole('dialog', { name: 'New modifier group' }).waitFor();
    problems.push(...(await namingProblems('Menu: modifier group')));
    await page.keyboard.press('Escape');
    await openScreen(page, 'Staff');
    await page.getByRole('button', { name: 'Add a member of staff' }).click();
    await page.getByRole('dialog', { name: 'Add a member of staff' }).waitFor();
    problems.push(...(await namingProblems('Staff: add a member')));
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });

  it('finds what it looks for: an unnamed button, a field named by its placeholder, two alike', async () => {
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.id = 'naming-probe';
      probe.innerHTML =
        '<button type="button"></button><form aria-label="Probe"><label>Tip <input></label>' +
        '<label>Tip <input></label><input placeholder="Search"></form>';
      document.body.append(probe);
    });
    const problems = await namingProblems('probe');
    await page.evaluate(() => document.getElementById('naming-probe')?.remove());
    expect(problems).toEqual([
      expect.stringMatching(/^probe: button without a name: <button/),
      expect.stringMatching(/^probe: textbox named only by its placeholder/),
      expect.stringMatching(/^probe: two fields named “Tip” in one place/),
    ]);
  });

  it('in the manager approval a cashier meets', async () => {
    await signOut(page);
    await signInWithPin(page, 'cashier', '3333');
    await page.getByRole('button', { name: 'Add Croissant' }).click();
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByRole('button', { name: 'Discount…' }).click();
    const form = page.getByRole('form', { name: 'Discount' });
    await form.getByLabel('Percent off').fill('10');
    await form.getByLabel('Reason').fill('regular');
    await form.getByRole('button', { name: 'Apply discount' }).click();
    await page.getByRole('dialog', { name: 'Manager approval' }).waitFor();
    expect(await namingProblems('Till: manager approval')).toEqual([]);
  });
});
