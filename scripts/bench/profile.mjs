#!/usr/bin/env node
// Where an order's CPU goes (issue 13): starts the built server (`dist-main/serve.js`, build it
// first) under `node --cpu-prof` on a seeded demo data dir, drives it with scripts/bench/load.mjs
// (MODE `order` or `sale`, 50 connections) for SECONDS, stops it with SIGTERM so the profile is
// written, and prints the top functions by self time, the top modules (file or package) by self
// time and by inclusive time, and the server's CPU ms per answered unit (from /proc/<pid>/stat).
// Usage: node scripts/bench/profile.mjs [order|sale] [SECONDS] [PROFILE_DIR]
// PROFILE_DIR `-`: no profile, only the load's figures and the CPU per unit (to compare builds).
// DISPLAYS=N (environment): N kitchen displays beside the load, as the bench's row has them (each
// holds the order stream open and polls the queue every second), so their cost shows per unit.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const [mode = 'order', seconds = '10', profDir = mkdtempSync(join(os.tmpdir(), 'ct-prof-'))] =
  process.argv.slice(2);
const dir = mkdtempSync(join(os.tmpdir(), 'ct-prof-data-'));

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
  return r.stdout;
}

/** User + system CPU of a process so far, ms (Linux). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

sh(process.execPath, ['dist-main/manage.js', 'seed-demo', '--data-dir', dir]);
const profiling = profDir !== '-';
// PIN=1: the server on CPU 0 and the load on CPU 1 (taskset), so neither takes the other's core
// and two builds compare with less noise.
const pin = process.env.PIN === '1';
const pinned = (cpu, args) =>
  pin ? ['taskset', ['-c', cpu, process.execPath, ...args]] : [process.execPath, args];
const child = spawn(
  ...pinned('0', [
    ...(profiling ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
    'dist-main/serve.js',
    '--port',
    '0',
    '--data-dir',
    dir,
  ]),
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const base = await new Promise((resolve, reject) => {
  let out = '';
  let listening = false;
  child.stdout.setEncoding('utf8').on('data', (s) => {
    // After this the server prints its request log; kept and re-read it cost this process a core.
    if (listening) return;
    out += s;
    const m = /listening on (http:\/\/[^\s]+)/.exec(out);
    if (m) {
      listening = true;
      resolve(m[1]);
    }
  });
  child.on('exit', (code) => reject(new Error(`server exited (${code})`)));
});
const post = (path, token, body) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  }).then((r) => r.json());
const { token } = await post('/api/auth/login', null, { username: 'cashier', pin: '3333' });
const manager = await post('/api/auth/login', null, { username: 'manager', pin: '2222' });
await post('/api/cash/open', manager.token, { openingFloat: 10_000 });
const menu = await fetch(`${base}/api/menu/items`, {
  headers: { authorization: `Bearer ${token}` },
}).then((r) => r.json());
const plain = menu.items.filter((i) => i.available && (i.modifierGroupIds ?? []).length === 0);
const order = { items: plain.slice(0, 3).map((i) => ({ menuItemId: i.id, quantity: 1 })) };

// The load warms up for WARMUP s (JIT, caches) before it counts; the server's CPU is read over
// the counted seconds only, so CPU per unit compares builds.
const WARMUP = 2;
const url = mode === 'sale' ? base : `${base}/api/orders`;
const displayCount = Number(process.env.DISPLAYS ?? 0);
const kitchen =
  displayCount > 0
    ? await post('/api/auth/login', null, { username: 'kitchen', pin: '4444' })
    : null;
// Pinned, the displays' client shares the load's core, so the server's figures are its own.
const displays = kitchen
  ? spawn(
      ...pinned('1', [
        'scripts/bench/load.mjs',
        `${base}/api/orders/queue`,
        kitchen.token,
        'null',
        String(displayCount),
        seconds,
        String(WARMUP),
        'display',
        '1000',
      ]),
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
  : null;
let displayOut = '';
displays?.stdout.setEncoding('utf8').on('data', (s) => (displayOut += s));
const displaysDone = displays ? new Promise((r) => displays.once('exit', r)) : null;
const loader = spawn(
  ...pinned('1', [
    'scripts/bench/load.mjs',
    url,
    token,
    JSON.stringify(order),
    '50',
    seconds,
    String(WARMUP),
    mode,
  ]),
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let loadOut = '';
loader.stdout.setEncoding('utf8').on('data', (s) => (loadOut += s));
const loaderDone = new Promise((r) => loader.once('exit', r));
await new Promise((r) => setTimeout(r, WARMUP * 1000));
const cpu0 = cpuMs(child.pid);
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
const cpu = cpuMs(child.pid) - cpu0;
await loaderDone;
await displaysDone;
const result = JSON.parse(loadOut.trim().split('\n').pop());
// The server's resident memory at the end of the load (no GC forced): what a till would see.
const rssMb =
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const exited = new Promise((r) => child.once('exit', r));
child.kill('SIGTERM');
await exited;
rmSync(dir, { recursive: true, force: true });

console.log(`${mode}: ${JSON.stringify(result)}`);
if (displays) console.log(`displays: ${displayOut.trim().split('\n').pop()}`);
console.log(
  `server CPU ${cpu.toFixed(0)} ms, RSS ${rssMb.toFixed(0)} MB, over ${result.ok} units (${(cpu / Math.max(1, result.ok)).toFixed(2)} ms each); load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}`,
);
if (!profiling) process.exit(0);
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
const prof = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++)
  dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
const total = [...dt.values()].reduce((a, b) => a + b, 0);

// The built files are bundles: their source maps name the TypeScript file (or package) of a frame.
const maps = new Map();
function sourceOf(frame) {
  const { url, lineNumber, columnNumber } = frame;
  if (!/\/dist-main\/.*\.js$/.test(url)) return url;
  if (!maps.has(url)) {
    try {
      const path = url.startsWith('file:') ? fileURLToPath(url) : url;
      maps.set(url, new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))));
    } catch {
      maps.set(url, null);
    }
  }
  const entry = maps.get(url)?.findEntry(lineNumber, columnNumber);
  return entry?.originalSource ?? url;
}
function moduleOf(frame) {
  const url = sourceOf(frame);
  if (!url) return '(native/vm)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return url;
  return url.replace(/^.*\/(src-main|src-shared)\//, '$1/');
}
const fnKey = (n) => `${n.callFrame.functionName || '(anonymous)'} ${moduleOf(n.callFrame)}`;
const selfFn = new Map();
const selfMod = new Map();
const inclMod = new Map();
const inclFn = new Map();
function walk(node, stack, fns) {
  const self = dt.get(node.id) ?? 0;
  const k = fnKey(node);
  selfFn.set(k, (selfFn.get(k) ?? 0) + self);
  const mod = moduleOf(node.callFrame);
  selfMod.set(mod, (selfMod.get(mod) ?? 0) + self);
  // Inclusive per module: a sample counts once for every module on its stack.
  if (self > 0) {
    for (const m of new Set([...stack, mod])) inclMod.set(m, (inclMod.get(m) ?? 0) + self);
    for (const f of new Set([...fns, k])) inclFn.set(f, (inclFn.get(f) ?? 0) + self);
  }
  for (const c of node.children ?? []) walk(byId.get(c), [...stack, mod], [...fns, k]);
}
walk(prof.nodes[0], [], []);
const top = (m, n) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
console.log(`\nprofile ${join(profDir, file)}: ${total.toFixed(0)} ms sampled`);
console.log(`\n== self time by function ==\n${top(selfFn, 40)}`);
console.log(`\n== self time by module ==\n${top(selfMod, 25)}`);
console.log(`\n== inclusive time by module ==\n${top(inclMod, 25)}`);
console.log(`\n== inclusive time by function ==\n${top(inclFn, Number(process.env.TOP_FN ?? 60))}`);
