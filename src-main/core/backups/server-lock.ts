/**
 * "Who has this data dir open": a server (or the desktop app) drops a small lock file in
 * `<data-dir>/locks/` when it opens the database and removes it when it closes. `restore-db`
 * refuses while a live holder exists. A holder that died without cleaning up leaves a stale file;
 * it is recognised (its pid is gone, or the pid now belongs to a process started at another
 * time) and removed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export type HolderKind = 'server' | 'restore';

export interface Holder {
  pid: number;
  kind: HolderKind;
  startedAt: string;
  host: string;
  /** Start time of the process in clock ticks since boot (Linux), to tell a reused pid apart. */
  procStart: string | null;
  file: string;
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

export function locksDir(dataDir: string): string {
  return join(dataDir, 'locks');
}

function procStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields resume after the command name's closing parenthesis; starttime is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(h: Omit<Holder, 'file'>): boolean {
  if (h.host !== hostname()) return true; // a data dir on a share: we cannot tell, so assume yes
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = procStart(h.pid);
  return !(h.procStart && now && now !== h.procStart);
}

/** Records that this process holds the data dir; `release()` (idempotent) removes the record. */
export function holdDataDir(dataDir: string, kind: HolderKind, at: Date): DataDirLock {
  const dir = locksDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${kind}-${process.pid}-${randomBytes(4).toString('hex')}.lock`);
  const holder: Omit<Holder, 'file'> = {
    pid: process.pid,
    kind,
    startedAt: at.toISOString(),
    host: hostname(),
    procStart: procStart(process.pid),
  };
  writeFileSync(file, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      rmSync(file, { force: true });
    },
  };
}

/** Live holders of the data dir other than the lock file `except`; stale records are removed. */
export function liveHolders(dataDir: string, except?: string): Holder[] {
  const dir = locksDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const live: Holder[] = [];
  for (const name of names) {
    if (!name.endsWith('.lock')) continue;
    const file = join(dir, name);
    if (file === except) continue;
    let h: Omit<Holder, 'file'>;
    try {
      h = JSON.parse(readFileSync(file, 'utf8')) as Omit<Holder, 'file'>;
    } catch {
      continue; // being written right now, or not ours: leave it alone
    }
    if (typeof h.pid !== 'number') continue;
    if (isAlive(h)) live.push({ ...h, file });
    else rmSync(file, { force: true });
  }
  return live;
}

/**
 * Refuses to open a data dir that a live server or desktop app of another process holds: two of
 * them on one database would each drive the printer and the drawer and number orders apart. A
 * record left by a killed process (SIGKILL, power cut) is stale and removed by `liveHolders`, so
 * it never blocks the next start. The same process may open it again (tests, an in-app restart).
 */
export function refuseSecondServer(dataDir: string): void {
  const other = liveHolders(dataDir).find((h) => h.kind === 'server' && h.pid !== process.pid);
  if (other)
    throw new Error(
      `another Countertop (pid ${other.pid}, started ${other.startedAt}) already has the data folder ${dataDir} open; ` +
        'close it first, or give this one another data folder (--data-dir / POS_DATA_DIR)',
    );
}
