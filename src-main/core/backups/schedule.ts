import { periodic, type Periodic } from '../periodic';
import type { CoreContext } from '../context';
import { createBackupFromSnapshot } from './create';
import { backupsDir, listBackups, type BackupFile } from './files';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the app looks whether a daily backup is due. */
export const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * Takes a `daily-*` backup when the newest one is a day old (or there is none), then prunes the
 * automatic kinds to `keep`. Returns the new file, or null when none was due.
 */
export async function runDailyBackup(ctx: CoreContext, keep: number): Promise<BackupFile | null> {
  const dir = backupsDir(ctx.dataDir);
  const now = ctx.clock();
  const last = listBackups(dir).find((b) => b.kind === 'daily');
  if (last && now.getTime() - Date.parse(last.createdAt) < DAY_MS) return null;
  const { path: _path, ...file } = await createBackupFromSnapshot(ctx, {
    dir,
    kind: 'daily',
    at: now,
    keep,
  });
  return file;
}

export type Schedule = Periodic;

/**
 * Checks hourly (the first check an hour after start, so short-lived processes and tests never
 * write one) and runs through `guard` so a backup never overlaps an in-process restore. The
 * timer never keeps the process alive; a failure is reported and retried at the next check.
 */
export function startDailyBackups(
  getCtx: () => CoreContext,
  keep: number,
  guard: <T>(fn: () => Promise<T>) => Promise<T>,
  report: (message: string) => void = (m) => getCtx().log.error(m),
): Schedule {
  return periodic(
    CHECK_EVERY_MS,
    () => guard(() => runDailyBackup(getCtx(), keep)),
    (e) => report(`daily backup failed: ${(e as Error).message}`),
  );
}
