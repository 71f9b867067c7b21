import { randomBytes } from 'node:crypto';
import { createWriteStream, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadedBackup } from '../../../src-shared/contract/backups';
import { PosError } from '../../../src-shared/errors';
import { fsyncDir, fsyncFile, inspectBackupFile, removeDbFiles } from '../../db/backup';
import { loadMigrations, type Migration } from '../../db/migrator';
import type { CoreContext } from '../context';
import { backupsDir, ensureDir, madeAtFromName, newBackupName } from './files';
import { invalid } from './restore';

export interface UploadOptions {
  /** The name the file had on the uploader's computer (only its last segment is kept). */
  originalName: string | null;
  maxBytes: number;
  /** Content-Length, when the client sent one: too large is refused before a byte is read. */
  declaredBytes: number | null;
  migrations?: Migration[];
}

function tooLarge(maxBytes: number): PosError {
  return new PosError(
    'payload_too_large',
    `a backup upload may be at most ${Math.floor(maxBytes / (1024 * 1024))} MiB`,
    { maxBytes },
  );
}

/**
 * A backup file sent from the operator's computer: written to a private `.partial` file in the
 * backups folder (never held in memory), checked exactly as a restore checks a file (header,
 * size, integrity_check, this app's migration history), and only then listed as `uploaded-*`.
 * A file that fails is removed and refused with the reason; the live database is never touched.
 * Its name keeps the moment the backup was made when the original name tells it.
 */
export async function receiveBackupUpload(
  ctx: CoreContext,
  body: Readable,
  opts: UploadOptions,
): Promise<UploadedBackup> {
  if (opts.declaredBytes !== null && opts.declaredBytes > opts.maxBytes)
    throw tooLarge(opts.maxBytes);
  const originalName = opts.originalName ? basename(opts.originalName).slice(0, 255) : null;
  const dir = ensureDir(backupsDir(ctx.dataDir));
  const partial = join(dir, `upload-${randomBytes(6).toString('hex')}.partial`);
  try {
    let seen = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        seen += chunk.length;
        done(seen > opts.maxBytes ? tooLarge(opts.maxBytes) : null, chunk);
      },
    });
    await pipeline(body, limit, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    let info;
    try {
      info = inspectBackupFile(partial, opts.migrations ?? loadMigrations());
    } catch (e) {
      invalid(originalName ?? 'the uploaded file', e);
    }
    fsyncFile(partial);
    const madeAt = originalName ? madeAtFromName(originalName) : null;
    const name = newBackupName(dir, 'uploaded', madeAt ? new Date(madeAt) : ctx.clock());
    const path = join(dir, name);
    renameSync(partial, path);
    fsyncDir(dir);
    return {
      file: name,
      bytes: statSync(path).size,
      createdAt: madeAt ?? ctx.clock().toISOString(),
      kind: 'uploaded',
      madeAt,
      originalName,
      schemaVersion: info.schemaVersion,
    };
  } finally {
    removeDbFiles(partial);
  }
}
