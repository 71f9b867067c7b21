import type { OrdersReport } from '../../../src-shared/contract/reports';
import { ORDER_STATUSES } from '../../../src-shared/order-states';
import type { CoreContext } from '../context';
import { parseRange } from '../range';
import { divRoundHalfUp } from './round';

export const ORDERS_SQL = {
  byStatus: `SELECT status, COUNT(*) AS n FROM orders
    WHERE created_at >= ? AND created_at < ? GROUP BY status`,
  prep: `SELECT
      (SELECT MIN(h.at) FROM order_history h WHERE h.order_id = o.id AND h.to_status = 'in_queue') AS queuedAt,
      (SELECT MIN(h.at) FROM order_history h WHERE h.order_id = o.id AND h.to_status = 'ready') AS readyAt
    FROM orders o WHERE o.created_at >= ? AND o.created_at < ?`,
} as const;

/**
 * Orders created in [from, to) by their status now, and the average prep time: from an
 * order's first `in_queue` to its first `ready`, over the orders that got that far (whole
 * seconds, half up; null when none did).
 */
export function ordersReport(
  ctx: CoreContext,
  input: { range?: string | undefined },
): OrdersReport {
  const { from, to } = parseRange(input.range, ctx.clock());
  const db = ctx.dbh.sqlite;
  const byStatus = Object.fromEntries(
    ORDER_STATUSES.map((s) => [s, 0]),
  ) as OrdersReport['byStatus'];
  let total = 0;
  for (const r of db.prepare(ORDERS_SQL.byStatus).all(from, to) as {
    status: string;
    n: number;
  }[]) {
    if (r.status in byStatus) byStatus[r.status as keyof typeof byStatus] = r.n;
    total += r.n;
  }
  let prepMs = 0;
  let prepped = 0;
  for (const r of db.prepare(ORDERS_SQL.prep).all(from, to) as {
    queuedAt: string | null;
    readyAt: string | null;
  }[]) {
    if (!r.queuedAt || !r.readyAt) continue;
    const ms = Date.parse(r.readyAt) - Date.parse(r.queuedAt);
    if (ms < 0) continue;
    prepMs += ms;
    prepped++;
  }
  return {
    from,
    to,
    total,
    byStatus,
    averagePrepSeconds: prepped ? divRoundHalfUp(prepMs, prepped * 1000) : null,
  };
}
