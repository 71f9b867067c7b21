import type { BackupEntry } from '../../../src-shared/contract/backups';
import type { CoreContext } from '../context';
import { createBackupFromSnapshot } from './create';
import { backupsDir, keepFromEnv, listBackups } from './files';

export function listBackupFiles(ctx: CoreContext): BackupEntry[] {
  return listBackups(backupsDir(ctx.dataDir));
}

/** `POST /api/admin/backups`: an online copy of the live database into the backups folder. */
export async function takeBackup(
  ctx: CoreContext,
): Promise<{ file: string; bytes: number; createdAt: string }> {
  const f = await createBackupFromSnapshot(ctx, {
    dir: backupsDir(ctx.dataDir),
    kind: 'backup',
    at: ctx.clock(),
    keep: keepFromEnv(process.env),
  });
  return { file: f.file, bytes: f.bytes, createdAt: f.createdAt };
}
