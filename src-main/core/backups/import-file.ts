/**
 * A backup file from anywhere (a USB stick, another folder), brought into the backups folder so
 * the in-app restore can take it by name: checked first with the same checks as the API's
 * restore, so a file that is not a backup changes nothing and leaves nothing behind.
 */
import { copyFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { makePrivate } from '../../private-files';
import { PosError } from '../../../src-shared/errors';
import { InvalidBackupError, inspectBackupFile } from '../../db/backup';
import { loadMigrations, type Migration } from '../../db/migrator';
import type { CoreContext } from '../context';
import { BACKUP_NAME_RE, backupsDir, ensureDir, listBackups, newBackupName } from './files';

export interface BackupFileFacts {
  /** The name it has (or will have) in the backups folder. */
  name: string;
  /** When the backup was made: from its name when Countertop made it, else the file's time. */
  createdAt: string;
  schemaVersion: number;
}

/** Checks `path` like the restore operation does; 422 `invalid_backup` in words if it is not one. */
export function inspectBackupPath(path: string, migrations?: Migration[]): BackupFileFacts {
  try {
    const info = inspectBackupFile(path, migrations ?? loadMigrations());
    const listed = listBackups(dirname(path)).find((b) => b.file === basename(path));
    return {
      name: basename(path),
      createdAt: listed?.createdAt ?? statSync(path).mtime.toISOString(),
      schemaVersion: info.schemaVersion,
    };
  } catch (e) {
    if (e instanceof InvalidBackupError)
      throw new PosError(
        'invalid_backup',
        `${basename(path)} is not a Countertop backup: ${e.message}`,
        {
          file: basename(path),
          reason: e.message,
        },
      );
    throw e;
  }
}

/** Copies a checked file into the backups folder (unless it is already there); returns its name. */
export function importBackupFile(ctx: CoreContext, path: string): string {
  const dir = ensureDir(backupsDir(ctx.dataDir));
  const source = resolve(path);
  if (dirname(source) === resolve(dir)) return basename(source);
  const own = basename(source);
  const name =
    BACKUP_NAME_RE.test(own) && !listBackups(dir).some((b) => b.file === own)
      ? own
      : newBackupName(dir, 'backup', ctx.clock());
  copyFileSync(source, join(dir, name));
  makePrivate(join(dir, name));
  return name;
}
