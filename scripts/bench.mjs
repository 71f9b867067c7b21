#!/usr/bin/env node
// `npm run bench` (issue 13; never part of `npm test`): the built server (`node dist-main/serve.js`)
// side by side, in one run, with a minimal node:http + better-sqlite3 server doing the same 3-line
// order transaction with the same pragmas (scripts/bench/raw-server.mjs). Load comes from a
// separate process (scripts/bench/load.mjs): 50 keep-alive connections, closed loop. Also: a full
// sale (create, cash payment, four moves to completed) against the raw server's same six steps;
// orders while 10 kitchen displays stream and poll; the kitchen queue poll (200 and 304) on the
// demo data and on a database of 1,000,000 past orders (made with raw SQL, once per run, in a temp
// dir) with the server's RSS; ESC/POS and PDF receipts per second (scripts/bench/receipts.ts).
// Prints and writes docs/benchmarks.md. `--quick` for a short run (100,000 past orders). The in-process micro benchmarks
// (statement cache, queue, stream, reports, search) are `npm run bench:micro`.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 4 : 6;
// Rounds alternate ours and raw, so a burst of load from elsewhere on a shared machine hits both;
// each figure is the median over rounds.
const ROUNDS = quick ? 1 : 5;
const WARMUP = quick ? 1 : 2;
const CONNECTIONS = 50;
const COLD_RUNS = quick ? 3 : 5;
const PAST_ORDERS = quick ? 100_000 : 1_000_000;
const DISPLAYS = 10;
const temps = [];
/** Every server started, stopped at the end even when a step fails. */
const servers = [];

function tmp() {
  const d = mkdtempSync(join(os.tmpdir(), 'ct-bench-'));
  temps.push(d);
  return d;
}

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
  return r.stdout;
}

/** Starts a server process; resolves with its base URL and the ms from spawn to the first ping. */
function start(args, env = {}) {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  servers.push(child);
  child.err = '';
  child.stderr.setEncoding('utf8').on('data', (s) => (child.err += s));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', async (s) => {
      // Once it listens, what the server prints is its request log (a line per request): kept,
      // it grew without bound and the regular expression below re-read all of it per chunk,
      // which took up to half a core from the servers under load.
      if (child.base) return;
      out += s;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (!m || child.base) return;
      child.base = m[1];
      // The figure is spawn → first answer of /api/diagnostics/ping.
      for (;;) {
        try {
          const res = await fetch(`${child.base}/api/diagnostics/ping`);
          if (res.ok) break;
        } catch {
          // not yet
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      resolve({ child, base: child.base, coldMs: Number(process.hrtime.bigint() - t0) / 1e6 });
    });
    child.on('exit', (code) => reject(new Error(`${args[0]} exited (${code}) before answering`)));
  });
}

async function stop(child) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const builtArgs = (dir) => ['dist-main/serve.js', '--port', '0', '--data-dir', dir];
const rawArgs = (dir) => ['scripts/bench/raw-server.mjs', '0', dir];

/**
 * Median ms to the first answer of each server, and (Countertop) the median time each start-up
 * step ended. The two servers start in turns (Countertop, raw, Countertop, …), so a machine that
 * slows down during the runs slows both alike instead of skewing the ratio.
 */
async function coldStarts() {
  const built = [];
  const raw = [];
  const steps = new Map();
  for (let i = 0; i < COLD_RUNS; i++) {
    const s = await start(builtArgs(tmp()), { POS_STARTUP_TIMES: '1' });
    built.push(s.coldMs);
    for (const m of s.child.err.matchAll(/^startup: (.+) at ([\d.]+) ms$/gm))
      steps.set(m[1], [...(steps.get(m[1]) ?? []), Number(m[2])]);
    await stop(s.child);
    const r = await start(rawArgs(tmp()));
    raw.push(r.coldMs);
    await stop(r.child);
  }
  return {
    built: median(built),
    raw: median(raw),
    steps: [...steps].map(([step, ms]) => [step, median(ms)]),
  };
}

/** The JSON line a benchmark script prints last (what it printed before is progress). */
function lastJson(out) {
  return JSON.parse(out.trim().split('\n').pop());
}

