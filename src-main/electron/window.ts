import { OPS_ARG } from './channels';
import { ipcOperations } from './ipc-operations';
import type { BrowserWindowLike, ElectronLike } from './electron-api';

export interface WindowPaths {
  preload: string;
  /** The built renderer's index.html, or the dev server's URL. */
  indexHtml?: string;
  devServerUrl?: string;
}

/**
 * The cashier's window: isolated, sandboxed, no Node in the page, and no way to open or navigate
 * to anything that is not the app itself.
 */
export async function createMainWindow(
  electron: ElectronLike,
  paths: WindowPaths,
): Promise<BrowserWindowLike> {
  const win = new electron.BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Countertop',
    backgroundColor: '#f7f5f2',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      additionalArguments: [OPS_ARG + ipcOperations().join(',')],
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    const own = paths.devServerUrl ? url.startsWith(paths.devServerUrl) : url.startsWith('file://');
    if (!own) event.preventDefault();
  });
  win.once('ready-to-show', () => win.show());
  if (paths.devServerUrl) await win.loadURL(paths.devServerUrl);
  else if (paths.indexHtml) await win.loadFile(paths.indexHtml);
  return win;
}
