/** The headless server started the way the README starts it: `npm run serve`. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runManage } from '../../src-main/cli/manage-main';
import { removeTempDirs, request, tempDir } from '../helpers/app';
import {
  REPO_ROOT,
  childEnv,
  descendants,
  isAlive,
  killGroup,
  spawnNpm,
  stderrLines,
  type Spawned,
} from '../helpers/processes';

afterAll(removeTempDirs);

const VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const LISTENING = /^listening on http:\/\/([^\s:]+):(\d+)$/m;

/** The node process actually running serve.ts (below npm, sh and tsx's launcher). */
function serverPid(p: Spawned): number {
  const procs = descendants(p.child.pid as number).filter((d) =>
    d.cmdline.includes('src-main/cli/serve.ts'),
  );
  const leaf = procs.at(-1);
  if (!leaf) throw new Error('no serve.ts process found');
  return leaf.pid;
}

const walSize = (dir: string) => {
  const wal = join(dir, 'countertop.sqlite3-wal');
  return existsSync(wal) ? statSync(wal).size : 0;
};

async function waitGone(pid: number, ms = 10_000) {
  const until = Date.now() + ms;
  while (isAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

describe('npm run serve', () => {
  it('listens on 127.0.0.1 by default, answers ping, and exits 0 on SIGTERM with the WAL checkpointed', async () => {
    const dir = tempDir();
    const p = spawnNpm('serve', ['--port', '0', '--data-dir', dir], childEnv());
    try {
      const m = await p.waitFor(LISTENING);
      expect(m[1]).toBe('127.0.0.1');
      const base = `http://127.0.0.1:${m[2]}`;

      const ping = await request<Record<string, unknown>>(base, '/api/diagnostics/ping');
      expect(ping.status).toBe(200);
      expect(Object.keys(ping.body).sort()).toEqual([
        'db',
        'ok',
        'time',
        'uptimeSeconds',
        'version',
      ]);
      expect(ping.body).toMatchObject({ ok: true, version: VERSION, db: 'ok' });
      expect(Number.isInteger(ping.body.uptimeSeconds)).toBe(true);
      expect(ping.body.uptimeSeconds as number).toBeGreaterThanOrEqual(0);
      const time = Date.parse(ping.body.time as string);
      expect(Math.abs(time - Date.now())).toBeLessThan(60_000);
      expect(ping.body.time).toBe(new Date(time).toISOString());

      // Some writes while it runs: a user from another process, then a sign-in through the server.
      const code = await runManage(
        ['create-user', '--username', 'wal', '--password', 'wal-pass-12', '--role', 'cashier'],
        { env: { POS_DATA_DIR: dir }, out: () => {}, err: () => {} },
      );
      expect(code).toBe(0);
      const bad = await request(base, '/api/auth/login', {
        body: { username: 'wal', password: 'wrong-password' },
      });
      expect(bad.status).toBe(401);
      const ok = await request(base, '/api/auth/login', {
        body: { username: 'wal', password: 'wal-pass-12' },
      });
      expect(ok.status).toBe(200);
      await request(base, '/api/auth/login', { body: { username: 'nobody', password: 'x' } });
      expect(walSize(dir)).toBeGreaterThan(0);

      const pid = serverPid(p);
      process.kill(pid, 'SIGTERM');
      const exit = await p.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(isAlive(pid)).toBe(false);
      expect(p.stderr()).toContain(
        'SIGTERM: finishing requests in flight and closing the database',
      );
      expect(walSize(dir)).toBe(0);

      // Nothing lost: the main file alone holds everything.
      const db = new Database(join(dir, 'countertop.sqlite3'), { readonly: true });
      try {
        expect(db.prepare('SELECT username FROM users').pluck().all()).toEqual(['wal']);
        expect(db.prepare('SELECT username FROM login_failures').pluck().all()).toEqual(['nobody']);
      } finally {
        db.close();
      }
    } finally {
      killGroup(p); // leaves nothing behind if an assertion failed midway
    }
  });

  it('stops cleanly on Ctrl+C (SIGINT to the whole process group)', async () => {
    const dir = tempDir();
    const p = spawnNpm('serve', ['--port', '0', '--data-dir', dir], childEnv());
    try {
      const m = await p.waitFor(LISTENING);
      const base = `http://127.0.0.1:${m[2]}`;
      await request(base, '/api/auth/login', { body: { username: 'nobody', password: 'x' } });
      const pid = serverPid(p);
      killGroup(p, 'SIGINT');
      await p.exited;
      expect(await waitGone(pid)).toBe(true);
      expect(p.stderr()).toContain('SIGINT: finishing requests in flight');
      expect(walSize(dir)).toBe(0);
      const db = new Database(join(dir, 'countertop.sqlite3'), { readonly: true });
      try {
        expect(db.prepare('SELECT count(*) FROM login_failures').pluck().get()).toBe(1);
      } finally {
        db.close();
      }
    } finally {
      killGroup(p); // leaves nothing behind if an assertion failed midway
    }
  });

  it('--port abc: non-zero exit with one line, nothing started', async () => {
    const dir = tempDir();
    const p = spawnNpm('serve', ['--port', 'abc', '--data-dir', dir], childEnv());
    const { code } = await p.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    const lines = stderrLines(p.stderr());
    expect(lines).toEqual(['countertop serve: invalid port "abc" (0–65535)']);
    expect(p.stdout()).not.toMatch(/listening/);
    expect(existsSync(join(dir, 'countertop.sqlite3'))).toBe(false);
  });
});
