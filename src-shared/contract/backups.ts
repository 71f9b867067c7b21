import { z } from 'zod';
import { op } from './define';

/** A file in `<data-dir>/backups/`. `kind` comes from its name (`backup-…`, `daily-…`, …). */
export interface BackupEntry {
  file: string;
  bytes: number;
  createdAt: string;
  kind: 'backup' | 'daily' | 'pre-migrate' | 'pre-restore' | 'other';
}

export interface RestoreOutcome {
  restored: string;
  /** The schema version the backup had (it is migrated up to this build's when older). */
  schemaVersion: number;
  /** The database that was replaced, kept in the backups folder. */
  preRestore: BackupEntry | null;
}

export const listBackups = op<z.ZodObject<Record<string, never>>, { backups: BackupEntry[] }>({
  name: 'listBackups',
  method: 'GET',
  path: '/admin/backups',
  access: 'backup.manage',
  summary: 'Backups in the data dir, newest first',
  input: z.object({}),
});

export const createBackup = op<
  z.ZodObject<Record<string, never>>,
  { file: string; bytes: number; createdAt: string }
>({
  name: 'createBackup',
  method: 'POST',
  path: '/admin/backups',
  access: 'backup.manage',
  status: 201,
  idempotent: true,
  summary: 'Take an online backup now',
  input: z.strictObject({}),
});

export const restoreBackupInput = z.strictObject({
  file: z.string().min(1).max(255),
});

export const restoreBackup = op<typeof restoreBackupInput, RestoreOutcome>({
  name: 'restoreBackup',
  method: 'POST',
  path: '/admin/backups/restore',
  access: 'backup.manage',
  summary: 'Replace the database with a backup from the backups folder',
  input: restoreBackupInput,
});

export const backupOps = { listBackups, createBackup, restoreBackup };
