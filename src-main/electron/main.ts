import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, type App } from '../app';
import { RENDERER_DIR, VERSION } from '../paths';
import { installAppMenu, type AppMenu } from './app-menu';
import { APP_ORIGIN, APP_URL, handleAppProtocol, registerAppScheme } from './app-protocol';
import { loadElectron, type BrowserWindowLike, type ElectronLike } from './electron-api';
import { registerIpc, trustedSenderCheck } from './ipc';
import { serveLanFromSettings, type LanServer } from './lan-server';
import { openDesktopTerminalStore } from './terminal-store';
import { createMainWindow, denyAllPermissions } from './window';
import { WindowSession } from './window-session';

/** What `runShell` started, for the quit path and for tests. */
export interface Shell {
  app: App;
  lan: LanServer;
  window: BrowserWindowLike;
  session: WindowSession;
  menu: AppMenu;
  /** Closes the LAN server (requests in flight finish), then the app; once. */
  close(): Promise<void>;
}

/**
 * The desktop shell, kept thin: open the data dir under the user's app-data folder, expose the
 * contract over IPC, serve the LAN when the terminal setting says so, show the window and its
 * menu. Everything else lives in the core.
 */
export async function runShell(
  electron: ElectronLike,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Shell | null> {
  if (!electron.app.requestSingleInstanceLock()) {
    // Two shells on one database would fight over the drawer and the printer.
    electron.app.quit();
    return null;
  }
  registerAppScheme(electron);
  await electron.app.whenReady();
  const dataDir = env.POS_DATA_DIR ?? join(electron.app.getPath('userData'), 'data');
  const terminalStore = await openDesktopTerminalStore(electron);
  let app: App;
  try {
    app = openApp({ dataDir, env, terminalStore });
  } catch (e) {
    // Nobody reads a console on a counter PC: say why in a box (another Countertop holds the
    // data folder, a restore is running, the secret is missing), then quit.
    electron.dialog.showErrorBox(
      'Countertop cannot start',
      e instanceof Error ? e.message : String(e),
    );
    electron.app.quit();
    return null;
  }
  denyAllPermissions(electron.session.defaultSession);
  handleAppProtocol(electron, RENDERER_DIR);
  // A dev server only in an unpackaged build: an installed app never loads code from a URL.
  const devServerUrl = electron.app.isPackaged ? undefined : env.VITE_DEV_SERVER_URL;
  const isOwn = trustedSenderCheck(APP_ORIGIN, devServerUrl);
  const session = new WindowSession(app);
  registerIpc(electron.ipcMain, app, isOwn, { onSession: (_sender, token) => session.set(token) });

  const lan = await serveLanFromSettings(app);

  const here = fileURLToPath(new URL('.', import.meta.url));
  const window = await createMainWindow(electron, {
    preload: join(here, 'preload.cjs'),
    url: devServerUrl ?? APP_URL,
    isOwn,
  });
  const menu = installAppMenu(electron, app, window, session, VERSION);

  let closing: Promise<void> | null = null;
  const shell: Shell = {
    app,
    lan,
    window,
    session,
    menu,
    close() {
      closing ??= (async () => {
        try {
          await lan.stop();
        } finally {
          await app.close();
        }
      })();
      return closing;
    },
  };
  electron.app.on('window-all-closed', () => electron.app.quit());
  let closed = false;
  electron.app.on('before-quit', (event) => {
    if (closed) return;
    // Hold the quit until the LAN server and the database are closed, then quit for real.
    event.preventDefault();
    void shell
      .close()
      .catch((e: unknown) => console.error(`countertop: closing: ${String(e)}`))
      .finally(() => {
        closed = true;
        electron.app.quit();
      });
  });
  return shell;
}

// Only when Electron runs this bundle (process.versions.electron), never on import from a test.
if (process.versions.electron) {
  loadElectron()
    .then((electron) => runShell(electron))
    .catch((e: unknown) => {
      console.error(`countertop: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    });
}
