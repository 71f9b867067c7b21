/**
 * The kitchen stream's cost (issue 3): orders per second through the core while 0, 1 and 10
 * displays hold `GET /api/orders/stream` open over real HTTP on 127.0.0.1. Each event carries
 * the one changed order, so displays should cost next to nothing; every display must also have
 * received every change (checked, not assumed).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openApp } from '../../src-main/app';
import { seedDemoMenu } from '../../src-main/core/menu/demo-menu';
import { createOrder } from '../../src-main/core/orders/create';
import { transitionOrder } from '../../src-main/core/orders/transition';
import { buildServer } from '../../src-main/http/server';

interface Display {
  events: number;
  close(): void;
}

function connect(base: string, token: string): Promise<Display> {
  return new Promise((resolve, reject) => {
    const display: Display = { events: 0, close: () => req.destroy() };
    const req = http.get(`${base}/api/orders/stream?access_token=${token}`, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        display.events += chunk.split('event: order.updated').length - 1;
      });
      res.on('error', () => undefined);
      resolve(display);
    });
    req.on('error', (e) => (display.events < 0 ? undefined : reject(e)));
  });
}

export async function benchStream(dir: string): Promise<void> {
  const app = openApp({ dataDir: join(dir, 'stream'), env: { POS_JWT_SECRET: 'x'.repeat(48) } });
  const core = app.core;
  core.dbh.sqlite
    .prepare(
      "INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at) VALUES ('u', 'bench', 'Bench', 'admin', 'x', 'x', 'x')",
    )
    .run();
  await seedDemoMenu(core);
  const menu = core.dbh.sqlite.prepare('SELECT id FROM menu_items').all() as { id: string }[];
  const { token } = await app.tokens.sign({ userId: 'u', tokenVersion: 0 }, new Date());
  const server = await buildServer(app, { log: () => {}, serveRenderer: false });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const actor = { userId: 'u', can: () => true };
  console.log('\nKitchen stream (section 4): new order + send to kitchen, 2 changes each\n');
  let i = 0;
  for (const displays of [0, 1, 10]) {
    const open = await Promise.all(Array.from({ length: displays }, () => connect(base, token)));
    const n = 300;
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < n; k++, i++) {
      const order = await createOrder(core, 'u', {
        items: [{ menuItemId: menu[i % menu.length]!.id, quantity: 1 }],
      });
      await transitionOrder(core, actor, { id: order.id, status: 'in_queue' });
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    // Let the last events cross the socket before counting them.
    const until = Date.now() + 2000;
    while (open.some((d) => d.events < 2 * n) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const delivered = open.length ? Math.min(...open.map((d) => d.events)) : 0;
    console.log(
      `${`${displays} display(s) connected`.padEnd(48)} ${Math.round((n / ms) * 1000)
        .toString()
        .padStart(10)} orders/s` +
        (displays ? `  (each display got ${delivered}/${2 * n} events)` : ''),
    );
    for (const d of open) d.close();
  }
  await server.close();
  await app.close();
}
