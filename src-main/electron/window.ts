import { OPS_ARG } from '../../src-shared/desktop-channels';
import { ipcOperations } from './ipc-operations';
import type { BrowserWindowLike, ElectronLike, PermissionSessionLike } from './electron-api';

export interface WindowOptions {
  preload: string;
  /** The app's own page (`countertop://app/index.html`), or the dev server's in development. */
  url: string;
  /** The one origin the window may show; everything else is refused. */
  isOwn: (url: string) => boolean;
}

/** No camera, microphone, notifications, geolocation…: a till asks for none, so none is given. */
export function denyAllPermissions(session: PermissionSessionLike): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * The cashier's window: isolated, sandboxed, no Node in the page, and no way to open, navigate
 * or be redirected to anything that is not the app itself.
 */
export async function createMainWindow(
  electron: ElectronLike,
  opts: WindowOptions,
): Promise<BrowserWindowLike> {
  const win = new electron.BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Countertop',
    backgroundColor: '#f7f5f2',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      additionalArguments: [OPS_ARG + ipcOperations().join(',')],
    },
  });
  denyAllPermissions(win.webContents.session);
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!opts.isOwn(url)) event.preventDefault();
  };
  win.webContents.on('will-navigate', guard);
  win.webContents.on('will-redirect', guard);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(opts.url);
  return win;
}
