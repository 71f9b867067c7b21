/**
 * The server as a shop runs it (issue 13): `node dist-main/serve.js`, built here with
 * `vite build --mode server`, every package it starts with bundled in. From a fresh data dir it
 * answers, refuses bad input in words, and creates the database from the schema snapshot exactly
 * as the migrations would; and a start loads none of the packages that belong to first use
 * (card provider, serial ports, receipts, PDF, QR codes, push), neither bundled in nor from
 * node_modules.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src-main/app';
import { migrate } from '../../src-main/db/migrator';
import { openSqlite } from '../../src-main/db/open';
import { removeTempDirs, tempDir } from '../helpers/app';
import { REPO_ROOT, childEnv } from '../helpers/processes';

const LAZY = [
  'stripe',
  'serialport',
  '@serialport',
  'node-thermal-printer',
  'qrcode',
  'pngjs',
  'pdf-lib',
  '@pdf-lib',
  'web-push',
  'conf',
  'ajv',
  // Fastify's JSON-schema compilers and inject: kept out of the bundle, never loaded by a start.
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
  'fast-json-stringify',
  'light-my-request',
];

const DIST = join(REPO_ROOT, 'dist-main');

interface Started {
  child: ChildProcess;
  base: string;
  stderr: () => string;
}

function startBuilt(dataDir: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    [join(DIST, 'serve.js'), '--port', '0', '--data-dir', dataDir],
    {
      cwd: REPO_ROOT,
      // Every CommonJS module Node loads is named on stderr.
      env: childEnv({ NODE_DEBUG: 'module' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (err += s));
  return new Promise((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, base: m[1] as string, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`serve.js exited (${code}): ${err.slice(-2000)}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Schema objects and migration records, as a comparison sees them. */
function schemaOf(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      objects: db
        .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
        .all(),
      migrations: db
        .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
        .all(),
      syncState: db.prepare('SELECT * FROM sync_state').all(),
    };
  } finally {
    db.close();
  }
}

let server: Started | undefined;
let dataDir = '';

beforeAll(() => {
  const r = spawnSync('npx', ['vite', 'build', '--mode', 'server', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`vite build --mode server failed:\n${r.stdout}\n${r.stderr}`);
}, 130_000);

afterAll(async () => {
  if (server) await stop(server.child);
  removeTempDirs();
});

describe('node dist-main/serve.js', () => {
  it('starts on a fresh data dir and answers, refusals in words', async () => {
    dataDir = tempDir();
    server = await startBuilt(dataDir);
    const ping = await fetch(`${server.base}/api/diagnostics/ping`);
    expect(ping.status).toBe(200);
    const bad = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 42 }),
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('validation_error');
    const missing = await fetch(`${server.base}/api/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('made the database every migration makes, one by one', () => {
    const stepByStep = join(tempDir(), 'step.sqlite3');
    const db = openSqlite(stepByStep);
    migrate(db, { snapshot: null });
    db.close();
    expect(schemaOf(join(dataDir, DB_FILE))).toEqual(schemaOf(stepByStep));
  });

  it('loaded none of the first-use packages at start', () => {
    const loaded = [...(server?.stderr() ?? '').matchAll(/node_modules\/((?:@[^/]+\/)?[^/"]+)/g)]
      .map((m) => m[1] as string)
      .filter((p, i, all) => all.indexOf(p) === i);
    // Only the native driver comes from node_modules; the rest is in the bundle.
    expect(loaded.filter((p) => LAZY.some((l) => p === l || p.startsWith(`${l}/`)))).toEqual([]);
    expect(loaded).toContain('better-sqlite3');
    // And the bundles import them only where they are used.
    for (const file of [
      'serve.js',
      ...readdirSync(join(DIST, 'chunks')).map((f) => `chunks/${f}`),
    ]) {
      if (!file.endsWith('.js')) continue;
      const code = readFileSync(join(DIST, file), 'utf8');
      for (const lazy of LAZY)
        expect(code, `${file} imports ${lazy} at the top`).not.toMatch(
          new RegExp(`^import [^;]*from "${lazy.replace('/', '\\/')}(/[^"]*)?";`, 'm'),
        );
    }
  });
});
