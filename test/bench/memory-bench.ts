/**
 * Memory stays flat (issue 12): N sales through the real HTTP stack in one process — create a
 * 2-line order, pay it by card (simulated provider), read the kitchen queue — and the heap and
 * RSS after a full GC, after a warm-up, halfway and at the end. The heap's growth per 1,000 sales
 * over the second half must stay under the bound below: a leak of even one retained object per
 * request shows as steady growth there.
 *
 * Run by `npm run bench` (scripts/bench.mjs) as `node --expose-gc --import tsx …`, never by
 * `npm test` (it is a measurement, not a timed test). Prints one JSON line last.
 * `BENCH_MEMORY_SALES` sets N (default 3000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../../src-main/app';
import { createUser } from '../../src-main/core/auth/users';
import { seedDemoMenu } from '../../src-main/core/menu/demo-menu';
import { buildServer } from '../../src-main/http/server';
import { createLogger } from '../../src-main/log';

/** Heap growth after GC allowed per 1,000 sales (MiB): caches fill during warm-up, not after. */
export const HEAP_MIB_PER_1000_SALES = 2;
/** RSS growth after GC allowed over the run (MiB): SQLite's page cache is bounded, so is this. */
export const RSS_MIB_TOTAL = 64;

const MiB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function settle(): { heap: number; rss: number } {
  for (let i = 0; i < 3; i++) (gc as () => void)();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / MiB, rss: m.rss / MiB };
}

const sales = Number(process.env.BENCH_MEMORY_SALES ?? 3000);
const warmup = Math.max(200, Math.floor(sales / 4));
const dir = mkdtempSync(join(tmpdir(), 'ct-bench-memory-'));
try {
  const app = openApp({
    dataDir: dir,
    env: { POS_JWT_SECRET: 'x'.repeat(48) },
    log: createLogger({ level: 'silent' }),
  });
  await createUser(app.core, { username: 'bench', password: 'bench-password', role: 'admin' });
  await seedDemoMenu(app.core);
  const server = await buildServer(app, { log: () => {}, serveRenderer: false });
  const login = await server.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'bench', password: 'bench-password' },
  });
  const auth = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
  const menu = (
    (await server.inject({ method: 'GET', url: '/api/menu/items', headers: auth })).json() as {
      items: { id: string; available: boolean; modifierGroupIds?: string[] }[];
    }
  ).items.filter((i) => i.available && (i.modifierGroupIds ?? []).length === 0);

  async function sale(i: number): Promise<void> {
    const order = await server.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { ...auth, 'idempotency-key': `sale-${i}` },
      payload: {
        items: [
          { menuItemId: menu[i % menu.length]?.id, quantity: 1 + (i % 3) },
          { menuItemId: menu[(i + 3) % menu.length]?.id, quantity: 1 },
        ],
      },
    });
    const { id, total } = order.json() as { id: string; total: number };
    const paid = await server.inject({
      method: 'POST',
      url: `/api/orders/${id}/payment`,
      headers: { ...auth, 'idempotency-key': `pay-${i}` },
      payload: { method: 'card', amount: total, token: 'tok_ok' },
    });
    if (paid.statusCode !== 201) throw new Error(`sale ${i}: ${paid.statusCode} ${paid.body}`);
    if (i % 10 === 0)
      await server.inject({ method: 'GET', url: '/api/orders/queue', headers: auth });
  }

  for (let i = 0; i < warmup; i++) await sale(i);
  const before = settle();
  const half = Math.floor(sales / 2);
  for (let i = warmup; i < warmup + half; i++) await sale(i);
  // The rate is read over the second half only: whatever fills once (caches, lazy modules, the
  // JIT's code) has filled by then, and what is left growing is what grows per sale.
  const middle = settle();
  for (let i = warmup + half; i < warmup + sales; i++) await sale(i);
  const after = settle();
  await server.close();
  await app.close();

  const heapPer1000 = ((after.heap - middle.heap) * 1000) / (sales - half);
  const rssGrowth = after.rss - before.rss;
  const ok = heapPer1000 < HEAP_MIB_PER_1000_SALES && rssGrowth < RSS_MIB_TOTAL;
  console.log(
    `memory after GC over ${sales} sales (after ${warmup} warm-up): heap ${before.heap.toFixed(1)} → ${middle.heap.toFixed(1)} → ${after.heap.toFixed(1)} MiB ` +
      `(${heapPer1000.toFixed(2)} MiB per 1,000 sales, bound ${HEAP_MIB_PER_1000_SALES}), RSS ${before.rss.toFixed(0)} → ${after.rss.toFixed(0)} MiB ` +
      `(+${rssGrowth.toFixed(1)}, bound ${RSS_MIB_TOTAL}): ${ok ? 'flat' : 'GROWING'}`,
  );
  console.log(
    JSON.stringify({
      sales,
      warmup,
      heapBefore: before.heap,
      heapMiddle: middle.heap,
      heapAfter: after.heap,
      heapPer1000,
      rssBefore: before.rss,
      rssAfter: after.rss,
      ok,
    }),
  );
  if (!ok) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
