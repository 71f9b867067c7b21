/**
 * The desktop app keeps the terminal settings with electron-store (`config.json` under Electron's
 * userData folder), the same schema as the plain-Node store. electron-store imports `electron`
 * when it loads, so it is imported only inside a real Electron process; the shell's tests run
 * with a stand-in `electron` module and get `conf` with the same file, which is what
 * electron-store itself is built on.
 */
import Conf from 'conf';
import type { TerminalSettings } from '../../src-shared/contract/terminal';
import {
  openStoreWith,
  terminalStoreOptions,
  type TerminalStore,
} from '../terminal/settings-store';
import type { ElectronLike } from './electron-api';

/** electron-store's default file name in userData. */
export const DESKTOP_STORE_NAME = 'config';

export async function openDesktopTerminalStore(
  electron: ElectronLike,
  log: (message: string) => void = (m) => console.error(m),
): Promise<TerminalStore> {
  if (process.versions.electron) {
    const { default: ElectronStore } = await import('electron-store');
    return openStoreWith(
      (clearInvalidConfig) =>
        new ElectronStore<TerminalSettings>({
          ...terminalStoreOptions(),
          name: DESKTOP_STORE_NAME,
          clearInvalidConfig,
        }),
      log,
    );
  }
  return openStoreWith(
    (clearInvalidConfig) =>
      new Conf<TerminalSettings>({
        ...terminalStoreOptions(),
        cwd: electron.app.getPath('userData'),
        configName: DESKTOP_STORE_NAME,
        projectName: 'countertop',
        clearInvalidConfig,
      }),
    log,
  );
}
