/**
 * The application menu: File → Back up now, Restore from a file…, Open the backups folder;
 * View → Kitchen display; Help → Hardware diagnostics, About. The backup items are enabled only
 * while the window's user holds `backup.manage` (checked through the core), and each action checks
 * again when chosen: a menu is no permission.
 */
import { join } from 'node:path';
import type { ShellEvent } from '../../src-shared/desktop-channels';
import { SHELL_EVENT_CHANNEL } from '../../src-shared/desktop-channels';
import type { BrowserWindowLike, ElectronLike, MenuItemOptions, MenuLike } from './electron-api';
import type { WindowSession } from './window-session';
import type { App } from '../app';
import { takeBackup } from '../core/backups/admin';
import { backupsDir, ensureDir } from '../core/backups/files';
import { importBackupFile, inspectBackupPath } from '../core/backups/import-file';
import { restoreInApp } from '../core/backups/restore-app';
import { isPosError } from '../../src-shared/errors';

export const BACKUP_ITEMS = ['backup-now', 'restore-file', 'open-backups'] as const;

export interface AppMenu {
  menu: MenuLike;
  /** Re-reads the window's permission and enables or disables the backup items. */
  refresh(): Promise<void>;
  backupNow(): Promise<void>;
  restoreFromFile(): Promise<void>;
  openBackupsFolder(): Promise<void>;
}

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
}

export function installAppMenu(
  electron: ElectronLike,
  app: App,
  win: BrowserWindowLike,
  session: WindowSession,
  version: string,
): AppMenu {
  const push = (event: ShellEvent) => {
    if (!win.isDestroyed()) win.webContents.send(SHELL_EVENT_CHANNEL, event);
  };
  const refused = (message: string) =>
    electron.dialog.showMessageBox(win, {
      type: 'warning',
      title: 'Countertop',
      message,
      buttons: ['OK'],
    });
  /** The action's own check: the user signed in now, holding backup.manage. */
  const manager = async () => {
    const actor = await session.actor();
    if (actor?.can('backup.manage')) return actor;
    await refused(
      actor
        ? `${actor.user.displayName} may not back up or restore: that needs the "back up and restore" permission.`
        : 'Sign in as a user who may back up and restore first.',
    );
    return null;
  };

  let busy = false;
  const actions = {
    async backupNow() {
      if (busy || !(await manager())) return;
      busy = true;
      push({ type: 'backup', state: 'running', message: 'Backing up… 0%' });
      try {
        const file = await app.gate.run(() =>
          takeBackup(app.core, (p) => {
            const done = p.totalPages ? (p.totalPages - p.remainingPages) / p.totalPages : 0;
            push({
              type: 'backup',
              state: 'running',
              message: `Backing up… ${Math.floor(done * 100)}%`,
            });
          }),
        );
        const path = join(backupsDir(app.core.dataDir), file.file);
        push({ type: 'backup', state: 'done', message: `Backup saved: ${path}`, file: path });
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        push({ type: 'backup', state: 'failed', message: `The backup failed: ${why}` });
      } finally {
        busy = false;
      }
    },

    async restoreFromFile() {
      if (busy) return;
      const actor = await manager();
      if (!actor) return;
      const pick = await electron.dialog.showOpenDialog(win, {
        title: 'Restore from a backup file',
        properties: ['openFile'],
        filters: [{ name: 'Countertop backups', extensions: ['sqlite3'] }],
      });
      const path = pick.filePaths[0];
      if (pick.canceled || !path) return;
      busy = true;
      try {
        let facts;
        try {
          facts = inspectBackupPath(path);
        } catch (e) {
          await refused(isPosError(e) ? e.message : `Cannot read ${path}.`);
          return;
        }
        const answer = await electron.dialog.showMessageBox(win, {
          type: 'warning',
          title: 'Restore from a backup',
          message: `Replace all of this till's data with the backup made ${when(facts.createdAt)}?`,
          detail:
            `Everything recorded since then — orders, payments, cash counts, menu and staff ` +
            `changes — is replaced by the backup ${facts.name}. The data as it is now is kept ` +
            `first as a pre-restore backup. Everyone is signed out.`,
          buttons: ['Cancel', 'Replace the data'],
          defaultId: 0,
          cancelId: 0,
        });
        if (answer.response !== 1) return;
        const name = importBackupFile(app.core, path);
        try {
          await restoreInApp(app, name, {
            callerHolds: 0,
            actor: { id: actor.user.id, username: actor.user.username },
          });
        } catch (e) {
          await refused(isPosError(e) ? e.message : 'The restore failed; nothing changed.');
          return;
        }
        session.set(null);
        push({
          type: 'signed-out',
          message: `Restored the backup made ${when(facts.createdAt)}. Sign in again.`,
        });
      } finally {
        busy = false;
      }
    },

    async openBackupsFolder() {
      if (!(await manager())) return;
      const problem = await electron.shell.openPath(ensureDir(backupsDir(app.core.dataDir)));
      if (problem) await refused(`Cannot open the backups folder: ${problem}`);
    },
  };

  const template: MenuItemOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          id: 'backup-now',
          label: 'Back up now',
          enabled: false,
          click: () => void actions.backupNow(),
        },
        {
          id: 'restore-file',
          label: 'Restore from a file…',
          enabled: false,
          click: () => void actions.restoreFromFile(),
        },
        {
          id: 'open-backups',
          label: 'Open the backups folder',
          enabled: false,
          click: () => void actions.openBackupsFolder(),
        },
        { type: 'separator' },
        { role: 'quit', label: 'Quit' },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [
        {
          id: 'kitchen',
          label: 'Kitchen display',
          click: () => push({ type: 'navigate', screen: 'kitchen' }),
        },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Help',
      submenu: [
        {
          id: 'diagnostics',
          label: 'Hardware diagnostics',
          click: () => push({ type: 'navigate', screen: 'hardware' }),
        },
        {
          id: 'about',
          label: 'About Countertop',
          click: () =>
            void electron.dialog.showMessageBox(win, {
              type: 'info',
              title: 'About Countertop',
              message: `Countertop ${version}`,
              detail: `Point of sale for cafes. Data folder: ${app.core.dataDir}`,
              buttons: ['OK'],
            }),
        },
      ],
    },
  ];
  const menu = electron.Menu.buildFromTemplate(template);
  electron.Menu.setApplicationMenu(menu);

  const appMenu: AppMenu = {
    menu,
    ...actions,
    async refresh() {
      const allowed = await session.can('backup.manage');
      for (const id of BACKUP_ITEMS) {
        const item = menu.getMenuItemById(id);
        if (item) item.enabled = allowed;
      }
    },
  };
  session.onChange(() => void appMenu.refresh());
  return appMenu;
}
