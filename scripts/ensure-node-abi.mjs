#!/usr/bin/env node
// After `npm start` has built better-sqlite3 for Electron, plain Node cannot load it. Before the
// Node-side scripts (test, serve, manage) run, check and rebuild it for Node when needed.
import { spawnSync } from 'node:child_process';

const probe = spawnSync(
  process.execPath,
  ['-e', "new (require('better-sqlite3'))(':memory:').close()"],
  {
    encoding: 'utf8',
  },
);
if (probe.status !== 0) {
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(probe.stderr)) {
    console.error('Rebuilding better-sqlite3 for this Node version…');
    const r = spawnSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  console.error(probe.stderr.trim().split('\n').slice(0, 3).join('\n'));
  process.exit(1);
}
