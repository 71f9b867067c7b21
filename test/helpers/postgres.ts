/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temp dir owned by `postgres` (the
 * server refuses to run as root, hence runuser), started on a free loopback port with fsync off.
 * One cluster per test file (initdb costs a couple of seconds); `newDatabase()` gives each test
 * its own empty database. `stop()` is safe to call twice and after a failed start.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './processes';

export interface TestPostgres {
  /** A database created at start (for a file that needs only one). */
  url: string;
  /** Creates a fresh empty database and answers its URL. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
  /** The temp dir holding the cluster (gone after stop). */
  dir: string;
}

/** The newest installed server's bin dir, so a machine with 15 or 16 both work. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) throw new Error(`no PostgreSQL server under ${root} (apt-get install postgresql)`);
  return join(root, newest, 'bin');
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** PostgreSQL refuses to run as root: as root, run its tools as `postgres`; otherwise as we are. */
const AS_ROOT = process.getuid?.() === 0;

function asPostgres(bin: string, tool: string, args: string[]): Promise<string> {
  if (!AS_ROOT) return run(join(bin, tool), args);
  return run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]);
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'ct-pg-'));
  const data = join(dir, 'data');
  let started = false;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      if (started) await asPostgres(bin, 'pg_ctl', ['-D', data, 'stop', '-m', 'fast', '-w']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    if (AS_ROOT) chownSync(dir, uid('postgres'), gid('postgres'));
    await asPostgres(bin, 'initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    const port = await freePort();
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    started = true;
    // -w waits until the server accepts connections (pg_ctl polls pg_isready's check).
    await asPostgres(bin, 'pg_ctl', [
      '-D',
      data,
      '-o',
      opts,
      '-l',
      join(dir, 'log'),
      '-w',
      'start',
    ]);
    const base = `postgres://postgres@127.0.0.1:${port}`;
    let n = 0;
    const newDatabase = async (): Promise<string> => {
      n += 1;
      const name = `t${process.pid}_${n}`;
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    };
    const url = await newDatabase();
    return { url, newDatabase, stop, dir };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}

/** Synchronous lookup is fine: once per test file. */
function idOf(flag: '-u' | '-g', name: string): number {
  return Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
}
const uid = (name: string) => idOf('-u', name);
const gid = (name: string) => idOf('-g', name);
