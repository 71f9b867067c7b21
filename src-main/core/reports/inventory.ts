import type { InventoryReport } from '../../../src-shared/contract/reports';
import type { CoreContext } from '../context';
import { parseRange } from '../range';
import { mulDivRoundHalfUp } from './round';

export const INVENTORY_SQL = {
  items: `SELECT id, name, unit, on_hand_milli AS onHandMilli,
      low_stock_threshold_milli AS thresholdMilli, last_unit_cost AS lastUnitCost
    FROM inventory_items ORDER BY name COLLATE NOCASE, id`,
  consumed: `SELECT inventory_item_id AS itemId, -SUM(quantity_milli) AS milli
    FROM inventory_ledger WHERE type = 'consume' AND at >= ? AND at < ?
    GROUP BY inventory_item_id`,
} as const;

/**
 * Every stock item: on hand, its value at the last unit cost (round_half_up(onHand × cost), in
 * integers: onHand is thousandths), low and negative stock, and what was consumed in the range
 * (default 30d). Negative stock is valued negative, as the books have it, and flagged.
 */
export function inventoryReport(
  ctx: CoreContext,
  input: { range?: string | undefined },
): InventoryReport {
  const { from, to } = parseRange(input.range ?? '30d', ctx.clock());
  const db = ctx.dbh.sqlite;
  const consumed = new Map(
    (db.prepare(INVENTORY_SQL.consumed).all(from, to) as { itemId: string; milli: number }[]).map(
      (r) => [r.itemId, r.milli],
    ),
  );
  const rows = db.prepare(INVENTORY_SQL.items).all() as {
    id: string;
    name: string;
    unit: string;
    onHandMilli: number;
    thresholdMilli: number;
    lastUnitCost: number | null;
  }[];
  let totalValue = 0;
  const items = rows.map((r) => {
    const value =
      r.lastUnitCost === null ? 0 : mulDivRoundHalfUp(r.onHandMilli, r.lastUnitCost, 1000);
    totalValue += value;
    return {
      id: r.id,
      name: r.name,
      unit: r.unit,
      onHand: r.onHandMilli / 1000,
      lowStockThreshold: r.thresholdMilli / 1000,
      lowStock: r.onHandMilli <= r.thresholdMilli,
      negative: r.onHandMilli < 0,
      lastUnitCost: r.lastUnitCost,
      value,
      consumed: (consumed.get(r.id) ?? 0) / 1000,
    };
  });
  return { from, to, items, totalValue };
}