function loadArgs(url, token, body, { mode = 'order', connections = CONNECTIONS, delay = 0 } = {}) {
  return [
    'scripts/bench/load.mjs',
    url,
    token,
    JSON.stringify(body ?? {}),
    String(connections),
    String(SECONDS),
    String(WARMUP),
    mode,
    String(delay),
  ];
}

function load(url, token, body, opts) {
  const out = sh(process.execPath, loadArgs(url, token, body, opts));
  return lastJson(out);
}

/** The same in the background (kitchen displays beside the order load). */
function loadInBackground(url, token, body, opts) {
  const child = spawn(process.execPath, loadArgs(url, token, body, opts), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s) => (out += s));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(lastJson(out)) : reject(new Error(`load exited ${code}`)),
    ),
  );
}

/** Resident memory of a process, MB (Linux). */
function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function signIn(base, username, pin) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, pin }),
  }).then((r) => r.json());
  return r.token;
}

async function api(base, token, method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

/**
 * Past business: PAST_ORDERS completed orders spread over past days (300 a day), each with one
 * line and its history, written with raw SQL straight into a seeded data dir before the server
 * starts. The tables' own indexes are kept, so the server sees a real year-after-year database.
 */
function addPastOrders(dir, n) {
  const db = new Database(join(dir, 'countertop.sqlite3'));
  db.pragma('synchronous = OFF');
  const user = db.prepare("select id from users where username = 'cashier'").pluck().get();
  const item = db
    .prepare('select id, name, price from menu_items where archived = 0 limit 1')
    .get();
  db.transaction(() => {
    db.prepare(
      `with recursive s(n) as (select 0 union all select n + 1 from s where n + 1 < ?)
       insert into orders (id, business_day, number, status, subtotal, tax, total, paid, created_by,
         created_at, updated_at)
       select printf('past-%08d', n), date('2017-01-01', '+' || (n / 300) || ' days'),
         n % 300 + 1, 'completed', ?, 0, ?, ?, ?,
         date('2017-01-01', '+' || (n / 300) || ' days') || 'T10:00:00.000Z',
         date('2017-01-01', '+' || (n / 300) || ' days') || 'T10:05:00.000Z'
       from s`,
    ).run(n, item.price, item.price, item.price, user);
    db.prepare(
      `insert into order_items (id, order_id, position, menu_item_id, name, unit_price, quantity,
         tax_rate_bps, line_total, line_tax)
       select 'line-' || substr(id, 6), id, 0, ?, ?, ?, 1, 0, ?, 0
       from orders where id like 'past-%'`,
    ).run(item.id, item.name, item.price, item.price);
    db.prepare(
      `insert into order_history (order_id, from_status, to_status, at, by)
       select id, 'ready', 'completed', updated_at, created_by from orders where id like 'past-%'`,
    ).run();
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

try {
  console.log('building dist-main/serve.js …');
  sh('npx', ['vite', 'build', '--mode', 'server', '--logLevel', 'warn']);

  console.log('cold start (fresh data dir → first answer of /api/diagnostics/ping) …');
  const { built: coldBuilt, raw: coldRaw, steps: coldSteps } = await coldStarts();

  console.log(`orders: ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s each …`);
  const dir = tmp();
  sh(process.execPath, ['dist-main/manage.js', 'seed-demo', '--data-dir', dir]);
  const built = await start(builtArgs(dir));
  const login = await fetch(`${built.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'cashier', pin: '3333' }),
  }).then((r) => r.json());
  const menu = await fetch(`${built.base}/api/menu/items`, {
    headers: { authorization: `Bearer ${login.token}` },
  }).then((r) => r.json());
  const plain = menu.items.filter((i) => i.available && (i.modifierGroupIds ?? []).length === 0);
  if (plain.length < 3) throw new Error('the demo menu has fewer than 3 plain items');
  const order = { items: plain.slice(0, 3).map((i) => ({ menuItemId: i.id, quantity: 1 })) };
  const raw = await start(rawArgs(tmp()));
  const rawOrder = { items: [1, 2, 3].map((i) => ({ menuItemId: `item-${i}`, quantity: 1 })) };
  const oursRuns = [];
  const theirRuns = [];
  const withDisplays = [];
  const displayRuns = [];
  const kitchen = await signIn(built.base, 'kitchen', '4444');
  // Cash sales need the drawer's session open (a manager opens it at the start of the day).
  await api(built.base, await signIn(built.base, 'manager', '2222'), 'POST', '/api/cash/open', {
    openingFloat: 10_000,
  });
  // Ten kitchen displays: each holds the order stream open and polls the queue (with its ETag)
  // every second, five times as often as the screen's own safety-net poll.
  const displayed = async () => {
    const displays = loadInBackground(`${built.base}/api/orders/queue`, kitchen, null, {
      mode: 'display',
      connections: DISPLAYS,
      delay: 1000,
    });
    withDisplays.push(load(`${built.base}/api/orders`, login.token, order));
    displayRuns.push(await displays);
  };
  for (let round = 0; round < ROUNDS; round++) {
    // Every other round in the opposite order, so a machine speeding up or slowing down over the
    // run favours neither server (and neither the plain nor the displayed rounds).
    const plain = () => oursRuns.push(load(`${built.base}/api/orders`, login.token, order));
    const rawRun = () => theirRuns.push(load(`${raw.base}/api/orders`, '', rawOrder));
    if (round % 2 === 0) {
      plain();
      rawRun();
      await displayed();
    } else {
      await displayed();
      rawRun();
      plain();
    }
  }
  console.log(`full sale (create, cash, 4 moves): ${ROUNDS} × ${SECONDS} s each …`);
  const saleOurs = [];
  const saleRaw = [];
  for (let round = 0; round < ROUNDS; round++) {
    const sale = () => saleOurs.push(load(built.base, login.token, order, { mode: 'sale' }));
    const rawSale = () => saleRaw.push(load(raw.base, '', rawOrder, { mode: 'sale' }));
    if (round % 2 === 0) {
      sale();
      rawSale();
    } else {
      rawSale();
      sale();
    }
  }
  console.log('kitchen queue poll (demo data) …');
  // Something for the kitchen to show: 20 paid orders in the queue.
  for (let i = 0; i < 20; i++) {
    const o = await api(built.base, login.token, 'POST', '/api/orders', order);
    await api(built.base, login.token, 'POST', `/api/orders/${o.id}/payment`, {
      method: 'cash',
      amount: o.total,
      tendered: o.total,
    });
    await api(built.base, login.token, 'PATCH', `/api/orders/${o.id}/status`, {
      status: 'in_queue',
    });
  }
  const queueUrl = (base) => `${base}/api/orders/queue`;
  const poll = {
    demo: {
      full: load(queueUrl(built.base), kitchen, null, { mode: 'getfull', connections: DISPLAYS }),
      etag: load(queueUrl(built.base), kitchen, null, { mode: 'get', connections: DISPLAYS }),
      rss: rssMb(built.child.pid),
    },
  };
  await stop(built.child);
  await stop(raw.child);

  console.log(`kitchen queue poll at ${PAST_ORDERS.toLocaleString('en-US')} past orders …`);
  const bigDir = tmp();
  cpSync(dir, bigDir, { recursive: true });
  const g0 = process.hrtime.bigint();
  addPastOrders(bigDir, PAST_ORDERS);
  const generateS = Number(process.hrtime.bigint() - g0) / 1e9;
  const big = await start(builtArgs(bigDir));
  const bigToken = await signIn(big.base, 'kitchen', '4444');
  const firstPoll0 = process.hrtime.bigint();
  await api(big.base, bigToken, 'GET', '/api/orders/queue');
  const firstPollMs = Number(process.hrtime.bigint() - firstPoll0) / 1e6;
  poll.big = {
    full: load(queueUrl(big.base), bigToken, null, { mode: 'getfull', connections: DISPLAYS }),
    etag: load(queueUrl(big.base), bigToken, null, { mode: 'get', connections: DISPLAYS }),
    rss: rssMb(big.child.pid),
  };
  const bigCashier = await signIn(big.base, 'cashier', '3333');
  poll.big.orders = load(`${big.base}/api/orders`, bigCashier, order);
  poll.big.rssAfterOrders = rssMb(big.child.pid);
  await stop(big.child);

  console.log('receipts (ESC/POS, PDF) …');
  const receipts = lastJson(sh('npx', ['tsx', 'scripts/bench/receipts.ts', String(quick ? 1 : 3)]));

  console.log('a hot statement: raw prepared, compiled through Kysely, Kysely builder …');
  const statement = lastJson(
    sh('npx', ['tsx', 'scripts/bench/statement.ts', String(quick ? 1 : 3)]),
  );

  const gc = /group commit: (\d+) transactions in (\d+) commits/.exec(built.child.err);
  const perCommit = gc ? Number(gc[1]) / Math.max(1, Number(gc[2])) : NaN;
  const med = (runs) => ({
    perSec: median(runs.map((r) => r.perSec)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    statuses: runs.map((r) => r.statuses),
  });
  // Memory stays flat (issue 12): N sales in one process, heap and RSS after GC before and after
  // (test/bench/memory-bench.ts; it exits non-zero past its bounds).
  console.log('memory: sales in one process, heap and RSS after GC …');
  const memory = lastJson(
    sh(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/bench/memory-bench.ts']),
  );
  const ours = med(oursRuns);
  const theirs = med(theirRuns);
  const shown = med(withDisplays);
  const sOurs = med(saleOurs);
  const sRaw = med(saleRaw);
  const displayEvents = median(displayRuns.map((r) => r.events));
  const perRound = oursRuns.map((r, i) => (r.perSec / theirRuns[i].perSec).toFixed(2)).join(', ');
  // A ratio is the median of the rounds' own ratios: the two runs of one round are seconds apart,
  // so the machine's drift over the whole run (its speed moved by up to 1.8× within minutes)
  // cancels out of each pair instead of landing in one server's median.
  const paired = (a, b, key) => median(a.map((r, i) => r[key] / b[i][key]));

  // Sync throughput (issue 16): a hub on a throwaway PostgreSQL applying 10 tills' pushes.
  console.log('hub sync: 10 tills pushing to a hub on PostgreSQL …');
  let hubSync = null;
  try {
    const out = sh(process.execPath, [
      '--import',
      'tsx',
      'scripts/bench/hub-sync.ts',
      String(SECONDS),
    ]);
    hubSync = lastJson(out);
  } catch (e) {
    console.log(`hub sync skipped: ${e.message}`);
  }

  const f = (n, d = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const rows = [
    [
      'orders/s (3-line order, 50 connections)',
      f(ours.perSec),
      f(theirs.perSec),
      f(paired(oursRuns, theirRuns, 'perSec'), 2),
    ],
    ['p50 ms', f(ours.p50, 1), f(theirs.p50, 1), f(paired(oursRuns, theirRuns, 'p50'), 2)],
    ['p99 ms', f(ours.p99, 1), f(theirs.p99, 1), f(paired(oursRuns, theirRuns, 'p99'), 2)],
    ['non-2xx answers', f(ours.errors), f(theirs.errors), ''],
    ['transactions per COMMIT (group commit)', f(perCommit, 1), '1.0', ''],
    [
      'cold start ms (median of ' + COLD_RUNS + ')',
      f(coldBuilt),
      f(coldRaw),
      f(coldBuilt / coldRaw, 2),
    ],
    [
      `heap growth after GC, MiB per 1,000 sales (second half of ${memory.sales})`,
      f(memory.heapPer1000, 2),
      '',
      '',
    ],
    [
      `RSS after GC, MiB (after warm-up → after ${memory.sales} sales)`,
      `${f(memory.rssBefore)} → ${f(memory.rssAfter)}`,
      '',
      '',
    ],
    [
      'full sales/s (create, cash payment, 4 moves to completed; 50 connections)',
      f(sOurs.perSec),
      f(sRaw.perSec),
      f(paired(saleOurs, saleRaw, 'perSec'), 2),
    ],
    ['full sale p50 ms', f(sOurs.p50, 1), f(sRaw.p50, 1), f(paired(saleOurs, saleRaw, 'p50'), 2)],
    ['full sale p99 ms', f(sOurs.p99, 1), f(sRaw.p99, 1), f(paired(saleOurs, saleRaw, 'p99'), 2)],
    ['full sale non-2xx', f(sOurs.errors), f(sRaw.errors), ''],
  ];
  const own = [
    [
      `orders/s with ${DISPLAYS} kitchen displays (stream + queue poll each second)`,
      f(shown.perSec),
      `${f(100 * (1 - paired(withDisplays, oursRuns, 'perSec')), 1)} % fewer than without (median of the rounds)`,
    ],
    ['… their p99 ms', f(shown.p99, 1), `${f(ours.p99, 1)} without`],
    [
      '… queue polls answered / stream events received by the displays (median round)',
      `${f(median(displayRuns.map((r) => r.ok)))} / ${f(displayEvents)}`,
      '',
    ],
    ...[
      ['demo data', poll.demo],
      [`${PAST_ORDERS.toLocaleString('en-US')} past orders`, poll.big],
    ].flatMap(([label, p]) => [
      [
        `queue poll, ${label}: 200s/s, p50 / p99 ms (${DISPLAYS} connections)`,
        f(p.full.perSec),
        `${f(p.full.p50, 1)} / ${f(p.full.p99, 1)}`,
      ],
      [
        `queue poll, ${label}: 304s/s (If-None-Match), p50 / p99 ms`,
        f(p.etag.perSec),
        `${f(p.etag.p50, 1)} / ${f(p.etag.p99, 1)}`,
      ],
      [`server RSS MB after the polls, ${label}`, f(p.rss), ''],
    ]),
    [
      `orders/s at ${PAST_ORDERS.toLocaleString('en-US')} past orders (50 connections)`,
      f(poll.big.orders.perSec),
      `p99 ${f(poll.big.orders.p99, 1)} ms; RSS after ${f(poll.big.rssAfterOrders)} MB`,
    ],
    [
      `first queue read after start at ${PAST_ORDERS.toLocaleString('en-US')} past orders, ms`,
      f(firstPollMs, 1),
      `the past orders were written in ${f(generateS, 1)} s`,
    ],
    [
      'ESC/POS receipts rendered per second (48 columns, one process)',
      f(receipts.escpos.perSec),
      `${f(receipts.escpos.msEach, 2)} ms each, ${receipts.escposBytes} bytes`,
    ],
    [
      'PDF receipts rendered per second',
      f(receipts.pdf.perSec, 1),
      `${f(receipts.pdf.msEach, 1)} ms each`,
    ],
    [
      'one order row by id, µs: raw prepared statement (better-sqlite3 `get`)',
      f(statement.raw.usEach, 1),
      'scripts/bench/statement.ts, one process, 5,000 orders',
    ],
    [
      '… the same through Kysely, compiled once (`prepared`, db/prepared.ts)',
      f(statement.prepared.usEach, 1),
      `${f(statement.prepared.usEach / statement.raw.usEach, 2)}× raw (goal ≤ 1.3×)`,
    ],
    [
      '… the same through Kysely’s builder (built and compiled each time)',
      f(statement.builder.usEach, 1),
      `${f(statement.builder.usEach / statement.raw.usEach, 2)}× raw`,
    ],
  ];
  const table = [
    '| figure | Countertop (`node dist-main/serve.js`) | raw node:http + better-sqlite3 | ratio |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  const ownTable = [
    '| figure | Countertop | note |',
    '| --- | ---: | --- |',
    ...own.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  console.log('\n' + table + '\n\n' + ownTable + '\n');
  const cpus = os.cpus();
  const md = `# Benchmarks

Written by \`npm run bench${quick ? ' -- --quick' : ''}\` (scripts/bench.mjs) on ${new Date().toISOString().slice(0, 10)}.
Both servers measured **in the same run**, alternating, with the same load generator in
its own process (scripts/bench/load.mjs): ${CONNECTIONS} keep-alive connections in a closed loop
posting a 3-line order for ${SECONDS} s after ${WARMUP} s of warm-up, ${ROUNDS} round(s) alternating
the two servers (both running throughout, every other round in the opposite order); figures are
medians over rounds, and each ratio is the median of the rounds' own ratios (the two runs of a
round are seconds apart, so the machine's drift over the run cancels out of each pair). Both use WAL,
\`synchronous=FULL\` and foreign keys; the raw server (scripts/bench/raw-server.mjs) runs the same
transaction shape (read three prices, insert the order, three lines and a history row) with one
COMMIT per order and no auth, validation or framework. Countertop's figure is the whole product:
JWT check, zod validation, pricing with tax, order numbering per business day, history, change
feed, idempotency bookkeeping, logging, and group commit (db/group-commit.ts).

Memory (test/bench/memory-bench.ts): ${memory.sales} sales (a 2-line order, paid by card, the
kitchen queue read every tenth) through the HTTP stack in one process after ${memory.warmup} warm-up
sales; heap and RSS are read after a full GC before, halfway and after. The heap's growth per
1,000 sales over the second half (when what fills once has filled) shows a leak of even one object
per request; the bound is 2 MiB per 1,000 sales, and RSS (SQLite's page cache included) must not
grow by more than 64 MiB.

Cold start is spawn → first answer of \`/api/diagnostics/ping\` from a fresh data dir (Countertop
creates and migrates its database in that time), median of ${COLD_RUNS}, the two servers started in
turns. Countertop's steps, each
the median ms since its process began (\`POS_STARTUP_TIMES=1\`): ${coldSteps
    .map(([step, ms]) => `${step} ${f(ms)}`)
    .join(', ')}; answered at ${f(coldBuilt)} after the spawn.

Machine: ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, Node ${process.version}, ${os.platform()}. Load average at the end
of the run: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')} (the benchmark's own processes count; much above the core count means other work
shared the machine and absolute figures are noisy). The ratios from one run are the figures to
compare.

${table}

Orders/s ratio per round: ${perRound}; full sales/s: ${saleOurs
    .map((r, i) => (r.perSec / saleRaw[i].perSec).toFixed(2))
    .join(', ')}. Countertop's answers: ${JSON.stringify(ours.statuses)};
raw: ${JSON.stringify(theirs.statuses)}. Full sales, Countertop: ${JSON.stringify(sOurs.statuses)};
raw: ${JSON.stringify(sRaw.statuses)}.

**Hub sync** (scripts/bench/hub-sync.ts): ${
    hubSync
      ? `**${f(hubSync.changesPerSec)} changes/s** applied by one hub process on a throwaway PostgreSQL (fsync off) from ${hubSync.tills} tills pushing batches of ${hubSync.batch} changes back to back over HTTP on loopback for ${hubSync.seconds} s (${f(hubSync.batchesPerSec)} batches/s; each batch one transaction with the till's row locked).`
      : 'not measured (no PostgreSQL server on this machine).'
  }

The full sale is six requests in a row per connection, each its own transaction on both servers
(the raw server checks the state machine and the balance the same way). The figures below are
Countertop's own, from the same run: orders while ${DISPLAYS} kitchen displays each hold the order
stream (SSE) open and poll \`GET /api/orders/queue\` with their ETag every second (alternating
with the plain order rounds above); the queue poll itself, ${DISPLAYS} connections in a closed loop,
without and with \`If-None-Match\`, first on the demo data with 20 orders in the queue, then on a
copy of it with ${PAST_ORDERS.toLocaleString('en-US')} completed past orders (one line and one history row
each, written with raw SQL before the server starts); and receipts rendered in one process
(scripts/bench/receipts.ts: the layout model to ESC/POS bytes, and to a receipt-sized PDF).

${ownTable}
`;
  // What the figures mean and what was found while profiling: kept by hand beside this script.
  writeFileSync(
    'docs/benchmarks.md',
    md + '\n' + readFileSync('scripts/bench/findings.md', 'utf8'),
  );
  // `npm run lint` checks the docs' formatting too.
  sh('npx', ['prettier', '--write', 'docs/benchmarks.md']);
  console.log('wrote docs/benchmarks.md');
} finally {
  for (const child of servers)
    if (child.exitCode === null && child.signalCode === null) child.kill();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
}
