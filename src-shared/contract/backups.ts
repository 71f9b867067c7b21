import { z } from 'zod';
import { op } from './define';

/** A file in `<data-dir>/backups/`. `kind` comes from its name (`backup-…`, `daily-…`, …). */
export interface BackupEntry {
  file: string;
  bytes: number;
  createdAt: string;
  kind: 'backup' | 'daily' | 'pre-migrate' | 'pre-restore' | 'uploaded' | 'other';
}

export interface RestoreOutcome {
  restored: string;
  /** The schema version the backup had (it is migrated up to this build's when older). */
  schemaVersion: number;
  /** The database that was replaced, kept in the backups folder. */
  preRestore: BackupEntry | null;
}

/** A "Back up now" running in the server: pages copied so far, then the file or the reason. */
export interface BackupJob {
  id: string;
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  /** Database pages: 0 of 0 until the copy has started. */
  totalPages: number;
  copiedPages: number;
  /** The finished backup (state `done`). */
  backup: BackupEntry | null;
  /** Why it failed, in words (state `failed`). */
  error: string | null;
}

/** An uploaded file that passed the restore checks and now sits in the backups folder. */
export interface UploadedBackup extends BackupEntry {
  /** When the backup itself was made, from its original file name; null when not known. */
  madeAt: string | null;
  /** The name it was uploaded as. */
  originalName: string | null;
  schemaVersion: number;
}

/** Largest backup file an upload takes (the JSON body limit is 1 MiB). */
export const BACKUP_UPLOAD_MAX_BYTES = 4 * 1024 * 1024 * 1024;

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

export const startBackupJob = op<z.ZodObject<Record<string, never>>, BackupJob>({
  name: 'startBackupJob',
  method: 'POST',
  path: '/admin/backups/jobs',
  access: 'backup.manage',
  status: 201,
  idempotent: true,
  summary: 'Start a backup in the background; read its progress with getBackupJob',
  input: z.strictObject({}),
});

const jobIdInput = z.object({ id: z.string().min(1).max(64) });

export const getBackupJob = op<typeof jobIdInput, BackupJob>({
  name: 'getBackupJob',
  method: 'GET',
  path: '/admin/backups/jobs/:id',
  access: 'backup.manage',
  summary: "A backup job's progress, and its file once done",
  input: jobIdInput,
});

export const backupFileInput = z.object({ file: z.string().min(1).max(255) });

/** Over HTTP the client receives it as a Blob; the server streams it from disk. */
export const downloadBackup = op<typeof backupFileInput, AsyncIterable<Uint8Array>>({
  name: 'downloadBackup',
  method: 'GET',
  path: '/admin/backups/files/:file',
  access: 'backup.manage',
  produces: 'application/vnd.sqlite3',
  // The name rules (letters, digits, . _ -) leave nothing to escape in the header.
  filename: (input) => input.file,
  summary: 'The bytes of one backup file, as an attachment',
  input: backupFileInput,
});

export const uploadBackupInput = z.object({
  /** The name of the file on the uploader's computer (it tells when the backup was made). */
  filename: z.string().min(1).max(255).optional(),
});

export const uploadBackup = op<typeof uploadBackupInput, UploadedBackup>({
  name: 'uploadBackup',
  method: 'POST',
  path: '/admin/backups/upload',
  access: 'backup.manage',
  status: 201,
  upload: { maxBytes: BACKUP_UPLOAD_MAX_BYTES },
  summary: 'Upload a backup file (raw body); checked as a restore checks it, then listed',
  input: uploadBackupInput,
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

export const backupOps = {
  listBackups,
  createBackup,
  startBackupJob,
  getBackupJob,
  downloadBackup,
  uploadBackup,
  restoreBackup,
};
