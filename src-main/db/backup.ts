/**
 * SQLite-level work for backups and restores: the online copy (SQLite backup API), the checks a
 * candidate file must pass before it may replace the live database, and the file swap itself.
 * Nothing here knows about the data dir's layout or the app; see src-main/core/backups/.
 */
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MigrationError, appliedMigrations, pendingMigrations, type Migration } from './migrator';

export const SQLITE_MAGIC = 'SQLite format 3\0';

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

/** Pages copied per step: 4 MiB at the default page size, so progress shows on large files. */
const PAGES_PER_STEP = 1024;

/**
 * Copies the database behind `source` into `dest` (which must not exist) with the SQLite backup
 * API, then makes the copy a standalone rollback-journal file and runs `quick_check` on it.
 *
 * Consistency while the app writes: a write through `source` itself is mirrored into the copy;
 * a write by another connection (another process) restarts the copy. If that happens the rest is
 * copied in a single step, which holds one read snapshot (WAL readers never block writers), so
 * a busy shop cannot starve the backup.
 */
export async function backupDatabase(
  source: Database.Database,
  dest: string,
  onProgress?: (p: BackupProgress) => void,
): Promise<void> {
  let lastRemaining = Infinity;
  let restarted = false;
  try {
    await source.backup(dest, {
      progress: (p) => {
        if (p.remainingPages > lastRemaining) restarted = true;
        lastRemaining = p.remainingPages;
        onProgress?.(p);
        // -1 would mean "all"; better-sqlite3 clamps to >= 0, so ask for more pages than exist.
        return restarted ? 0x7fffffff : PAGES_PER_STEP;
      },
    });
    onProgress?.({ totalPages: lastRemaining === Infinity ? 0 : lastRemaining, remainingPages: 0 });
    finishCopy(dest);
  } catch (e) {
    removeDbFiles(dest);
    throw e;
  }
}

/**
 * Synchronous consistent copy (`VACUUM INTO`), for the pre-migration backup, which runs inside
 * the synchronous migrator before the app serves anything.
 */
export function vacuumInto(source: Database.Database, dest: string): void {
  try {
    source.prepare('VACUUM INTO ?').run(dest);
    finishCopy(dest);
  } catch (e) {
    removeDbFiles(dest);
    throw e;
  }
}

/** Rollback-journal mode (one self-contained file), quick_check, and fsync. */
function finishCopy(file: string): void {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed quick_check: ${String(check)}`);
  } finally {
    copy.close();
  }
  fsyncFile(file);
}

export function fsyncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  try {
    fsyncFile(dir);
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  }
}

/** Removes a database file with its journal, WAL and shared-memory companions. */
export function removeDbFiles(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/** Why a file cannot be restored; the message is shown to the operator as is. */
export class InvalidBackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBackupError';
  }
}

export interface BackupInfo {
  schemaVersion: number;
  pageSize: number;
  pages: number;
}

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks a candidate file for a restore, cheapest check first: the SQLite header, the size the
 * header promises (a truncated copy), `integrity_check`, then this app's migration history
 * (present, same names and checksums, not newer than this build). The file is opened for
 * writing only to clear a WAL flag, so pass a private copy, never the operator's original.
 */
export function inspectBackupFile(file: string, migrations: Migration[]): BackupInfo {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InvalidBackupError('not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof InvalidBackupError) throw e;
    throw new InvalidBackupError(`cannot read the file: ${(e as NodeJS.ErrnoException).code}`);
  }
  const header = readHeader(file);
  if (header.length < 100 || header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC)
    throw new InvalidBackupError('not a SQLite database (bad header)');
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
    throw new InvalidBackupError('not a SQLite database (bad page size)');
  const headerPages = header.readUInt32BE(28);
  if (size % pageSize !== 0 || size < headerPages * pageSize)
    throw new InvalidBackupError(
      `the file is truncated: ${size} bytes, the header promises ${headerPages * pageSize}`,
    );

  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (e) {
    throw new InvalidBackupError(`SQLite cannot open it: ${(e as Error).message}`);
  }
  try {
    try {
      // A copy of a WAL-mode file without its -wal: make it a plain file before reading it.
      db.pragma('journal_mode = DELETE');
      const rows = db.pragma('integrity_check') as { integrity_check: string }[];
      const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
      if (problems.length)
        throw new InvalidBackupError(
          `integrity_check failed: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}`,
        );
    } catch (e) {
      if (e instanceof InvalidBackupError) throw e;
      throw new InvalidBackupError(`the database is damaged: ${(e as Error).message}`);
    }
    let applied;
    try {
      applied = appliedMigrations(db);
    } catch {
      throw new InvalidBackupError('not a Countertop database (unreadable schema_migrations)');
    }
    if (!applied.length)
      throw new InvalidBackupError('not a Countertop database (no schema_migrations history)');
    try {
      pendingMigrations(db, migrations);
    } catch (e) {
      if (e instanceof MigrationError) throw new InvalidBackupError(e.message);
      throw e;
    }
    const schemaVersion = Math.max(...applied.map((a) => a.version));
    return { schemaVersion, pageSize, pages: size / pageSize };
  } finally {
    db.close();
  }
}

/**
 * Puts `candidate` in place of `live` atomically (rename on one filesystem). The caller must have
 * closed every connection to `live` first: a stale -wal beside a new main file would be replayed
 * into it. After a clean close SQLite has already removed them; this removes any leftovers.
 */
export function swapDatabaseFile(candidate: string, live: string): void {
  fsyncFile(candidate);
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(live + suffix, { force: true });
  renameSync(candidate, live);
  fsyncDir(dirname(live));
}
