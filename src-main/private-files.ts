import { chmodSync, closeSync, lstatSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data dir holds customers, PIN hashes and the signing secret (in the database, its WAL and
 * every backup): nobody but the shop's own account may read it. Files 0600, folders 0700.
 */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Makes `path` owner-only, whatever it was created with (a copy keeps its source's mode). */
export function makePrivate(path: string): void {
  chmodSync(path, PRIVATE_FILE);
}

/**
 * Creates the SQLite file owner-only before SQLite opens it: SQLite gives the -wal and -shm
 * files the mode of the database file, so they start private too.
 */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE));
}

/**
 * Tightens a data dir made by an older version (0755 folders, 0644 files): every folder 0700,
 * every file 0600. Symbolic links are left alone (chmod would follow them out of the dir).
 */
export function tightenDataDir(dir: string): void {
  chmodSync(dir, PRIVATE_DIR);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tightenDataDir(path);
    else if (entry.isFile() && (lstatSync(path).mode & 0o077) !== 0) makePrivate(path);
  }
}
