/**
 * Sales across stores and tills, computed from the rows the tills pushed with the till's own
 * rules (core/reports/sales.ts), so a till's figure here equals its own report to the cent:
 * gross = captured payments created in [from, to) (tips apart), refunds = refunds created in the
 * range whatever their payment's date, net = gross − refunds, byMethod = net per method,
 * orderCount = distinct orders with a payment in the range, tax and discounts = those orders'.
 *
 * The till writes times as ISO text (toISOString), which sorts like time only byte-wise: every
 * comparison is COLLATE "C", whatever locale the hub's cluster was created with.
 */
import { sql } from 'kysely';
import { divRoundHalfUp } from '../core/reports/round';
import { parseRange } from '../core/range';
import type { SalesReport } from '../../src-shared/contract/reports';
import type { HubContext } from './context';
import { HubError } from './errors';

/** The till's own report figures (without its top items and series), so the two cannot drift. */
export type SalesFigures = Omit<SalesReport, 'from' | 'to' | 'topItems' | 'series'>;
type Method = keyof SalesFigures['byMethod'];

function emptyFigures(): SalesFigures {
  return {
    orderCount: 0,
    gross: 0,
    refunds: 0,
    net: 0,
    tax: 0,
    discounts: 0,
    tips: 0,
    averageOrder: 0,
    byMethod: { cash: 0, card: 0, mobile: 0 },
  };
}

function addInto(sum: SalesFigures, f: SalesFigures): void {
  for (const k of ['orderCount', 'gross', 'refunds', 'tax', 'discounts', 'tips'] as const)
    sum[k] += f[k];
  for (const m of ['cash', 'card', 'mobile'] as const) sum.byMethod[m] += f.byMethod[m];
}

function finish(f: SalesFigures): SalesFigures {
  f.net = f.gross - f.refunds;
  f.averageOrder = f.orderCount ? divRoundHalfUp(f.net, f.orderCount) : 0;
  return f;
}

function isMethod(m: string): m is Method {
  return m === 'cash' || m === 'card' || m === 'mobile';
}

export async function salesReport(
  ctx: HubContext,
  query: { from?: string | undefined; to?: string | undefined; storeId?: string | undefined },
) {
  if (!query.from || !query.to)
    throw new HubError('invalid_range', 'give from and to as ISO 8601 instants');
  let range;
  try {
    range = parseRange(`${query.from}..${query.to}`, ctx.now());
  } catch (e) {
    throw new HubError('invalid_range', (e as Error).message, { from: query.from, to: query.to });
  }
  const { from, to } = range;
  let tillsQ = ctx.db
    .selectFrom('tills')
    .innerJoin('stores', 'stores.id', 'tills.store_id')
    .select(['tills.id', 'tills.name', 'tills.store_id', 'stores.name as store_name'])
    .orderBy('stores.name')
    .orderBy('tills.name');
  if (query.storeId) tillsQ = tillsQ.where('tills.store_id', '=', query.storeId);
  const tills = await tillsQ.execute();
  if (query.storeId && !tills.length) {
    const store = await ctx.db
      .selectFrom('stores')
      .select('id')
      .where('id', '=', query.storeId)
      .executeTakeFirst();
    if (!store) throw new HubError('not_found', 'no such store', { storeId: query.storeId });
  }
  const ids = tills.map((t) => t.id);
  const perTill = new Map(ids.map((id) => [id, emptyFigures()]));
  if (ids.length) {
    const inRange = (alias: string) =>
      sql`(${sql.ref(alias)}.row ->> 'created_at') COLLATE "C" >= ${from} COLLATE "C"
        AND (${sql.ref(alias)}.row ->> 'created_at') COLLATE "C" < ${to} COLLATE "C"`;
    const pays = await sql<{
      till_id: string;
      method: string;
      amount: number;
      tips: number;
    }>`SELECT p.till_id, p.row ->> 'method' AS method,
        COALESCE(SUM((p.row ->> 'amount')::bigint), 0)::bigint AS amount,
        COALESCE(SUM(COALESCE((p.row ->> 'tip')::bigint, 0)), 0)::bigint AS tips
      FROM till_rows p
      WHERE p.entity = 'payments' AND p.row IS NOT NULL AND p.till_id = ANY(${ids}::text[])
        AND ${inRange('p')}
      GROUP BY p.till_id, p.row ->> 'method'`.execute(ctx.db);
    // Orders with a payment in the range, counted from the payments as the till does.
    const orders = await sql<{ till_id: string; orders: number; tax: number; discounts: number }>`
      SELECT p.till_id, COUNT(*)::int AS orders,
        COALESCE(SUM((o.row ->> 'tax')::bigint), 0)::bigint AS tax,
        COALESCE(SUM(COALESCE((o.row ->> 'discount')::bigint, 0)), 0)::bigint AS discounts
      FROM (SELECT DISTINCT p.till_id, p.row ->> 'order_id' AS order_id FROM till_rows p
        WHERE p.entity = 'payments' AND p.row IS NOT NULL AND p.till_id = ANY(${ids}::text[])
          AND ${inRange('p')}) p
      LEFT JOIN till_rows o ON o.till_id = p.till_id AND o.entity = 'orders' AND o.key = p.order_id
        AND o.row IS NOT NULL
      GROUP BY p.till_id`.execute(ctx.db);
    const refunds = await sql<{ till_id: string; method: string; amount: number }>`
      SELECT r.till_id, r.row ->> 'method' AS method,
        COALESCE(SUM((r.row ->> 'amount')::bigint), 0)::bigint AS amount
      FROM till_rows r
      WHERE r.entity = 'refunds' AND r.row IS NOT NULL AND r.till_id = ANY(${ids}::text[])
        AND ${inRange('r')}
      GROUP BY r.till_id, r.row ->> 'method'`.execute(ctx.db);
    for (const p of pays.rows) {
      const f = perTill.get(p.till_id);
      if (!f) continue;
      f.gross += p.amount;
      f.tips += p.tips;
      if (isMethod(p.method)) f.byMethod[p.method] += p.amount;
    }
    for (const o of orders.rows) {
      const f = perTill.get(o.till_id);
      if (!f) continue;
      f.orderCount += o.orders;
      f.tax += o.tax;
      f.discounts += o.discounts;
    }
    for (const r of refunds.rows) {
      const f = perTill.get(r.till_id);
      if (!f) continue;
      f.refunds += r.amount;
      if (isMethod(r.method)) f.byMethod[r.method] -= r.amount;
    }
  }
  const stores = new Map<
    string,
    { storeId: string; storeName: string } & SalesFigures & {
        tills: ({ tillId: string; tillName: string } & SalesFigures)[];
      }
  >();
  const totals = emptyFigures();
  for (const t of tills) {
    const f = finish(perTill.get(t.id) ?? emptyFigures());
    let s = stores.get(t.store_id);
    if (!s) {
      s = { storeId: t.store_id, storeName: t.store_name, ...emptyFigures(), tills: [] };
      stores.set(t.store_id, s);
    }
    s.tills.push({ tillId: t.id, tillName: t.name, ...f });
    addInto(s, f);
    addInto(totals, f);
  }
  for (const s of stores.values()) finish(s);
  return { from, to, ...finish(totals), stores: [...stores.values()] };
}
