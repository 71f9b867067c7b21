/**
 * Shared by the renderer tests: build the screens once (fresh or not at all), start the real
 * server with demo data, drive Debian's Chromium through playwright-core. Loopback only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { openApp } from '../../src-main/app';
import { seedDemo } from '../../src-main/core/demo';
import { buildServer } from '../../src-main/http/server';
import { RENDERER_DIR } from '../../src-main/paths';
import { startTestServer, type FakeClock, type TestServer } from '../helpers/app';
import { REPO_ROOT } from '../helpers/processes';

/** Newest modification time of the files under `p` (a file or a folder). */
function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of readdirSync(p)) max = Math.max(max, newest(join(p, e)));
  return max;
}

function isFresh(): boolean {
  const built = join(RENDERER_DIR, 'index.html');
  // Both pages of the build: the till's and the hub's office (office.html).
  if (!existsSync(built) || !existsSync(join(RENDERER_DIR, 'office.html'))) return false;
  const sources = Math.max(
    ...['src-renderer', 'src-shared', 'vite.config.ts', 'package.json'].map((p) =>
      newest(join(REPO_ROOT, p)),
    ),
  );
  return statSync(built).mtimeMs >= sources;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds dist-renderer/ unless it is newer than every source. Test files run in parallel
 * workers, so a lock folder makes the second one wait for the first build instead of racing it.
 */
export async function ensureRendererBuilt(): Promise<void> {
  const lock = join(REPO_ROOT, 'node_modules', '.countertop-renderer-build.lock');
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes was left by a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      if (Date.now() > until) throw new Error('timed out waiting for the renderer build lock');
      await sleep(200);
    }
  }
  try {
    if (isFresh()) return;
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}

/** The wall clock in the FakeClock shape: the browser's timers and the server's must agree. */
export function wallClock(): FakeClock {
  const c: FakeClock = {
    get now() {
      return new Date();
    },
    fn: () => new Date(),
    advance() {
      throw new Error('the wall clock cannot be moved');
    },
    set() {
      throw new Error('the wall clock cannot be moved');
    },
  };
  return c;
}

export async function startDemoServer(env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const ts = await startTestServer({ clock: wallClock(), env });
  await seedDemo(ts.app.core);
  return ts;
}

/**
 * Starts the server again on the data folder and port of one that was closed: what a counter
 * PC coming back after a restart looks like to the screens (same address, same tokens).
 */
export async function restartOnSamePort(ts: TestServer): Promise<{ close(): Promise<void> }> {
  const port = Number(new URL(ts.baseUrl).port);
  const app = openApp({ dataDir: ts.dataDir, env: {}, clock: wallClock().fn });
  const server = await buildServer(app, { log: () => undefined });
  await server.listen({ host: '127.0.0.1', port });
  return {
    async close() {
      await server.close();
      await app.close();
    },
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A page that may talk to nothing but `baseUrl` (a stray remote request fails the test). */
/** The counter PC's screen: every screen is built and checked at this size. */
export const COUNTER_SCREEN = { width: 1366, height: 768 };

export async function openPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({ viewport: COUNTER_SCREEN });
  const strays: string[] = [];
  // A request can be settled while its route is handled (the page closing, a test's own
  // page.route or unroute in flight): Playwright then refuses the late continue/abort with "Route
  // is already handled", which is about nothing but timing. The stray is recorded before, either way.
  const settled = () => {};
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl + '/')) return route.continue().catch(settled);
    strays.push(url);
    return route.abort().catch(settled);
  });
  const page = await context.newPage();
  (page as Page & { strays?: string[] }).strays = strays;
  await page.goto(baseUrl + '/');
  return page;
}

export function straysOf(page: Page): string[] {
  return (page as Page & { strays?: string[] }).strays ?? [];
}

/** Signs in through the screen with the PIN pad. */
export async function signInWithPin(page: Page, username: string, pin: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  const pad = page.getByRole('group', { name: 'PIN pad' });
  for (const d of pin) await pad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Signs out, answering "Sign out anyway" when the till asks (a sale is in progress). */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  const form = page.getByRole('form', { name: 'Sign in' });
  const ask = page.getByRole('dialog', { name: 'Sign out with a sale in progress?' });
  await form.or(ask).waitFor();
  if (await ask.isVisible()) await ask.getByRole('button', { name: 'Sign out anyway' }).click();
  await form.waitFor();
}

/** Adds the item whose modifier picker is open with the options already chosen (or none). */
export async function addFromPicker(page: Page, item: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: item });
  await dialog.getByRole('button', { name: 'Add to sale' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Answers the open "Manager approval" dialog with a username and a PIN typed on its pad. */
export async function approve(page: Page, username: string, pin: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Manager approval' });
  await dialog.getByLabel('Manager username').fill(username);
  const pad = dialog.getByRole('group', { name: 'PIN pad' });
  for (const d of pin) await pad.getByRole('button', { name: d, exact: true }).click();
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Screenshots go to docs/screens only when asked (`UPDATE_SCREENSHOTS=1 npx vitest run
 * test/renderer`), so an ordinary test run never changes tracked files.
 */
export const SCREENS_DIR = process.env.UPDATE_SCREENSHOTS
  ? join(REPO_ROOT, 'docs', 'screens')
  : mkdtempSync(join(tmpdir(), 'countertop-screens-'));

/**
 * Opens a screen by its name in the navigation: a counter screen from the top bar, a
 * back-office screen from the back office's side list (opening the back office first).
 */
export async function openScreen(page: Page, name: string): Promise<void> {
  const office = page.getByRole('navigation', { name: 'Back office' });
  const inOffice = office.getByRole('link', { name, exact: true });
  const top = page.getByRole('navigation', { name: 'Screens' }).getByRole('link', {
    name,
    exact: true,
  });
  if (await top.count()) return top.click();
  if (!(await inOffice.count())) {
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Back office', exact: true })
      .click();
  }
  await inOffice.click();
}

/** The texts that describe a control (aria-describedby), as a screen reader reads them. */
export async function descriptionOf(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}
