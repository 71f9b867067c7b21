/**
 * Restoring a backup, in two steps so that nothing is touched until the file is known good:
 * 1. `prepareCandidate`: copy the file next to the live database (same filesystem, so the final
 *    rename is atomic; and the operator's file is never modified), check it, bring it up to this
 *    build's schema if it is older.
 * 2. Swap it in, after keeping the current database as a `pre-restore-*` backup: offline for the
 *    CLI (`restoreOffline`), or inside the running app behind its request gate (restore-app.ts).
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { makePrivate } from '../../private-files';
import Database from 'better-sqlite3';
import { PosError } from '../../../src-shared/errors';
import {
  InvalidBackupError,
  inspectBackupFile,
  removeDbFiles,
  swapDatabaseFile,
  type BackupInfo,
  type BackupProgress,
} from '../../db/backup';
import { migrate, type Migration } from '../../db/migrator';
import { openSqlite } from '../../db/open';
import { createBackup } from './create';
import { refuseChangedSchema } from './schema-check';
import { recordRestoreInto } from './restore-audit';
import { carrySyncInto } from '../sync/restore';
import { endSessionsInto } from './restore-sessions';
import type { BackupFile } from './files';
import { holdDataDir, liveHolders } from './server-lock';

export interface Candidate {
  path: string;
  info: BackupInfo;
}

export interface RestoreResult {
  /** The file that was restored, as given. */
  restored: string;
  schemaVersion: number;
  /** The database that was replaced, kept in the backups folder (null when there was none). */
  preRestore: BackupFile | null;
}

/** An InvalidBackupError as the API refuses it: 422 invalid_backup with the reason. */
export function invalid(source: string, e: unknown): never {
  if (e instanceof InvalidBackupError)
    throw new PosError('invalid_backup', `cannot restore ${basename(source)}: ${e.message}`, {
      file: basename(source),
      reason: e.message,
    });
  throw e;
}

/** Copies, checks and (if older) migrates `source` into a private file beside `liveFile`. */
export function prepareCandidate(
  source: string,
  liveFile: string,
  migrations: Migration[],
): Candidate {
  const path = join(
    dirname(liveFile),
    `restore-candidate-${process.pid}-${randomBytes(4).toString('hex')}.sqlite3`,
  );
  try {
    try {
      copyFileSync(source, path);
      makePrivate(path);
    } catch (e) {
      throw new InvalidBackupError(`cannot read the file (${(e as NodeJS.ErrnoException).code})`);
    }
    const info = inspectBackupFile(path, migrations);
    const db = new Database(path, { fileMustExist: true });
    try {
      migrate(db, { migrations });
      refuseChangedSchema(db, migrations);
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
    return { path, info };
  } catch (e) {
    removeDbFiles(path);
    return invalid(source, e);
  }
}

export function refuseIfHeld(dataDir: string, exceptLock?: string): void {
  const holders = liveHolders(dataDir, exceptLock);
  const h = holders[0];
  if (h)
    throw new PosError(
      'database_in_use',
      `database in use: a ${h.kind} (pid ${h.pid}${h.host ? ` on ${h.host}` : ''}) has it open; stop it first`,
      { pid: h.pid, kind: h.kind },
    );
}

export interface OfflineRestoreOptions {
  dataDir: string;
  liveFile: string;
  backupsDir: string;
  source: string;
  migrations: Migration[];
  at: Date;
  onProgress?: (p: BackupProgress) => void;
}

/** `manage restore-db`: refuses while any server holds the data dir. */
export async function restoreOffline(opts: OfflineRestoreOptions): Promise<RestoreResult> {
  refuseIfHeld(opts.dataDir);
  // Announce ourselves, then look again: a server that started in between wins.
  const lock = holdDataDir(opts.dataDir, 'restore', opts.at);
  try {
    refuseIfHeld(opts.dataDir, lock.file);
    const candidate = prepareCandidate(opts.source, opts.liveFile, opts.migrations);
    try {
      let preRestore: BackupFile | null = null;
      if (existsSync(opts.liveFile)) {
        const live = openSqlite(opts.liveFile);
        try {
          const { path: _path, ...file } = await createBackup(live, {
            dir: opts.backupsDir,
            kind: 'pre-restore',
            at: opts.at,
            ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
          });
          preRestore = file;
          // Fold the WAL in so the file we replace is complete on its own.
          live.pragma('wal_checkpoint(TRUNCATE)');
          endSessionsInto(candidate.path, live);
          carrySyncInto(candidate.path, live);
        } finally {
          live.close();
        }
      }
      // The audit record travels inside the restored database (see restore-audit.ts); the
      // command line has no signed-in user, so the actor is null and `via` says "cli".
      recordRestoreInto(candidate.path, {
        at: opts.at,
        actor: null,
        via: 'cli',
        file: basename(opts.source),
        schemaVersion: candidate.info.schemaVersion,
        preRestore: preRestore?.file ?? null,
      });
      swapDatabaseFile(candidate.path, opts.liveFile);
      return { restored: opts.source, schemaVersion: candidate.info.schemaVersion, preRestore };
    } finally {
      removeDbFiles(candidate.path);
    }
  } finally {
    lock.release();
  }
}
