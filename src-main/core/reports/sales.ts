import type { SalesReport } from '../../../src-shared/contract/reports';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { parseRange } from '../range';
import { getSettings } from '../settings';
import { divRoundHalfUp } from './round';
import { bucketIndex, bucketStarts, bucketUnitFor } from '../../../src-shared/zone';

/** The statements, exported so tests can check their query plans (no full scans). */
export const SALES_SQL = {
  payments: `SELECT created_at AS at, order_id AS orderId, method, amount
    FROM payments WHERE created_at >= ? AND created_at < ?`,
  refunds: `SELECT created_at AS at, method, amount
    FROM refunds WHERE created_at >= ? AND created_at < ?`,
  // Section 12: apart, so the payments statement keeps its covering index; payments_tips is a
  // small partial index (only tipped payments).
  tips: `SELECT COALESCE(SUM(tip), 0) AS tips FROM payments
    WHERE created_at >= ? AND created_at < ? AND tip > 0`,
  tax: `SELECT COALESCE(SUM(tax), 0) AS tax, COALESCE(SUM(discount), 0) AS discounts FROM orders
    WHERE id IN (SELECT order_id FROM payments WHERE created_at >= ? AND created_at < ?)`,
  topItems: `SELECT oi.menu_item_id AS menuItemId, COALESCE(mi.name, MAX(oi.name)) AS name,
      SUM(oi.quantity) AS quantity, SUM(oi.line_total - oi.discount) AS revenue
    FROM order_items oi LEFT JOIN menu_items mi ON mi.id = oi.menu_item_id
    WHERE oi.order_id IN (SELECT order_id FROM payments WHERE created_at >= ? AND created_at < ?)
    GROUP BY oi.menu_item_id
    ORDER BY quantity DESC, revenue DESC, oi.menu_item_id
    LIMIT 10`,
} as const;

type Method = 'cash' | 'card' | 'mobile';

/**
 * The longest range the sales report answers: its daily series costs zone lookups per day on the
 * event loop (and the report holds the one connection), so `0001-01-01..9999-12-31` would freeze
 * the till for many minutes. Ten years and a leap-day margin covers any real question.
 */
export const MAX_SALES_RANGE_DAYS = 3660;

/**
 * Section 9's sales report over [from, to): gross = captured payments in the range, refunds =
 * refunds in the range (whenever their payment was), net = gross − refunds, byMethod = net per
 * method, orderCount = distinct orders with a payment in the range, tax = those orders' tax,
 * topItems = their 10 best sellers by quantity, series = hourly (≤ 48 h) or daily buckets in
 * the shop's time zone.
 *
 * Section 12: tips are not sales — they are owed to staff — so gross, net, byMethod and the
 * series hold payment amounts only, and `tips` sums the tips of the payments in the range apart.
 * `discounts` = those orders' discounts (like `tax`); topItems' revenue is after discounts.
 */
export function salesReport(ctx: CoreContext, input: { range?: string | undefined }): SalesReport {
  const { from, to } = parseRange(input.range, ctx.clock());
  if (Date.parse(to) - Date.parse(from) > MAX_SALES_RANGE_DAYS * 86_400_000)
    throw new PosError(
      'invalid_range',
      `the sales report covers at most ${MAX_SALES_RANGE_DAYS} days; ask for a shorter range`,
      { range: input.range, maxDays: MAX_SALES_RANGE_DAYS },
    );
  const db = ctx.dbh.sqlite;
  const payments = db.prepare(SALES_SQL.payments).all(from, to) as {
    at: string;
    orderId: string;
    method: Method;
    amount: number;
  }[];
  const refunds = db.prepare(SALES_SQL.refunds).all(from, to) as {
    at: string;
    method: Method;
    amount: number;
  }[];
  const byMethod = { cash: 0, card: 0, mobile: 0 };
  let gross = 0;
  const orders = new Set<string>();
  for (const p of payments) {
    gross += p.amount;
    byMethod[p.method] += p.amount;
    orders.add(p.orderId);
  }
  let refunded = 0;
  for (const r of refunds) {
    refunded += r.amount;
    byMethod[r.method] -= r.amount;
  }
  const net = gross - refunded;
  const { tips } = db.prepare(SALES_SQL.tips).get(from, to) as { tips: number };
  const { tax, discounts } = db.prepare(SALES_SQL.tax).get(from, to) as {
    tax: number;
    discounts: number;
  };
  const topItems = db.prepare(SALES_SQL.topItems).all(from, to) as SalesReport['topItems'];

  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const { timeZone } = getSettings(ctx);
  const starts = bucketStarts(fromMs, toMs, bucketUnitFor(fromMs, toMs), timeZone);
  const buckets = starts.map(() => ({ orders: new Set<string>(), net: 0 }));
  for (const p of payments) {
    const b = buckets[bucketIndex(starts, Date.parse(p.at))];
    if (!b) continue;
    b.orders.add(p.orderId);
    b.net += p.amount;
  }
  for (const r of refunds) {
    const b = buckets[bucketIndex(starts, Date.parse(r.at))];
    if (b) b.net -= r.amount;
  }

  return {
    from,
    to,
    orderCount: orders.size,
    gross,
    refunds: refunded,
    net,
    tax,
    discounts,
    tips,
    averageOrder: orders.size ? divRoundHalfUp(net, orders.size) : 0,
    byMethod,
    topItems,
    series: starts.map((s, i) => ({
      start: new Date(s).toISOString(),
      orders: buckets[i]?.orders.size ?? 0,
      net: buckets[i]?.net ?? 0,
    })),
  };
}
