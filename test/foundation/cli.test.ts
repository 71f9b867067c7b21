/**
 * `npm run manage`: a few real child processes (exit codes, stderr as the shell sees it) and the
 * rest in-process through runManage, against the same data dir a running server uses.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, runManage } from '../../src-main/cli/manage-main';
import { DEMO_USERS } from '../../src-main/core/demo';
import type { User } from '../../src-shared/contract';
import { loadMigrations } from '../../src-main/db/migrator';
import {
  removeTempDirs,
  startTestServer,
  tempDir,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { runManageProcess, stderrLines } from '../helpers/processes';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.createUser({ username: 'root', password: 'root-pass-1', role: 'admin' });
});
afterAll(async () => {
  await s.close();
  removeTempDirs();
});

/** runManage with captured output, on the server's data dir unless another is given. */
async function manage(args: string[], dataDir?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runManage(args, {
    env: { POS_DATA_DIR: dataDir ?? s.dataDir },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err };
}

function expectOneLineNoStack(stderr: string) {
  const lines = stderrLines(stderr);
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at\s/m);
  return lines[0] as string;
}

describe('manage as a child process', () => {
  it('--help lists every command and exits 0', () => {
    const r = runManageProcess(s.dataDir, ['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(c.name);
    for (const name of ['migrate', 'create-user', 'set-password', 'deactivate-user', 'seed-demo'])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\s`, 'm'));
  });

  it('create-user makes a user who can then sign in over HTTP', async () => {
    const r = runManageProcess(s.dataDir, [
      'create-user',
      '--username',
      'spawned',
      '--password',
      'spawned-pass-1',
      '--role',
      'cashier',
      '--display-name',
      'Spawned One',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^created cashier spawned \([0-9a-f-]{36}\)$/m);
    const login = await s.login('spawned', 'spawned-pass-1');
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ displayName: 'Spawned One', role: 'cashier' });
  });

  it('a bad role: non-zero exit, one line on stderr, no stack', () => {
    const r = runManageProcess(s.dataDir, [
      'create-user',
      '--username',
      'badrole',
      '--password',
      'password-1',
      '--role',
      'owner',
    ]);
    expect(r.code).toBe(2);
    expect(expectOneLineNoStack(r.stderr)).toMatch(/^manage create-user: --role/);
  });

  it('a duplicate username: non-zero exit, one line on stderr, no stack', () => {
    const r = runManageProcess(s.dataDir, [
      'create-user',
      '--username',
      'root',
      '--password',
      'password-1',
      '--role',
      'admin',
    ]);
    expect(r.code).toBe(1);
    expect(expectOneLineNoStack(r.stderr)).toBe('manage create-user: username "root" is taken');
  });

  it('an unknown command exits 2', () => {
    const r = runManageProcess(s.dataDir, ['frobnicate']);
    expect(r.code).toBe(2);
    expect(expectOneLineNoStack(r.stderr)).toMatch(/unknown command "frobnicate"/);
  });
});

describe('manage in-process', () => {
  it.each(COMMANDS.map((c) => c.name))('%s --help exits 0 with its usage', async (name) => {
    const r = await manage([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: npm run manage -- ${name}\\b`));
    expect(r.err).toEqual([]);
  });

  it('no command prints the help and exits 2', async () => {
    const r = await manage([]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^Usage:/);
  });

  it('set-password changes the password: the old one fails, the new one works', async () => {
    expect(
      (
        await manage([
          'create-user',
          '--username',
          'sam',
          '--password',
          'old-pass-1',
          '--role',
          'kitchen',
        ])
      ).code,
    ).toBe(0);
    const oldToken = await s.token('sam', 'old-pass-1');
    const r = await manage([
      'set-password',
      '--username',
      'sam',
      '--password',
      'new-pass-1',
      '--pin',
      '2468',
    ]);
    expect(r).toEqual({ code: 0, out: 'password set for sam', err: [] });
    expect((await s.login('sam', 'old-pass-1')).status).toBe(401);
    expect((await s.login('sam', 'new-pass-1')).status).toBe(200);
    expect((await s.loginPin('sam', '2468')).status).toBe(200);
    // Sessions from before the change are over.
    expect((await s.request('/api/auth/me', { token: oldToken })).status).toBe(401);
  });

  it('set-password refuses a short password (2) and an unknown user (1), one line each', async () => {
    const short = await manage(['set-password', '--username', 'sam', '--password', 'short']);
    expect(short.code).toBe(2);
    expect(short.err).toHaveLength(1);
    const unknown = await manage([
      'set-password',
      '--username',
      'nobody',
      '--password',
      'long-enough',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toEqual(['manage set-password: no user named "nobody"']);
  });

  it('deactivate-user blocks sign-in (403) and ends the running session (401)', async () => {
    await manage([
      'create-user',
      '--username',
      'dee',
      '--password',
      'dee-pass-1',
      '--role',
      'cashier',
    ]);
    const token = await s.token('dee', 'dee-pass-1');
    const r = await manage(['deactivate-user', '--username', 'dee']);
    expect(r).toEqual({ code: 0, out: 'deactivated dee', err: [] });
    const login = await s.login('dee', 'dee-pass-1');
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('user_deactivated');
    const me = await s.request<ErrorBodyShape>('/api/auth/me', { token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('user_deactivated');
  });

  it('deactivate-user keeps the last-admin rule', async () => {
    const dir = tempDir();
    await manage(
      ['create-user', '--username', 'only', '--password', 'only-pass-1', '--role', 'admin'],
      dir,
    );
    const r = await manage(['deactivate-user', '--username', 'only'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/last active admin/);
  });

  it('create-user applies --grant and --revoke, and refuses an unknown permission', async () => {
    const r = await manage([
      'create-user',
      '--username',
      'gina',
      '--password',
      'gina-pass-1',
      '--role',
      'cashier',
      '--grant',
      'payments.refund,reports.view',
      '--revoke',
      'diagnostics.run',
    ]);
    expect(r.code).toBe(0);
    const user = (await s.login('gina', 'gina-pass-1')).body.user as User;
    expect(user.permissions).toContain('payments.refund');
    expect(user.permissions).toContain('reports.view');
    expect(user.permissions).not.toContain('diagnostics.run');
    const bad = await manage([
      'create-user',
      '--username',
      'gus',
      '--password',
      'gus-pass-12',
      '--role',
      'cashier',
      '--grant',
      'root.shell',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual(['manage create-user: --grant: unknown permission "root.shell"']);
  });

  it('an unknown flag is a usage error (2)', async () => {
    const r = await manage(['deactivate-user', '--user', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
  });

  it('migrate creates and migrates a fresh data dir, then has nothing to do', async () => {
    const dir = tempDir();
    const first = await manage(['migrate'], dir);
    expect(first.code).toBe(0);
    const n = loadMigrations().length;
    expect(first.out).toMatch(new RegExp(`^applied ${n} migration\\(s\\)`));
    expect(readdirSync(dir)).toContain('countertop.sqlite3');
    const second = await manage(['migrate', '--data-dir', dir], tempDir());
    expect(second).toEqual({
      code: 0,
      out: `database is up to date (schema version ${n})`,
      err: [],
    });
  });

  it('seed-demo adds the demo users once; they can sign in', async () => {
    const dir = tempDir();
    const first = await manage(['seed-demo'], dir);
    expect(first.code).toBe(0);
    expect(first.out).toContain(`users created: ${DEMO_USERS.length}`);
    const second = await manage(['seed-demo'], dir);
    expect(second.out).toContain('users created: 0');
    const t = await startTestServer({ dataDir: dir });
    try {
      const demo = DEMO_USERS.find((u) => u.role === 'cashier');
      expect(demo).toBeDefined();
      expect((await t.login(demo?.username ?? '', demo?.password ?? '')).status).toBe(200);
      expect((await t.loginPin(demo?.username ?? '', demo?.pin ?? '')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
