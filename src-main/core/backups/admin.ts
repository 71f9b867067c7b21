import type { BackupEntry } from '../../../src-shared/contract/backups';
import type { BackupProgress } from '../../db/backup';
import type { CoreContext } from '../context';
import { createBackupFromSnapshot } from './create';
import { backupsDir, keepFromEnv, listBackups } from './files';

export function listBackupFiles(ctx: CoreContext): BackupEntry[] {
  return listBackups(backupsDir(ctx.dataDir));
}

/**
 * `POST /api/admin/backups` and the desktop menu's Back up now: an online copy of the live
 * database into the backups folder (`onProgress` as pages are copied, for the menu's banner).
 */
export async function takeBackup(
  ctx: CoreContext,
  onProgress?: (p: BackupProgress) => void,
): Promise<{ file: string; bytes: number; createdAt: string }> {
  const f = await createBackupFromSnapshot(ctx, {
    dir: backupsDir(ctx.dataDir),
    kind: 'backup',
    at: ctx.clock(),
    keep: keepFromEnv(process.env),
    ...(onProgress ? { onProgress } : {}),
  });
  return { file: f.file, bytes: f.bytes, createdAt: f.createdAt };
}
