import { renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivate } from '../../private-files';
import type Database from 'better-sqlite3';
import { backupDatabase, fsyncDir, vacuumInto, type BackupProgress } from '../../db/backup';
import { openSqlite } from '../../db/open';
import type { CoreContext } from '../context';
import { ensureDir, newBackupName, pruneBackups, type BackupFile, type BackupKind } from './files';

export interface CreateBackupOptions {
  /** The folder to write into (created if missing). */
  dir: string;
  kind: BackupKind;
  at: Date;
  /** Prune the automatic kinds to this many afterwards (omit to leave the folder as it is). */
  keep?: number;
  onProgress?: (p: BackupProgress) => void;
}

/**
 * An online backup of the live connection's database. It is written under a `.partial` name
 * and renamed only once it passed `quick_check`, so a listed file is always a complete one.
 */
export async function createBackup(
  source: Database.Database,
  opts: CreateBackupOptions,
): Promise<BackupFile & { path: string }> {
  const dir = ensureDir(opts.dir);
  const name = newBackupName(dir, opts.kind, opts.at);
  const partial = join(dir, `${name}.partial`);
  await backupDatabase(source, partial, opts.onProgress);
  return finish(dir, name, partial, opts);
}

/**
 * A backup of the running app's database read through a connection of its own: it sees only
 * committed data, never a request's transaction half done on the app's connection (which holds
 * that connection across awaits). Writes that commit meanwhile restart the copy (see
 * backupDatabase), so the file is one consistent moment.
 */
export async function createBackupFromSnapshot(
  ctx: CoreContext,
  opts: CreateBackupOptions,
): Promise<BackupFile & { path: string }> {
  const source = openSqlite(ctx.dbh.file, { readonly: true });
  try {
    return await createBackup(source, opts);
  } finally {
    source.close();
  }
}

/** The same, synchronously (VACUUM INTO), for the hook the synchronous migrator calls. */
export function createBackupSync(
  source: Database.Database,
  opts: Omit<CreateBackupOptions, 'onProgress'>,
): BackupFile & { path: string } {
  const dir = ensureDir(opts.dir);
  const name = newBackupName(dir, opts.kind, opts.at);
  const partial = join(dir, `${name}.partial`);
  vacuumInto(source, partial);
  return finish(dir, name, partial, opts);
}

function finish(
  dir: string,
  name: string,
  partial: string,
  opts: { kind: BackupKind; at: Date; keep?: number },
): BackupFile & { path: string } {
  const path = join(dir, name);
  makePrivate(partial);
  renameSync(partial, path);
  fsyncDir(dir);
  if (opts.keep !== undefined) pruneBackups(dir, opts.keep);
  return {
    file: name,
    path,
    bytes: statSync(path).size,
    createdAt: opts.at.toISOString(),
    kind: opts.kind,
  };
}
