/**
 * A pseudo-terminal pair from socat: writing to one link arrives on the other, through the real
 * kernel tty layer, the way a USB-serial cash drawer or printer is reached.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const hasSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

export interface PtyPair {
  /** The end the code under test opens. */
  a: string;
  /** The end the test reads. */
  b: string;
  /** Kills socat; both links disappear and the open ends hang up. */
  kill(): Promise<void>;
  dispose(): Promise<void>;
}

export async function ptyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(path.join(tmpdir(), 'countertop-pty-'));
  const a = path.join(dir, 'A');
  const b = path.join(dir, 'B');
  const child: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 5_000;
  while (!(existsSync(a) && existsSync(b))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error('socat did not create the pty links within 5 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return {
    a,
    b,
    kill,
    dispose: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
