import type { backupOps } from '../../src-shared/contract/backups';
import { takeBackup, listBackupFiles } from '../core/backups/admin';
import { restoreInApp } from '../core/backups/restore-app';
import type { Handlers } from './types';

export const backupHandlers = {
  listBackups: async (call) => ({ backups: listBackupFiles(call.app.core) }),
  createBackup: (call) => takeBackup(call.app.core),
  // The request itself holds one slot of the gate the restore closes.
  restoreBackup: async (call, input) => {
    const a = call.actor?.approval;
    const lent = a && a.borrowed.size > 0;
    const result = await restoreInApp(call.app, input.file, {
      callerHolds: 1,
      actor: call.actor ? { id: call.actor.user.id, username: call.actor.user.username } : null,
      // A PIN approval is recorded inside the restored database with the restore itself.
      approval: lent
        ? { approverId: a.approver.id, operation: a.operation, permissions: [...a.borrowed] }
        : null,
    });
    if (a) a.recorded = true;
    return result;
  },
} satisfies Pick<Handlers, keyof typeof backupOps>;
