/**
 * One server per data folder: a second server (or desktop app) on it refuses to start in words,
 * the management commands that are safe beside a running server keep working, and the record of
 * a server killed with SIGKILL never blocks the next start. Real processes (`npm run serve`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runShell } from '../../src-main/electron/main';
import { chromiumElectron } from '../electron/support/chromium-electron';
import { runManage } from '../../src-main/cli/manage-main';
import { openApp } from '../../src-main/app';
import { removeTempDirs, tempDir } from '../helpers/app';
import {
  childEnv,
  descendants,
  isAlive,
  killGroup,
  spawnNpm,
  type Spawned,
} from '../helpers/processes';

afterAll(removeTempDirs);

const LISTENING = /^listening on http:\/\/([^\s:]+):(\d+)$/m;
const env = { POS_JWT_SECRET: 's'.repeat(40) };

function serverPid(p: Spawned): number {
  const leaf = descendants(p.child.pid as number)
    .filter((d) => d.cmdline.includes('src-main/cli/serve.ts'))
    .at(-1);
  if (!leaf) throw new Error('no serve.ts process found');
  return leaf.pid;
}

describe('the data folder lock', () => {
  it('refuses a second server, lets backup-db run beside, and a SIGKILLed one never blocks', async () => {
    const dir = tempDir();
    const first = spawnNpm('serve', ['--port', '0', '--data-dir', dir], childEnv());
    try {
      await first.waitFor(LISTENING);
      // Another server process on the same folder stops at once, saying why.
      const second = spawnNpm('serve', ['--port', '0', '--data-dir', dir], childEnv());
      const exit = await second.exited;
      expect(exit.code).toBe(1);
      expect(second.stderr()).toMatch(
        /another Countertop \(pid \d+, started [^)]+\) already has the data folder .* open/,
      );

      const out: string[] = [];
      const code = await runManage(['backup-db'], {
        env: { POS_DATA_DIR: dir },
        out: (l) => out.push(l),
        err: (l) => out.push(l),
      });
      expect(code, out.join('\n')).toBe(0);

      const pid = serverPid(first);
      process.kill(pid, 'SIGKILL');
      await first.exited;
      expect(isAlive(pid)).toBe(false);
      // Its lock file is still there, but its process is gone: the next start goes ahead.
      const app = openApp({ dataDir: dir, env });
      await app.close();
    } finally {
      killGroup(first);
    }
  }, 60_000);
});

describe('the desktop app on a data folder another process holds', () => {
  it('says why in an error box and quits, touching nothing', async () => {
    const dir = tempDir();
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      mkdirSync(join(dir, 'locks'), { recursive: true });
      writeFileSync(
        join(dir, 'locks', `server-${holder.pid}-test.lock`),
        JSON.stringify({
          pid: holder.pid,
          kind: 'server',
          startedAt: '2026-12-04T06:00:00.000Z',
          host: hostname(),
          procStart: null,
        }),
      );
      // No window is ever opened, so no browser is needed behind the stand-in.
      const standIn = chromiumElectron(undefined as unknown as Browser, tempDir());
      const shell = await runShell(standIn.electron, { ...env, POS_DATA_DIR: dir });
      expect(shell).toBeNull();
      expect(standIn.errorBoxes).toEqual([
        {
          title: 'Countertop cannot start',
          content: expect.stringContaining(`another Countertop (pid ${holder.pid}`),
        },
      ]);
      expect(standIn.windows).toEqual([]);
      expect(existsSync(join(dir, 'countertop.sqlite3'))).toBe(false);
    } finally {
      holder.kill();
    }
  });
});
