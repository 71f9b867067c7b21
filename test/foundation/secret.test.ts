/** The JWT secret rules of section 1: production needs POS_JWT_SECRET; elsewhere one is kept. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src-main/app';
import { loadJwtSecret, MIN_SECRET_LENGTH, SecretError } from '../../src-main/core/auth/secret';
import { removeTempDirs, tempDir } from '../helpers/app';
import { childEnv, freePort, spawnNpm, stderrLines } from '../helpers/processes';

afterAll(removeTempDirs);

const LONG = 'p'.repeat(MIN_SECRET_LENGTH);
const mode = (file: string) => statSync(file).mode & 0o777;

describe('loadJwtSecret', () => {
  it('refuses production without POS_JWT_SECRET, or with one under 32 characters', () => {
    const dir = tempDir();
    expect(() => loadJwtSecret({ NODE_ENV: 'production' }, dir)).toThrow(SecretError);
    expect(() => loadJwtSecret({ NODE_ENV: 'production' }, dir)).toThrow(/POS_JWT_SECRET/);
    expect(() =>
      loadJwtSecret({ NODE_ENV: 'production', POS_JWT_SECRET: LONG.slice(1) }, dir),
    ).toThrow(/at least 32 characters/);
    expect(loadJwtSecret({ NODE_ENV: 'production', POS_JWT_SECRET: LONG }, dir)).toBe(LONG);
    // Production never falls back to (or writes) a file.
    expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
  });

  it('production ignores a secret file left in the data dir', () => {
    const dir = tempDir();
    loadJwtSecret({}, dir); // writes one
    expect(() => loadJwtSecret({ NODE_ENV: 'production' }, dir)).toThrow(SecretError);
  });

  it('elsewhere generates one secret into the data dir, mode 0600, and reuses it', () => {
    const dir = tempDir();
    const first = loadJwtSecret({}, dir);
    const file = join(dir, 'jwt-secret');
    expect(first.length).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH);
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(loadJwtSecret({ NODE_ENV: 'development' }, dir)).toBe(first);
    expect(loadJwtSecret({}, tempDir())).not.toBe(first);
  });

  it('tightens a kept secret file to 0600', () => {
    const dir = tempDir();
    const file = join(dir, 'jwt-secret');
    writeFileSync(file, 's'.repeat(40) + '\n', { mode: 0o644 });
    expect(loadJwtSecret({}, dir)).toBe('s'.repeat(40));
    expect(mode(file)).toBe(0o600);
  });

  it('uses POS_JWT_SECRET when given, but not a short one', () => {
    expect(loadJwtSecret({ POS_JWT_SECRET: LONG }, tempDir())).toBe(LONG);
    expect(() => loadJwtSecret({ POS_JWT_SECRET: 'short' }, tempDir())).toThrow(SecretError);
  });
});

describe('openApp', () => {
  it('throws in production without a secret, before touching the database', () => {
    const dir = tempDir();
    expect(() => openApp({ dataDir: dir, env: { NODE_ENV: 'production' } })).toThrow(SecretError);
    expect(existsSync(join(dir, 'countertop.sqlite3'))).toBe(false);
  });

  it('keeps the same secret across restarts, so tokens stay valid', async () => {
    const dir = tempDir();
    const app1 = openApp({ dataDir: dir, env: {} });
    const { token } = await app1.tokens.sign({ userId: 'u1', tokenVersion: 3 }, new Date());
    await app1.close();
    const app2 = openApp({ dataDir: dir, env: {} });
    try {
      expect(await app2.tokens.verify(token, new Date())).toEqual({
        userId: 'u1',
        tokenVersion: 3,
      });
      expect(mode(join(dir, 'jwt-secret'))).toBe(0o600);
    } finally {
      await app2.close();
    }
  });
});

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.on('connect', () => {
      sock.destroy();
      resolve(false);
    });
    sock.on('error', () => resolve(true));
  });
}

describe('npm run serve with NODE_ENV=production', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['no POS_JWT_SECRET', {}, /POS_JWT_SECRET is required/],
    ['a short POS_JWT_SECRET', { POS_JWT_SECRET: 'too-short' }, /at least 32 characters/],
  ];
  it.each(cases)(
    'refuses to start with %s: non-zero exit, one clear line, nothing listening',
    async (_name, extra, message) => {
      const dir = tempDir();
      const port = await freePort();
      const p = spawnNpm('serve', ['--port', String(port), '--data-dir', dir], {
        ...childEnv({ NODE_ENV: 'production', ...extra }),
      });
      const { code } = await p.exited;
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      const lines = stderrLines(p.stderr());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(p.stderr()).not.toMatch(/\n\s+at /);
      expect(p.stdout()).not.toMatch(/listening/);
      expect(await refused(port)).toBe(true);
      expect(existsSync(join(dir, 'countertop.sqlite3'))).toBe(false);
    },
  );
});
