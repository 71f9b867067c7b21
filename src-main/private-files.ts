import {
  chmodSync,
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
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

/**
 * A small settings file of the data dir (terminal.json, hub-link.json), read whole: `undefined`
 * when there is none; throws when it is not JSON.
 */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text) as unknown;
}

/**
 * Writes such a file whole and owner-only: a temporary file beside it, flushed, then renamed over
 * it, so a crash or a full disk leaves the old file or the new one, never half of one.
 */
export function writeJsonFile(path: string, value: unknown): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', PRIVATE_FILE);
  try {
    writeSync(fd, `${JSON.stringify(value, null, '\t')}\n`);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(temp, path);
}
