/**
 * Orders and the kitchen queue (section 4): order creation per second (through the core, and
 * through HTTP with an Idempotency-Key), and the queue read with BENCH_PAST_ORDERS past orders
 * (default 100 000) beside a few dozen live ones — full answer and 304 revalidation.
 */
import { join } from 'node:path';
import { openApp } from '../../src-main/app';
import { seedDemoMenu } from '../../src-main/core/menu/demo-menu';
import { createOrder } from '../../src-main/core/orders/create';
import { transitionOrder } from '../../src-main/core/orders/transition';
import { buildServer } from '../../src-main/http/server';

async function rate(label: string, n: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const perSec = Math.round((n / ms) * 1000).toLocaleString('en-US');
  console.log(`${label.padEnd(48)} ${perSec.padStart(10)} ops/s  (${(ms / n).toFixed(4)} ms/op)`);
}

export async function benchOrders(dir: string): Promise<void> {
  const past = Number(process.env.BENCH_PAST_ORDERS ?? 100_000);
  const app = openApp({ dataDir: join(dir, 'orders'), env: { POS_JWT_SECRET: 'x'.repeat(48) } });
  const core = app.core;
  const db = core.dbh.sqlite;
  console.log('\nOrders and queue (section 4)\n');
  db.prepare(
    "INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at) VALUES ('u', 'bench', 'Bench', 'admin', 'x', 'x', 'x')",
  ).run();
  await seedDemoMenu(core);
  const menu = db.prepare('SELECT id FROM menu_items ORDER BY name').all() as { id: string }[];
  const items = (i: number) => [
    { menuItemId: menu[i % menu.length]!.id, quantity: 1 + (i % 3) },
    { menuItemId: menu[(i + 5) % menu.length]!.id, quantity: 1 },
  ];
  await rate('createOrder (core, 2 lines, one transaction)', 2000, (i) =>
    createOrder(core, 'u', { items: items(i) }),
  );

  const { token } = await app.tokens.sign({ userId: 'u', tokenVersion: 0 }, new Date());
  const server = await buildServer(app, { log: () => {}, serveRenderer: false });
  const auth = { authorization: `Bearer ${token}` };
  await rate('POST /api/orders with Idempotency-Key (inject)', 1000, (i) =>
    server.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { ...auth, 'idempotency-key': `bench-${i}` },
      payload: { items: items(i) },
    }),
  );

  // Years of trading: past orders in one transaction, then a few live ones on top.
  const t0 = Date.now();
  const insert = db.prepare(
    "INSERT INTO orders (id, business_day, number, status, subtotal, tax, total, paid, created_by, created_at, updated_at) VALUES (?, ?, ?, 'completed', 450, 36, 486, 486, 'u', ?, ?)",
  );
  const start = Date.parse('2024-01-01T00:00:00.000Z');
  db.transaction(() => {
    for (let i = 0; i < past; i++) {
      const at = new Date(start + i * 300_000).toISOString();
      insert.run(`past-${i}`, `past-${Math.floor(i / 500)}`, (i % 500) + 1, at, at);
    }
  })();
  console.log(`seeded ${past.toLocaleString('en-US')} past orders in ${Date.now() - t0} ms`);
  const live = db.prepare("SELECT id FROM orders WHERE status = 'pending' LIMIT 40").all() as {
    id: string;
  }[];
  const actor = { userId: 'u', can: () => true };
  for (const o of live) await transitionOrder(core, actor, { id: o.id, status: 'in_queue' });

  const first = await server.inject({ method: 'GET', url: '/api/orders/queue', headers: auth });
  const etag = String(first.headers.etag);
  await rate(`GET /api/orders/queue, ${live.length} live (200)`, 2000, () =>
    server.inject({ method: 'GET', url: '/api/orders/queue', headers: auth }),
  );
  await rate('GET /api/orders/queue, If-None-Match (304)', 2000, () =>
    server.inject({
      method: 'GET',
      url: '/api/orders/queue',
      headers: { ...auth, 'if-none-match': etag },
    }),
  );
  await server.close();
  await app.close();
}
