/**
 * The backups folder: how files are named, listed, pruned and looked up by name. Names carry a
 * sortable UTC timestamp so `ls` order is age order: `<kind>-20261125T100000123Z.sqlite3`.
 */
import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PosError } from '../../../src-shared/errors';

export const BACKUP_KINDS = ['backup', 'daily', 'pre-migrate', 'pre-restore', 'uploaded'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** What a restore or a listing accepts as a file name: no folders, no dots up, no surprises. */
export const BACKUP_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.sqlite3$/;
const OURS_RE =
  /^(backup|daily|pre-migrate|pre-restore|uploaded)-(\d{8}T\d{9}Z)(?:-(\d+))?\.sqlite3$/;

/** Automatic kinds are pruned to the newest N each; an operator's own and pre-restore never are. */
export const PRUNED_KINDS: readonly BackupKind[] = ['daily', 'pre-migrate'];
export const DEFAULT_KEEP = 14;

export interface BackupFile {
  file: string;
  bytes: number;
  createdAt: string;
  kind: BackupKind | 'other';
}

export function backupsDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** `2026-11-25T10:00:00.123Z` → `20261125T100000123Z` (sorts like the time it names). */
export function stamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/** When a backup named by this app was made (from its name alone); null for another name. */
export function madeAtFromName(name: string): string | null {
  const m = OURS_RE.exec(name);
  return (m && unstamp(m[2] as string)) || null;
}

function unstamp(s: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(s);
  if (!m) return '';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}

/** A new, unused file name of this kind for this moment (a suffix when two land in one ms). */
export function newBackupName(dir: string, kind: BackupKind, at: Date): string {
  const base = `${kind}-${stamp(at)}`;
  const taken = new Set(safeReaddir(dir));
  let name = `${base}.sqlite3`;
  for (let i = 2; taken.has(name) || taken.has(`${name}.partial`); i++)
    name = `${base}-${i}.sqlite3`;
  return name;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Every finished backup in `dir` (regular files named `*.sqlite3`), newest first. */
export function listBackups(dir: string): BackupFile[] {
  const out: BackupFile[] = [];
  for (const name of safeReaddir(dir)) {
    if (!BACKUP_NAME_RE.test(name)) continue;
    let st;
    try {
      st = lstatSync(join(dir, name));
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    const m = OURS_RE.exec(name);
    out.push({
      file: name,
      bytes: st.size,
      createdAt: (m && unstamp(m[2] as string)) || st.mtime.toISOString(),
      kind: m ? (m[1] as BackupKind) : 'other',
    });
  }
  return out.sort((a, b) =>
    a.createdAt === b.createdAt
      ? b.file.localeCompare(a.file)
      : b.createdAt.localeCompare(a.createdAt),
  );
}

/** Keeps the newest `keep` of each automatic kind; returns the names removed. */
export function pruneBackups(dir: string, keep: number): string[] {
  const removed: string[] = [];
  for (const kind of PRUNED_KINDS) {
    const mine = listBackups(dir).filter((b) => b.kind === kind);
    for (const old of mine.slice(Math.max(1, keep))) {
      rmSync(join(dir, old.file), { force: true });
      removed.push(old.file);
    }
  }
  return removed;
}

/**
 * The full path of a backup named by a client. Only a plain file name that exists in the
 * backups folder as a regular file (not a symlink) is accepted, so no request can reach outside it.
 */
export function resolveBackupName(dir: string, name: string): string {
  if (!BACKUP_NAME_RE.test(name) || name.includes('..'))
    throw new PosError('validation_error', 'file must be the name of a file in the backups list', {
      file: name,
    });
  const path = join(dir, name);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    throw new PosError('not_found', `no backup named ${name}`, { file: name });
  }
  if (!st.isFile()) throw new PosError('not_found', `no backup named ${name}`, { file: name });
  return path;
}

/** The retention count: POS_BACKUP_KEEP (a positive integer) or 14. */
export function keepFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.POS_BACKUP_KEEP;
  if (raw === undefined || raw === '') return DEFAULT_KEEP;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : DEFAULT_KEEP;
}
