/**
 * A stand-in for the `electron` module whose BrowserWindow is a real headless Chromium page
 * (playwright-core). The real preload bundle runs inside the page with a `require('electron')`
 * whose ipcRenderer reaches the real ipcMain handlers through `page.exposeBinding`, and whose
 * `on` listeners receive what the main process `send`s; the custom `countertop://` scheme is
 * served through the real protocol handler (Chromium sees it as https://countertop-app.invalid,
 * translated back for the sender checks). Nothing leaves 127.0.0.1: every other request aborts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type {
  BrowserWindowLike,
  BrowserWindowOptions,
  ElectronLike,
  IpcMainInvokeEvent,
  MenuItemOptions,
  MessageBoxOptions,
  PermissionSessionLike,
  QuitEvent,
} from '../../../src-main/electron/electron-api';
import { REPO_ROOT } from '../../helpers/processes';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

// https, so the page is a secure context as the privileged scheme makes it in Electron.
const PAGE_ORIGIN = 'https://countertop-app.invalid';

/** Chromium's URL of a page → the URL Electron would report for it. */
function asElectronUrl(url: string, scheme: string): string {
  return url.startsWith(PAGE_ORIGIN + '/')
    ? `${scheme}://app${url.slice(PAGE_ORIGIN.length)}`
    : url;
}

let preloadBundle: string | null = null;

