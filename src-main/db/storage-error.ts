import { PosError } from '../../src-shared/errors';

/** SQLite's codes for "the disk (or the database's size limit) has no room". */
function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || (e as NodeJS.ErrnoException | null)?.code === 'ENOSPC';
}

/**
 * What a request gets when storage refused its write (issue 13, docs/api.md "Group commit"): 503
 * `internal` in words, never a 500, and nothing of it was saved. A full disk is named as such, so
 * the person at the till knows what to fix.
 */
export function storageFailed(cause: unknown): PosError {
  const e = isDiskFull(cause)
    ? new PosError(
        'internal',
        'disk full: the database could not save this; nothing was recorded. Free some space on the till, then try again',
        undefined,
        503,
      )
    : new PosError(
        'internal',
        'the database could not save this (storage failed); nothing was recorded: try again',
        undefined,
        503,
      );
  (e as Error & { cause?: unknown }).cause = cause;
  return e;
}

/** Whether `e` is storage refusing a write (mapped by `storageFailed`), not a bug. */
export function isStorageFailure(e: unknown): boolean {
  return isDiskFull(e);
}
