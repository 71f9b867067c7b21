import { resetOrderFeed } from '../orders/events';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { PosError } from '../../../src-shared/errors';
import { swapDatabaseFile, removeDbFiles } from '../../db/backup';
import { loadMigrations, type Migration } from '../../db/migrator';
import { DB_FILE, openDb } from '../../db/open';
import type { CoreContext } from '../context';
import type { DataDirLock } from './server-lock';
import { createBackup } from './create';
import { backupsDir, resolveBackupName, type BackupFile } from './files';
import { prepareCandidate, refuseIfHeld, type RestoreResult } from './restore';
import { recordRestoreInto } from './restore-audit';
import { endSessionsInto } from './restore-sessions';
import { carrySyncInto } from '../sync/restore';

/**
 * What a restore needs of the running app (src-main/app.ts): its core, its data-dir lock and the
 * request gate it closes while the file is swapped.
 */
export interface RestoringApp {
  core: CoreContext;
  lock: Pick<DataDirLock, 'file'>;
  gate: {
    exclusive<T>(
      fn: () => Promise<T>,
      opts: { callerHolds: number; timeoutMs: number },
    ): Promise<T>;
  };
}

export interface AppRestoreOptions {
  /** Gate slots the caller occupies: 1 from inside a request (the API), 0 otherwise. */
  callerHolds: number;
  /** How long to wait for requests in flight before giving up (409 database_in_use). */
  drainTimeoutMs?: number;
  migrations?: Migration[];
  /** Who restored (the audit record written into the restored database); null: unknown. */
  actor?: { id: string; username: string } | null;
  approval?: { approverId: string; operation: string; permissions: string[] } | null;
}

/**
 * Restores a file from the backups folder into the running app: check it while requests still
 * flow, then close the gate, keep the current database as `pre-restore-*`, close the handle,
 * swap the file, reopen, and open the gate again. If reopening fails the replaced database is
 * put back, so the app never ends up without one.
 */
export async function restoreInApp(
  app: RestoringApp,
  name: string,
  opts: AppRestoreOptions,
): Promise<RestoreResult> {
  const ctx = app.core;
  const dir = backupsDir(ctx.dataDir);
  const source = resolveBackupName(dir, name);
  const liveFile = join(ctx.dataDir, DB_FILE);
  refuseIfHeld(ctx.dataDir, app.lock.file);
  const candidate = prepareCandidate(source, liveFile, opts.migrations ?? loadMigrations());
  try {
    return await app.gate.exclusive(
      async () => {
        // Nothing else runs now: this copy is exactly the state being replaced.
        const { path: prePath, ...preRestore } = await createBackup(ctx.dbh.sqlite, {
          dir,
          kind: 'pre-restore',
          at: ctx.clock(),
        });
        // Everyone signs in again on the restored data, the one who restored included.
        endSessionsInto(candidate.path, ctx.dbh.sqlite);
        // Still joined to the same hub, and the outbox never numbers a change twice.
        carrySyncInto(candidate.path, ctx.dbh.sqlite);
        // Into the candidate, so the restored database arrives with its own audit record.
        recordRestoreInto(candidate.path, {
          at: ctx.clock(),
          actor: opts.actor ?? null,
          approval: opts.approval ?? null,
          via: 'api',
          file: name,
          schemaVersion: candidate.info.schemaVersion,
          preRestore: preRestore.file,
        });
        // Open kitchen streams end now and reconnect to the restored feed.
        resetOrderFeed(ctx);
        await ctx.dbh.close();
        try {
          swapDatabaseFile(candidate.path, liveFile);
          ctx.dbh = openDb(liveFile);
        } catch (e) {
          // Put the replaced database back from the copy just taken, and carry on with it.
          const back = `${liveFile}.rollback`;
          copyFileSync(prePath, back);
          removeDbFiles(liveFile);
          swapDatabaseFile(back, liveFile);
          ctx.dbh = openDb(liveFile);
          throw new PosError(
            'internal',
            `restore failed, nothing changed: ${(e as Error).message}`,
          );
        }
        const result: RestoreResult = {
          restored: name,
          schemaVersion: candidate.info.schemaVersion,
          preRestore: preRestore as BackupFile,
        };
        return result;
      },
      { callerHolds: opts.callerHolds, timeoutMs: opts.drainTimeoutMs ?? 30_000 },
    );
  } finally {
    removeDbFiles(candidate.path);
  }
}
