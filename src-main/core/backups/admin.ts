import type { BackupEntry } from '../../../src-shared/contract/backups';
import type { BackupProgress } from '../../db/backup';
import type { CoreContext } from '../context';
import { createBackupFromSnapshot } from './create';
import { backupsDir, keepFromEnv, listBackups } from './files';

export function listBackupFiles(ctx: CoreContext): BackupEntry[] {
  return listBackups(backupsDir(ctx.dataDir));
}

/**
 * "Back up now": an online copy of the live database into the backups folder. The API (as a
 * job with a progress read, see jobs.ts) and the desktop app's menu (`onProgress` for its
 * banner) both call this.
 */
export async function takeBackup(
  ctx: CoreContext,
  onProgress?: (p: BackupProgress) => void,
): Promise<{ file: string; bytes: number; createdAt: string; kind: BackupEntry['kind'] }> {
  const f = await createBackupFromSnapshot(ctx, {
    dir: backupsDir(ctx.dataDir),
    kind: 'backup',
    at: ctx.clock(),
    keep: keepFromEnv(process.env),
    ...(onProgress ? { onProgress } : {}),
  });
  return { file: f.file, bytes: f.bytes, createdAt: f.createdAt, kind: f.kind };
}
