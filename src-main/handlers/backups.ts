import { createReadStream } from 'node:fs';
import { uploadBackup, type backupOps } from '../../src-shared/contract/backups';
import { PosError } from '../../src-shared/errors';
import { takeBackup, listBackupFiles } from '../core/backups/admin';
import { backupsDir, resolveBackupName } from '../core/backups/files';
import { restoreInApp } from '../core/backups/restore-app';
import { receiveBackupUpload } from '../core/backups/upload';
import type { Handlers } from './types';

export const backupHandlers = {
  listBackups: async (call) => ({ backups: listBackupFiles(call.app.core) }),
  createBackup: async (call) => {
    const { file, bytes, createdAt } = await takeBackup(call.app.core);
    return { file, bytes, createdAt };
  },
  startBackupJob: async (call) => call.app.backupJobs.start(),
  getBackupJob: async (call, input) => call.app.backupJobs.get(input.id),
  // Streamed from disk (a backup can be large); the name rules keep it inside the folder.
  downloadBackup: async (call, input) =>
    createReadStream(resolveBackupName(backupsDir(call.app.core.dataDir), input.file)),
  uploadBackup: async (call, input) => {
    if (!call.upload)
      throw new PosError('validation_error', 'send the backup file as the request body');
    return receiveBackupUpload(call.app.core, call.upload.body, {
      originalName: input.filename ?? null,
      maxBytes: uploadBackup.upload?.maxBytes ?? 0,
      declaredBytes: call.upload.declaredBytes,
    });
  },
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
