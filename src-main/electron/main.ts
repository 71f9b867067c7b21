import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, type App } from '../app';
import { loadElectron, type ElectronLike } from './electron-api';
import { registerIpc, trustedSenderCheck } from './ipc';
import { createMainWindow } from './window';

/**
 * The desktop shell, kept thin: open the data dir under the user's app-data folder, expose the
 * contract over IPC, show the window. Everything else lives in the core.
 */
export async function runShell(
  electron: ElectronLike,
  env: NodeJS.ProcessEnv = process.env,
): Promise<App | null> {
  if (!electron.app.requestSingleInstanceLock()) {
    // Two shells on one database would fight over the drawer and the printer.
    electron.app.quit();
    return null;
  }
  await electron.app.whenReady();
  const dataDir = env.POS_DATA_DIR ?? join(electron.app.getPath('userData'), 'data');
  const app = openApp({ dataDir, env });
  const here = fileURLToPath(new URL('.', import.meta.url));
  const devServerUrl = env.VITE_DEV_SERVER_URL;
  registerIpc(electron.ipcMain, app, trustedSenderCheck(devServerUrl));
  await createMainWindow(electron, {
    preload: join(here, 'preload.cjs'),
    indexHtml: join(here, '..', 'dist-renderer', 'index.html'),
    ...(devServerUrl ? { devServerUrl } : {}),
  });
  electron.app.on('window-all-closed', () => electron.app.quit());
  electron.app.on('before-quit', () => void app.close());
  return app;
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
