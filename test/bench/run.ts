/**
 * `npm run bench`: speed goals live here, not in timed tests. The foundation measures the
 * statement cache (cached vs re-prepared statements through Kysely) and the login/ping path;
 * feature benchmarks follow: orders and the queue, the kitchen stream, reports and backups, search.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, CamelCasePlugin } from 'kysely';
import { openApp } from '../../src-main/app';
import { buildServer } from '../../src-main/http/server';
import type { DB } from '../../src-main/db/schema';
import { benchStream } from './stream-bench';
import { benchOrders } from './orders-bench';
import { benchReports } from './reports-bench';
import { benchSearch } from './search-bench';

async function time(label: string, n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await fn(); // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const perSec = Math.round((n / ms) * 1000);
  console.log(
    `${label.padEnd(48)} ${perSec.toLocaleString('en-US').padStart(10)} ops/s  (${(ms / n).toFixed(4)} ms/op)`,
  );
  return perSec;
}

const dir = mkdtempSync(join(tmpdir(), 'ct-bench-'));
try {
  const app = openApp({ dataDir: dir, env: { POS_JWT_SECRET: 'x'.repeat(48) } });
  const now = new Date().toISOString();
  for (let i = 0; i < 200; i++) {
    await app.core.dbh.db
      .insertInto('settings')
      .values({ key: `k${i}`, value: JSON.stringify(i), updatedAt: now })
      .execute();
  }
  const query = (db: Kysely<DB>, i: number) =>
    db
      .selectFrom('settings')
      .selectAll()
      .where('key', '=', `k${i % 200}`)
      .executeTakeFirst();

  console.log('Countertop benchmarks (foundation)\n');
  let i = 0;
  const cached = await time('kysely select, cached statements', 20000, () =>
    query(app.core.dbh.db, i++),
  );
  const raw = new Database(join(dir, 'countertop.sqlite3'));
  const stock = new Kysely<DB>({
    dialect: new SqliteDialect({ database: raw }),
    plugins: [new CamelCasePlugin()],
  });
  const plain = await time('kysely select, stock driver (re-prepares)', 20000, () =>
    query(stock, i++),
  );
  console.log(`statement cache speed-up: ${(cached / plain).toFixed(2)}×\n`);
  await stock.destroy();

  const server = await buildServer(app, { log: () => {}, serveRenderer: false });
  await time('GET /api/diagnostics/ping (in-process inject)', 3000, () =>
    server.inject({ method: 'GET', url: '/api/diagnostics/ping' }),
  );
  await server.close();
  await app.close();
  // Orders and the kitchen queue (section 4): see orders-bench.ts.
  await benchOrders(dir);
  // What connected kitchen displays cost (section 4): see stream-bench.ts.
  await benchStream(dir);
  // Reports and backups (section 9, 11): see reports-bench.ts.
  await benchReports(dir);
  // Menu and customer search over large catalogs (section 12): see search-bench.ts.
  await benchSearch(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
