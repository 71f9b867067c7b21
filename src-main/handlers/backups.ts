import type { backupOps } from '../../src-shared/contract/backups';
import { takeBackup, listBackupFiles } from '../core/backups/admin';
import { restoreInApp } from '../core/backups/restore-app';
import type { Handlers } from './types';

export const backupHandlers = {
  listBackups: async (call) => ({ backups: listBackupFiles(call.app.core) }),
  createBackup: (call) => takeBackup(call.app.core),
  // The request itself holds one slot of the gate the restore closes.
  restoreBackup: (call, input) => restoreInApp(call.app, input.file, { callerHolds: 1 }),
} satisfies Pick<Handlers, keyof typeof backupOps>;
