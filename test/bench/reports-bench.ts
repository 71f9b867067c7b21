/**
 * Reports and backups at scale: seeds BENCH_ORDERS orders (default 200 000; set 1000000 for the
 * million-order goal) spread over a year, each with a line and a card payment, then times the
 * reports and an online backup.
 */
import { join } from 'node:path';
import { openApp } from '../../src-main/app';
import { takeBackup } from '../../src-main/core/backups/admin';
import { customerHistory } from '../../src-main/core/reports/customer-history';
import { ordersReport } from '../../src-main/core/reports/orders';
import { salesReport } from '../../src-main/core/reports/sales';

export async function benchReports(dir: string): Promise<void> {
  const n = Number(process.env.BENCH_ORDERS ?? 200_000);
  const app = openApp({ dataDir: join(dir, 'reports'), env: { POS_JWT_SECRET: 'x'.repeat(48) } });
  const db = app.core.dbh.sqlite;
  const end = Date.parse('2026-11-25T12:00:00.000Z');
  const span = 365 * 24 * 3600_000;
  const t0 = Date.now();
  db.prepare(
    "INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at) VALUES ('u', 'bench', 'Bench', 'admin', 'x', 'x', 'x')",
  ).run();
  db.prepare(
    "INSERT INTO menu_items (id, name, price, created_at, updated_at) VALUES ('m', 'Latte', 450, 'x', 'x')",
  ).run();
  db.prepare(
    "INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c', 'Regular', 'x', 'x')",
  ).run();
  const order = db.prepare(
    "INSERT INTO orders (id, business_day, number, status, subtotal, tax, total, paid, customer_id, created_by, created_at, updated_at) VALUES (?, ?, ?, 'completed', 450, 36, 486, 486, ?, 'u', ?, ?)",
  );
  const line = db.prepare(
    "INSERT INTO order_items (id, order_id, position, menu_item_id, name, unit_price, quantity, tax_rate_bps, line_total, line_tax) VALUES (?, ?, 1, 'm', 'Latte', 450, 1, 800, 450, 36)",
  );
  const pay = db.prepare(
    "INSERT INTO payments (id, order_id, method, amount, provider_ref, created_at, created_by) VALUES (?, ?, 'card', 486, 'ref', ?, 'u')",
  );
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = new Date(end - span + Math.floor((i * span) / n)).toISOString();
      const id = `o${i}`;
      order.run(id, at.slice(0, 10), i + 1, i % 500 === 0 ? 'c' : null, at, at);
      line.run(`l${i}`, id);
      pay.run(`p${i}`, id, at);
    }
  })();
  console.log(`\nReports at ${n.toLocaleString('en-US')} orders (seeded in ${Date.now() - t0} ms)`);
  const ctx = { ...app.core, clock: () => new Date(end) };
  const timeIt = async (label: string, fn: () => unknown) => {
    fn(); // warm up
    const s = process.hrtime.bigint();
    const runs = 5;
    for (let i = 0; i < runs; i++) await fn();
    const ms = Number(process.hrtime.bigint() - s) / 1e6 / runs;
    console.log(`${label.padEnd(48)} ${ms.toFixed(1).padStart(10)} ms`);
  };
  await timeIt('sales report, 24h', () => salesReport(ctx, { range: '24h' }));
  await timeIt('sales report, 30d', () => salesReport(ctx, { range: '30d' }));
  await timeIt('orders report, 30d', () => ordersReport(ctx, { range: '30d' }));
  await timeIt('customer history (1 in 500 orders)', () =>
    customerHistory(ctx, { customerId: 'c' }),
  );
  const b0 = Date.now();
  const b = await takeBackup(app.core);
  console.log(
    `${'online backup'.padEnd(48)} ${String(Date.now() - b0).padStart(10)} ms (${(b.bytes / 1e6).toFixed(0)} MB)`,
  );
  await app.close();
}
