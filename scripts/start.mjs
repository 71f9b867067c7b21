#!/usr/bin/env node
// `npm start`: launch the desktop app where Electron is installed; otherwise say so plainly and
// serve the same product to a browser. Electron is an optional dependency: on machines that
// cannot download its binary, `npm ci` skips it instead of failing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const path = require('electron'); // the package exports the binary's path
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Newest modification time (ms) of any file below `dir`. */
function newest(dir) {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

/**
 * The server runs as bundled JavaScript (`node dist-main/serve.js`, issue 13): built here when
 * missing or older than the sources, so a checkout that moved on never serves stale code.
 */
function ensureServerBuilt() {
  const built = 'dist-main/serve.js';
  const stale =
    !existsSync(built) ||
    statSync(built).mtimeMs < Math.max(newest('src-main'), newest('src-shared'));
  if (stale) run(npx, ['vite', 'build', '--mode', 'server', '--logLevel', 'warn']);
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const electron = electronBinary();

run(npx, ['vite', 'build', '--logLevel', 'warn']);

if (electron) {
  run(npx, ['vite', 'build', '--mode', 'electron-main', '--logLevel', 'warn']);
  run(npx, ['vite', 'build', '--mode', 'electron-preload', '--logLevel', 'warn']);
  // better-sqlite3 is native: Electron needs it built for its own ABI. Check, rebuild if needed.
  const probe = spawnSync(electron, ['-e', "require('better-sqlite3')"], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'ignore',
  });
  if (probe.status !== 0) {
    console.log('Building the database driver for Electron (once)…');
    run(npx, ['electron-builder', 'install-app-deps']);
    console.log('(`npm test` and `npm run serve` rebuild it for Node again automatically.)');
  }
  const child = spawn(electron, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'Electron is not installed on this machine (its download is optional and was skipped),\n' +
      'so Countertop runs as a local server instead: open the address below in a browser.\n' +
      'On a new install it prints a one-time link to create the owner account (demo data only\n' +
      'ever comes from `npm run demo`). Stop with Ctrl+C.',
  );
  ensureServerBuilt();
  const child = spawn(process.execPath, ['dist-main/serve.js', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