/** The real preload, built by Vite exactly as `npm run build` builds it. */
export function buildPreload(): string {
  if (preloadBundle) return preloadBundle;
  const out = `${REPO_ROOT}/node_modules/.cache/preload-shell-test`;
  const r = spawnSync(
    'npx',
    ['vite', 'build', '--mode', 'electron-preload', '--outDir', out, '--logLevel', 'error'],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`);
  preloadBundle = readFileSync(`${out}/preload.cjs`, 'utf8');
  return preloadBundle;
}

function recordingSession() {
  const s = {
    request: null as null | ((wc: unknown, p: string, cb: (g: boolean) => void) => void),
    check: null as null | ((...a: unknown[]) => boolean),
  };
  const session: PermissionSessionLike & { handlers: typeof s } = {
    handlers: s,
    setPermissionRequestHandler: (h) => void (s.request = h),
    setPermissionCheckHandler: (h) => void (s.check = h),
  };
  return session;
}

export interface StandInWindow extends BrowserWindowLike {
  options: BrowserWindowOptions;
  page: Page;
  context: BrowserContext;
  navigateGuards: ((e: { preventDefault(): void }, url: string) => void)[];
  redirectGuards: ((e: { preventDefault(): void }, url: string) => void)[];
  openHandler?: (d: { url: string }) => { action: 'deny' | 'allow' };
  strays: string[];
  session: ReturnType<typeof recordingSession>;
  ready: Promise<void>;
}

export interface MenuItemRecord extends MenuItemOptions {
  enabled: boolean;
}

export interface StandIn {
  electron: ElectronLike;
  windows: StandInWindow[];
  handlers: Map<string, Listener>;
  /** Every `invoke` channel the pages used, in order. */
  invoked: string[];
  menuItem(id: string): MenuItemRecord;
  /** What the next native dialogs answer (file picks and message boxes), in order. */
  openAnswers: { canceled: boolean; filePaths: string[] }[];
  boxAnswers: number[];
  boxes: MessageBoxOptions[];
  openedPaths: string[];
  errorBoxes: { title: string; content: string }[];
  schemes: string[];
  defaultSession: ReturnType<typeof recordingSession>;
  quit(): Promise<void>;
  /** Another window on the app's page with the same preload (a second screen of this PC). */
  openWindow(): Promise<StandInWindow>;
}

export function chromiumElectron(browser: Browser, userData: string): StandIn {
  const handlers = new Map<string, Listener>();
  const invoked: string[] = [];
  const appEvents = new Map<string, ((e: QuitEvent) => void)[]>();
  const protocols = new Map<string, (r: Request) => Promise<Response> | Response>();
  const windows: StandInWindow[] = [];
  const menuItems = new Map<string, MenuItemRecord>();
  const schemes: string[] = [];
  const bundle = buildPreload();
  let lastOptions: BrowserWindowOptions | null = null;
  let nextId = 1;

  const scheme = () => schemes[0] ?? 'countertop';

  class Window implements StandInWindow {
    options: BrowserWindowOptions;
    page!: Page;
    context!: BrowserContext;
    navigateGuards: StandInWindow['navigateGuards'] = [];
    redirectGuards: StandInWindow['redirectGuards'] = [];
    openHandler?: StandInWindow['openHandler'];
    strays: string[] = [];
    session = recordingSession();
    ready: Promise<void>;
    private destroyed = false;
    private destroyedListeners: (() => void)[] = [];
    webContents: StandInWindow['webContents'];

    constructor(options: BrowserWindowOptions) {
      this.options = options;
      lastOptions = options;
      windows.push(this);
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- webContents methods outlive `this` binding
      const self = this;
      const id = nextId++;
      this.webContents = {
        id,
        session: this.session,
        send(channel, ...args) {
          if (self.destroyed) return;
          void self.ready
            .then(() =>
              self.page.evaluate(
                ([c, a]) =>
                  (window as unknown as { __ctDeliver(c: string, a: unknown[]): void }).__ctDeliver(
                    c,
                    a,
                  ),
                [channel, args] as const,
              ),
            )
            .catch(() => undefined);
        },
        isDestroyed: () => self.destroyed,
        once: (_e, l) => void self.destroyedListeners.push(l),
        setWindowOpenHandler: (h) => void (self.openHandler = h),
        on: (event, l) =>
          void (event === 'will-navigate' ? self.navigateGuards : self.redirectGuards).push(l),
      };
      this.ready = this.setUp(options);
    }

    private async setUp(options: BrowserWindowOptions) {
      this.context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await this.context.route('**/*', async (route) => {
        const url = route.request().url();
        const handler = protocols.get(scheme());
        if (url.startsWith(PAGE_ORIGIN + '/') && handler) {
          const res = await handler(new Request(asElectronUrl(url, scheme())));
          const headers: Record<string, string> = {};
          res.headers.forEach((v, k) => (headers[k] = v));
          return route.fulfill({
            status: res.status,
            headers,
            body: Buffer.from(await res.arrayBuffer()),
          });
        }
        this.strays.push(url);
        return route.abort();
      });
      this.page = await this.context.newPage();
      await this.page.exposeBinding(
        '__ctInvoke',
        async (source, channel: string, args: unknown[]) => {
          invoked.push(channel);
          const handler = handlers.get(channel);
          if (!handler) throw new Error(`No handler registered for '${channel}'`);
          const event: IpcMainInvokeEvent = {
            senderFrame: { url: asElectronUrl(source.frame.url(), scheme()) },
            sender: this.webContents,
          };
          const t0 = Date.now();
          const out = await handler(event, ...args);
          if (process.env.DEBUG_IPC)
            console.log('IPC', channel, Date.now() - t0, JSON.stringify(out).slice(0, 200));
          return out;
        },
      );
      const argv = ['electron', ...options.webPreferences.additionalArguments];
      await this.page.addInitScript(`(() => {
        const listeners = {};
        const electron = {
          contextBridge: { exposeInMainWorld: (key, api) => { window[key] = api; } },
          ipcRenderer: {
            invoke: (channel, ...args) => window.__ctInvoke(channel, args),
            on: (channel, l) => { (listeners[channel] ||= []).push(l); },
          },
        };
        window.__ctDeliver = (channel, args) => (listeners[channel] || []).forEach((l) => l({}, ...args));
        const require = (m) => { if (m !== 'electron') throw new Error('preload may load only electron: ' + m); return electron; };
        const process = { argv: ${JSON.stringify(argv)} };
        const module = { exports: {} };
        (function (require, process, module, exports) {\n${bundle}\n})(require, process, module, module.exports);
      })();`);
      this.page.on('close', () => {
        this.destroyed = true;
        this.destroyedListeners.forEach((l) => l());
      });
    }

    async loadURL(url: string) {
      await this.ready;
      const target = url.startsWith(`${scheme()}://app/`)
        ? PAGE_ORIGIN + url.slice(`${scheme()}://app`.length)
        : url;
      await this.page.goto(target);
    }
    once(_e: 'ready-to-show', l: () => void) {
      void this.ready.then(l);
    }
    on(_e: 'closed', _l: () => void) {}
    show() {}
    isDestroyed() {
      return this.destroyed;
    }
  }

  let quitting: Promise<void> | null = null;
  const standIn: StandIn = {
    windows,
    handlers,
    invoked,
    openAnswers: [],
    boxAnswers: [],
    boxes: [],
    openedPaths: [],
    errorBoxes: [],
    schemes,
    defaultSession: recordingSession(),
    menuItem(id) {
      const item = menuItems.get(id);
      if (!item) throw new Error(`no menu item ${id}`);
      return item;
    },
    quit() {
      quitting ??= new Promise<void>((resolve) => {
        let prevented = false;
        const event = { preventDefault: () => (prevented = true) };
        for (const l of appEvents.get('before-quit') ?? []) l(event);
        if (!prevented) resolve();
        else finishQuit = resolve;
      });
      return quitting;
    },
    async openWindow() {
      if (!lastOptions) throw new Error('no window yet');
      const w = new Window(lastOptions);
      await w.loadURL(`${scheme()}://app/index.html`);
      return w;
    },
    electron: undefined as unknown as ElectronLike,
  };
  let finishQuit: (() => void) | null = null;

  const electron: ElectronLike = {
    app: {
      whenReady: async () => {},
      getPath: () => userData,
      getVersion: () => '0.1.0',
      isPackaged: true,
      on: (event, listener) =>
        void appEvents.set(event, [...(appEvents.get(event) ?? []), listener]),
      quit: () => {
        // The second quit (after the shell closed everything) ends the stand-in's quit.
        if (finishQuit) {
          const f = finishQuit;
          finishQuit = null;
          f();
        } else void standIn.quit();
      },
      requestSingleInstanceLock: () => true,
    },
    BrowserWindow: Window,
    ipcMain: {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    Menu: {
      buildFromTemplate(template) {
        const walk = (items: MenuItemOptions[]) => {
          for (const i of items) {
            if (i.id) menuItems.set(i.id, { ...i, enabled: i.enabled ?? true });
            if (i.submenu) walk(i.submenu);
          }
        };
        walk(template);
        return { getMenuItemById: (id) => menuItems.get(id) ?? null };
      },
      setApplicationMenu: () => {},
    },
    dialog: {
      showOpenDialog: async () => standIn.openAnswers.shift() ?? { canceled: true, filePaths: [] },
      showMessageBox: async (_w, options) => {
        standIn.boxes.push(options);
        return { response: standIn.boxAnswers.shift() ?? 0 };
      },
      showErrorBox: (title, content) => void standIn.errorBoxes.push({ title, content }),
    },
    shell: {
      openPath: async (p) => {
        standIn.openedPaths.push(p);
        return '';
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (list) => list.forEach((s) => schemes.push(s.scheme)),
      handle: (s, handler) => void protocols.set(s, handler),
    },
    session: { defaultSession: standIn.defaultSession },
  };
  standIn.electron = electron;
  return standIn;
}
