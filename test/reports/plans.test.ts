/**
 * Every report statement is served by an index: no full scan of orders, payments, refunds,
 * order history, the stock ledger or attendance, so the reports stay fast at a million orders.
 */
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app';
import type { CoreContext } from '../../src-main/core/context';
import { CUSTOMER_SQL } from '../../src-main/core/reports/customer-history';
import { INVENTORY_SQL } from '../../src-main/core/reports/inventory';
import { ORDERS_SQL } from '../../src-main/core/reports/orders';
import { SALES_SQL } from '../../src-main/core/reports/sales';
import { STAFF_SQL } from '../../src-main/core/reports/staff';
import { removeTempDirs, tempDir } from '../helpers/app';

let ctx: CoreContext;
beforeAll(() => {
  ctx = openCore({ dataDir: tempDir('countertop-plans-'), env: {} });
});
afterAll(async () => {
  await ctx.dbh.close();
  removeTempDirs();
});

const BIG = [
  'orders',
  'payments',
  'refunds',
  'order_history',
  'order_items',
  'inventory_ledger',
  'attendance_entries',
];

function plan(db: Database.Database, sql: string, params: unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
    (r) => r.detail,
  );
}

const cases: [string, string, unknown[], RegExp][] = [
  [
    'sales payments',
    SALES_SQL.payments,
    ['a', 'b'],
    /SEARCH payments USING COVERING INDEX payments_report/,
  ],
  [
    'sales refunds',
    SALES_SQL.refunds,
    ['a', 'b'],
    /SEARCH refunds USING COVERING INDEX refunds_report/,
  ],
  [
    'sales tax',
    SALES_SQL.tax,
    ['a', 'b'],
    /SEARCH orders USING INDEX sqlite_autoindex_orders_1|SEARCH orders USING INTEGER PRIMARY KEY|SEARCH orders USING .*\(id=\?\)/,
  ],
  ['sales top items', SALES_SQL.topItems, ['a', 'b'], /SEARCH oi USING INDEX/],
  ['orders by status', ORDERS_SQL.byStatus, ['a', 'b'], /SEARCH orders USING (COVERING )?INDEX/],
  [
    'orders prep',
    ORDERS_SQL.prep,
    ['a', 'b'],
    /SEARCH h USING COVERING INDEX order_history_order_status/,
  ],
  [
    'inventory consumed',
    INVENTORY_SQL.consumed,
    ['a', 'b'],
    /SEARCH inventory_ledger USING INDEX inventory_ledger_type_at/,
  ],
  [
    'staff shifts',
    STAFF_SQL.shifts,
    ['a', 'b', 'b'],
    /SEARCH attendance_entries USING INDEX attendance_out/,
  ],
  ['customer orders', CUSTOMER_SQL.orders, ['c'], /SEARCH orders USING INDEX orders_customer/],
];

describe('report query plans', () => {
  for (const [label, sql, params, expected] of cases) {
    it(`${label}: an index search, no full scan`, () => {
      const details = plan(ctx.dbh.sqlite, sql, params);
      expect(details.join('\n')).toMatch(expected);
      for (const d of details) {
        // The partial index of open shifts holds at most one row per user: scanning it is cheap.
        if (/USING INDEX attendance_one_open$/.test(d)) continue;
        for (const t of BIG) {
          // "SCAN t" (with or without an index) reads the whole table or index.
          expect(d, `${label}: ${details.join(' | ')}`).not.toMatch(
            new RegExp(`^SCAN ${t}\\b|^SCAN \\w+ .*\\b${t}\\b`),
          );
        }
        expect(d).not.toMatch(/^SCAN (o|h|oi|e)\b/);
      }
    });
  }

  it('the statements are still served by indexes once the tables hold data and stats', () => {
    const db = ctx.dbh.sqlite;
    db.exec('ANALYZE');
    for (const [, sql, params] of cases) {
      for (const d of plan(db, sql, params))
        expect(d).not.toMatch(/^SCAN (orders|payments|refunds|o|h|oi)\b/);
    }
  });
});
